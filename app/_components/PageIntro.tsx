import { Brand } from "./Brand";
import { LanguageSwitch } from "./LanguageSwitch";

/** The top of a public page (home, join, sign-in, sign-up): the brand, the language, then its heading and lede. */
export function PageIntro({ heading, lede, large = false }: { heading: string; lede: string; large?: boolean }) {
  return (
    <>
      <div className="flex items-center justify-between gap-3">
        <Brand />
        <LanguageSwitch />
      </div>
      <div className={large ? "space-y-4" : "space-y-2"}>
        <h1 className={large ? "text-4xl font-semibold tracking-tight text-balance sm:text-5xl" : "text-3xl font-semibold tracking-tight"}>{heading}</h1>
        <p className={large ? "max-w-2xl text-lg text-ink/80" : "text-ink/80"}>{lede}</p>
      </div>
    </>
  );
}

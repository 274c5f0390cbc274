import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Brand } from "./_components/Brand";
import { LanguageSwitch } from "./_components/LanguageSwitch";
import { button, card } from "./_components/ui";

export default async function Home() {
  const t = await getTranslations("Home");
  return (
    <main className="mx-auto flex min-h-dvh max-w-4xl flex-col justify-center gap-10 px-6 py-12">
      <div className="flex items-center justify-between gap-3">
        <Brand />
        <LanguageSwitch />
      </div>
      <div className="space-y-4">
        <h1 className="text-4xl font-semibold tracking-tight text-balance sm:text-5xl">{t("headline")}</h1>
        <p className="max-w-2xl text-lg text-ink/80">{t("lede")}</p>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <section aria-labelledby="participants" className={card("flex flex-col gap-4")}>
          <div className="space-y-1">
            <h2 id="participants" className="text-lg font-semibold">
              {t("participantsTitle")}
            </h2>
            <p className="text-ink/80">{t("participantsBody")}</p>
          </div>
          <Link href="/join" className={button({ size: "lg", className: "mt-auto" })}>
            {t("join")}
          </Link>
        </section>
        <section aria-labelledby="facilitators" className={card("flex flex-col gap-4")}>
          <div className="space-y-1">
            <h2 id="facilitators" className="text-lg font-semibold">
              {t("facilitatorsTitle")}
            </h2>
            <p className="text-ink/80">{t("facilitatorsBody")}</p>
          </div>
          <div className="mt-auto flex flex-wrap items-center gap-x-4 gap-y-2">
            <Link href="/signup" className={button({ size: "lg" })}>
              {t("signUp")}
            </Link>
            <Link href="/signin" className={button({ variant: "quiet" })}>
              {t("signIn")}
            </Link>
          </div>
        </section>
      </div>
    </main>
  );
}

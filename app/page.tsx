import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PageIntro } from "./_components/PageIntro";
import { button, card } from "./_components/ui";

export default async function Home() {
  const t = await getTranslations("Home");
  return (
    <main className="mx-auto flex min-h-dvh max-w-4xl flex-col justify-center gap-10 px-6 py-12">
      <PageIntro heading={t("headline")} lede={t("lede")} large />
      <div className="grid gap-4 sm:grid-cols-2">
        <Audience id="participants" title={t("participantsTitle")} body={t("participantsBody")}>
          <Link href="/join" className={button({ size: "lg" })}>
            {t("join")}
          </Link>
        </Audience>
        <Audience id="facilitators" title={t("facilitatorsTitle")} body={t("facilitatorsBody")}>
          <Link href="/signup" className={button({ size: "lg" })}>
            {t("signUp")}
          </Link>
          <Link href="/signin" className={button({ variant: "quiet" })}>
            {t("signIn")}
          </Link>
        </Audience>
      </div>
    </main>
  );
}

/** Who the way in is for, what it gives them, and the way in. */
function Audience({ id, title, body, children }: { id: string; title: string; body: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className={card("flex flex-col gap-4")}>
      <div className="space-y-1">
        <h2 id={id} className="text-lg font-semibold">
          {title}
        </h2>
        <p className="text-ink/80">{body}</p>
      </div>
      <div className="mt-auto flex flex-wrap items-center gap-x-4 gap-y-2">{children}</div>
    </section>
  );
}

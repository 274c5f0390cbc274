import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { Messages } from "@/app/_components/Messages";
import { PageIntro } from "@/app/_components/PageIntro";
import { button, card, notice } from "@/app/_components/ui";
import { currentFacilitator, services } from "@/app/_lib/server";
import { secretTokenSchema } from "@/lib/protocol/schemas";
import { AcceptInvite } from "./AcceptInvite";

export async function generateMetadata(): Promise<Metadata> {
  // The link is a secret: no search engine, no preview.
  return { title: (await getTranslations("Team.invite"))("metaTitle"), robots: { index: false, follow: false } };
}

/**
 * A co-facilitator invitation: what it is for and who sends it, then one
 * button. Signed out, the way to sign in or sign up and come back here.
 */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [t, facilitator] = await Promise.all([getTranslations("Team.invite"), currentFacilitator()]);
  const valid = secretTokenSchema.safeParse(token).success;
  const preview = valid ? await services().team.preview(token, facilitator?.id ?? "") : null;
  const here = `/console/invite/${token}`;

  if (!preview) {
    return (
      <main className="mx-auto flex min-h-dvh max-w-md flex-col gap-8 px-5 py-10">
        <PageIntro heading={t("missingHeading")} lede={t("missing")} />
        <Link href="/console" className={button({ variant: "secondary", className: "self-start" })}>
          {t("back")}
        </Link>
      </main>
    );
  }

  const owner = preview.ownerEmail;
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col gap-8 px-5 py-10">
      <PageIntro heading={t("heading")} lede={t("lede", { owner, title: preview.title })} />
      <section className={card("space-y-4")} aria-label={preview.title}>
        <p className="text-ink/80">{t("what")}</p>
        {preview.role === "owner" ? (
          <>
            <p className={notice("warn")}>{t("ownSession")}</p>
            <OpenConsole sessionId={preview.sessionId} label={t("open")} />
          </>
        ) : preview.role === "co" ? (
          <>
            <p className="font-medium text-ok">{t("already")}</p>
            <OpenConsole sessionId={preview.sessionId} label={t("open")} />
          </>
        ) : preview.state !== "open" ? (
          <p className={notice("warn")}>{t(preview.state, { owner })}</p>
        ) : !facilitator ? (
          <>
            <p>{t("signInFirst")}</p>
            <div className="flex flex-wrap gap-3">
              <Link href={`/signin?next=${encodeURIComponent(here)}`} className={button()}>
                {t("signIn")}
              </Link>
              <Link href={`/signup?next=${encodeURIComponent(here)}`} className={button({ variant: "secondary" })}>
                {t("signUp")}
              </Link>
            </div>
          </>
        ) : (
          <Messages namespaces={["Team"]}>
            <AcceptInvite token={token} />
          </Messages>
        )}
      </section>
    </main>
  );
}

function OpenConsole({ sessionId, label }: { sessionId: string; label: string }) {
  return (
    <Link href={`/console/s/${sessionId}`} className={button({ className: "self-start" })}>
      {label}
    </Link>
  );
}

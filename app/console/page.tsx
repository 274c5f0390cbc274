import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import type { ReactNode } from "react";
import { ConsoleHeader } from "../_components/ConsoleHeader";
import { Messages } from "../_components/Messages";
import { card, pill } from "../_components/ui";
import { requireFacilitator, services } from "../_lib/server";
import { builtInTemplate } from "@/lib/library/prompts";
import { BUILT_IN_SESSION_TEMPLATES } from "@/lib/library/templates";
import type { SessionView } from "@/lib/protocol/views";
import { CreateSessionForm } from "./CreateSessionForm";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("Console.list"))("metaTitle") };
}

export default async function ConsolePage({ searchParams }: { searchParams: Promise<{ from?: string | string[] }> }) {
  const facilitator = await requireFacilitator("/console");
  const [sessions, sessionTemplates, t, status, library, { from }] = await Promise.all([
    services().sessions.listFor(facilitator.id),
    services().templates.listSessionTemplates(facilitator.id),
    getTranslations("Console.list"),
    getTranslations("Console.status"),
    getTranslations("Library"),
    searchParams,
  ]);
  const [coFacilitated, teamWords] = await Promise.all([services().team.coFacilitated(facilitator.id), getTranslations("Team.list")]);
  // Where a new session can start from (the library's "Start a session from it" names one).
  const exercises = BUILT_IN_SESSION_TEMPLATES.map((e) => ({ value: `exercise:${e.key}`, title: e.title, deck: e.deck.map((k) => builtInTemplate(k).title) }));
  const templates = sessionTemplates.map((s) => ({ value: `template:${s.id}`, title: s.title, deck: s.deck }));
  const previous = sessions.map((s) => ({ value: `session:${s.id}`, title: s.title, deck: [] }));
  return (
    <>
      <ConsoleHeader email={facilitator.email} />
      <main className="mx-auto max-w-3xl space-y-8 px-4 py-8 sm:px-6">
        <div className="flex flex-wrap items-baseline justify-between gap-3">
          <h1 className="text-3xl font-semibold tracking-tight">{t("heading")}</h1>
          <Link href="/console/library" className="font-medium text-accent-strong underline underline-offset-4">
            {library("heading")}
          </Link>
        </div>
        <section aria-labelledby="new-session" className={card("space-y-3")}>
          <h2 id="new-session" className="text-lg font-semibold">
            {t("newHeading")}
          </h2>
          <Messages namespaces={["Console", "Library"]}>
            <CreateSessionForm exercises={exercises} templates={templates} previous={previous} initialFrom={typeof from === "string" ? from : undefined} />
          </Messages>
        </section>
        <section aria-labelledby="all-sessions" className="space-y-3">
          <h2 id="all-sessions" className="text-lg font-semibold">
            {t("allHeading")}
          </h2>
          {sessions.length === 0 ? (
            <p className="text-ink/80">{t("empty")}</p>
          ) : (
            <ul className={SESSION_LIST}>
              {sessions.map((s) => (
                <SessionRow key={s.id} session={s} status={status(s.status)}>
                  <span className="min-w-0 font-medium break-words">{s.title}</span>
                </SessionRow>
              ))}
            </ul>
          )}
        </section>
        {coFacilitated.length > 0 && (
          <section aria-labelledby="co-sessions" className="space-y-3">
            <h2 id="co-sessions" className="text-lg font-semibold">
              {teamWords("heading")}
            </h2>
            <ul className={SESSION_LIST}>
              {coFacilitated.map(({ session: s, ownerEmail }) => (
                <SessionRow key={s.id} session={s} status={status(s.status)}>
                  <span className="min-w-0 break-words">
                    <span className="font-medium">{s.title}</span> <span className="text-sm text-ink/75">{teamWords("with", { owner: ownerEmail })}</span>
                  </span>
                </SessionRow>
              ))}
            </ul>
          </section>
        )}
      </main>
    </>
  );
}

const SESSION_LIST = "divide-y divide-line overflow-hidden rounded-2xl border border-line/60 bg-raised shadow-sm";

/** One session in a list: what it is called (the children), its status and, while live, its code. */
function SessionRow({ session, status, children }: { session: SessionView; status: string; children: ReactNode }) {
  return (
    <li>
      <Link href={`/console/s/${session.id}`} className="flex items-center justify-between gap-3 px-5 py-3 hover:bg-sunken">
        {children}
        <span className={pill(session.status === "live" ? "live" : "neutral", "shrink-0")}>
          {status}
          {session.joinCode && <span className="font-mono tracking-wider">· {session.joinCode}</span>}
        </span>
      </Link>
    </li>
  );
}

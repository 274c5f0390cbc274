import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { ConsoleHeader } from "../_components/ConsoleHeader";
import { Messages } from "../_components/Messages";
import { card, pill } from "../_components/ui";
import { requireFacilitator, services } from "../_lib/server";
import { builtInTemplate } from "@/lib/library/prompts";
import { BUILT_IN_SESSION_TEMPLATES } from "@/lib/library/templates";
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
            <ul className="divide-y divide-line overflow-hidden rounded-2xl border border-line/60 bg-raised shadow-sm">
              {sessions.map((s) => (
                <li key={s.id}>
                  <Link href={`/console/s/${s.id}`} className="flex items-center justify-between gap-3 px-5 py-3 hover:bg-sunken">
                    <span className="min-w-0 font-medium break-words">{s.title}</span>
                    <span className={pill(s.status === "live" ? "live" : "neutral", "shrink-0")}>
                      {status(s.status)}
                      {s.joinCode && <span className="font-mono tracking-wider">· {s.joinCode}</span>}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
        {coFacilitated.length > 0 && (
          <section aria-labelledby="co-sessions" className="space-y-3">
            <h2 id="co-sessions" className="text-lg font-semibold">
              {teamWords("heading")}
            </h2>
            <ul className="divide-y divide-line overflow-hidden rounded-2xl border border-line/60 bg-raised shadow-sm">
              {coFacilitated.map(({ session: s, ownerEmail }) => (
                <li key={s.id}>
                  <Link href={`/console/s/${s.id}`} className="flex items-center justify-between gap-3 px-5 py-3 hover:bg-sunken">
                    <span className="min-w-0 break-words">
                      <span className="font-medium">{s.title}</span> <span className="text-sm text-ink/75">{teamWords("with", { owner: ownerEmail })}</span>
                    </span>
                    <span className={pill(s.status === "live" ? "live" : "neutral", "shrink-0")}>
                      {status(s.status)}
                      {s.joinCode && <span className="font-mono tracking-wider">· {s.joinCode}</span>}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        )}
      </main>
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { ConsoleHeader } from "../_components/ConsoleHeader";
import { requireFacilitator, services } from "../_lib/server";
import { CreateSessionForm } from "./CreateSessionForm";

export const metadata: Metadata = { title: "Your sessions" };

const STATUS_LABEL = { draft: "Draft", live: "Live", ended: "Ended" } as const;

export default async function ConsolePage() {
  const facilitator = await requireFacilitator("/console");
  const sessions = await services().sessions.listFor(facilitator.id);
  return (
    <>
      <ConsoleHeader email={facilitator.email} />
      <main className="mx-auto max-w-3xl space-y-8 px-4 py-8 sm:px-6">
        <h1 className="text-3xl font-semibold tracking-tight">Your sessions</h1>
        <section aria-labelledby="new-session" className="space-y-3 rounded-2xl bg-white p-5 shadow-sm">
          <h2 id="new-session" className="text-lg font-semibold">
            New session
          </h2>
          <CreateSessionForm />
        </section>
        <section aria-labelledby="all-sessions" className="space-y-3">
          <h2 id="all-sessions" className="text-lg font-semibold">
            All sessions
          </h2>
          {sessions.length === 0 ? (
            <p className="text-ink/80">No sessions yet. Create one above, then go live when the room is ready.</p>
          ) : (
            <ul className="divide-y divide-ink/10 rounded-2xl bg-white shadow-sm">
              {sessions.map((s) => (
                <li key={s.id}>
                  <Link href={`/console/s/${s.id}`} className="flex items-center justify-between gap-3 px-5 py-3 hover:bg-sand">
                    <span className="font-medium">{s.title}</span>
                    <span
                      className={`rounded-full px-2.5 py-0.5 text-sm ${
                        s.status === "live" ? "bg-emerald-100 text-emerald-900" : "bg-ink/5 text-ink/80"
                      }`}
                    >
                      {STATUS_LABEL[s.status]}
                      {s.joinCode ? ` · ${s.joinCode}` : ""}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
      </main>
    </>
  );
}

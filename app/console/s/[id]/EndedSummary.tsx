"use client";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { forwardRef } from "react";
import { CARE_SIGNALS, defaultSignal, type Signal } from "@/lib/content";
import type { SessionView } from "@/lib/protocol/views";
import type { Pulse } from "@/lib/pulse";
import { button, card } from "@/app/_components/ui";
import { useSignalWords } from "@/app/_lib/signal-words";

/** How many took part: counted by the server once the session is over. */
export interface EndedCounts {
  joined: number;
  checkIns: number;
}

/** The console once the session is over: how it went, what the room said, and the way back. */
export const EndedSummary = forwardRef<
  HTMLHeadingElement,
  { session: SessionView; counts: EndedCounts | null; pulse: Pulse | null; palette: Signal[] }
>(function EndedSummary({ session, counts, pulse, palette }, headingRef) {
  const t = useTranslations("Console.ended");
  const words = useSignalWords();
  const checkIns = counts?.checkIns ?? pulse?.totalCount ?? 0;
  const minutes = session.startedAt && session.endedAt ? Math.floor((session.endedAt - session.startedAt) / 60_000) : null;
  // Signals taken off the palette on the way still said something: their check-ins stay in the list (a
  // default one in its words; one of the facilitator's by its key, its label having gone with it).
  const removed = Object.keys(pulse?.total ?? {})
    .filter((key) => !palette.some((s) => s.key === key))
    .map((key) => defaultSignal(key) ?? { key, emoji: "·", label: key });
  const said = [...palette, ...removed].sort((a, b) => Number(CARE_SIGNALS.has(b.key)) - Number(CARE_SIGNALS.has(a.key)));
  return (
    <section aria-labelledby="ended-heading" className={card("mx-auto max-w-2xl space-y-5")}>
      <div className="space-y-1">
        <h2 id="ended-heading" ref={headingRef} tabIndex={-1} className="text-2xl font-semibold tracking-tight">
          {t("heading")}
        </h2>
        <p className="text-ink/80">{t("lede")}</p>
      </div>
      <p className="text-lg" data-testid="ended-counts">
        {counts && <>{t("joined", { count: counts.joined })} · </>}
        {t("checkIns", { count: checkIns })}
        {minutes !== null && <> · {t("ran", { minutes })}</>}
      </p>
      {pulse && pulse.totalCount > 0 && (
        <div className="space-y-2">
          <h3 className="font-semibold">{t("saidHeading")}</h3>
          <ul className="grid gap-x-6 gap-y-1 sm:grid-cols-2">
            {said.map((s) => {
              const count = pulse.total[s.key] ?? 0;
              const tone = count === 0 ? "text-ink/75" : CARE_SIGNALS.has(s.key) ? "font-medium text-care" : "";
              return (
                <li key={s.key} className={`flex justify-between gap-3 border-b border-line/60 py-1 ${tone}`}>
                  <span>
                    <span aria-hidden="true">{s.emoji}</span> {words(s).label}
                  </span>
                  <span className="font-semibold tabular-nums">{count}</span>
                </li>
              );
            })}
          </ul>
        </div>
      )}
      <Link href="/console" className={button({ variant: "secondary" })}>
        <span aria-hidden="true">←</span> {t("back")}
      </Link>
    </section>
  );
});

"use client";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { forwardRef } from "react";
import { kFor, showCount, showParts, showSize } from "@/lib/anonymity";
import { CARE_SIGNALS, defaultSignal, type Signal } from "@/lib/content";
import type { SessionView } from "@/lib/protocol/views";
import type { Pulse } from "@/lib/pulse";
import { button, card } from "@/app/_components/ui";
import { useShownWords } from "@/app/_lib/shown-words";
import { useSignalWords } from "@/app/_lib/signal-words";
import type { EndedMoment } from "./ended-moments";

/** How many took part: counted by the server once the session is over. */
export interface EndedCounts {
  joined: number;
  checkIns: number;
  /** The session's stored moments, care cues and silences, oldest first. */
  moments?: EndedMoment[];
  /** The console's k from the session's settings (lib/anonymity.ts). */
  k?: number;
}

/**
 * The console once the session is over: how it went, what the room said, its
 * moments, and the way back. The console's k applies to every figure: a count
 * under k reads "fewer than k", and the total of check-ins is left out when it
 * would give one away (lib/anonymity.ts `showParts`).
 */
export const EndedSummary = forwardRef<
  HTMLHeadingElement,
  { session: SessionView; counts: EndedCounts | null; pulse: Pulse | null; palette: Signal[] }
>(function EndedSummary({ session, counts, pulse, palette }, headingRef) {
  const t = useTranslations("Console.ended");
  const p = useTranslations("Privacy.ended");
  const words = useSignalWords();
  const figure = useShownWords();
  const k = counts?.k ?? kFor("console");
  const minutes = session.startedAt && session.endedAt ? Math.floor((session.endedAt - session.startedAt) / 60_000) : null;
  // Signals taken off the palette on the way still said something: their check-ins stay in the list (a
  // default one in its words; one of the facilitator's by its key, its label having gone with it).
  const removed = Object.keys(pulse?.total ?? {})
    .filter((key) => !palette.some((s) => s.key === key))
    .map((key) => defaultSignal(key) ?? { key, emoji: "·", label: key });
  const said = [...palette, ...removed].sort((a, b) => Number(CARE_SIGNALS.has(b.key)) - Number(CARE_SIGNALS.has(a.key)));
  const parts = showParts(
    said.map((s) => pulse?.total[s.key] ?? 0),
    k,
  );
  // The check-ins' total: the stored count, unless a signal's count under k could be had from it.
  const checkIns = parts.total.kind === "hidden" ? parts.total : showSize(counts?.checkIns ?? pulse?.totalCount ?? 0, k);
  const joined = counts && showSize(counts.joined, k);
  return (
    <section aria-labelledby="ended-heading" className={card("mx-auto max-w-2xl space-y-5")}>
      <div className="space-y-1">
        <h2 id="ended-heading" ref={headingRef} tabIndex={-1} className="text-2xl font-semibold tracking-tight">
          {t("heading")}
        </h2>
        <p className="text-ink/80">{t("lede")}</p>
      </div>
      <p className="text-lg" data-testid="ended-counts">
        {[
          joined && (joined.kind === "count" ? t("joined", { count: joined.count }) : p("joinedFewer", { k })),
          checkIns.kind === "count" ? t("checkIns", { count: checkIns.count }) : checkIns.kind === "fewer" ? p("checkInsFewer", { k }) : null,
          minutes !== null ? t("ran", { minutes }) : null,
        ]
          .filter(Boolean)
          .join(" · ")}
      </p>
      {pulse && pulse.totalCount > 0 && (
        <div className="space-y-2">
          <h3 className="font-semibold">{t("saidHeading")}</h3>
          <ul className="grid gap-x-6 gap-y-1 sm:grid-cols-2">
            {said.map((s, i) => {
              const count = pulse.total[s.key] ?? 0;
              const shown = parts.parts[i];
              const tone = count === 0 ? "text-ink/75" : CARE_SIGNALS.has(s.key) ? "font-medium text-care" : "";
              return (
                <li key={s.key} className={`flex justify-between gap-3 border-b border-line/60 py-1 ${tone}`}>
                  <span>
                    <span aria-hidden="true">{s.emoji}</span> {words(s).label}
                  </span>
                  <span className={shown.kind === "count" ? "font-semibold tabular-nums" : "text-sm"} data-shown={shown.kind}>
                    {figure(shown)}
                  </span>
                </li>
              );
            })}
          </ul>
          {parts.parts.some((shown) => shown.kind !== "count") && <p className="text-sm text-ink/80">{p("note", { k })}</p>}
        </div>
      )}
      {counts?.moments && <Moments moments={counts.moments} k={k} palette={palette} />}
      <Link href="/console" className={button({ variant: "secondary" })}>
        <span aria-hidden="true">←</span> {t("back")}
      </Link>
    </section>
  );
});

/** The moments the radar confirmed, the care cues and the held silences, oldest first, with the time of day. */
function Moments({ moments, k, palette }: { moments: EndedMoment[]; k: number; palette: Signal[] }) {
  const p = useTranslations("Privacy.ended");
  const words = useSignalWords();
  const figure = useShownWords();
  const signalName = (key: string) => {
    const signal = palette.find((s) => s.key === key) ?? defaultSignal(key);
    return signal ? words(signal).label : key;
  };
  const time = (at: number) => new Date(at).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  const line = (m: EndedMoment): string => {
    switch (m.kind) {
      case "moment": {
        const signals = m.signals.map(signalName).join(", ");
        const phones = showSize(m.phones, k);
        return phones.kind === "count" ? p("moment", { count: phones.count, present: m.present, signals }) : p("momentFewer", { k, signals });
      }
      case "care":
        return p("care", { signal: signalName(m.signal), who: figure(showCount(m.holders, Math.max(m.present, m.holders), k, { someone: true })) });
      case "silence": {
        const seconds = Math.round(m.heldMs / 1000);
        return `${p("silence")} · ${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
      }
    }
  };
  return (
    <div className="space-y-2" data-testid="ended-moments">
      <h3 className="font-semibold">{p("moments")}</h3>
      {moments.length === 0 ? (
        <p className="text-ink/80">{p("momentsNone")}</p>
      ) : (
        <ol className="space-y-1">
          {moments.map((m, i) => (
            <li key={i} className="flex gap-3 border-b border-line/60 py-1">
              <time dateTime={new Date(m.at).toISOString()} className="shrink-0 text-ink/80 tabular-nums">
                {time(m.at)}
              </time>
              <span className={m.kind === "care" ? "text-care" : ""}>{line(m)}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

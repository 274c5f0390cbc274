"use client";
import { useTranslations } from "next-intl";
import { CARE_SIGNALS, type Signal } from "@/lib/content";
import type { Pulse } from "@/lib/pulse";
import { readPulse, shareOfRoom, trendBars } from "@/lib/pulse-reading";
import { card } from "@/app/_components/ui";
import { useSignalWords } from "@/app/_lib/signal-words";

/**
 * The room at a glance: who is here, what to notice first (care before
 * anything else), the signals of the last minute against the people present,
 * and the last ten minutes as bars.
 */
export function PulsePanel({ pulse, palette, className = "" }: { pulse: Pulse | null; palette: Signal[]; className?: string }) {
  const t = useTranslations("Console.pulse");
  const present = pulse?.present ?? 0;
  const care = palette.filter((s) => CARE_SIGNALS.has(s.key));
  const moments = palette.filter((s) => !CARE_SIGNALS.has(s.key));
  return (
    <section aria-labelledby="pulse-heading" className={card(`space-y-2 max-sm:p-3 ${className}`)}>
      <div className="flex items-baseline justify-between gap-3">
        <h2 id="pulse-heading" className="text-lg font-semibold">
          {t("heading")}
        </h2>
        <p className="text-sm text-ink/80" data-testid="present">
          {t.rich("present", { count: present, strong: (chunks) => <span className="text-2xl font-semibold text-accent-strong tabular-nums">{chunks}</span> })}
        </p>
      </div>
      <Reading pulse={pulse} palette={palette} />
      {care.length > 0 && <SignalTable signals={care} pulse={pulse} tone="care" caption={t("careGroup")} showHeads />}
      {moments.length > 0 && <SignalTable signals={moments} pulse={pulse} tone="accent" caption={t("otherGroup")} showHeads={care.length === 0} />}
      {pulse && <Trend pulse={pulse} />}
    </section>
  );
}

/** One line saying what to notice first. */
function Reading({ pulse, palette }: { pulse: Pulse | null; palette: Signal[] }) {
  const t = useTranslations("Console.pulse.reading");
  const words = useSignalWords();
  const reading = pulse ? readPulse(pulse, palette.map((s) => s.key), CARE_SIGNALS) : ({ kind: "waiting" } as const);
  const label = (key: string) => {
    const signal = palette.find((s) => s.key === key);
    return signal ? words(signal).label : key;
  };
  if (reading.kind === "care") {
    const line =
      reading.present > 0
        ? t("care", { people: reading.people, present: reading.present, signal: label(reading.signal) })
        : t("careNobodyPresent", { people: reading.people, signal: label(reading.signal) });
    return (
      <p className="flex items-start gap-2 rounded-xl bg-care-soft px-3 py-1.5 text-sm font-semibold text-care" data-testid="pulse-reading">
        <span aria-hidden="true">●</span>
        <span>
          {line}
          {reading.otherCareSignals > 0 && <> {t("moreCare", { count: reading.otherCareSignals })}</>}
        </span>
      </p>
    );
  }
  const line =
    reading.kind === "leading"
      ? reading.present > 0
        ? t("leading", { signal: label(reading.signal), people: reading.people, present: reading.present })
        : t("leadingNobodyPresent", { signal: label(reading.signal) })
      : t(reading.kind);
  return (
    <p className="rounded-xl bg-sunken px-3 py-1.5 text-sm font-medium text-ink/80" data-testid="pulse-reading">
      {line}
    </p>
  );
}

function SignalTable({
  signals,
  pulse,
  tone,
  caption,
  showHeads,
}: {
  signals: Signal[];
  pulse: Pulse | null;
  tone: "care" | "accent";
  caption: string;
  showHeads: boolean;
}) {
  const t = useTranslations("Console.pulse");
  const words = useSignalWords();
  const present = pulse?.present ?? 0;
  const box = tone === "care" ? "border-care/30 bg-care-soft/50" : "border-line/70";
  const bar = tone === "care" ? "bg-care" : "bg-accent";
  const headCell = "pb-0.5 text-right text-xs font-medium text-ink/75";
  const groupTone = tone === "care" ? "text-care" : "text-ink/75";
  return (
    <div className={`rounded-xl border px-3 py-1.5 ${box}`}>
      <table className="w-full table-fixed text-sm">
        <caption className="sr-only">
          {caption}. {t("caption")}
        </caption>
        {/* Fixed columns, so both groups' bars and counts line up. */}
        <colgroup>
          <col />
          <col className="w-16" />
          <col className="w-14" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col" className={`pb-0.5 text-left text-xs font-semibold tracking-wide uppercase ${groupTone}`}>
              {caption}
            </th>
            <th scope="col" className={headCell}>
              <span className={showHeads ? "" : "sr-only"}>{t("lastMinute")}</span>
            </th>
            <th scope="col" className={headCell}>
              <span className={showHeads ? "" : "sr-only"}>{t("session")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {signals.map((s) => {
            const recent = pulse?.recent[s.key] ?? 0;
            const share = shareOfRoom(recent, present);
            const asking = tone === "care" && recent > 0;
            return (
              <tr key={s.key} data-signal={s.key} className={asking ? "font-semibold text-care" : ""}>
                <th scope="row" className="py-0.5 text-left font-normal">
                  <span className="flex min-w-0 items-center gap-2">
                    <span aria-hidden="true" className="w-5 shrink-0 text-center">
                      {s.emoji}
                    </span>
                    <span className={`w-28 shrink-0 truncate ${asking ? "font-semibold" : ""}`}>{words(s).label}</span>
                    <span aria-hidden="true" className="block h-2 min-w-8 flex-1 overflow-hidden rounded-full bg-ink/10">
                      <span className={`block h-2 rounded-full transition-[width] duration-300 ${bar}`} style={{ width: `${share * 100}%` }} />
                    </span>
                  </span>
                </th>
                <td className="py-0.5 text-right whitespace-nowrap tabular-nums">
                  <span className="text-base font-semibold" data-testid={`recent-${s.key}`}>
                    {recent}
                  </span>
                  {present > 0 && <span className="text-xs text-ink/75"> {t("ofPresent", { present })}</span>}
                </td>
                <td className="py-0.5 text-right text-ink/80 tabular-nums" data-testid={`total-${s.key}`}>
                  {pulse?.total[s.key] ?? 0}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Check-ins per bucket as bars on a baseline, the busiest bucket's count on
 * the axis: a quiet room reads as quiet, and one busy half-minute as a bar
 * among bars, not a spike on a flat line.
 */
function Trend({ pulse }: { pulse: Pulse }) {
  const t = useTranslations("Console.pulse.trend");
  const { heights, max } = trendBars(pulse.trend);
  const minutes = Math.round((pulse.trend.length * pulse.bucketMs) / 60_000);
  const seconds = Math.round(pulse.bucketMs / 1000);
  return (
    <figure className="space-y-1">
      <div className="flex gap-1.5">
        <div aria-hidden="true" className="flex h-10 w-6 shrink-0 flex-col justify-between text-right text-xs leading-none text-ink/75 tabular-nums">
          <span>{max > 0 ? max : ""}</span>
          <span>0</span>
        </div>
        <div
          role="img"
          aria-label={t("label", { seconds, minutes, counts: pulse.trend.join(", ") })}
          className="relative flex h-10 min-w-0 flex-1 items-end gap-px border-b-2 border-ink/40"
        >
          {max > 0 && <span aria-hidden="true" className="absolute inset-x-0 top-0 border-t border-dashed border-line" />}
          {heights.map((h, i) => (
            <span
              key={pulse.trendStartAt + i * pulse.bucketMs}
              className={`min-w-0 flex-1 rounded-t-sm ${i === heights.length - 1 ? "bg-accent-strong" : "bg-accent"}`}
              style={{ height: `${h * 100}%` }}
            />
          ))}
          {max === 0 && <span className="absolute inset-0 grid place-items-center text-xs text-ink/75">{t("none", { minutes })}</span>}
        </div>
      </div>
      <figcaption className="flex items-baseline justify-between gap-2 pl-7.5 text-xs text-ink/75">
        <span>{t("ago", { minutes })}</span>
        <span className="text-center">
          {t("perBucket", { seconds })} · <span className="font-medium text-ink/80">{t("all", { count: pulse.totalCount })}</span>
        </span>
        <span>{t("now")}</span>
      </figcaption>
    </figure>
  );
}

"use client";
import { useTranslations } from "next-intl";
import { useId, useState, type ReactNode } from "react";
import { K_FLOOR, showCount, type Shown } from "@/lib/anonymity";
import { CARE_SIGNALS, type Signal } from "@/lib/content";
import type { GroupReading, RoomReading } from "@/lib/protocol/room";
import type { Pulse } from "@/lib/pulse";
import { trendBars } from "@/lib/pulse-reading";
import { shownWords, weatherFromPulse, weatherLine } from "@/lib/reading-words";
import { DEFAULT_STATE_EXPIRY_MS } from "@/lib/weather";
import { button, card } from "@/app/_components/ui";
import { useSignalWords } from "@/app/_lib/signal-words";
import { useScreenShareSafe } from "./screen-share-safe";

const STATES: ReadonlySet<string> = new Set(Object.keys(DEFAULT_STATE_EXPIRY_MS));

/**
 * The room's weather at a glance: who is here, what to notice first (care before anything else), each signal
 * smoothed (taps fade within a minute or two, states hold until they expire or are cleared), per group side by
 * side when phones said where they are, the raw counts one click away, and the last ten minutes as bars.
 * Every figure is as the server may show it (k per group, lib/anonymity.ts): "fewer than 3", "someone".
 * In screen-share-safe mode the care signals are hidden.
 */
export function PulsePanel({
  pulse,
  palette,
  reading = null,
  radar = null,
  className = "",
}: {
  pulse: Pulse | null;
  palette: Signal[];
  reading?: RoomReading | null;
  /** The moment radar, read first: under the heading. */
  radar?: ReactNode;
  className?: string;
}) {
  const t = useTranslations("Console.pulse");
  const tw = useTranslations("Room.weather");
  const { safe } = useScreenShareSafe();
  const present = pulse?.present ?? 0;
  const k = reading?.k ?? K_FLOOR.console;
  const groups: GroupReading[] =
    reading && reading.weather.length > 0
      ? reading.weather
      : pulse
        ? [weatherFromPulse(pulse, palette.map((s) => s.key), STATES, CARE_SIGNALS, k)]
        : [];
  const care = palette.filter((s) => CARE_SIGNALS.has(s.key));
  const moments = palette.filter((s) => !CARE_SIGNALS.has(s.key));
  const shown = groups[0]?.present.kind === "count" && groups[0].present.count > 0;
  return (
    <section aria-labelledby="pulse-heading" className={card(`space-y-2 max-sm:p-3 ${className}`)} data-testid="weather">
      <div className="flex items-baseline justify-between gap-3">
        <h2 id="pulse-heading" className="text-lg font-semibold">
          {t("heading")}
        </h2>
        <p className="text-sm text-ink/80" data-testid="present">
          {t.rich("present", { count: present, strong: (chunks) => <span className="text-2xl font-semibold text-accent-strong tabular-nums">{chunks}</span> })}
        </p>
      </div>
      {radar}
      <Reading group={withoutCued(groups[0], reading)} palette={palette} k={k} safe={safe} />
      {/* A group too small to show anything: no table of dashes, the reading line says why. */}
      {shown && care.length > 0 &&
        (safe ? (
          <p className="rounded-xl border border-line/70 px-3 py-1.5 text-sm text-ink/80" data-testid="care-hidden">
            {tw("hiddenCare")}
          </p>
        ) : (
          <WeatherTable signals={care} groups={groups} k={k} tone="care" caption={t("careGroup")} />
        ))}
      {shown && moments.length > 0 && <WeatherTable signals={moments} groups={groups} k={k} tone="accent" caption={t("otherGroup")} />}
      {pulse && (
        <RawCounts signals={safe ? moments : [...care, ...moments]} groups={groups} pulse={pulse} k={k}>
          {shown && (
            <>
              {tw("lede")} {tw("legend", { k })}
            </>
          )}
        </RawCounts>
      )}
      {pulse && <Trend pulse={pulse} />}
    </section>
  );
}

/** The group without the care signals the radar already cues above (their card says it; the line reads what else). */
function withoutCued(group: GroupReading | undefined, reading: RoomReading | null): GroupReading | undefined {
  const cued = new Set(reading?.care.map((c) => c.signal));
  return group && cued.size > 0 ? { ...group, signals: group.signals.filter((s) => !cued.has(s.signal)) } : group;
}

/** One line saying what to notice first, k applied. */
function Reading({ group, palette, k, safe }: { group: GroupReading | undefined; palette: Signal[]; k: number; safe: boolean }) {
  const t = useTranslations("Console.pulse.reading");
  const tw = useTranslations("Room.weather");
  const words = useSignalWords();
  const figure = useFigure();
  const line = weatherLine(group, CARE_SIGNALS, safe);
  const label = (key: string) => {
    const signal = palette.find((s) => s.key === key);
    return signal ? words(signal).label : key;
  };
  const present = group?.present.kind === "count" ? group.present.count : 0;
  const who = (shown: Shown) => (shown.kind === "count" ? tw("ofPresent", { count: shown.count, present }) : figure(shown));
  if (line.kind === "care") {
    const signal = label(line.signal);
    const text =
      line.shown.kind === "someone"
        ? tw("reading.someoneCare", { signal })
        : line.shown.kind === "fewer"
          ? tw("reading.fewerCare", { signal, k: line.shown.k })
          : tw("reading.care", { who: who(line.shown), signal });
    return (
      <p className="flex items-start gap-2 rounded-xl bg-care-soft px-3 py-1.5 text-sm font-semibold text-care" data-testid="pulse-reading">
        <span aria-hidden="true">●</span>
        <span>{text}</span>
      </p>
    );
  }
  const text =
    line.kind === "leading"
      ? line.shown.kind === "count"
        ? tw("reading.leading", { signal: label(line.signal), who: who(line.shown) })
        : tw("reading.leadingFewer", { signal: label(line.signal) })
      : line.kind === "hidden"
        ? tw("smallGroup", { k })
        : t(line.kind);
  return (
    <p className="rounded-xl bg-sunken px-3 py-1.5 text-sm font-medium text-ink/80" data-testid="pulse-reading">
      {text}
    </p>
  );
}

/** A Shown figure in words: the number, "fewer than 3", "someone", or a dash for a hidden one. */
function useFigure(): (shown: Shown) => string {
  const t = useTranslations("Room.weather.figure");
  return (shown) => {
    const { kind, count } = shownWords(shown);
    return kind === "hidden" ? "–" : t(kind, { count });
  };
}

function Figure({ shown, k, testId, strong = false }: { shown: Shown; k: number; testId?: string; strong?: boolean }) {
  const t = useTranslations("Room.weather");
  const figure = useFigure();
  if (shown.kind === "hidden") {
    return (
      <span data-testid={testId} title={t("figureHiddenTitle", { k })} className="text-ink/75">
        <span aria-hidden="true">–</span>
        <span className="sr-only">{t("figure.hidden")}</span>
      </span>
    );
  }
  if (shown.kind === "fewer") {
    // "< 3" where space is short; said in full to screen readers.
    return (
      <span data-testid={testId} title={figure(shown)} className="text-xs font-medium">
        <span aria-hidden="true">&lt;{shown.k}</span>
        <span className="sr-only">{figure(shown)}</span>
      </span>
    );
  }
  return (
    <span data-testid={testId} className={shown.kind === "count" ? (strong ? "text-base font-semibold" : "") : "text-xs font-medium"}>
      {figure(shown)}
    </span>
  );
}

function groupName(group: GroupReading["group"], t: ReturnType<typeof useTranslations<"Room.weather">>) {
  return t(`groups.${group}`);
}

/** Signals down, groups across (All, In the room, Remote): a bar of each signal's share and its figure. */
function WeatherTable({ signals, groups, k, tone, caption }: { signals: Signal[]; groups: GroupReading[]; k: number; tone: "care" | "accent"; caption: string }) {
  const t = useTranslations("Room.weather");
  const words = useSignalWords();
  const figure = useFigure();
  const box = tone === "care" ? "border-care/30 bg-care-soft/50" : "border-line/70";
  const bar = tone === "care" ? "bg-care" : "bg-accent";
  const several = groups.length > 1;
  return (
    <div className={`rounded-xl border px-3 py-1.5 ${box}`}>
      <table className="w-full table-fixed text-sm">
        <caption className="sr-only">
          {caption}. {t("caption")}
        </caption>
        <colgroup>
          <col className={several ? "w-[38%]" : ""} />
          {groups.map((g) => (
            <col key={g.group} className={several ? "" : "w-[55%]"} />
          ))}
        </colgroup>
        <thead>
          <tr>
            <th scope="col" className={`pb-0.5 text-left text-xs font-semibold tracking-wide uppercase ${tone === "care" ? "text-care" : "text-ink/75"}`}>
              {caption}
            </th>
            {groups.map((g) => (
              <th key={g.group} scope="col" className="pb-0.5 pl-2 text-left text-xs font-medium text-ink/75" data-testid={`group-${g.group}`}>
                <span className={several ? "" : "sr-only"}>{groupName(g.group, t)}</span>
                {several && <span className="block font-normal tabular-nums">{figure(g.present)}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {signals.map((s) => {
            const asking = tone === "care" && groups.some((g) => g.signals.find((x) => x.signal === s.key)?.phones.kind !== "hidden" && (g.signals.find((x) => x.signal === s.key)?.share ?? 0) > 0);
            return (
              <tr key={s.key} data-signal={s.key} className={asking ? "font-semibold text-care" : ""}>
                <th scope="row" className="py-0.5 text-left font-normal">
                  <span className="flex min-w-0 items-center gap-1.5">
                    <span aria-hidden="true" className="w-5 shrink-0 text-center">
                      {s.emoji}
                    </span>
                    <span className={`min-w-0 truncate ${asking ? "font-semibold" : ""}`}>{words(s).label}</span>
                  </span>
                </th>
                {groups.map((g) => {
                  const w = g.signals.find((x) => x.signal === s.key);
                  const shown: Shown = w?.phones ?? { kind: "count", count: 0 };
                  return (
                    <td key={g.group} className="py-0.5 pl-2 align-bottom">
                      <span className="block text-right leading-tight whitespace-nowrap tabular-nums">
                        <Figure shown={shown} k={k} testId={`weather-${g.group}-${s.key}`} />
                      </span>
                      <span aria-hidden="true" className="mt-0.5 block h-1.5 overflow-hidden rounded-full bg-ink/10">
                        <span
                          className={`block h-1.5 rounded-full motion-safe:transition-[width] motion-safe:duration-700 ${bar}`}
                          style={{ width: `${(w?.share ?? 0) * 100}%` }}
                        />
                      </span>
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The raw counts, one click away: taps and phones of the last minute per group, and the session's taps; k applied. */
function RawCounts({ signals, groups, pulse, k, children }: { signals: Signal[]; groups: GroupReading[]; pulse: Pulse; k: number; children?: ReactNode }) {
  const t = useTranslations("Room.weather");
  const words = useSignalWords();
  const [open, setOpen] = useState(false);
  const id = useId();
  const seconds = Math.round(pulse.windowMs / 1000);
  return (
    <div>
      <div className="flex items-start gap-3">
        <button
          type="button"
          aria-expanded={open}
          aria-controls={id}
          onClick={() => setOpen((o) => !o)}
          className={button({ variant: "secondary", size: "sm", className: "shrink-0" })}
          data-testid="raw-toggle"
        >
          <span aria-hidden="true">{open ? "▾" : "▸"}</span>
          {t("showRaw")}
        </button>
        <p className="text-xs text-ink/75">{children}</p>
      </div>
      <div id={id} hidden={!open} className="mt-1.5 overflow-x-auto">
        {open && (
          <table className="w-full text-sm" data-testid="raw-counts">
            <caption className="pb-1 text-left text-xs text-ink/75">{t("raw.note", { seconds, k })}</caption>
            <thead>
              <tr className="text-xs text-ink/75">
                <th scope="col" className="text-left font-medium">
                  <span className="sr-only">{t("raw.caption")}</span>
                </th>
                {groups.map((g) => (
                  <th key={g.group} scope="col" className="pl-2 text-right font-medium">
                    {groupName(g.group, t)}
                    <span className="block font-normal">
                      {t("raw.taps")} / {t("raw.phones")}
                    </span>
                  </th>
                ))}
                <th scope="col" className="pl-2 text-right font-medium">
                  {t("raw.session")}
                </th>
              </tr>
            </thead>
            <tbody>
              {signals.map((s) => {
                const all = groups[0]?.signals.find((x) => x.signal === s.key);
                const total = Object.hasOwn(pulse.total, s.key) ? pulse.total[s.key] : 0;
                return (
                  <tr key={s.key} className="border-t border-line/50">
                    <th scope="row" className="py-0.5 pr-1 text-left font-normal whitespace-nowrap">
                      <span aria-hidden="true">{s.emoji}</span> {words(s).label}
                    </th>
                    {groups.map((g) => {
                      const w = g === groups[0] ? all : g.signals.find((x) => x.signal === s.key);
                      return (
                        <td key={g.group} className="py-0.5 pl-2 text-right whitespace-nowrap tabular-nums">
                          <Figure shown={w?.raw.taps ?? { kind: "count", count: 0 }} k={k} testId={g === groups[0] ? `recent-${s.key}` : undefined} /> /{" "}
                          <Figure shown={w?.raw.phones ?? { kind: "count", count: 0 }} k={k} />
                        </td>
                      );
                    })}
                    <td className="py-0.5 pl-2 text-right tabular-nums">
                      <Figure shown={showCount(total, pulse.present, k, { someone: CARE_SIGNALS.has(s.key) })} k={k} testId={`total-${s.key}`} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
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
          {t("perBucket", { seconds })} · <span className="font-medium text-ink/80" data-testid="checkins-all">
            {t("all", { count: pulse.totalCount })}
          </span>
        </span>
        <span>{t("now")}</span>
      </figcaption>
    </figure>
  );
}

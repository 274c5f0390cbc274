/**
 * How the console words the room's reading (pure; the catalogue holds the
 * sentences, this fills in their figures): a moment's evidence in plain words
 * ("7 of 24 present tapped I see!, Energy shift or Moved in the last 30 s —
 * usually about 1"), a Shown figure's kind for its catalogue entry, and a
 * duration in minutes and seconds.
 */
import { showCount, showSize, type Shown } from "./anonymity";
import type { GroupReading } from "./protocol/room";
import type { Pulse } from "./pulse";
import type { MomentEvidence } from "./radar/radar";

// A type, not an interface: the catalogue's values take it as a record.
export type EvidenceFigures = {
  phones: number;
  present: number;
  /** The moment signals tapped in the window, most tapped first, as one list ("I see!, Energy shift or Moved"). */
  signals: string;
  /** The window in seconds. */
  seconds: number;
  /** How many phones usually tap in a window this long, rounded for reading ("about 1"); 0 means less than one. */
  usual: number;
  /** The share of the room, in whole per cent. */
  percent: number;
};

/** The figures of a moment's evidence sentence, the signals named by `label` and joined as the locale joins "or". */
export function evidenceFigures(evidence: MomentEvidence, label: (signal: string) => string, locale: string): EvidenceFigures {
  const tapped = Object.entries(evidence.bySignal)
    .filter(([, phones]) => phones > 0)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([signal]) => label(signal));
  return {
    phones: evidence.phones,
    present: evidence.present,
    signals: orList(tapped, locale),
    seconds: Math.round(evidence.windowMs / 1000),
    usual: evidence.usual < 0.5 ? 0 : Math.round(evidence.usual),
    percent: Math.round(evidence.share * 100),
  };
}

/** "a, b or c" in the locale's words. */
export function orList(items: readonly string[], locale: string): string {
  return list(items, locale, "disjunction");
}

/** "a, b and c" in the locale's words. */
export function andList(items: readonly string[], locale: string): string {
  return list(items, locale, "conjunction");
}

function list(items: readonly string[], locale: string, type: "conjunction" | "disjunction"): string {
  try {
    return new Intl.ListFormat(locale, { type }).format(items);
  } catch {
    return items.join(", ");
  }
}

/** A duration as whole minutes and the seconds left over (for "1 min 30 s"). */
export function minutesAndSeconds(ms: number): { minutes: number; seconds: number } {
  const total = Math.max(0, Math.round(ms / 1000));
  return { minutes: Math.floor(total / 60), seconds: total % 60 };
}

/** A Shown figure as the catalogue words it: its kind and the number it may show. */
export function shownWords(shown: Shown): { kind: Shown["kind"]; count: number } {
  if (shown.kind === "count") return { kind: "count", count: shown.count };
  if (shown.kind === "fewer") return { kind: "fewer", count: shown.k };
  return { kind: shown.kind, count: 0 };
}

/**
 * The weather's `all` group read from the raw pulse, k applied, for as long as the server sends no weather (an
 * older server, the first snapshot): the last minute's taps as figures, every signal's nature by `states`.
 */
export function weatherFromPulse(pulse: Pulse, signals: readonly string[], states: ReadonlySet<string>, care: ReadonlySet<string>, k: number): GroupReading {
  const present = pulse.present;
  return {
    group: "all",
    present: showSize(present, k),
    signals: signals.map((signal) => {
      const recent = Object.hasOwn(pulse.recent, signal) ? pulse.recent[signal] : 0;
      const shown = showCount(recent, present, k, { someone: care.has(signal) });
      return {
        signal,
        nature: states.has(signal) ? "state" : "momentary",
        share: shown.kind === "count" && present > 0 ? Math.min(1, recent / present) : 0,
        phones: shown,
        raw: { taps: shown, phones: shown },
      };
    }),
  };
}

/** What to notice first in a group's weather: a care signal someone holds, else the strongest signal shown. */
export type WeatherLine =
  | { kind: "waiting" }
  | { kind: "hidden" }
  | { kind: "quiet" }
  | { kind: "care"; signal: string; shown: Shown }
  | { kind: "leading"; signal: string; shown: Shown };

const weight = (shown: Shown) => (shown.kind === "count" ? shown.count : shown.kind === "hidden" ? 0 : 0.5);

export function weatherLine(group: GroupReading | undefined, care: ReadonlySet<string>, hideCare: boolean): WeatherLine {
  if (!group || (group.present.kind === "count" && group.present.count === 0)) return { kind: "waiting" };
  if (group.present.kind !== "count") return { kind: "hidden" };
  const strongest = (signals: GroupReading["signals"]) =>
    signals.filter((s) => weight(s.phones) > 0).sort((a, b) => weight(b.phones) - weight(a.phones) || b.share - a.share || a.signal.localeCompare(b.signal))[0];
  const asking = hideCare ? undefined : strongest(group.signals.filter((s) => care.has(s.signal)));
  if (asking) return { kind: "care", signal: asking.signal, shown: asking.phones };
  const leading = strongest(group.signals.filter((s) => !care.has(s.signal)));
  return leading ? { kind: "leading", signal: leading.signal, shown: leading.phones } : { kind: "quiet" };
}

/**
 * How the console words the room's reading (pure; the catalogue holds the
 * sentences, this fills in their figures): a moment's evidence in plain words
 * ("7 of 24 present tapped I see!, Energy shift or Moved in the last 30 s —
 * usually about 1"), a Shown figure's kind for its catalogue entry, and a
 * duration in minutes and seconds.
 */
import type { Shown } from "./anonymity";
import type { MomentEvidence } from "./radar/radar";

export interface EvidenceFigures {
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
}

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
  try {
    return new Intl.ListFormat(locale, { type: "disjunction" }).format(items);
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

/**
 * The pulse read at a glance: what a facilitator should notice first, as data
 * the console words in the reader's language. Pure: a pulse in, a reading out.
 *
 * Check-ins are counted, not people: one person may tap a signal twice in a
 * minute. "2 of 12" is still the honest shape of it (taps are paced per phone),
 * so a count is read against the people present and never shown above them.
 */
import type { Pulse } from "./pulse";

export type PulseReading =
  /** Nobody is here yet, and nothing came in during the last minute. */
  | { kind: "waiting" }
  /** People are here; nobody checked in during the last minute. */
  | { kind: "quiet"; present: number }
  /** Someone asks for care: the care signal most asked for, and how many other care signals are asked for too. */
  | { kind: "care"; signal: string; people: number; present: number; otherCareSignals: number }
  /** No care asked for: the signal most given in the last minute. */
  | { kind: "leading"; signal: string; people: number; present: number };

/** How many of the people present a count stands for: never more than are here (when anyone is). */
export function peopleOf(count: number, present: number): number {
  return present > 0 ? Math.min(count, present) : count;
}

/**
 * The share of the room a count fills, 0 to 1: a bar's length. Relative to
 * the people present, not to the largest count, so one tap in a room of 40 is
 * a sliver and 30 of 40 is most of the bar.
 */
export function shareOfRoom(count: number, present: number): number {
  if (count <= 0) return 0;
  return Math.min(1, count / Math.max(present, count, 1));
}

/**
 * The first thing to say about the room. Care comes first, whatever else is
 * louder; ties go to the palette's order, so the line does not flicker.
 */
export function readPulse(pulse: Pick<Pulse, "present" | "recent" | "recentCount">, palette: readonly string[], careSignals: ReadonlySet<string>): PulseReading {
  const { present, recent } = pulse;
  if (pulse.recentCount === 0) return present > 0 ? { kind: "quiet", present } : { kind: "waiting" };
  const count = (signal: string) => recent[signal] ?? 0;
  const loudest = (signals: string[]) => signals.reduce<string | null>((best, s) => (count(s) > 0 && (best === null || count(s) > count(best)) ? s : best), null);

  const care = palette.filter((s) => careSignals.has(s));
  const caring = loudest(care);
  if (caring !== null) {
    const otherCareSignals = care.filter((s) => s !== caring && count(s) > 0).length;
    return { kind: "care", signal: caring, people: peopleOf(count(caring), present), present, otherCareSignals };
  }
  const leading = loudest([...palette]);
  // recentCount > 0 but nothing on the palette: signals since removed. Nothing to point at.
  if (leading === null) return present > 0 ? { kind: "quiet", present } : { kind: "waiting" };
  return { kind: "leading", signal: leading, people: peopleOf(count(leading), present), present };
}

/** The trend's bars: each bucket's height from 0 to 1 against the busiest bucket, and that bucket's count for the axis. */
export function trendBars(trend: readonly number[]): { heights: number[]; max: number } {
  const max = Math.max(0, ...trend);
  return { heights: trend.map((n) => (max > 0 ? n / max : 0)), max };
}

/**
 * Anonymity thresholds: what of the room's figures may be shown, and how. Pure:
 * figures in, what may be shown out. Answers, the weather, the pulse, the room
 * display and every export put their numbers through these before showing them.
 *
 * The rules (docs/reading-the-room.md):
 * - k per audience: 3 on the facilitator's private console, 5 on anything that
 *   can be projected or shared (the room display, a shared screen, exports).
 *   A session may raise them, never lower them below those floors.
 * - No aggregate for a group smaller than k: its counts are not shown at all.
 * - A count from 1 to k − 1 is never shown as a number: "fewer than k", or,
 *   for care signals, "someone" ("someone is overwhelmed").
 * - No subtraction from a neighbouring figure: groups shown side by side with
 *   their total must not let a hidden group or a hidden cell be worked out as
 *   the total minus the rest. A hidden group pulls the next-smallest group
 *   into hiding until the hidden ones together are at least k (Viva Glint's
 *   rule); a total whose difference with the exact cells beside it would be
 *   a count from 1 to k − 1 is withheld.
 */
import { z } from "zod";
import { K_FLOOR } from "./anonymity-k";
import type { Pulse } from "./pulse";

if (typeof window !== "undefined") z.config({ jitless: true });

export { K_FLOOR, kFor, type Audience } from "./anonymity-k";

export const anonymitySettingsSchema = z
  .object({
    /** k on the facilitator's private console. */
    consoleK: z.number().int().min(K_FLOOR.console).max(50).default(K_FLOOR.console),
    /** k on the room display, a shared screen and exports. */
    sharedK: z.number().int().min(K_FLOOR.shared).max(50).default(K_FLOOR.shared),
  })
  .refine((s) => s.sharedK >= s.consoleK, { message: "sharedK must be at least consoleK", path: ["sharedK"] });

export type AnonymitySettings = z.infer<typeof anonymitySettingsSchema>;
export const ANONYMITY_DEFAULTS: AnonymitySettings = anonymitySettingsSchema.parse({});


/** What may be shown for one figure. */
export type Shown =
  /** The number itself (0, or k and above). */
  | { kind: "count"; count: number }
  /** From 1 to k − 1: "fewer than k". */
  | { kind: "fewer"; k: number }
  /** From 1 to k − 1, for a care signal: "someone …". */
  | { kind: "someone" }
  /** Nothing: the group is smaller than k, or the figure would give away a hidden one. */
  | { kind: "hidden" };

export interface ShowOptions {
  /** Word 1 to k − 1 as "someone" rather than "fewer than k" (care signals). */
  someone?: boolean;
}

/** A count of people in a group of `groupSize`, as it may be shown with threshold k. */
export function showCount(count: number, groupSize: number, k: number, options: ShowOptions = {}): Shown {
  if (groupSize < k) return { kind: "hidden" };
  if (count <= 0) return { kind: "count", count: 0 };
  if (count < k) return options.someone ? { kind: "someone" } : { kind: "fewer", k };
  return { kind: "count", count: Math.min(count, groupSize) };
}

/** A group's size as it may be shown: the number from k up, else "fewer than k" (0 is 0). */
export function showSize(size: number, k: number): Shown {
  if (size <= 0) return { kind: "count", count: 0 };
  return size < k ? { kind: "fewer", k } : { kind: "count", count: size };
}

/**
 * A share for a projected screen: only for a count of k or more in a group of
 * k or more, and rounded to the nearest 10 %, so that one tap more or less
 * does not move it.
 */
export function showShare(count: number, groupSize: number, k: number): { kind: "share"; percent: number } | { kind: "hidden" } {
  if (groupSize < k || count < k) return { kind: "hidden" };
  return { kind: "share", percent: Math.round((Math.min(count, groupSize) / groupSize) * 10) * 10 };
}

/** One group's figures: how many are in it, and a count per signal. */
export interface GroupFigures {
  group: string;
  size: number;
  counts: Readonly<Record<string, number>>;
}

export interface ShownGroup {
  group: string;
  size: Shown;
  counts: Record<string, Shown>;
}

export interface ShownGroups {
  total: ShownGroup;
  groups: ShownGroup[];
}

const isExact = (shown: Shown) => shown.kind === "count";

/**
 * Groups side by side (in the room, remote) and their total, as they may be
 * shown with threshold k: each group on its own, then the neighbours checked
 * so that no hidden figure can be had by subtraction.
 */
export function showGroups(groups: readonly GroupFigures[], k: number, someone: ReadonlySet<string> = new Set()): ShownGroups {
  const totalSize = groups.reduce((n, g) => n + g.size, 0);
  const signals = [...new Set(groups.flatMap((g) => Object.keys(g.counts)))];
  const countOf = (g: GroupFigures, signal: string) => (Object.hasOwn(g.counts, signal) ? g.counts[signal] : 0);

  // Group level: hide groups below k, then the next-smallest until the hidden ones together reach k.
  const hidden = new Set(groups.filter((g) => g.size > 0 && g.size < k));
  const hiddenSize = () => [...hidden].reduce((n, g) => n + g.size, 0);
  while (hidden.size > 0 && hiddenSize() < k) {
    const next = groups.filter((g) => g.size > 0 && !hidden.has(g)).sort((a, b) => a.size - b.size)[0];
    if (!next) break;
    hidden.add(next);
  }

  const shownGroups: ShownGroup[] = groups.map((g) => {
    // A hidden group shows no figure at all, its size included (it would come out of the total minus the rest).
    if (hidden.has(g)) return { group: g.group, size: { kind: "hidden" }, counts: Object.fromEntries(signals.map((s) => [s, { kind: "hidden" } as Shown])) };
    return {
      group: g.group,
      size: showSize(g.size, k),
      counts: Object.fromEntries(signals.map((s) => [s, showCount(countOf(g, s), g.size, k, { someone: someone.has(s) })])),
    };
  });
  const totalCounts: Record<string, Shown> = {};
  for (const signal of signals) {
    const total = groups.reduce((n, g) => n + countOf(g, signal), 0);
    let shown = showCount(total, totalSize, k, { someone: someone.has(signal) });
    // A group of k or more showing "fewer than k" (or "someone"): the total beside it would narrow its count down
    // (4 − 3 = 1; 2 + 2 = 4 pins both; even a total "fewer than 3" beside two such cells says 1 and 1). So the
    // total says no more than such a cell already does — decided on what is on screen, never on the hidden
    // numbers, so that withholding it tells nothing either.
    // (An empty group holds nobody: its cells say nothing, whatever their kind.)
    const small = shownGroups.filter((g, i) => groups[i].size > 0 && !hidden.has(groups[i]) && !isExact(g.counts[signal]));
    if (small.length > 0) {
      const othersZero = shownGroups.every((g, i) => small.includes(g) || groups[i].size === 0 || (isExact(g.counts[signal]) && (g.counts[signal] as { count: number }).count === 0));
      shown = small.length === 1 && othersZero ? small[0].counts[signal] : { kind: "hidden" };
    } else if (isExact(shown)) {
      // Only hidden groups are left out: together k people or more, their count may be told no finer than
      // one such group's would be ("fewer than k" when it is 1 to k − 1).
      const exactSum = shownGroups.reduce((n, g, i) => n + (isExact(g.counts[signal]) ? countOf(groups[i], signal) : 0), 0);
      const rest = total - exactSum;
      if (rest > 0 && rest < k) shown = { kind: "hidden" };
    }
    Object.defineProperty(totalCounts, signal, { value: shown, enumerable: true, writable: true, configurable: true });
  }

  return { total: { group: "total", size: showSize(totalSize, k), counts: totalCounts }, groups: shownGroups };
}

/** Parts of a whole (a choice's options, a scale's points) and the whole, as they may be shown. */
export interface ShownParts {
  total: Shown;
  parts: Shown[];
}

/**
 * The parts of a whole (how many chose each option of a choice, each point of
 * a scale) and their total, as they may be shown with threshold k:
 *
 * - a whole smaller than k shows no part at all, and its total as "fewer than k";
 * - each part: 0 is 0, k and above the number, 1 to k − 1 "fewer than k";
 * - the total is shown only when no part is below k: otherwise the total minus
 *   the exact parts would give the hidden ones away. Whether it is shown
 *   depends on what is shown anyway (whether any part reads "fewer than k"),
 *   never on the hidden numbers themselves, so withholding it tells nothing.
 *
 * So every part shown as "fewer than k" could be at least two different
 * numbers, whatever else is shown (lib/anonymity.test.ts enumerates it).
 */
export function showParts(parts: readonly number[], k: number): ShownParts {
  const counts = parts.map((c) => (Number.isFinite(c) && c > 0 ? Math.floor(c) : 0));
  const total = counts.reduce((n, c) => n + c, 0);
  if (total === 0) return { total: { kind: "count", count: 0 }, parts: counts.map(() => ({ kind: "count", count: 0 })) };
  if (total < k) return { total: { kind: "fewer", k }, parts: counts.map(() => ({ kind: "hidden" })) };
  const shown: Shown[] = counts.map((c) => (c === 0 ? { kind: "count", count: 0 } : c < k ? { kind: "fewer", k } : { kind: "count", count: c }));
  const safe = shown.every((c) => c.kind === "count");
  return { total: safe ? { kind: "count", count: total } : { kind: "hidden" }, parts: shown };
}

/**
 * The pulse as the room display may be sent it (shared k): a signal's taps in
 * the last minute only when at least k were made, by at least k phones when
 * that is known (`phones`: distinct phones per signal in the same minute),
 * and only in a room of k or more; the rest is 0. The sums are of what is
 * shown, so no hidden count comes out of a total minus the rest. The
 * session's totals and the trend line (which the display does not draw) are
 * not sent at all: zeros, the signals' keys kept. Nothing below k leaves the server.
 */
export function roomPulse(pulse: Pulse, k: number, phones?: Readonly<Record<string, number>>): Pulse {
  const keep = (counts: Readonly<Record<string, number>>, shown: boolean) => {
    const kept: Record<string, number> = {};
    for (const [signal, count] of Object.entries(counts)) {
      const enough = shown && pulse.present >= k && count >= k && (!phones || (Object.hasOwn(phones, signal) ? phones[signal] : 0) >= k);
      Object.defineProperty(kept, signal, { value: enough ? count : 0, enumerable: true, writable: true, configurable: true });
    }
    return kept;
  };
  const sum = (counts: Record<string, number>) => Object.values(counts).reduce((n, c) => n + c, 0);
  const recent = keep(pulse.recent, true);
  const total = keep(pulse.total, false);
  return { ...pulse, recent, total, recentCount: sum(recent), totalCount: sum(total), trend: pulse.trend.map(() => 0) };
}

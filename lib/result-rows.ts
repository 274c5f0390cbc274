/**
 * A scale's or a choice's results as rows to draw as bars, the same on the
 * console, the phones and the room display: one row per point or option, in
 * order, each with its count and its share of those who answered (passes
 * are not in it: they are counted apart).
 *
 * With k applied (results.shown, lib/answers.ts `withK`), a row below k has
 * no number and no bar ("fewer than k"); when the number answered is
 * withheld, bars are drawn against the largest row shown, never against the
 * total (a share of a withheld total would give the total away).
 */
import type { Shown } from "./anonymity";
import { SCALE_MAX, SCALE_MIN } from "./library/limits";
import type { PromptResults, PromptView } from "./protocol/views";

export interface ResultRow {
  /** The point ("1" … "5") or the option's words. */
  label: string;
  /** A scale's end label beside its first and last point; else null. */
  hint: string | null;
  count: number;
  /** count / answered, 0 when nobody answered (or against the largest row shown, when the total is withheld). */
  share: number;
  /** How the count may be shown: a number, "fewer than k", or nothing. */
  shown: Shown;
}

export function resultRows(prompt: Pick<PromptView, "kind" | "labels" | "options">, results: PromptResults): ResultRow[] {
  const k = results.shown;
  const whole = !k || k.answered.kind === "count" ? results.answered : Math.max(0, ...results.counts);
  const shownAt = (i: number): Shown => k?.counts[i] ?? { kind: "count", count: results.counts[i] ?? 0 };
  const of = (count: number) => (whole > 0 ? Math.min(1, count / whole) : 0);
  if (prompt.kind === "scale") {
    const rows: ResultRow[] = [];
    for (let point = SCALE_MIN; point <= SCALE_MAX; point++) {
      const count = results.counts[point - SCALE_MIN] ?? 0;
      const hint = point === SCALE_MIN ? (prompt.labels?.low ?? null) : point === SCALE_MAX ? (prompt.labels?.high ?? null) : null;
      rows.push({ label: String(point), hint, count, share: of(count), shown: shownAt(point - SCALE_MIN) });
    }
    return rows;
  }
  if (prompt.kind === "choice") {
    return (prompt.options ?? []).map((label, i) => {
      const count = results.counts[i] ?? 0;
      return { label, hint: null, count, share: of(count), shown: shownAt(i) };
    });
  }
  return [];
}

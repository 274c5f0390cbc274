/**
 * A scale's or a choice's results as rows to draw as bars, the same on the
 * console, the phones and the room display: one row per point or option, in
 * order, each with its count and its share of those who answered (passes
 * are not in it: they are counted apart).
 */
import { SCALE_MAX, SCALE_MIN } from "./library/limits";
import type { PromptResults, PromptView } from "./protocol/views";

export interface ResultRow {
  /** The point ("1" … "5") or the option's words. */
  label: string;
  /** A scale's end label beside its first and last point; else null. */
  hint: string | null;
  count: number;
  /** count / answered, 0 when nobody answered. */
  share: number;
}

export function resultRows(prompt: Pick<PromptView, "kind" | "labels" | "options">, results: PromptResults): ResultRow[] {
  const of = (count: number) => (results.answered > 0 ? Math.min(1, count / results.answered) : 0);
  if (prompt.kind === "scale") {
    const rows: ResultRow[] = [];
    for (let point = SCALE_MIN; point <= SCALE_MAX; point++) {
      const count = results.counts[point - SCALE_MIN] ?? 0;
      const hint = point === SCALE_MIN ? (prompt.labels?.low ?? null) : point === SCALE_MAX ? (prompt.labels?.high ?? null) : null;
      rows.push({ label: String(point), hint, count, share: of(count) });
    }
    return rows;
  }
  if (prompt.kind === "choice") {
    return (prompt.options ?? []).map((label, i) => {
      const count = results.counts[i] ?? 0;
      return { label, hint: null, count, share: of(count) };
    });
  }
  return [];
}

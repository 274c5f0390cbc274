import { describe, expect, it } from "vitest";
import type { PromptResults } from "./protocol/views";
import { withK } from "./answers";
import { resultRows } from "./result-rows";

const results = (counts: number[], answered: number): PromptResults => ({ promptId: "p", kind: "scale", answered, passed: 2, counts, wall: [] });

describe("result rows", () => {
  it("gives a scale five points in order, its end labels beside 1 and 5, shares of those who answered", () => {
    const rows = resultRows({ kind: "scale", labels: { low: "Not at all", high: "Completely" }, options: null }, results([1, 0, 2, 0, 1], 4));
    expect(rows.map((r) => r.label)).toEqual(["1", "2", "3", "4", "5"]);
    expect(rows.map((r) => r.hint)).toEqual(["Not at all", null, null, null, "Completely"]);
    expect(rows.map((r) => r.share)).toEqual([0.25, 0, 0.5, 0, 0.25]);
  });

  it("gives a choice one row per option, with nothing answered yet all at zero", () => {
    const rows = resultRows({ kind: "choice", labels: null, options: ["Yes", "No", "Maybe"] }, { ...results([], 0), kind: "choice" });
    expect(rows).toEqual([
      { label: "Yes", hint: null, count: 0, share: 0, shown: { kind: "count", count: 0 } },
      { label: "No", hint: null, count: 0, share: 0, shown: { kind: "count", count: 0 } },
      { label: "Maybe", hint: null, count: 0, share: 0, shown: { kind: "count", count: 0 } },
    ]);
  });

  it("has no rows for a reflection or a script", () => {
    expect(resultRows({ kind: "reflection", labels: null, options: null }, results([], 3))).toEqual([]);
  });

  it("with k applied: a point below k has no number and no bar, and bars stand against the largest row when the total is withheld", () => {
    const rows = resultRows({ kind: "scale", labels: null, options: null }, withK(results([1, 0, 6, 0, 3], 10), 5));
    expect(rows.map((r) => r.shown)).toEqual([
      { kind: "fewer", k: 5 },
      { kind: "count", count: 0 },
      { kind: "count", count: 6 },
      { kind: "count", count: 0 },
      { kind: "fewer", k: 5 },
    ]);
    expect(rows.map((r) => r.count)).toEqual([0, 0, 6, 0, 0]);
    expect(rows.map((r) => r.share)).toEqual([0, 0, 1, 0, 0]);
  });

  it("with k applied and every row shown: shares of those who answered, as without k", () => {
    const rows = resultRows({ kind: "choice", labels: null, options: ["Yes", "No"] }, withK({ ...results([3, 9], 12), kind: "choice" }, 3));
    expect(rows.map((r) => [r.count, r.share])).toEqual([
      [3, 0.25],
      [9, 0.75],
    ]);
  });
});

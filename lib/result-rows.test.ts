import { describe, expect, it } from "vitest";
import type { PromptResults } from "./protocol/views";
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
      { label: "Yes", hint: null, count: 0, share: 0 },
      { label: "No", hint: null, count: 0, share: 0 },
      { label: "Maybe", hint: null, count: 0, share: 0 },
    ]);
  });

  it("has no rows for a reflection or a script", () => {
    expect(resultRows({ kind: "reflection", labels: null, options: null }, results([], 3))).toEqual([]);
  });
});

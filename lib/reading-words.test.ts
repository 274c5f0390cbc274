import { describe, expect, it } from "vitest";
import type { MomentEvidence } from "./radar/radar";
import { evidenceFigures, minutesAndSeconds, orList, shownWords } from "./reading-words";

const evidence: MomentEvidence = {
  phones: 7,
  present: 24,
  windowMs: 30_000,
  share: 7 / 24,
  trigger: 5,
  usual: 0.8,
  chance: 0.0001,
  bySignal: { moved: 2, "i-see": 5, "energy-shift": 3 },
  via: "share",
};
const labels: Record<string, string> = { "i-see": "I see!", "energy-shift": "Energy shift", moved: "Moved" };

describe("evidenceFigures", () => {
  it("names the tapped signals, most tapped first, joined with 'or'", () => {
    expect(evidenceFigures(evidence, (s) => labels[s], "en")).toEqual({
      phones: 7,
      present: 24,
      signals: "I see!, Energy shift, or Moved",
      seconds: 30,
      usual: 1,
      percent: 29,
    });
  });
  it("joins in the reader's language", () => {
    expect(evidenceFigures(evidence, (s) => labels[s], "de").signals).toBe("I see!, Energy shift oder Moved");
  });
  it("leaves out signals nobody tapped and says less than one as 0", () => {
    const quiet = { ...evidence, usual: 0.2, bySignal: { "i-see": 4, moved: 0 } };
    const figures = evidenceFigures(quiet, (s) => labels[s], "en");
    expect(figures.signals).toBe("I see!");
    expect(figures.usual).toBe(0);
  });
  it("orders ties by key, so the sentence does not shuffle between updates", () => {
    const tied = { ...evidence, bySignal: { moved: 3, "i-see": 3 } };
    expect(evidenceFigures(tied, (s) => labels[s], "en").signals).toBe("I see! or Moved");
  });
});

describe("orList", () => {
  it("says one item as itself and none as nothing", () => {
    expect(orList(["Moved"], "en")).toBe("Moved");
    expect(orList([], "en")).toBe("");
  });
});

describe("minutesAndSeconds", () => {
  it("splits a duration", () => {
    expect(minutesAndSeconds(90_000)).toEqual({ minutes: 1, seconds: 30 });
    expect(minutesAndSeconds(60_000)).toEqual({ minutes: 1, seconds: 0 });
    expect(minutesAndSeconds(-5)).toEqual({ minutes: 0, seconds: 0 });
  });
});

describe("shownWords", () => {
  it("gives the number a figure may show, never a hidden one", () => {
    expect(shownWords({ kind: "count", count: 4 })).toEqual({ kind: "count", count: 4 });
    expect(shownWords({ kind: "fewer", k: 3 })).toEqual({ kind: "fewer", count: 3 });
    expect(shownWords({ kind: "someone" })).toEqual({ kind: "someone", count: 0 });
    expect(shownWords({ kind: "hidden" })).toEqual({ kind: "hidden", count: 0 });
  });
});

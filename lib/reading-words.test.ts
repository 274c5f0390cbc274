import { describe, expect, it } from "vitest";
import type { Shown } from "./anonymity";
import type { GroupReading } from "./protocol/room";
import type { MomentEvidence } from "./radar/radar";
import { andList, evidenceFigures, minutesAndSeconds, orList, shownWords, weatherFromPulse, weatherLine } from "./reading-words";

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

describe("andList", () => {
  it("joins with 'and' in the reader's language", () => {
    expect(andList(["I see!", "Moved"], "de")).toBe("I see! und Moved");
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

describe("weatherFromPulse", () => {
  const pulse = { at: 0, present: 4, windowMs: 60_000, recent: { "i-see": 3, "need-break": 1 }, total: {}, recentCount: 4, totalCount: 4, trend: [], bucketMs: 30_000, trendStartAt: 0 };
  it("applies k to the raw pulse: a lone care tap is 'someone', a count from k up is a number", () => {
    const all = weatherFromPulse(pulse, ["i-see", "need-break", "moved"], new Set(["need-break"]), new Set(["need-break"]), 3);
    expect(all.present).toEqual({ kind: "count", count: 4 });
    expect(all.signals.map((s) => [s.signal, s.nature, s.phones])).toEqual([
      ["i-see", "momentary", { kind: "count", count: 3 }],
      ["need-break", "state", { kind: "someone" }],
      ["moved", "momentary", { kind: "count", count: 0 }],
    ]);
    // A bar only for a figure that is shown as a number.
    expect(all.signals.map((s) => s.share)).toEqual([0.75, 0, 0]);
  });
  it("shows nothing for a room smaller than k", () => {
    const all = weatherFromPulse({ ...pulse, present: 2 }, ["i-see"], new Set(), new Set(), 3);
    expect(all.present).toEqual({ kind: "fewer", k: 3 });
    expect(all.signals[0]!.phones).toEqual({ kind: "hidden" });
  });
});

describe("weatherLine", () => {
  const group = (signals: [string, Shown][], present: Shown = { kind: "count", count: 10 }): GroupReading => ({
    group: "all",
    present,
    signals: signals.map(([signal, phones]) => ({ signal, nature: "momentary", share: phones.kind === "count" ? phones.count / 10 : 0, phones, raw: { taps: phones, phones } })),
  });
  const care = new Set(["overwhelmed"]);
  it("reads care first, even as 'someone'", () => {
    const g = group([["i-see", { kind: "count", count: 5 }], ["overwhelmed", { kind: "someone" }]]);
    expect(weatherLine(g, care, false)).toEqual({ kind: "care", signal: "overwhelmed", shown: { kind: "someone" } });
  });
  it("leaves care out in screen-share-safe mode", () => {
    const g = group([["i-see", { kind: "count", count: 5 }], ["overwhelmed", { kind: "someone" }]]);
    expect(weatherLine(g, care, true)).toEqual({ kind: "leading", signal: "i-see", shown: { kind: "count", count: 5 } });
  });
  it("says waiting, hidden or quiet when there is nothing to read", () => {
    expect(weatherLine(undefined, care, false)).toEqual({ kind: "waiting" });
    expect(weatherLine(group([], { kind: "count", count: 0 }), care, false)).toEqual({ kind: "waiting" });
    expect(weatherLine(group([["i-see", { kind: "hidden" }]], { kind: "fewer", k: 3 }), care, false)).toEqual({ kind: "hidden" });
    expect(weatherLine(group([["i-see", { kind: "count", count: 0 }]]), care, false)).toEqual({ kind: "quiet" });
  });
});

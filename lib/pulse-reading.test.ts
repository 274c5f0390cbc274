import { describe, expect, it } from "vitest";
import { CARE_SIGNALS, DEFAULT_PALETTE } from "./content";
import { peopleOf, readPulse, shareOfRoom, trendBars } from "./pulse-reading";

const PALETTE = DEFAULT_PALETTE.map((s) => s.key);
const pulse = (present: number, recent: Record<string, number> = {}) => ({
  present,
  recent,
  recentCount: Object.values(recent).reduce((a, b) => a + b, 0),
});
const read = (present: number, recent?: Record<string, number>) => readPulse(pulse(present, recent), PALETTE, CARE_SIGNALS);

describe("readPulse", () => {
  it("waits while nobody is here and nothing came in", () => {
    expect(read(0)).toEqual({ kind: "waiting" });
  });

  it("says the room is quiet when people are here but nobody checked in this minute", () => {
    expect(read(12)).toEqual({ kind: "quiet", present: 12 });
  });

  it("names the signal most given when nobody asks for care", () => {
    expect(read(12, { "i-see": 4, moved: 1 })).toEqual({ kind: "leading", signal: "i-see", people: 4, present: 12 });
  });

  it("puts care first even when another signal is louder", () => {
    expect(read(12, { "i-see": 9, "need-break": 2 })).toEqual({
      kind: "care",
      signal: "need-break",
      people: 2,
      present: 12,
      otherCareSignals: 0,
    });
  });

  it("names the care signal most asked for and counts the other care signals asked for", () => {
    const reading = read(20, { overwhelmed: 3, "need-silence": 1, "need-break": 2 });
    expect(reading).toEqual({ kind: "care", signal: "overwhelmed", people: 3, present: 20, otherCareSignals: 2 });
  });

  it("breaks ties in the palette's order, so the line holds still", () => {
    expect(read(10, { moved: 2, "i-see": 2 })).toMatchObject({ signal: "i-see" });
    expect(read(10, { "need-break": 1, "need-silence": 1 })).toMatchObject({ signal: "need-silence" });
  });

  it("never counts more people than are present", () => {
    expect(read(2, { "need-break": 5 })).toMatchObject({ kind: "care", people: 2, present: 2 });
  });

  it("still reads taps from people who have since left", () => {
    expect(read(0, { "i-see": 3 })).toEqual({ kind: "leading", signal: "i-see", people: 3, present: 0 });
  });

  it("ignores counts for signals no longer on the palette", () => {
    expect(readPulse(pulse(5, { retired: 4 }), PALETTE, CARE_SIGNALS)).toEqual({ kind: "quiet", present: 5 });
    expect(readPulse(pulse(0, { retired: 4 }), PALETTE, CARE_SIGNALS)).toEqual({ kind: "waiting" });
  });

  it("reads a custom palette with no care signals", () => {
    expect(readPulse(pulse(3, { yes: 1, no: 2 }), ["yes", "no"], CARE_SIGNALS)).toMatchObject({ kind: "leading", signal: "no" });
  });
});

describe("shareOfRoom", () => {
  it("scales a count to the people present, not to the largest count", () => {
    expect(shareOfRoom(3, 12)).toBe(0.25);
    expect(shareOfRoom(1, 40)).toBe(0.025);
    expect(shareOfRoom(12, 12)).toBe(1);
  });

  it("is empty for no check-ins and full, never more, for more taps than people", () => {
    expect(shareOfRoom(0, 12)).toBe(0);
    expect(shareOfRoom(5, 2)).toBe(1);
    expect(shareOfRoom(2, 0)).toBe(1);
  });
});

describe("peopleOf", () => {
  it("is the count, at most the people present", () => {
    expect(peopleOf(3, 12)).toBe(3);
    expect(peopleOf(5, 2)).toBe(2);
    expect(peopleOf(4, 0)).toBe(4);
  });
});

describe("trendBars", () => {
  it("scales each bucket against the busiest and reports its count for the axis", () => {
    expect(trendBars([0, 2, 4, 1])).toEqual({ heights: [0, 0.5, 1, 0.25], max: 4 });
  });

  it("keeps a trend with no check-ins flat at zero", () => {
    expect(trendBars([0, 0, 0])).toEqual({ heights: [0, 0, 0], max: 0 });
  });
});

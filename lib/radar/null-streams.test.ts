import { describe, expect, it } from "vitest";
import { replay, type RecordedStream } from "./radar";
import { background, prng } from "./fixtures/synthetic.mjs";
import { RADAR_DEFAULTS } from "./settings";

// False cues per hour on streams with no moment in them (reading-the-room.md's
// evaluation: ≤ 1 an hour), at room sizes from 5 to 1,000. The background is
// Poisson at the prior's rate and three times it; seeded, so the run repeats.
const HOUR = 3_600_000;

function nullHour(present: number, everyMs: number, seed: number): RecordedStream {
  const phones = Array.from({ length: present }, (_, i) => `p${i}`);
  return { start: 0, end: HOUR, present: [[0, present]], checkIns: background(prng(seed), phones, 0, HOUR, everyMs) };
}

describe("null streams", () => {
  for (const present of [5, 8, 12, 30, 100, 1000]) {
    for (const everyMin of [15, 5]) {
      it(`${present} present, one tap each every ${everyMin} min: at most one cue an hour, none confirmed more than once`, () => {
        let starts = 0;
        let confirmed = 0;
        const hours = 3;
        for (let seed = 1; seed <= hours; seed++) {
          const events = replay(nullHour(present, everyMin * 60_000, seed * 7919 + present), RADAR_DEFAULTS, undefined, 5_000);
          starts += new Set(events.flatMap((e) => (e.type === "moment" ? [e.id] : []))).size;
          confirmed += new Set(events.flatMap((e) => (e.type === "moment" && e.confirmedAt !== null ? [e.id] : []))).size;
        }
        expect(starts / hours).toBeLessThanOrEqual(1);
        expect(confirmed).toBeLessThanOrEqual(1);
      });
    }
  }
});

import { describe, expect, it } from "vitest";
import { computePulse, pulseHorizonMs, type CheckInPoint } from "./pulse";

const SIGNALS = ["i-see", "energy-shift", "need-silence"];
/** A moment where a 30-second trend bucket starts; NOW is 10 s into that bucket. */
const BUCKET_START = 33_334 * 30_000;
const NOW = BUCKET_START + 10_000;
const at = (secondsAgo: number, signal = "i-see"): CheckInPoint => ({ signal, at: NOW - secondsAgo * 1000 });

describe("computePulse", () => {
  it("counts every signal on the palette, zero included, for an empty room", () => {
    const pulse = computePulse([], SIGNALS, 0, NOW);
    expect(pulse.recent).toEqual({ "i-see": 0, "energy-shift": 0, "need-silence": 0 });
    expect(pulse.total).toEqual(pulse.recent);
    expect(pulse.recentCount).toBe(0);
    expect(pulse.trend).toHaveLength(20);
    expect(pulse.trend.every((n) => n === 0)).toBe(true);
  });

  it("separates the last 60 seconds from the whole session", () => {
    const pulse = computePulse(
      [at(3600), at(61), at(60), at(59), at(0, "energy-shift"), at(10, "need-silence")],
      SIGNALS,
      12,
      NOW,
    );
    expect(pulse.total).toEqual({ "i-see": 4, "energy-shift": 1, "need-silence": 1 });
    // exactly 60 s ago has left the window; 59 s ago is in it
    expect(pulse.recent).toEqual({ "i-see": 1, "energy-shift": 1, "need-silence": 1 });
    expect(pulse.recentCount).toBe(3);
    expect(pulse.totalCount).toBe(6);
    expect(pulse.present).toBe(12);
  });

  it("counts time in whole seconds: the window is the last 60 seconds, now's second included", () => {
    const now = NOW + 500; // half-way through a second
    const pulse = computePulse(
      [
        { signal: "i-see", at: NOW - 59_000 }, // 59.5 s before now, at the start of the window's first second
        { signal: "energy-shift", at: NOW - 59_001 }, // a millisecond older: the second before the window
        { signal: "need-silence", at: NOW + 999 }, // later in now's own second: not the future
      ],
      SIGNALS,
      0,
      now,
    );
    expect(pulse.recent).toEqual({ "i-see": 1, "energy-shift": 0, "need-silence": 1 });
  });

  it("places check-ins in 30-second trend buckets aligned to the clock, the last one holding now", () => {
    const pulse = computePulse(
      [at(0), at(10), { signal: "i-see", at: BUCKET_START - 1 }, at(580), { signal: "i-see", at: NOW - 580_001 }],
      SIGNALS,
      0,
      NOW,
    );
    // The last bucket began 10 s ago; the first began 19 buckets before it.
    expect(pulse.trendStartAt).toBe(BUCKET_START - 19 * 30_000);
    expect(pulse.trendStartAt).toBe(NOW - 580_000);
    expect(pulse.trend.at(-1)).toBe(2); // now, and the bucket's first millisecond
    expect(pulse.trend.at(-2)).toBe(1); // a millisecond before the bucket began
    expect(pulse.trend[0]).toBe(1); // 580 s ago opens the line; a millisecond earlier is beyond it
    expect(pulse.trend.reduce((a, b) => a + b, 0)).toBe(4);
    expect(pulse.totalCount).toBe(5);
  });

  it("keeps the trend line still while now moves within a bucket, and shifts it by one bucket after", () => {
    const stream = [at(1), at(40), at(41, "energy-shift"), at(200), at(500)];
    const early = computePulse(stream, SIGNALS, 0, NOW);
    const later = computePulse(stream, SIGNALS, 0, NOW + 19_999);
    expect(later.trend).toEqual(early.trend);
    expect(later.trendStartAt).toBe(early.trendStartAt);
    const nextBucket = computePulse(stream, SIGNALS, 0, NOW + 20_000);
    expect(nextBucket.trendStartAt).toBe(early.trendStartAt + 30_000);
    expect(nextBucket.trend).toEqual([...early.trend.slice(1), 0]);
  });

  it("counts a check-in stamped in the future as now", () => {
    const pulse = computePulse([{ signal: "i-see", at: NOW + 5_000 }], SIGNALS, 0, NOW);
    expect(pulse.recent["i-see"]).toBe(1);
    expect(pulse.trend.at(-1)).toBe(1);
  });

  it("keeps the check-ins of a signal taken off the palette in the totals, the window and the trend", () => {
    const pulse = computePulse([at(1, "retired"), at(5 * 60, "retired"), at(1)], SIGNALS, 0, NOW, { folded: { retired: 2 } });
    expect(pulse.totalCount).toBe(5);
    expect(pulse.total.retired).toBe(4);
    expect(pulse.recent.retired).toBe(1);
    expect(pulse.recentCount).toBe(2);
    expect(pulse.trend.reduce((a, b) => a + b, 0)).toBe(3);
    // A removed signal with nothing in the window is not in `recent` at all; the palette's signals always are.
    expect(computePulse([at(5 * 60, "retired")], SIGNALS, 0, NOW).recent).toEqual(Object.fromEntries(SIGNALS.map((s) => [s, 0])));
  });

  it("counts names that only objects inherit as signals like any other", () => {
    const pulse = computePulse([at(1, "constructor"), at(1, "__proto__")], SIGNALS, 0, NOW, { folded: JSON.parse('{"__proto__": 5}') });
    expect(pulse.totalCount).toBe(7);
    expect(Object.hasOwn(pulse.total, "__proto__")).toBe(true);
    expect(pulse.total.constructor).toBe(1);
    expect(Object.getPrototypeOf(pulse.total)).toBe(Object.prototype);
  });

  it("counts a palette signal whatever its name", () => {
    const pulse = computePulse([at(1, "constructor")], ["constructor"], 0, NOW);
    expect(pulse.recent).toEqual({ constructor: 1 });
    expect(Object.hasOwn(pulse.total, "constructor")).toBe(true);
  });

  it("takes its window, buckets and resolution from options", () => {
    // NOW opens a new 10-second bucket, so the last bucket holds only now's second.
    const pulse = computePulse([at(5), at(15)], SIGNALS, 0, NOW, { windowMs: 10_000, bucketMs: 10_000, buckets: 3 });
    expect(pulse.recentCount).toBe(1);
    expect(pulse.trend).toEqual([1, 1, 0]);
    const fine = computePulse([{ signal: "i-see", at: NOW - 1_100 }], SIGNALS, 0, NOW, { resolutionMs: 100, windowMs: 1_100, bucketMs: 1_000 });
    expect(fine.recentCount).toBe(0); // 11 slices of 100 ms, now's included, reach back 1,000 ms
  });

  it("refuses a window or bucket that is not a whole number of slices", () => {
    expect(() => computePulse([], SIGNALS, 0, NOW, { windowMs: 1_500 })).toThrow(RangeError);
    expect(() => computePulse([], SIGNALS, 0, NOW, { bucketMs: 0 })).toThrow(RangeError);
    expect(() => computePulse([], SIGNALS, 0, NOW, { buckets: 2.5 })).toThrow(RangeError);
  });

  it("gives the same answer whatever the order of the stream", () => {
    const stream = [at(1), at(45, "energy-shift"), at(120), at(5, "need-silence"), at(300)];
    const a = computePulse(stream, SIGNALS, 4, NOW);
    const b = computePulse([...stream].reverse(), SIGNALS, 4, NOW);
    expect(b).toEqual(a);
  });

  it("gives the same pulse from counts of check-ins older than the horizon as from the whole stream", () => {
    // As a session is loaded from the database: old check-ins as counts per signal, recent ones as points.
    const stream = [at(5000), at(3000, "energy-shift"), at(700), at(601), at(599), at(30), at(1, "need-silence")];
    const whole = computePulse(stream, SIGNALS, 7, NOW);
    const cutoff = NOW - pulseHorizonMs();
    const kept = stream.filter((p) => p.at > cutoff);
    const folded: Record<string, number> = {};
    for (const p of stream) if (p.at <= cutoff) folded[p.signal] = (folded[p.signal] ?? 0) + 1;
    expect(kept.length).toBeLessThan(stream.length);
    expect(computePulse(kept, SIGNALS, 7, NOW, { folded })).toEqual(whole);
  });

  it("changes only the totals with a check-in at the horizon, whenever now is", () => {
    expect(pulseHorizonMs()).toBe(600_000);
    for (const now of [NOW, NOW + 1, NOW + 999, NOW + 20_000, NOW + 29_999]) {
      const without = computePulse([], SIGNALS, 0, now);
      const withOld = computePulse([{ signal: "i-see", at: now - pulseHorizonMs() }], SIGNALS, 0, now);
      expect(withOld).toEqual({ ...without, total: { ...without.total, "i-see": 1 }, totalCount: 1 });
    }
  });
});

import { describe, expect, it } from "vitest";
import { computePulse, foldOldCheckIns, type CheckInPoint } from "./pulse";

const SIGNALS = ["i-see", "energy-shift", "need-silence"];
const NOW = 1_000_000_000;
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

  it("places check-ins in 30-second trend buckets, newest last", () => {
    const pulse = computePulse([at(1), at(2), at(29), at(31), at(599), at(601)], SIGNALS, 0, NOW);
    expect(pulse.trend.at(-1)).toBe(3);
    expect(pulse.trend.at(-2)).toBe(1);
    expect(pulse.trend[0]).toBe(1); // 599 s ago is in the oldest bucket, 601 s is beyond the line
    expect(pulse.trend.reduce((a, b) => a + b, 0)).toBe(5);
  });

  it("counts a check-in stamped in the future as now", () => {
    const pulse = computePulse([{ signal: "i-see", at: NOW + 5_000 }], SIGNALS, 0, NOW);
    expect(pulse.recent["i-see"]).toBe(1);
    expect(pulse.trend.at(-1)).toBe(1);
  });

  it("ignores signals no longer on the palette", () => {
    const pulse = computePulse([at(1, "retired"), at(1)], SIGNALS, 0, NOW);
    expect(pulse.totalCount).toBe(1);
    expect(pulse.total).not.toHaveProperty("retired");
    expect(computePulse([at(1, "constructor"), at(1, "__proto__")], SIGNALS, 0, NOW).totalCount).toBe(0);
  });

  it("takes its window and buckets from options", () => {
    const pulse = computePulse([at(5), at(15)], SIGNALS, 0, NOW, { windowMs: 10_000, bucketMs: 10_000, buckets: 3 });
    expect(pulse.recentCount).toBe(1);
    expect(pulse.trend).toEqual([0, 1, 1]);
  });

  it("gives the same answer whatever the order of the stream", () => {
    const stream = [at(1), at(45, "energy-shift"), at(120), at(5, "need-silence"), at(300)];
    const a = computePulse(stream, SIGNALS, 4, NOW);
    const b = computePulse([...stream].reverse(), SIGNALS, 4, NOW);
    expect(b).toEqual(a);
  });

  it("gives the same pulse from folded old check-ins as from the whole stream", () => {
    const stream = [at(5000), at(3000, "energy-shift"), at(700), at(601), at(599), at(30), at(1, "need-silence")];
    const whole = computePulse(stream, SIGNALS, 7, NOW);
    const { kept, folded } = foldOldCheckIns(stream, {}, NOW - 10_000);
    expect(kept.length).toBeLessThan(stream.length);
    expect(folded).toEqual({ "i-see": 2, "energy-shift": 1 });
    expect(computePulse(kept, SIGNALS, 7, NOW, { folded })).toEqual(whole);
    // Folding again, later, keeps adding up.
    const again = foldOldCheckIns(kept, folded, NOW);
    expect(computePulse(again.kept, SIGNALS, 7, NOW, { folded: again.folded })).toEqual(whole);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computePulse, pulseHorizonMs, type CheckInPoint, type PulseOptions } from "./pulse";
import { PulseCounter } from "./pulse-counter";

const SIGNALS = ["i-see", "energy-shift", "need-silence"];
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** 10 s into a 30-second trend bucket. */
const NOW = 33_334 * 30_000 + 10 * SECOND;
const tap = (signal: string, at: number): CheckInPoint => ({ signal, at });

describe("PulseCounter", () => {
  it("a late offline tap lands in its own minute", () => {
    const counter = new PulseCounter(SIGNALS, NOW);
    counter.add(tap("i-see", NOW - 2 * SECOND));
    const before = counter.pulse(5, NOW);
    // A phone back online sends a tap made five minutes ago.
    counter.add(tap("energy-shift", NOW - 5 * MINUTE));
    const after = counter.pulse(5, NOW + 200);
    expect(after.recent).toEqual(before.recent); // not in the last minute
    expect(after.total["energy-shift"]).toBe(1);
    const fiveMinutesAgo = Math.floor((NOW - 5 * MINUTE - after.trendStartAt) / after.bucketMs);
    expect(after.trend[fiveMinutesAgo]).toBe(before.trend[fiveMinutesAgo] + 1);
    expect(after.trend.at(-1)).toBe(1);
  });

  it("a tap older than the horizon only counts in the total", () => {
    const counter = new PulseCounter(SIGNALS, NOW);
    counter.add(tap("i-see", NOW - 2 * HOUR));
    const pulse = counter.pulse(1, NOW);
    expect(pulse.total["i-see"]).toBe(1);
    expect(pulse.recentCount).toBe(0);
    expect(pulse.trend.every((n) => n === 0)).toBe(true);
  });

  it("an hour of silence empties the trend, and the reused slots count afresh", () => {
    const counter = new PulseCounter(SIGNALS, NOW);
    for (let s = 0; s < 600; s += 7) counter.add(tap("i-see", NOW - s * SECOND));
    expect(counter.pulse(3, NOW).trend.some((n) => n > 0)).toBe(true);
    const hourLater = counter.pulse(3, NOW + HOUR);
    expect(hourLater.trend.every((n) => n === 0)).toBe(true);
    expect(hourLater.recentCount).toBe(0);
    expect(hourLater.totalCount).toBe(86);
    // An hour later is a whole number of horizons: the new taps reuse the very same slots.
    counter.add(tap("need-silence", NOW + HOUR - 3 * SECOND));
    const pulse = counter.pulse(3, NOW + HOUR);
    expect(pulse.recent).toEqual({ "i-see": 0, "energy-shift": 0, "need-silence": 1 });
    expect(pulse.trend.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it("counts a tap from a few seconds ahead (clock skew) as now, then in its own second", () => {
    const counter = new PulseCounter(SIGNALS, NOW, { windowMs: 10 * SECOND });
    counter.add(tap("i-see", NOW + 3 * SECOND));
    expect(counter.pulse(0, NOW).recent["i-see"]).toBe(1);
    expect(counter.pulse(0, NOW + 12 * SECOND).recent["i-see"]).toBe(1); // it happened 9 s ago
    expect(counter.pulse(0, NOW + 13 * SECOND).recent["i-see"]).toBe(0); // 10 s ago: out of the window
  });

  it("shows a signal put back on the palette with its earlier taps, as the reference does", () => {
    const points = [tap("moved", NOW - 30 * SECOND), tap("moved", NOW - 5 * MINUTE), tap("i-see", NOW)];
    const counter = new PulseCounter(SIGNALS, NOW);
    counter.addAll(points);
    counter.setSignals([...SIGNALS, "moved"]);
    expect(counter.pulse(0, NOW)).toEqual(computePulse(points, [...SIGNALS, "moved"], 0, NOW));
  });

  it("keeps a removed signal's check-ins in the totals, and its recent ones until they leave the window", () => {
    const counter = new PulseCounter([...SIGNALS, "moved"], NOW - 5 * MINUTE, { folded: { moved: 3 } });
    const points = [tap("moved", NOW - 30 * SECOND), tap("moved", NOW - 5 * MINUTE), tap("i-see", NOW)];
    counter.addAll(points);
    counter.setSignals(SIGNALS); // "moved" taken off the palette
    const pulse = counter.pulse(0, NOW);
    expect(pulse.total.moved).toBe(5);
    expect(pulse.totalCount).toBe(6);
    expect(pulse.recent.moved).toBe(1);
    expect(pulse).toEqual(computePulse(points, SIGNALS, 0, NOW, { folded: { moved: 3 } }));
    // Two minutes on, its last tap has left the window: gone from `recent`, still in the totals.
    const later = counter.pulse(0, NOW + 2 * MINUTE);
    expect(later.recent).not.toHaveProperty("moved");
    expect(later.total.moved).toBe(5);
    expect(later.totalCount).toBe(6);
  });

  it("answers a clock stepped back with the pulse at the latest now", () => {
    const counter = new PulseCounter(SIGNALS, NOW);
    const points = [tap("i-see", NOW - 59 * SECOND), tap("i-see", NOW + 4 * SECOND)];
    counter.addAll(points);
    counter.pulse(0, NOW + 5 * SECOND);
    const stepped = counter.pulse(0, NOW + 2 * SECOND);
    expect(stepped).toEqual(computePulse(points, SIGNALS, 0, NOW + 5 * SECOND));
  });

  it("starts from a database: counts older than the horizon, and the recent check-ins as points", () => {
    const history = [
      tap("i-see", NOW - 3 * HOUR),
      tap("moved", NOW - 2 * HOUR),
      tap("energy-shift", NOW - 11 * MINUTE),
      tap("energy-shift", NOW - 9 * MINUTE),
      tap("i-see", NOW - 20 * SECOND),
    ];
    // What the server's load does: a group-by for the old, the rows for the rest.
    const horizon = NOW - pulseHorizonMs();
    const folded: Record<string, number> = {};
    for (const p of history.filter((p) => p.at <= horizon)) folded[p.signal] = (folded[p.signal] ?? 0) + 1;
    const counter = new PulseCounter(SIGNALS, NOW, { folded });
    counter.addAll(history.filter((p) => p.at > horizon));
    expect(counter.pulse(4, NOW)).toEqual(computePulse(history, SIGNALS, 4, NOW));
    expect(counter.pulse(4, NOW + 10 * MINUTE)).toEqual(computePulse(history, SIGNALS, 4, NOW + 10 * MINUTE));
  });

  it("holds no more to read at a flush after 100,000 check-ins than after a handful", () => {
    // A pulse reads the ring of the palette's signals and the few check-ins
    // kept aside as future, and nothing else (see the loops in `pulse`), so the
    // flush's work is bounded by the state's size; the state does not grow with
    // the check-ins.
    const few = new PulseCounter(SIGNALS, NOW);
    const many = new PulseCounter(SIGNALS, NOW);
    for (const signal of SIGNALS) few.add(tap(signal, NOW - 1 * SECOND));
    for (let i = 0; i < 100_000; i++) many.add(tap(SIGNALS[i % 3], NOW - (i % 600) * SECOND - (i % 997)));
    expect(many.cells).toBe(few.cells);
    expect(many.pulse(0, NOW).totalCount).toBe(100_000);
    expect(many.cells).toBe(few.cells);
  });
});

// ---- the reference, on random streams ------------------------------------

const UNIVERSE = ["i-see", "energy-shift", "need-silence", "moved", "retired", "constructor", "__proto__"];
const CONFIGS: PulseOptions[] = [
  {}, // the live defaults: 1 s slices, a minute's window, ten minutes of trend
  { windowMs: 5_000, bucketMs: 3_000, buckets: 4 }, // a short horizon, so slots are reused often
  { windowMs: 2_000, bucketMs: 500, buckets: 3, resolutionMs: 250 }, // a window longer than the trend
  { windowMs: 3_000, bucketMs: 3_000, buckets: 1 },
];

type Step =
  | { kind: "add"; signal: string; offsetMs: number }
  | { kind: "tick"; ms: number }
  | { kind: "flush"; present: number }
  | { kind: "palette"; signals: string[] };

const signal = fc.constantFrom(...UNIVERSE);
const stepsFor = (horizonMs: number): fc.Arbitrary<Step[]> =>
  fc.array(
    fc.oneof(
      {
        weight: 6,
        arbitrary: fc.record({
          kind: fc.constant("add" as const),
          signal,
          offsetMs: fc.oneof(
            fc.integer({ min: -2 * horizonMs, max: 0 }), // recent or a little late
            fc.integer({ min: -24 * HOUR, max: 0 }), // an offline tap, up to a day old
            fc.integer({ min: 0, max: 5_000 }), // clock skew: slightly in the future
          ),
        }),
      },
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant("tick" as const),
          ms: fc.oneof(
            fc.integer({ min: 0, max: 1_500 }),
            fc.integer({ min: 0, max: 2 * horizonMs }),
            fc.constantFrom(HOUR, 3 * HOUR + 7),
            fc.integer({ min: -3_000, max: 0 }), // the clock steps back a little
          ),
        }),
      },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant("flush" as const), present: fc.nat(50) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("palette" as const), signals: fc.subarray(UNIVERSE) }) },
    ),
    { maxLength: 120 },
  );

describe("PulseCounter against computePulse", () => {
  it("gives the reference's pulse over every check-in so far, at every flush", () => {
    const scenario = fc
      .record({
        options: fc.constantFrom(...CONFIGS),
        start: fc.integer({ min: 1_600_000_000_000, max: 1_800_000_000_000 }),
        palette: fc.subarray(UNIVERSE),
        folded: fc.dictionary(signal, fc.nat(1_000)),
      })
      .chain((s) =>
        fc.record({
          setup: fc.constant(s),
          seedPoints: fc.array(fc.record({ signal, age: fc.nat(pulseHorizonMs(s.options) - 1) }), { maxLength: 30 }),
          steps: stepsFor(pulseHorizonMs(s.options)),
        }),
      );

    fc.assert(
      fc.property(scenario, ({ setup, seedPoints, steps }) => {
        const { options, folded } = setup;
        let palette = setup.palette;
        let clock = setup.start;
        let latest = clock; // the latest now the counter was given
        const all: CheckInPoint[] = seedPoints.map(({ signal, age }) => tap(signal, clock - age));
        const counter = new PulseCounter(palette, clock, { ...options, folded });
        counter.addAll(all);
        const check = (present: number) => {
          latest = Math.max(latest, clock);
          expect(counter.pulse(present, clock)).toEqual(computePulse(all, palette, present, latest, { ...options, folded }));
        };

        for (const step of steps) {
          if (step.kind === "add") {
            const point = tap(step.signal, clock + step.offsetMs);
            all.push(point);
            counter.add(point);
          } else if (step.kind === "tick") {
            clock += step.ms;
          } else if (step.kind === "palette") {
            palette = step.signals;
            counter.setSignals(palette);
          } else {
            check(step.present);
          }
        }
        check(0);
      }),
      { numRuns: 400 },
    );
  });
});

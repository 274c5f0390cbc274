import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { allOf, ConcurrencyLimit, createLimitStore, takeTogether, windowFor } from "./rate-limit";

describe("windowFor", () => {
  it("turns a burst and a refill into the burst per the time the refill takes to fill it", () => {
    expect(windowFor({ burst: 30, perSecond: 1 / 2 })).toEqual({ points: 30, seconds: 60 });
    expect(windowFor({ burst: 150, perSecond: 5 })).toEqual({ points: 150, seconds: 30 });
    expect(windowFor({ burst: 10, perSecond: 1 / 90 })).toEqual({ points: 10, seconds: 900 });
  });

  it("widens a window at the same rate when asked", () => {
    expect(windowFor({ burst: 20, perSecond: 4 })).toEqual({ points: 20, seconds: 5 });
    expect(windowFor({ burst: 20, perSecond: 4 }, 20)).toEqual({ points: 80, seconds: 20 });
  });

  it("allows at most one burst more than the bucket did, in any stretch of time", () => {
    const rate = { burst: 30, perSecond: 1 / 2 };
    const { points, seconds } = windowFor(rate);
    for (const t of [1, 30, 59, 60, 61, 600, 86_400]) {
      const bucket = rate.burst + rate.perSecond * t;
      const windows = points * (Math.ceil(t / seconds) + 1);
      expect(windows).toBeGreaterThanOrEqual(bucket);
      expect(windows - bucket).toBeLessThanOrEqual(rate.burst);
    }
  });
});

describe("limits in memory", () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it("allows the window's points, then refuses until the window ends", async () => {
    const limit = createLimitStore().limit("test", { points: 3, seconds: 2 });
    expect([await limit.take("a"), await limit.take("a"), await limit.take("a"), await limit.take("a")]).toEqual([true, true, true, false]);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(await limit.take("a")).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await limit.take("a")).toBe(true);
    expect(await limit.remaining("a")).toBe(2);
  });

  it("keeps keys apart, tells what is left without spending it, gives back and forgets", async () => {
    const limit = createLimitStore().limit("test", { points: 2, seconds: 10 });
    expect(await limit.remaining("a")).toBe(2);
    expect(await limit.take("a")).toBe(true);
    expect(await limit.remaining("a")).toBe(1);
    expect(await limit.remaining("a")).toBe(1);
    expect(await limit.remaining("b")).toBe(2);
    await limit.take("a");
    expect(await limit.take("a")).toBe(false);
    await limit.giveBack("a");
    await limit.giveBack("a");
    expect(await limit.remaining("a")).toBe(1);
    await limit.forget("a");
    expect(await limit.remaining("a")).toBe(2);
  });

  it("counts each store's limits apart, even under one name", async () => {
    const one = createLimitStore().limit("same", { points: 1, seconds: 10 });
    const other = createLimitStore().limit("same", { points: 1, seconds: 10 });
    expect(await one.take("a")).toBe(true);
    expect(await other.take("a")).toBe(true);
  });

  it("a window that ended reads as full even before the store drops it", async () => {
    const limit = createLimitStore().limit("test", { points: 1, seconds: 1 });
    await limit.take("a");
    // Only the date moves, as when the store's timer has not run yet.
    vi.setSystemTime(Date.now() + 1_000);
    expect(await limit.remaining("a")).toBe(1);
    expect(await limit.take("a")).toBe(true);
  });
});

describe("takeTogether", () => {
  it("takes from every limit or from none, and says which refused first", async () => {
    const store = createLimitStore();
    const wide = store.limit("wide", { points: 10, seconds: 60 });
    const narrow = store.limit("narrow", { points: 1, seconds: 60 });
    expect(await takeTogether([[wide, "k"], [narrow, "k"]])).toBe(-1);
    expect(await takeTogether([[wide, "k"], [narrow, "k"]])).toBe(1);
    expect(await wide.remaining("k")).toBe(9);
    // Parallel requests: exactly the points there are get through.
    const narrowTwo = store.limit("narrow-two", { points: 2, seconds: 60 });
    const results = await Promise.all(Array.from({ length: 6 }, () => takeTogether([[narrowTwo, "k"], [wide, "k"]])));
    expect(results.filter((r) => r === -1)).toHaveLength(2);
    expect(await wide.remaining("k")).toBe(7);
  });
});

describe("ConcurrencyLimit", () => {
  const deferred = () => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  };

  it("runs a few at once, queues a few more in order, and refuses the rest at once", async () => {
    const limit = new ConcurrencyLimit(2, 2, () => new Error("full"));
    const gates = Array.from({ length: 4 }, deferred);
    const started: number[] = [];
    const runs = gates.map((gate, i) => limit.run(async () => (started.push(i), await gate.promise, i)));
    await expect(limit.run(async () => 99)).rejects.toThrow("full");
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(limit.load).toEqual({ running: 2, waiting: 2 });

    gates[1]!.resolve();
    await runs[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    for (const gate of gates) gate.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(limit.load).toEqual({ running: 0, waiting: 0 });
  });

  it("frees the slot when a task fails", async () => {
    const limit = new ConcurrencyLimit(1, 0, () => new Error("full"));
    await expect(limit.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await limit.run(async () => "next")).toBe("next");
  });
});

describe("the tap limit", () => {
  it("never refuses a phone pacing itself as lib/outbox.ts does, with its taps bunched by the network", async () => {
    const { TAP_WINDOWS } = await import("./realtime/index");
    const { OUTBOX_LIMITS } = await import("../lib/outbox");
    const { TAP_LIMIT } = await import("../lib/protocol/limits");
    expect(TAP_WINDOWS).toEqual({ burst: { points: 20, seconds: 1 }, rate: { points: 80, seconds: 20 } });
    expect(TAP_WINDOWS.rate.points / TAP_WINDOWS.rate.seconds).toBe(TAP_LIMIT.perSecond);
    // The most one window can receive: a full phone bucket, then its rate over the window and the bunching.
    const most = ({ seconds }: { seconds: number }, bunchedSeconds: number) => OUTBOX_LIMITS.burst + OUTBOX_LIMITS.perSecond * (seconds + bunchedSeconds);
    expect(most(TAP_WINDOWS.burst, 2.3)).toBeLessThanOrEqual(TAP_WINDOWS.burst.points);
    expect(most(TAP_WINDOWS.rate, 10 / 3)).toBeLessThanOrEqual(TAP_WINDOWS.rate.points);
  });

  it("a flood gets no more than the burst through at once, and then the rate", async () => {
    vi.useFakeTimers();
    try {
      const { TAP_WINDOWS } = await import("./realtime/index");
      const store = createLimitStore();
      const taps = allOf(store.limit("tap-burst", TAP_WINDOWS.burst), store.limit("tap-rate", TAP_WINDOWS.rate));
      const flood = async (n: number) => (await Promise.all(Array.from({ length: n }, () => taps.take("p")))).filter(Boolean).length;
      expect(await flood(40)).toBe(20);
      let through = 20;
      for (let second = 1; second < 20; second++) {
        await vi.advanceTimersByTimeAsync(1_000);
        through += await flood(40);
      }
      expect(through).toBe(80);
      expect(await taps.remaining("p")).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

import { describe, expect, it } from "vitest";
import { ConcurrencyLimit, RateLimiter } from "./rate-limit";

describe("RateLimiter", () => {
  it("allows a burst up to capacity, then refills at its rate", () => {
    let now = 0;
    const limiter = new RateLimiter(3, 2, () => now);
    expect([limiter.take("a"), limiter.take("a"), limiter.take("a"), limiter.take("a")]).toEqual([true, true, true, false]);
    now += 499;
    expect(limiter.take("a")).toBe(false);
    now += 1;
    expect(limiter.take("a")).toBe(true);
  });

  it("keeps keys apart and can tell without taking", () => {
    let now = 0;
    const limiter = new RateLimiter(1, 1, () => now);
    expect(limiter.take("a")).toBe(true);
    expect(limiter.allows("a")).toBe(false);
    expect(limiter.allows("b")).toBe(true);
    expect(limiter.take("b")).toBe(true);
    now += 1000;
    expect(limiter.allows("a")).toBe(true);
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

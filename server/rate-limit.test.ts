import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limit";

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

import { describe, expect, it } from "vitest";
import { atLeastOnce, binomialTail, decay, ewmaLambda, logGamma, smallestSignificant } from "./stats";

describe("binomialTail", () => {
  it("matches exact sums for a small room", () => {
    // P(X ≥ 2 | Bin(3, 0.5)) = (3 + 1) / 8
    expect(binomialTail(2, 3, 0.5)).toBeCloseTo(0.5, 12);
    expect(binomialTail(0, 10, 0.3)).toBe(1);
    expect(binomialTail(11, 10, 0.3)).toBe(0);
    expect(binomialTail(10, 10, 0.3)).toBeCloseTo(0.3 ** 10, 15);
  });

  it("gives reading-the-room.md's example: 7 of 24 at 5 % is about 1-in-8,000 by chance", () => {
    expect(1 / binomialTail(7, 24, 0.05)).toBeGreaterThan(7_000);
    expect(1 / binomialTail(7, 24, 0.05)).toBeLessThan(9_000);
  });

  it("reproduces the table of the smallest significant counts at α = 0.001", () => {
    const rooms = [8, 20, 50, 100, 1000];
    expect(rooms.map((n) => smallestSignificant(n, 0.02, 0.001))).toEqual([3, 4, 6, 8, 36]);
    expect(rooms.map((n) => smallestSignificant(n, 0.05, 0.001))).toEqual([4, 6, 9, 14, 74]);
  });

  it("stays a probability for rooms of ten thousand", () => {
    const p = binomialTail(600, 10_000, 0.05);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-4);
    expect(binomialTail(400, 10_000, 0.05)).toBeGreaterThan(0.99);
  });
});

describe("rates and decay", () => {
  it("halves a weight every half-life", () => {
    expect(decay(0, 20_000)).toBe(1);
    expect(decay(20_000, 20_000)).toBeCloseTo(0.5, 12);
    expect(decay(90_000, 20_000)).toBeCloseTo(0.044, 3);
  });

  it("turns half-lives into EWMA factors as the research notes do", () => {
    expect(ewmaLambda(5_000, 20_000)).toBeCloseTo(0.159, 3);
    expect(ewmaLambda(5_000, 300_000)).toBeCloseTo(0.0115, 4);
  });

  it("gives the prior: one tap per person per 15 minutes is about 3.3 % per 30 s", () => {
    expect(atLeastOnce(5 / 900, 6)).toBeCloseTo(0.033, 3);
  });

  it("computes ln Γ", () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { systemClock } from "../live/clock";
import { createLimitStore, windowFor } from "../rate-limit";
import { DEFAULT_JOIN_LIMITS, JoinGate } from "./join-gate";

const venue = "203.0.113.7";

// The limits keep rate-limiter-flexible's time (Date.now and its timers), so
// these tests fake both, and the gate reads the same faked time through the
// system clock.
beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

const gateWith = (limits = DEFAULT_JOIN_LIMITS) => new JoinGate(systemClock, createLimitStore(), limits);
const guessWindow = windowFor({ burst: DEFAULT_JOIN_LIMITS.guessBurst, perSecond: 1 / DEFAULT_JOIN_LIMITS.guessEverySeconds });

describe("the join gate", () => {
  it("charges wrong codes to the address: 30 a minute", async () => {
    expect(guessWindow).toEqual({ points: 30, seconds: 60 });
    const gate = gateWith();
    for (let i = 0; i < DEFAULT_JOIN_LIMITS.guessBurst; i++) {
      expect(await gate.mayTry(venue, "K7M3QX", false)).toBe(true);
      expect(await gate.wrongCode(venue)).toBe(true);
    }
    expect(await gate.wrongCode(venue)).toBe(false);
    expect(await gate.mayTry(venue, "K7M3QX", false)).toBe(false);
    expect(await gate.mayTry("198.51.100.1", "K7M3QX", false)).toBe(true);
    await vi.advanceTimersByTimeAsync(guessWindow.seconds * 1000 - 1);
    expect(await gate.mayTry(venue, "K7M3QX", false)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await gate.mayTry(venue, "K7M3QX", false)).toBe(true);
  });

  it("never charges a code that is not wrong", async () => {
    const gate = gateWith({ ...DEFAULT_JOIN_LIMITS, guessBurst: 1 });
    for (let i = 0; i < 5; i++) expect(await gate.mayTry(venue, "K7M3QX", false)).toBe(true);
    expect(await gate.wrongCode(venue)).toBe(true);
  });

  it("while limited, lets through a phone that proves it is not guessing, and codes already joined from the address", async () => {
    const gate = gateWith({ ...DEFAULT_JOIN_LIMITS, guessBurst: 1, guessEverySeconds: 24 * 60 * 60 });
    await gate.wrongCode(venue);
    expect(await gate.mayTry(venue, "K7M3QX", false)).toBe(false);
    expect(await gate.mayTry(venue, "K7M3QX", true)).toBe(true);
    gate.joined(venue, "K7M3QX");
    expect(await gate.mayTry(venue, "K7M3QX", false)).toBe(true);
    expect(await gate.mayTry(venue, "ACDEFG", false)).toBe(false);
    await vi.advanceTimersByTimeAsync(DEFAULT_JOIN_LIMITS.knownCodeMs + 1);
    expect(await gate.mayTry(venue, "K7M3QX", false)).toBe(false);
  });

  it("budgets new participants per address: 150 per 30 s", async () => {
    expect(windowFor({ burst: DEFAULT_JOIN_LIMITS.freshJoinBurst, perSecond: DEFAULT_JOIN_LIMITS.freshJoinsPerSecond })).toEqual({
      points: 150,
      seconds: 30,
    });
    const gate = gateWith({ ...DEFAULT_JOIN_LIMITS, freshJoinBurst: 3, freshJoinsPerSecond: 1 });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await gate.mayAddParticipant(venue));
    expect(answers).toEqual([true, true, true, false]);
    expect(await gate.mayAddParticipant("198.51.100.1")).toBe(true);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(await gate.mayAddParticipant(venue)).toBe(true);
  });

  it("makes guessing any live code slow: the figure in docs/architecture.md", () => {
    // 25^6 codes, 1,000 live; 30 wrong codes a minute, and one window more at the start.
    const codes = 25 ** 6;
    const perGuess = 1_000 / codes;
    const guessesPerDay = guessWindow.points * (Math.ceil(86_400 / guessWindow.seconds) + 1);
    expect(guessesPerDay).toBe(43_230);
    const expectedDays = 1 / perGuess / guessesPerDay;
    expect(expectedDays).toBeCloseTo(5.65, 1);
  });
});

import { describe, expect, it } from "vitest";
import { ManualClock } from "../live/clock";
import { DEFAULT_JOIN_LIMITS, JoinGate } from "./join-gate";

const venue = "203.0.113.7";

describe("the join gate", () => {
  it("charges wrong codes to the address, then refills slowly", async () => {
    const clock = new ManualClock();
    const gate = new JoinGate(clock);
    for (let i = 0; i < DEFAULT_JOIN_LIMITS.guessBurst; i++) {
      expect(gate.mayTry(venue, "K7M3QX", false)).toBe(true);
      gate.wrongCode(venue);
    }
    expect(gate.mayTry(venue, "K7M3QX", false)).toBe(false);
    expect(gate.mayTry("198.51.100.1", "K7M3QX", false)).toBe(true);
    await clock.advance(DEFAULT_JOIN_LIMITS.guessEverySeconds * 1000);
    expect(gate.mayTry(venue, "K7M3QX", false)).toBe(true);
  });

  it("while limited, lets through a phone that proves it is not guessing, and codes already joined from the address", async () => {
    const clock = new ManualClock();
    const gate = new JoinGate(clock, { ...DEFAULT_JOIN_LIMITS, guessBurst: 1 });
    gate.wrongCode(venue);
    expect(gate.mayTry(venue, "K7M3QX", false)).toBe(false);
    expect(gate.mayTry(venue, "K7M3QX", true)).toBe(true);
    gate.joined(venue, "K7M3QX");
    expect(gate.mayTry(venue, "K7M3QX", false)).toBe(true);
    expect(gate.mayTry(venue, "ACDEFG", false)).toBe(false);
    await clock.advance(DEFAULT_JOIN_LIMITS.knownCodeMs + 1);
    gate.wrongCode(venue);
    expect(gate.mayTry(venue, "K7M3QX", false)).toBe(false);
  });

  it("budgets new participants per address", async () => {
    const clock = new ManualClock();
    const gate = new JoinGate(clock, { ...DEFAULT_JOIN_LIMITS, freshJoinBurst: 3, freshJoinsPerSecond: 1 });
    expect([1, 2, 3, 4].map(() => gate.mayAddParticipant(venue))).toEqual([true, true, true, false]);
    await clock.advance(1_000);
    expect(gate.mayAddParticipant(venue)).toBe(true);
  });

  it("makes guessing any live code slow: the figure in docs/security.md", () => {
    // 25^6 codes, 1,000 live, one wrong code per 2 s after a burst of 30.
    const codes = 25 ** 6;
    const perGuess = 1_000 / codes;
    const guessesPerDay = 86_400 / DEFAULT_JOIN_LIMITS.guessEverySeconds + DEFAULT_JOIN_LIMITS.guessBurst;
    const expectedDays = 1 / perGuess / guessesPerDay;
    expect(expectedDays).toBeCloseTo(5.65, 1);
  });
});

import { describe, expect, it } from "vitest";
import {
  MAX_SILENCE_TOTAL_MS,
  SILENCE_PRESETS_MS,
  extendSilence,
  remainingOnDevice,
  restoreSilence,
  silenceEndsAt,
  silenceIsOver,
  silenceProgress,
  silenceRemainingMs,
  startSilence,
  type Silence,
} from "./silence";

/** A server clock the test moves by hand. */
function fakeClock(start: number) {
  let now = start;
  return { now: () => now, tick: (ms: number) => (now += ms) };
}

const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);

describe("a held silence on the server's clock", () => {
  it("ends at its start plus its length, and counts down to zero, never below", () => {
    const clock = fakeClock(T0);
    const silence = startSilence(clock.now(), 60_000);
    expect(silenceEndsAt(silence)).toBe(T0 + 60_000);
    clock.tick(15_000);
    expect(silenceRemainingMs(silence, clock.now())).toBe(45_000);
    expect(silenceProgress(silence, clock.now())).toBe(0.25);
    clock.tick(45_000);
    expect(silenceIsOver(silence, clock.now())).toBe(true);
    expect(silenceRemainingMs(silence, clock.now() + 5_000)).toBe(0);
  });

  it("offers 30 s, 1 min and 2 min, and refuses lengths outside its limits", () => {
    expect(SILENCE_PRESETS_MS).toEqual([30_000, 60_000, 120_000]);
    expect(() => startSilence(T0, 5_000)).toThrow();
    expect(() => startSilence(T0, 11 * 60_000)).toThrow();
  });

  it("moves its end by exactly each extension", () => {
    const clock = fakeClock(T0);
    let silence: Silence | null = startSilence(clock.now(), 30_000);
    clock.tick(20_000);
    silence = extendSilence(silence, 30_000, clock.now());
    expect(silence && silenceEndsAt(silence)).toBe(T0 + 60_000);
    clock.tick(30_000);
    silence = extendSilence(silence!, 60_000, clock.now());
    expect(silence && silenceEndsAt(silence)).toBe(T0 + 120_000);
    expect(silence && silenceRemainingMs(silence, clock.now())).toBe(70_000);
  });

  it("is not extended once it has ended, nor past fifteen minutes", () => {
    const silence = startSilence(T0, 60_000);
    expect(extendSilence(silence, 30_000, T0 + 60_000)).toBeNull();
    let long: Silence | null = startSilence(T0, 10 * 60_000);
    for (let i = 0; i < 3; i++) long = extendSilence(long!, 120_000, T0 + 1_000) ?? long;
    expect(long!.durationMs + long!.extendedMs).toBe(MAX_SILENCE_TOTAL_MS);
    expect(extendSilence(long!, 30_000, T0 + 1_000)).toBeNull();
  });

  it("survives being rebuilt from its stored start, length and extensions", () => {
    const clock = fakeClock(T0);
    const live = extendSilence(startSilence(clock.now(), 120_000), 30_000, clock.tick(10_000))!;
    const row = JSON.parse(JSON.stringify(live)) as unknown; // what the database keeps
    clock.tick(50_000); // the server restarts meanwhile
    const rebuilt = restoreSilence(row, clock.now());
    expect(rebuilt).toEqual(live);
    expect(silenceEndsAt(rebuilt!)).toBe(silenceEndsAt(live));
    expect(silenceRemainingMs(rebuilt!, clock.now())).toBe(90_000);
    // Rebuilt after its end: no silence to resume.
    expect(restoreSilence(row, T0 + 150_000)).toBeNull();
    expect(restoreSilence({ startedAt: T0, durationMs: "60000" }, clock.now())).toBeNull();
  });

  it("counts down on a device from the server's end, whatever the device's clock says", () => {
    const serverNow = T0 + 10_000;
    const endsAt = T0 + 60_000;
    // The phone's clock is five minutes slow; only the time since receipt counts.
    const receivedAt = T0 - 300_000;
    expect(remainingOnDevice(endsAt, serverNow, receivedAt, receivedAt)).toBe(50_000);
    expect(remainingOnDevice(endsAt, serverNow, receivedAt, receivedAt + 20_000)).toBe(30_000);
    expect(remainingOnDevice(endsAt, serverNow, receivedAt, receivedAt + 90_000)).toBe(0);
    // A device clock stepping back does not add time.
    expect(remainingOnDevice(endsAt, serverNow, receivedAt, receivedAt - 5_000)).toBe(50_000);
  });
});

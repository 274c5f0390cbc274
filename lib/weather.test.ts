import { describe, expect, it } from "vitest";
import { DEFAULT_PALETTE } from "./content";
import { fixture } from "./radar/fixtures";
import { activeStatesOf, natureOf, roomWeather, stateHolders, weatherSettingsSchema, WEATHER_DEFAULTS, type RoomCheckIn } from "./weather";

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const PALETTE = DEFAULT_PALETTE.map((s) => s.key);
const decay = fixture("weather-decay");
/** The stream as the server has it at t: what arrived by then. */
const upTo = (t: number): RoomCheckIn[] => decay.checkIns.filter((c) => (c.arrivedAt ?? c.at) <= t);
const at = (t: number) => roomWeather(upTo(t), PALETTE, 10, t);

describe("momentary signals fade", () => {
  it("start at one per phone, however often a phone tapped", () => {
    const w = at(0);
    expect(w.signals["i-see"]).toMatchObject({ nature: "momentary", level: 6, share: 0.6 });
  });

  it("halve every 20 s", () => {
    expect(at(20 * SECOND).signals["i-see"].level).toBeCloseTo(3, 10);
    expect(at(40 * SECOND).signals["i-see"].level).toBeLessThan(at(20 * SECOND).signals["i-see"].level);
  });

  it("are refreshed by a re-tap, never doubled", () => {
    // p1 tapped again at 0:30 and 0:31: it weighs 1 at 0:31, the other five 2^(-31/20) each.
    expect(at(31 * SECOND).signals["i-see"].level).toBeCloseTo(1 + 5 * Math.pow(2, -31 / 20), 10);
  });

  it("are gone 90 s after a phone's latest tap: within a minute or two", () => {
    expect(at(89 * SECOND).signals["i-see"].level).toBeGreaterThan(0);
    expect(at(90 * SECOND).signals["i-see"].level).toBeCloseTo(Math.pow(2, -59 / 20), 10); // p1 only
    expect(at(121 * SECOND).signals["i-see"].level).toBe(0);
  });

  it("fade smoothly: never rise between taps, second by second", () => {
    let previous = Infinity;
    for (let t = 31 * SECOND; t <= 2 * MINUTE; t += SECOND) {
      const level = at(t).signals["i-see"].level;
      expect(level).toBeLessThanOrEqual(previous);
      previous = level;
    }
  });
});

describe("states persist", () => {
  it("hold at full weight until the phone clears them or they expire", () => {
    expect(at(0).signals["need-break"]).toMatchObject({ nature: "state", level: 2 });
    expect(at(119 * SECOND).signals["need-break"].level).toBe(2);
    expect(at(120 * SECOND).signals["need-break"].level).toBe(1); // p3 cleared it
    expect(at(10 * MINUTE - 1).signals["need-break"].level).toBe(1);
    expect(at(10 * MINUTE).signals["need-break"].level).toBe(0); // p2's expired
  });

  it("expire after 3, 5, 10 and 5 minutes by default, and are restarted by a re-tap", () => {
    expect(WEATHER_DEFAULTS.stateExpiryMs).toEqual({ "need-silence": 180_000, overwhelmed: 300_000, "need-break": 600_000, "ready-to-act": 300_000 });
    const stream = [
      { signal: "need-silence", at: 0, phone: "a" },
      { signal: "need-silence", at: 2 * MINUTE, phone: "a" },
    ];
    expect(stateHolders(stream, 4 * MINUTE).get("need-silence")).toBe(1);
    expect(stateHolders(stream, 5 * MINUTE).get("need-silence")).toBe(0);
  });

  it("are shown to their own phone with the time left, soonest first", () => {
    expect(activeStatesOf(upTo(MINUTE), "p3", MINUTE)).toEqual([{ signal: "need-break", since: 0, expiresAt: 10 * MINUTE, leftMs: 9 * MINUTE }]);
    expect(activeStatesOf(upTo(2 * MINUTE), "p3", 2 * MINUTE)).toEqual([]);
    const stream = [
      { signal: "need-break", at: 0, phone: "a" },
      { signal: "overwhelmed", at: 0, phone: "a" },
      { signal: "overwhelmed", at: 0, phone: "b" },
    ];
    expect(activeStatesOf(stream, "a", MINUTE).map((s) => s.signal)).toEqual(["overwhelmed", "need-break"]);
  });
});

describe("the weather", () => {
  it("takes shares against at least ten people", () => {
    const w = roomWeather([{ signal: "moved", at: 0, phone: "a" }], PALETTE, 3, 0);
    expect(w.presentForShares).toBe(10);
    expect(w.signals.moved.share).toBe(0.1);
  });

  it("carries the raw counts of the last minute", () => {
    expect(at(31 * SECOND).signals["i-see"].raw).toEqual({ taps: 8, phones: 6 });
    expect(at(31 * SECOND).signals["need-break"].raw).toEqual({ taps: 2, phones: 2 });
    expect(at(2 * MINUTE).signals["i-see"].raw).toEqual({ taps: 0, phones: 0 });
  });

  it("gives every palette signal a zero, and keeps signals off the palette", () => {
    const w = roomWeather([{ signal: "retired", at: 0, phone: "a" }], ["i-see"], 5, 1_000);
    expect(Object.keys(w.signals)).toEqual(["i-see", "retired"]);
    expect(w.signals["i-see"].level).toBe(0);
  });

  it("counts each check-in without a phone key as a phone of its own, and one from the future as now", () => {
    const w = roomWeather([{ signal: "moved", at: 0 }, { signal: "moved", at: 0 }, { signal: "moved", at: 5_000, phone: "x" }], PALETTE, 10, 0);
    expect(w.signals.moved.level).toBe(3);
  });

  it("takes a session's own states and lengths", () => {
    const settings = weatherSettingsSchema.parse({ halfLifeMs: 10_000, stateExpiryMs: { "need-air": 60_000 } });
    expect(natureOf("need-air", settings)).toBe("state");
    expect(natureOf("need-break", settings)).toBe("momentary");
    const w = roomWeather([{ signal: "need-air", at: 0, phone: "a" }, { signal: "moved", at: 0, phone: "a" }], [], 10, 10_000, settings);
    expect(w.signals["need-air"].level).toBe(1);
    expect(w.signals.moved.level).toBeCloseTo(0.5, 10);
    expect(weatherSettingsSchema.safeParse({ halfLifeMs: 60_000, dropAfterMs: 30_000 }).success).toBe(false);
  });
});

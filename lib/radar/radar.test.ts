import { describe, expect, it } from "vitest";
import { builtInTemplate } from "../library/prompts";
import { FIXTURES, fixture, type Fixture } from "./fixtures";
import { MomentRadar, replay, type RadarEvent } from "./radar";
import { RADAR_DEFAULTS, ROOM_READING_DEFAULTS, radarSettingsSchema, roomReadingSettingsSchema } from "./settings";

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

const run = (f: Fixture, settings = RADAR_DEFAULTS) => replay(f, settings);
const moments = (events: RadarEvent[]) => events.filter((e) => e.type === "moment");
const confirmations = (events: RadarEvent[]) => {
  const seen = new Set<number>();
  return moments(events).filter((e) => e.type === "moment" && e.confirmedAt !== null && !seen.has(e.id) && seen.add(e.id));
};

describe("the recorded streams", () => {
  for (const f of Object.values(FIXTURES).filter((f) => f.expect)) {
    it(`${f.name}: ${f.description}`, () => {
      const events = run(f);
      const expected = f.expect!;
      if (expected.none) expect(moments(events)).toEqual([]);
      if (expected.confirmed) {
        const confirmed = confirmations(events);
        expect(confirmed).toHaveLength(expected.confirmed.length);
        confirmed.forEach((e, i) => {
          if (e.type !== "moment") return;
          expect(e.confirmedAt).toBeGreaterThanOrEqual(expected.confirmed![i][0]);
          expect(e.confirmedAt).toBeLessThanOrEqual(expected.confirmed![i][1]);
        });
        // Every confirmed moment ends, and ends as "ended" (it subsided and had its integration time).
        for (const e of confirmed) expect(events).toContainEqual(expect.objectContaining({ type: "moment-ended", id: e.id, reason: "ended", confirmed: true }));
      }
      if (expected.drift) {
        const drifts = moments(events).filter((e) => e.type === "moment" && e.phase === "starting" && e.evidence.via === "drift");
        expect(drifts).toHaveLength(expected.drift.length);
        drifts.forEach((e, i) => {
          expect(e.type === "moment" && e.startedAt).toBeGreaterThanOrEqual(expected.drift![i][0]);
          expect(e.type === "moment" && e.startedAt).toBeLessThanOrEqual(expected.drift![i][1]);
          expect(e.type === "moment" && e.suggestions).toEqual([{ kind: "push", key: "technique-gentle-nudge" }]);
        });
      }
      if (expected.phases) {
        const first = moments(events)[0];
        const phases = moments(events).filter((e) => e.type === "moment" && e.id === (first as { id: number }).id).map((e) => (e as { phase: string }).phase);
        expect(phases).toEqual(expected.phases);
      }
      if (expected.care) {
        const care = events.filter((e) => e.type === "care");
        expect(care.map((e) => e.type === "care" && e.cue)).toEqual(expected.care.map(([cue]) => cue));
        care.forEach((e, i) => {
          expect(e.type === "care" && e.since).toBeGreaterThanOrEqual(expected.care![i][1]);
          expect(e.type === "care" && e.since).toBeLessThanOrEqual(expected.care![i][2]);
        });
      }
      if (expected.careEnded) {
        const ended = events.filter((e) => e.type === "care-ended");
        expect(ended.map((e) => e.type === "care-ended" && e.signal)).toEqual(expected.careEnded.map(([signal]) => signal));
        ended.forEach((e, i) => expect(e.type === "care-ended" && e.at).toBeGreaterThanOrEqual(expected.careEnded![i][1]));
        ended.forEach((e, i) => expect(e.type === "care-ended" && e.at).toBeLessThanOrEqual(expected.careEnded![i][2]));
      }
    });
  }
});

describe("a moment's phases and next moves", () => {
  it("suggests the Gentle Nudge as it starts, a silence hold while it happens, Integration then action planning as it subsides", () => {
    const events = moments(run(fixture("moment-gradual-rise")));
    const byPhase = Object.fromEntries(events.map((e) => [e.type === "moment" && e.phase, e.type === "moment" && e]));
    expect(byPhase.starting.suggestions).toEqual([{ kind: "push", key: "technique-gentle-nudge" }]);
    expect(byPhase.happening.suggestions).toEqual([{ kind: "silence", durationMs: 60 * SECOND }]);
    expect(byPhase.subsiding.suggestions).toEqual([
      { kind: "push", key: "technique-integration" },
      { kind: "push", key: "action-planning" },
    ]);
    expect(byPhase.happening.reminders).toEqual(["witness"]);
    // Every suggested push is a built-in template the console can push in one tap.
    for (const e of events) for (const s of e.type === "moment" ? e.suggestions : []) if (s.kind === "push") expect(builtInTemplate(s.key)).toBeDefined();
  });

  it("states its evidence: phones of present, the usual count and the chance", () => {
    const happening = moments(run(fixture("moment-small-room"))).find((e) => e.type === "moment" && e.phase === "happening");
    expect(happening?.type === "moment" && happening.evidence).toMatchObject({ present: 8, windowMs: 30 * SECOND, via: "share" });
    if (happening?.type !== "moment") throw new Error("no moment");
    expect(happening.evidence.phones).toBeGreaterThanOrEqual(4);
    expect(happening.evidence.phones).toBeLessThanOrEqual(8);
    expect(happening.evidence.usual).toBeLessThan(1);
    expect(happening.evidence.chance).toBeLessThan(0.001);
    expect(Object.keys(happening.evidence.bySignal)).toEqual(["i-see", "energy-shift", "moved"]);
  });

  it("fires the prompt bump when no prompt was pushed: the push is what makes it ordinary", () => {
    const f = fixture("prompt-bump");
    expect(confirmations(run({ ...f, pushes: [] }))).toHaveLength(1);
    expect(moments(run(f))).toEqual([]);
  });

  it("lets one tapping phone count once: with keys missing every tap would look like a phone", () => {
    const f = fixture("one-phone-tapping");
    expect(moments(run(f))).toEqual([]);
    const unkeyed = { ...f, checkIns: f.checkIns.map(({ phone: _phone, ...c }) => c) };
    expect(moments(run(unkeyed)).length).toBeGreaterThan(0);
  });

  it("fires the late flush's taps had they arrived on time", () => {
    const f = fixture("late-offline-flush");
    const onTime = { ...f, checkIns: f.checkIns.map(({ arrivedAt: _late, ...c }) => c) };
    expect(confirmations(run(onTime)).length).toBeGreaterThan(0);
  });

  it("confirms a shift after its own Gentle Nudge is pushed: the push's stricter test is for taps made after it", () => {
    const shift = (pushed: boolean) => {
      const radar = new MomentRadar(RADAR_DEFAULTS, 0);
      ["a", "b", "c"].forEach((phone, i) => radar.observe({ signal: "i-see", at: 61 * SECOND + i, phone }, 61 * SECOND + i));
      const started = moments(radar.advance(65 * SECOND, 8));
      expect(started).toEqual([expect.objectContaining({ phase: "starting" })]);
      // The facilitator answers the start with the suggested nudge; the same three phones are still in the window.
      if (pushed) radar.promptPushed(66 * SECOND);
      return moments(radar.advance(70 * SECOND, 8));
    };
    expect(shift(false)).toEqual([expect.objectContaining({ phase: "happening" })]);
    expect(shift(true)).toEqual([expect.objectContaining({ phase: "happening" })]);
  });

  it("holds taps made just after a push to the stricter test: three of eight right after a push start nothing", () => {
    const radar = new MomentRadar(RADAR_DEFAULTS, 0);
    radar.promptPushed(60 * SECOND);
    ["a", "b", "c"].forEach((phone, i) => radar.observe({ signal: "i-see", at: 61 * SECOND + i, phone }, 61 * SECOND + i));
    expect(moments(radar.advance(65 * SECOND, 8))).toEqual([]);
  });

  it("does not fire below k phones, however small the room", () => {
    const radar = new MomentRadar(RADAR_DEFAULTS, 0);
    radar.observe({ signal: "i-see", at: 1_000, phone: "a" }, 1_000);
    radar.observe({ signal: "moved", at: 2_000, phone: "b" }, 2_000);
    // Two of two present: everyone, but two phones point at two faces.
    expect(radar.advance(30 * SECOND, 2)).toEqual([]);
  });

  it("ends a moment the facilitator dismisses and keeps moments muted for three minutes", () => {
    const radar = new MomentRadar(RADAR_DEFAULTS, 0);
    const wave = (at: number, n = 5) => ["a", "b", "c", "d", "e", "f", "g", "h"].slice(0, n).forEach((phone, i) => radar.observe({ signal: "i-see", at: at + i, phone }, at + i));
    wave(10 * SECOND);
    expect(moments(radar.advance(15 * SECOND, 10))).toHaveLength(1);
    expect(radar.dismiss(16 * SECOND)).toEqual([expect.objectContaining({ type: "moment-ended", reason: "dismissed", confirmed: true })]);
    expect(radar.view().moment).toBeNull();
    // The room calms, then a new wave inside the three minutes: nothing.
    radar.advance(90 * SECOND, 10);
    wave(120 * SECOND);
    expect(moments(radar.advance(130 * SECOND, 10))).toEqual([]);
    // After them, it fires again (a bigger wave: the muted one still taught the radar this room's usual rate).
    radar.advance(200 * SECOND, 10);
    wave(200 * SECOND, 8);
    expect(moments(radar.advance(210 * SECOND, 10))).toHaveLength(1);
  });

  it("learns the session's usual rate from quiet bins, starting from the prior", () => {
    const radar = new MomentRadar(RADAR_DEFAULTS, 0);
    const prior = radar.view().usualPerPhone;
    expect(prior).toBeCloseTo(1 - Math.pow(1 - 5 / 900, 6), 6);
    // Ten minutes of a busier room: each of 10 phones enters the count every minute.
    for (let t = 0; t < 10 * MINUTE; t += 6 * SECOND) {
      const phone = `p${(t / (6 * SECOND)) % 10}`;
      radar.observe({ signal: "moved", at: t, phone }, t);
      radar.advance(t, 10);
    }
    expect(radar.view().usualPerPhone).toBeGreaterThan(prior * 5);
  });

  it("replays the same stream to the same events", () => {
    const f = fixture("moment-gradual-rise");
    expect(run(f)).toEqual(run(f));
  });
});

describe("radar settings", () => {
  it("has the documented defaults", () => {
    expect(RADAR_DEFAULTS).toMatchObject({
      binMs: 5_000,
      windowMs: 30_000,
      momentSignals: ["i-see", "energy-shift", "moved"],
      k: 3,
      presentFloor: 10,
      minShare: 0.2,
      alpha: 0.001,
      holdBins: 2,
      instantShare: 0.4,
      lateAfterMs: 10_000,
      baselineHalfLifeMs: 300_000,
      priorIntervalMs: 900_000,
      priorWeightMs: 120_000,
      sameKindMuteMs: 90_000,
      dismissedMuteMs: 180_000,
      minCueGapMs: 60_000,
      cusumOddsRatio: 2,
      cusumArlBins: 720,
    });
    expect(RADAR_DEFAULTS.care).toEqual([
      { signal: "need-break", share: 0.25, cue: "break" },
      { signal: "need-silence", share: 0.2, cue: "silence" },
      { signal: "overwhelmed", share: 0.15, cue: "pause" },
    ]);
  });

  it("takes a session's partial changes and refuses what is out of range", () => {
    expect(radarSettingsSchema.parse({ minShare: 0.3 })).toMatchObject({ minShare: 0.3, alpha: 0.001 });
    expect(radarSettingsSchema.safeParse({ k: 2 }).success).toBe(false);
    expect(radarSettingsSchema.safeParse({ windowMs: 32_000 }).success).toBe(false);
    expect(radarSettingsSchema.safeParse({ instantShare: 0.1 }).success).toBe(false);
    expect(radarSettingsSchema.safeParse({ care: [RADAR_DEFAULTS.care[0], RADAR_DEFAULTS.care[0]] }).success).toBe(false);
  });

  it("a stricter session fires later or not at all", () => {
    const f = fixture("moment-small-room");
    expect(confirmations(run(f, radarSettingsSchema.parse({ k: 6 })))).toHaveLength(0);
  });
});

describe("one settings object per session", () => {
  it("fills in every default from an empty object", () => {
    expect(ROOM_READING_DEFAULTS.radar).toEqual(RADAR_DEFAULTS);
    expect(ROOM_READING_DEFAULTS.weather.halfLifeMs).toBe(20_000);
    expect(ROOM_READING_DEFAULTS.anonymity).toEqual({ consoleK: 3, sharedK: 5 });
  });

  it("refuses a care threshold on a signal that is not a state, and a radar below the console's k", () => {
    expect(roomReadingSettingsSchema.safeParse({ radar: { care: [{ signal: "moved", share: 0.2, cue: "pause" }] } }).success).toBe(false);
    expect(roomReadingSettingsSchema.safeParse({ radar: { k: 3 }, anonymity: { consoleK: 4 } }).success).toBe(false);
    expect(roomReadingSettingsSchema.safeParse({ radar: { k: 4 }, anonymity: { consoleK: 4 } }).success).toBe(true);
  });
});

describe("care cues", () => {
  const holders = (radar: MomentRadar, signal: string, phones: string[], at: number) => phones.forEach((phone) => radar.observe({ signal, at, phone }, at));

  it("waits, not drops, a cue that comes within a minute of another", () => {
    const radar = new MomentRadar(RADAR_DEFAULTS, 0);
    holders(radar, "need-break", ["a", "b", "c"], 1_000);
    expect(radar.advance(5 * SECOND, 12)).toEqual([expect.objectContaining({ type: "care", cue: "break", since: 5 * SECOND })]);
    holders(radar, "overwhelmed", ["d", "e", "f"], 10 * SECOND);
    expect(radar.advance(60 * SECOND, 12)).toEqual([]);
    expect(radar.advance(65 * SECOND, 12)).toEqual([expect.objectContaining({ type: "care", cue: "pause", since: 65 * SECOND, suggestions: [{ kind: "pause" }] })]);
    expect(radar.view().care.map((c) => c.cue)).toEqual(["break", "pause"]);
  });

  it("ends a dismissed cue and does not bring it back for three minutes while the state holds", () => {
    const radar = new MomentRadar(RADAR_DEFAULTS, 0);
    holders(radar, "need-silence", ["a", "b", "c"], 1_000);
    radar.advance(5 * SECOND, 10);
    expect(radar.dismissCare("need-silence", 6 * SECOND)).toEqual([{ type: "care-ended", signal: "need-silence", at: 6 * SECOND, reason: "dismissed" }]);
    expect(radar.dismissCare("need-silence", 7 * SECOND)).toEqual([]);
    // Still held by three phones, but dismissed: nothing, and not again until it fell below half and was muted long enough.
    expect(radar.advance(2 * MINUTE, 10)).toEqual([]);
    expect(radar.view().care).toEqual([]);
  });

  it("counts a phone's state once, however often it taps it", () => {
    const radar = new MomentRadar(RADAR_DEFAULTS, 0);
    for (let t = 0; t < 60 * SECOND; t += 2 * SECOND) radar.observe({ signal: "overwhelmed", at: t, phone: "a" }, t);
    expect(radar.advance(60 * SECOND, 4)).toEqual([]);
  });
});

describe("a start that goes nowhere", () => {
  it("fizzles when the window empties before it is confirmed, and is never stored", () => {
    // A hold longer than the window: the five taps leave it before they can be confirmed.
    const radar = new MomentRadar(radarSettingsSchema.parse({ holdBins: 12 }), 0);
    ["a", "b", "c", "d", "e"].forEach((phone, i) => radar.observe({ signal: "i-see", at: 1_000 + i, phone }, 1_000 + i));
    const events = radar.advance(2 * MINUTE, 20);
    expect(events.map((e) => e.type === "moment" ? e.phase : e.type)).toEqual(["starting", "moment-ended"]);
    expect(events[1]).toMatchObject({ reason: "fizzled", confirmed: false });
  });
});

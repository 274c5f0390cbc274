/**
 * The radar's thresholds, per session: a typed, validated settings object.
 * Every default is from shared/reading-the-room.md's recommendations unless
 * docs/reading-the-room.md says where and why it departs. A facilitator's
 * changes arrive as a partial object; `radarSettingsSchema.parse(partial)`
 * fills in the rest and refuses values outside the documented ranges.
 */
import { z } from "zod";
import { anonymitySettingsSchema } from "../anonymity";
import { weatherSettingsSchema } from "../weather";

if (typeof window !== "undefined") z.config({ jitless: true });

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const signalKey = z.string().min(1).max(40);
const share = z.number().min(0.05).max(1);

/** What a care threshold suggests: a silence hold, a pause, a break. */
export const CARE_CUES = ["silence", "pause", "break"] as const;
export type CareCue = (typeof CARE_CUES)[number];

export const careThresholdSchema = z.object({
  signal: signalKey,
  /** Fires at max(k, ⌈share × max(present, presentFloor)⌉) phones holding the state. */
  share,
  cue: z.enum(CARE_CUES),
});
export type CareThreshold = z.infer<typeof careThresholdSchema>;

export const DEFAULT_CARE_THRESHOLDS: readonly CareThreshold[] = [
  { signal: "need-break", share: 0.25, cue: "break" },
  { signal: "need-silence", share: 0.2, cue: "silence" },
  { signal: "overwhelmed", share: 0.15, cue: "pause" },
];

export const radarSettingsSchema = z
  .object({
    /** Time is evaluated in bins of this width; every window is a whole number of bins. */
    binMs: z.number().int().min(1 * SECOND).max(30 * SECOND).default(5 * SECOND),
    /** The moment window W: distinct phones that tapped a moment signal within it. */
    windowMs: z.number().int().min(10 * SECOND).max(5 * MINUTE).default(30 * SECOND),
    /** The moment group: signals that rise together in a shift. */
    momentSignals: z.array(signalKey).min(1).max(12).default(["i-see", "energy-shift", "moved"]),
    /** k for the radar: no moment or care cue rests on fewer phones (the console's k, never below 3). */
    k: z.number().int().min(3).max(50).default(3),
    /** Shares are taken against max(present, presentFloor). */
    presentFloor: z.number().int().min(1).max(100).default(10),
    /** A moment needs at least this share of max(present, presentFloor) … */
    minShare: share.default(0.2),
    /** … and fewer than this chance of so many taps at the session's usual rate. */
    alpha: z.number().gt(0).max(0.05).default(0.001),
    /** … held for this many consecutive bins … */
    holdBins: z.number().int().min(1).max(12).default(2),
    /** … unless the share reaches this, which fires at once. */
    instantShare: share.default(0.4),
    /** A tap arriving more than this after it was made (an offline tap) never fires anything. */
    lateAfterMs: z.number().int().min(1 * SECOND).max(2 * MINUTE).default(10 * SECOND),
    /** The session's usual rate: an EWMA of its own per-phone rate with this half-life … */
    baselineHalfLifeMs: z.number().int().min(30 * SECOND).max(60 * MINUTE).default(5 * MINUTE),
    /** … starting from one tap per person per this long … */
    priorIntervalMs: z.number().int().min(1 * MINUTE).max(120 * MINUTE).default(15 * MINUTE),
    /** … worth this much of the session's own data. */
    priorWeightMs: z.number().int().min(0).max(30 * MINUTE).default(2 * MINUTE),
    /** The usual rate stops learning while a moment starts and happens, for at most this long. */
    baselinePauseMs: z.number().int().min(0).max(30 * MINUTE).default(2 * MINUTE),
    /** For this long after a prompt push, alpha is divided by pushAlphaDivisor (the bump after a transition). */
    pushGraceMs: z.number().int().min(0).max(2 * MINUTE).default(20 * SECOND),
    pushAlphaDivisor: z.number().min(1).max(1000).default(10),
    /** The secondary detector, a binomial CUSUM: the rate it looks for, as an odds ratio to the usual one … */
    cusumOddsRatio: z.number().min(1.1).max(10).default(2),
    /** … and its in-control average run length in bins (720 bins of 5 s: one false "building" an hour). */
    cusumArlBins: z.number().int().min(10).max(100_000).default(720),
    /** A moment subsides (and the radar re-arms) when the window falls below this fraction of the trigger. */
    rearmFraction: z.number().min(0.1).max(0.9).default(0.5),
    /** A starting shift that is not confirmed within this long fizzles. */
    startingTimeoutMs: z.number().int().min(10 * SECOND).max(10 * MINUTE).default(90 * SECOND),
    /** A subsiding moment ends after this long (time for integration, then action planning). */
    subsidingMs: z.number().int().min(10 * SECOND).max(30 * MINUTE).default(2 * MINUTE),
    /** The same kind of cue stays muted this long after it ends. */
    sameKindMuteMs: z.number().int().min(0).max(30 * MINUTE).default(90 * SECOND),
    /** A kind the facilitator dismissed stays muted this long. */
    dismissedMuteMs: z.number().int().min(0).max(60 * MINUTE).default(3 * MINUTE),
    /** At most one new cue per this long, all kinds together (a later one waits, it is not lost). */
    minCueGapMs: z.number().int().min(0).max(10 * MINUTE).default(60 * SECOND),
    /** The silence hold the radar suggests while a moment is happening. */
    silenceHoldMs: z.number().int().min(10 * SECOND).max(10 * MINUTE).default(60 * SECOND),
    /** The care thresholds: states held by enough phones suggest a silence hold, a pause or a break. */
    care: z.array(careThresholdSchema).max(12).default(() => DEFAULT_CARE_THRESHOLDS.map((c) => ({ ...c }))),
  })
  .refine((s) => s.windowMs % s.binMs === 0, { message: "windowMs must be a whole number of bins", path: ["windowMs"] })
  .refine((s) => s.instantShare >= s.minShare, { message: "instantShare must be at least minShare", path: ["instantShare"] })
  .refine((s) => new Set(s.care.map((c) => c.signal)).size === s.care.length, { message: "one care threshold per signal", path: ["care"] });

export type RadarSettings = z.infer<typeof radarSettingsSchema>;
export type RadarSettingsInput = z.input<typeof radarSettingsSchema>;
export const RADAR_DEFAULTS: RadarSettings = radarSettingsSchema.parse({});

/**
 * Everything a session can adjust about reading the room, in one object: the
 * radar, the weather and the anonymity thresholds. What a session stores is
 * a partial of it; parse fills in the defaults.
 */
export const roomReadingSettingsSchema = z
  .object({
    radar: radarSettingsSchema.prefault({}),
    weather: weatherSettingsSchema.prefault({}),
    anonymity: anonymitySettingsSchema.prefault({}),
  })
  // A care threshold counts phones holding a state: a signal that is not one would never fire.
  .refine((s) => s.radar.care.every((c) => Object.hasOwn(s.weather.stateExpiryMs, c.signal)), {
    message: "every care signal must be a state (weather.stateExpiryMs)",
    path: ["radar", "care"],
  })
  // The radar shows its evidence on the console: it may not rest on fewer phones than the console's k.
  .refine((s) => s.radar.k >= s.anonymity.consoleK, { message: "radar.k must be at least anonymity.consoleK", path: ["radar", "k"] });
export type RoomReadingSettings = z.infer<typeof roomReadingSettingsSchema>;
export const ROOM_READING_DEFAULTS: RoomReadingSettings = roomReadingSettingsSchema.parse({});

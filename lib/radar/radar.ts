/**
 * The moment radar: pure rules over the check-in stream, the people present
 * and the session's own usual rate. It reads time only from its callers (the
 * live session's clock), keeps what it needs in memory and says what changed.
 *
 *   const radar = new MomentRadar(settings, startedAt);
 *   radar.observe({ signal, at, phone }, now);   // each check-in as it arrives (now: its arrival)
 *   radar.promptPushed(now);                     // a prompt went out: expect an ordinary bump
 *   radar.advance(now, present);                 // on every flush: events for each bin that closed
 *   radar.view();                                // what the console shows now
 *   radar.dismiss(now);                          // the facilitator waves the moment away
 *
 * A moment (docs/reading-the-room.md has the numbers and the reasons):
 * - evidence: x = distinct phones that tapped a moment signal (I see!, Energy
 *   shift, Moved) in the last W = 30 s. A phone counts once however often it
 *   taps: one phone tapping never makes a moment, and a moment needs at least
 *   k phones (never fewer than 3).
 * - trigger: x ≥ max(k, ⌈20 % of max(present, 10)⌉) and the chance of x or
 *   more of the people present tapping at the session's usual rate below
 *   1-in-1,000 (1-in-10,000 while taps made in the 20 s after a prompt push
 *   are in the window).
 * - starting: the trigger held for one bin (5 s), or the secondary detector
 *   (a binomial CUSUM) sees a slow build with k phones in the window. The
 *   console may suggest the Gentle Nudge. A start that goes nowhere fizzles.
 * - happening: the trigger held for two bins in a row, or at once when 40 %
 *   of the room tapped. The moment is confirmed (stored for the report); the
 *   console suggests a silence hold.
 * - subsiding: the window falls below half the trigger. The console suggests
 *   the Integration technique, then action planning. A new rise goes back to
 *   happening; else it ends after 2 minutes of integration.
 * - the usual rate is an EWMA (5-minute half-life) of this session's own
 *   per-phone rate, from a prior of one tap per person per 15 minutes, and it
 *   does not learn during a moment.
 * - a tap arriving more than 10 s after it was made (an offline phone catching
 *   up) never counts towards a moment: a late flush cannot fire a stale one.
 * Care: phones holding "Need a break", "Need silence" or "Overwhelmed" (states,
 * see ../weather.ts) reaching max(k, ⌈25 / 20 / 15 % of max(present, 10)⌉)
 * suggest a break, a silence hold or a pause.
 * Cues do not flap: a kind that ended is muted 90 s (3 min if dismissed) and
 * until its evidence fell below half its trigger; at most one new cue a minute.
 */
import type { BuiltInKey } from "../library/prompts";
import { stateHolders, WEATHER_DEFAULTS, type RoomCheckIn, type WeatherSettings } from "../weather";
import { RADAR_DEFAULTS, type CareCue, type RadarSettings } from "./settings";
import { atLeastOnce, binomialTail, decay } from "./stats";

export type MomentPhase = "starting" | "happening" | "subsiding";

/** One tap on the console to act on: push a library prompt, hold a silence, pause, break. */
export type Suggestion =
  | { kind: "push"; key: BuiltInKey }
  | { kind: "silence"; durationMs: number }
  | { kind: "pause" }
  | { kind: "break" };

/**
 * The seed's "Managing Your Own Reactions", for the facilitator's eyes only:
 * a private reminder per phase (the console words them from the catalogue).
 */
export const FACILITATOR_REMINDERS = {
  "stay-calm": "Stay calm and present",
  witness: "Observe · Breathe · Trust · Serve",
  "their-achievement": "Remember it's their achievement",
  "let-go": "Let go of attachment to outcomes",
} as const;
export type FacilitatorReminder = keyof typeof FACILITATOR_REMINDERS;

const MOMENT_MOVES: Record<MomentPhase, { suggestions: (s: RadarSettings) => Suggestion[]; reminders: FacilitatorReminder[] }> = {
  // "When participants are close to a breakthrough" (the seed's Gentle Nudge); "Excitement → stay calm and present".
  starting: { suggestions: () => [{ kind: "push", key: "technique-gentle-nudge" }], reminders: ["stay-calm"] },
  // "Use silence - allow time for the insight to emerge"; the Witness technique.
  happening: { suggestions: (s) => [{ kind: "silence", durationMs: s.silenceHoldMs }], reminders: ["witness"] },
  // "Not supporting integration": the Integration technique, then action planning; "Pride → their achievement".
  subsiding: {
    suggestions: () => [
      { kind: "push", key: "technique-integration" },
      { kind: "push", key: "action-planning" },
    ],
    reminders: ["their-achievement", "let-go"],
  },
};

const CARE_MOVES: Record<CareCue, (s: RadarSettings) => Suggestion[]> = {
  silence: (s) => [{ kind: "silence", durationMs: s.silenceHoldMs }],
  pause: () => [{ kind: "pause" }],
  break: () => [{ kind: "break" }],
};

/** What a moment rests on, for the console to say: "7 of 24 present (29 %) in 30 s; usual ≈ 1; ~1-in-8,000 by chance". */
export interface MomentEvidence {
  /** Distinct phones that tapped a moment signal in the window. */
  phones: number;
  present: number;
  windowMs: number;
  /** phones ÷ max(present, presentFloor). */
  share: number;
  /** The phones the trigger needs now. */
  trigger: number;
  /** How many phones usually tap in a window this long, at this session's rate. */
  usual: number;
  /** The chance of this many or more by chance at the usual rate. */
  chance: number;
  /** Distinct phones per moment signal. */
  bySignal: Record<string, number>;
  /** What started it: the share test, or the slow-build detector. */
  via: "share" | "drift";
}

export interface MomentView {
  id: number;
  phase: MomentPhase;
  /** When the current phase began. */
  since: number;
  startedAt: number;
  /** When the moment was confirmed (reached happening): stored for the report from then on. */
  confirmedAt: number | null;
  evidence: MomentEvidence;
  suggestions: Suggestion[];
  reminders: FacilitatorReminder[];
}

export interface CareView {
  signal: string;
  cue: CareCue;
  since: number;
  holders: number;
  present: number;
  trigger: number;
  suggestions: Suggestion[];
}

export type MomentEnd = "ended" | "fizzled" | "dismissed";

export type RadarEvent =
  | ({ type: "moment" } & MomentView)
  | { type: "moment-ended"; id: number; at: number; reason: MomentEnd; confirmed: boolean }
  | ({ type: "care" } & CareView)
  | { type: "care-ended"; signal: string; at: number; reason: "ended" | "dismissed" };

export interface RadarView {
  at: number;
  moment: MomentView | null;
  care: CareView[];
  /** The usual chance that one present phone taps a moment signal within the window. */
  usualPerPhone: number;
}

interface MomentTap {
  phone: string;
  signal: string;
  at: number;
}

interface Moment extends MomentView {
  pending: number;
}

const MOMENT = "moment";

export class MomentRadar {
  readonly settings: RadarSettings;
  private readonly weather: WeatherSettings;
  private readonly windowBins: number;
  private readonly momentSignals: ReadonlySet<string>;
  private readonly cusumLimit: number;
  private readonly maxStateMs: number;

  /** Timely moment taps within the window (by the time they were made). */
  private taps: MomentTap[] = [];
  /** States and clears, for the care thresholds. */
  private states: RoomCheckIn[] = [];
  /** Per phone, when its latest counted moment tap was made: a phone enters the window's count once per window. */
  private readonly lastCounted = new Map<string, number>();
  /** Phones entering the count, per bin, until the bin closes: the baseline's and the CUSUM's input. */
  private readonly entering = new Map<number, number>();
  private anonymous = 0;

  /** The next bin to close, by index (bin b covers [b·binMs, (b+1)·binMs)). */
  private nextBin: number;
  private latest: number;
  /**
   * The usual rates, each an EWMA of the session's own bins plus a prior that
   * decays with them: `window`, the share of present phones with a moment tap
   * in the window (p₀ of the binomial test); `entering`, phones entering the
   * count per bin (the CUSUM's p₀).
   */
  private readonly usual = { window: 0, entering: 0, weight: 0 };
  private priorWeight: number;
  private readonly priorWindow: number;
  private readonly priorEntering: number;
  private cusum = 0;
  private lastPushAt = Number.NEGATIVE_INFINITY;
  private lastNewCueAt = Number.NEGATIVE_INFINITY;
  private readonly mutedUntil = new Map<string, number>();
  private readonly disarmed = new Set<string>();
  private moment: Moment | null = null;
  private nextId = 1;
  private readonly care = new Map<string, CareView>();
  private lastEvidence: MomentEvidence | null = null;

  constructor(settings: RadarSettings = RADAR_DEFAULTS, start: number, weather: WeatherSettings = WEATHER_DEFAULTS) {
    this.settings = settings;
    this.weather = weather;
    this.windowBins = settings.windowMs / settings.binMs;
    this.momentSignals = new Set(settings.momentSignals);
    // Wald's bound on the LLR CUSUM: an in-control run length of at least e^h bins.
    this.cusumLimit = Math.log(settings.cusumArlBins);
    this.maxStateMs = Math.max(0, ...Object.values(weather.stateExpiryMs));
    this.nextBin = Math.floor(start / settings.binMs);
    this.latest = start;
    // One tap per person per priorIntervalMs: per bin, and at least once in a window.
    this.priorEntering = Math.min(0.5, settings.binMs / settings.priorIntervalMs);
    this.priorWindow = atLeastOnce(this.priorEntering, this.windowBins);
    this.priorWeight = settings.priorWeightMs / settings.binMs;
  }

  /** A check-in, arriving at `now` (made at `checkIn.at`, earlier if it waited offline). */
  observe(checkIn: RoomCheckIn, now: number): void {
    const at = Math.min(checkIn.at, now);
    const phone = checkIn.phone ?? `anonymous:${this.anonymous++}`;
    if (Object.hasOwn(this.weather.stateExpiryMs, checkIn.signal)) {
      // States count while they hold, however late they arrived: a state still in force is news, not history.
      this.states.push({ ...checkIn, at, phone });
      return;
    }
    if (checkIn.clear || !this.momentSignals.has(checkIn.signal)) return;
    if (now - at > this.settings.lateAfterMs) return; // late: never towards a moment
    this.taps.push({ phone, signal: checkIn.signal, at });
    const last = this.lastCounted.get(phone);
    if (last === undefined || at - last >= this.settings.windowMs || at < last) {
      this.lastCounted.set(phone, at);
      const bin = Math.floor(at / this.settings.binMs);
      if (bin >= this.nextBin) this.entering.set(bin, (this.entering.get(bin) ?? 0) + 1);
    }
  }

  /** A prompt was pushed: taps made in the next pushGraceMs need pushAlphaDivisor times stronger evidence while in the window. */
  promptPushed(now: number): void {
    this.lastPushAt = now;
  }

  /** Closes every bin ending at or before `now` and says what changed. `present`: the people present now. */
  advance(now: number, present: number): RadarEvent[] {
    const events: RadarEvent[] = [];
    this.latest = Math.max(this.latest, now);
    const { binMs } = this.settings;
    // A long gap (the server slept): the window forgets it, so jump to the last window's bins.
    const lastBin = Math.floor(now / binMs) - 1;
    if (lastBin - this.nextBin > this.windowBins * 4) this.nextBin = lastBin - this.windowBins;
    while (this.nextBin <= lastBin) {
      this.closeBin(this.nextBin, Math.max(0, present), events);
      this.nextBin += 1;
    }
    return events;
  }

  /** The facilitator dismissed the moment: it ends, and moments stay muted for dismissedMuteMs. */
  dismiss(now: number): RadarEvent[] {
    if (!this.moment) return [];
    return [this.endMoment(now, "dismissed")];
  }

  /** The facilitator dismissed a care cue. */
  dismissCare(signal: string, now: number): RadarEvent[] {
    if (!this.care.has(signal)) return [];
    this.care.delete(signal);
    this.mute(signal, now + this.settings.dismissedMuteMs);
    return [{ type: "care-ended", signal, at: now, reason: "dismissed" }];
  }

  view(): RadarView {
    const { moment } = this;
    return {
      at: this.latest,
      moment: moment ? publicMoment(moment) : null,
      care: [...this.care.values()].map((c) => ({ ...c })),
      usualPerPhone: this.usualPerPhone(),
    };
  }

  /** The latest evidence, moment or not (for tests and the raw view). */
  evidence(): MomentEvidence | null {
    return this.lastEvidence;
  }

  /** The usual chance that one present phone taps a moment signal within the window. */
  private usualPerPhone(): number {
    return clampRate(this.blend(this.usual.window, this.priorWindow));
  }

  /** The usual chance that one present phone enters the count within a bin. */
  private usualEntering(): number {
    return clampRate(this.blend(this.usual.entering, this.priorEntering));
  }

  private blend(sum: number, prior: number): number {
    const weight = this.usual.weight + this.priorWeight;
    return weight > 0 ? (sum + this.priorWeight * prior) / weight : prior;
  }

  private closeBin(bin: number, present: number, events: RadarEvent[]): void {
    const s = this.settings;
    const t = (bin + 1) * s.binMs;
    const entering = this.entering.get(bin) ?? 0;
    this.entering.delete(bin);
    this.forget(t);

    const evidence = this.momentEvidence(t, present);
    this.lastEvidence = evidence;
    // Taps made in the pushGraceMs after a push are held to the stricter alpha for as long as they are in the
    // window: the evidence is met if it stands without them at the usual alpha, or with them at the stricter one.
    // (So pushing the radar's own Gentle Nudge does not stop the shift it answers from being confirmed.)
    let alpha = s.alpha;
    let met = evidence.phones >= evidence.trigger && evidence.chance < alpha;
    if (t - this.lastPushAt < s.pushGraceMs + s.windowMs) {
      const without = this.momentEvidence(t, present, { from: this.lastPushAt, to: this.lastPushAt + s.pushGraceMs });
      const strict = s.alpha / s.pushAlphaDivisor;
      const standsWithout = without.phones >= without.trigger && without.chance < s.alpha;
      met = standsWithout || (evidence.phones >= evidence.trigger && evidence.chance < strict);
      if (!standsWithout) alpha = strict;
    }
    const instant = met && evidence.phones >= Math.ceil(s.instantShare * Math.max(present, s.presentFloor));
    const low = evidence.phones < s.rearmFraction * evidence.trigger;
    if (low) this.disarmed.delete(MOMENT);

    const cusumAlarm = this.updateCusum(entering, present);
    this.stepMoment(t, evidence, alpha, met, instant, low, cusumAlarm, events);
    this.stepCare(t, present, events);

    // The usual rate does not learn from a moment it would then hide, but only for so long: a "moment"
    // that goes on and on is the room's new usual, and a frozen baseline would cue it for ever.
    const m = this.moment;
    const learning = !m || m.phase === "subsiding" || t - m.startedAt > s.baselinePauseMs;
    if (learning && present > 0) this.learn(Math.min(1, evidence.phones / present), Math.min(1, entering / present));
  }

  private stepMoment(t: number, evidence: MomentEvidence, alpha: number, met: boolean, instant: boolean, low: boolean, cusumAlarm: boolean, events: RadarEvent[]): void {
    const s = this.settings;
    const m = this.moment;
    if (!m) {
      if (!this.mayCue(MOMENT, t)) return;
      // A slow build needs k phones and half the trigger in the window: a drift of a few phones in a big room is no shift.
      const drift = cusumAlarm && evidence.phones >= Math.max(s.k, s.rearmFraction * evidence.trigger);
      if (!met && !drift) return;
      const confirmed = met && (instant || s.holdBins <= 1);
      this.lastNewCueAt = t;
      this.moment = {
        id: this.nextId++,
        phase: confirmed ? "happening" : "starting",
        since: t,
        startedAt: t,
        confirmedAt: confirmed ? t : null,
        evidence: { ...evidence, via: met ? "share" : "drift" },
        suggestions: [],
        reminders: [],
        pending: met ? 1 : 0,
      };
      this.enter(this.moment.phase, t, events);
      return;
    }
    m.evidence = { ...evidence, via: m.evidence.via };
    if (m.phase === "starting") {
      if (met) {
        m.pending += 1;
        if (instant || m.pending >= s.holdBins) {
          m.confirmedAt = t;
          this.enter("happening", t, events);
        }
      } else {
        m.pending = 0;
        if ((low && this.cusum < this.cusumLimit) || t - m.startedAt >= s.startingTimeoutMs) events.push(this.endMoment(t, "fizzled"));
      }
    } else if (m.phase === "happening") {
      m.pending = 0;
      // It subsides when the window empties, or when so many taps are no longer unusual for this session.
      if (low || evidence.chance >= alpha) this.enter("subsiding", t, events);
    } else if (met) {
      // A second wave of the same moment, held like the first, so a room hovering at the trigger does not flap.
      m.pending += 1;
      if (instant || m.pending >= s.holdBins) this.enter("happening", t, events);
    } else {
      m.pending = 0;
      if (t - m.since >= s.subsidingMs) events.push(this.endMoment(t, "ended"));
    }
  }

  private stepCare(t: number, present: number, events: RadarEvent[]): void {
    const s = this.settings;
    const holders = stateHolders(this.states, t, this.weather);
    for (const threshold of s.care) {
      const n = holders.get(threshold.signal) ?? 0;
      const trigger = Math.max(s.k, Math.ceil(threshold.share * Math.max(present, s.presentFloor)));
      const active = this.care.get(threshold.signal);
      if (n < s.rearmFraction * trigger) this.disarmed.delete(threshold.signal);
      if (active) {
        active.holders = n;
        active.present = present;
        active.trigger = trigger;
        if (n < s.rearmFraction * trigger) {
          this.care.delete(threshold.signal);
          this.mute(threshold.signal, t + s.sameKindMuteMs);
          this.disarmed.delete(threshold.signal);
          events.push({ type: "care-ended", signal: threshold.signal, at: t, reason: "ended" });
        }
      } else if (n >= trigger && this.mayCue(threshold.signal, t)) {
        this.lastNewCueAt = t;
        const cue: CareView = { signal: threshold.signal, cue: threshold.cue, since: t, holders: n, present, trigger, suggestions: CARE_MOVES[threshold.cue](s) };
        this.care.set(threshold.signal, cue);
        events.push({ type: "care", ...cue });
      }
    }
  }

  /** Whether a new cue of this kind may go out at t: not muted, re-armed, and none other in the last minute. */
  private mayCue(kind: string, t: number): boolean {
    return t >= (this.mutedUntil.get(kind) ?? Number.NEGATIVE_INFINITY) && !this.disarmed.has(kind) && t - this.lastNewCueAt >= this.settings.minCueGapMs;
  }

  private mute(kind: string, until: number): void {
    this.mutedUntil.set(kind, until);
    this.disarmed.add(kind);
  }

  private enter(phase: MomentPhase, t: number, events: RadarEvent[]): void {
    const m = this.moment!;
    m.phase = phase;
    m.since = t;
    m.suggestions = MOMENT_MOVES[phase].suggestions(this.settings);
    m.reminders = [...MOMENT_MOVES[phase].reminders];
    events.push({ type: "moment", ...publicMoment(m) });
  }

  private endMoment(t: number, reason: MomentEnd): RadarEvent {
    const m = this.moment!;
    this.moment = null;
    this.cusum = 0;
    this.mute(MOMENT, t + (reason === "dismissed" ? this.settings.dismissedMuteMs : this.settings.sameKindMuteMs));
    return { type: "moment-ended", id: m.id, at: t, reason, confirmed: m.confirmedAt !== null };
  }

  /** The evidence in the window ending at `t`; `leaving` out taps made in a span (the grace after a push). */
  private momentEvidence(t: number, present: number, leaving?: { from: number; to: number }): MomentEvidence {
    const s = this.settings;
    const phones = new Set<string>();
    const bySignal = new Map<string, Set<string>>();
    for (const tap of this.taps) {
      if (tap.at <= t - s.windowMs || tap.at >= t) continue;
      if (leaving && tap.at >= leaving.from && tap.at < leaving.to) continue;
      phones.add(tap.phone);
      const set = bySignal.get(tap.signal) ?? new Set<string>();
      set.add(tap.phone);
      bySignal.set(tap.signal, set);
    }
    const x = phones.size;
    const forShares = Math.max(present, s.presentFloor);
    const p = this.usualPerPhone();
    return {
      phones: x,
      present,
      windowMs: s.windowMs,
      share: Math.min(1, x / forShares),
      trigger: Math.max(s.k, Math.ceil(s.minShare * forShares)),
      usual: p * present,
      chance: binomialTail(x, Math.max(present, x), p),
      bySignal: Object.fromEntries(s.momentSignals.map((signal) => [signal, bySignal.get(signal)?.size ?? 0])),
      via: "share",
    };
  }

  /** The binomial CUSUM over the phones entering the count per bin, against the usual rate: true on alarm. */
  private updateCusum(entering: number, present: number): boolean {
    if (present <= 0 || this.moment) return this.cusum >= this.cusumLimit;
    // A drift is measured against the session's own rate: it waits for priorWeightMs of it.
    if (this.usual.weight * this.settings.binMs < this.settings.priorWeightMs) return false;
    const s = this.settings;
    const p0 = Math.min(0.5, this.usualEntering());
    const p1 = (s.cusumOddsRatio * p0) / (1 - p0 + s.cusumOddsRatio * p0);
    const x = Math.min(entering, present);
    const llr = x * Math.log(p1 / p0) + (present - x) * Math.log((1 - p1) / (1 - p0));
    this.cusum = Math.max(0, this.cusum + llr);
    return this.cusum >= this.cusumLimit;
  }

  private learn(windowShare: number, entering: number): void {
    const d = decay(this.settings.binMs, this.settings.baselineHalfLifeMs);
    this.usual.window = this.usual.window * d + windowShare;
    this.usual.entering = this.usual.entering * d + entering;
    this.usual.weight = this.usual.weight * d + 1;
    this.priorWeight *= d;
  }

  /** Drops what can no longer matter at t. */
  private forget(t: number): void {
    const s = this.settings;
    const horizon = t - s.windowMs - s.lateAfterMs;
    if (this.taps.length > 0 && this.taps[0].at <= horizon) this.taps = this.taps.filter((tap) => tap.at > horizon);
    for (const [phone, at] of this.lastCounted) if (at <= horizon - s.windowMs) this.lastCounted.delete(phone);
    const stateHorizon = t - this.maxStateMs;
    if (this.states.length > 0 && this.states[0].at <= stateHorizon) this.states = this.states.filter((c) => c.at > stateHorizon);
  }
}

function clampRate(p: number): number {
  return Math.min(0.99, Math.max(1e-6, p));
}

function publicMoment(m: Moment): MomentView {
  const { pending: _pending, ...view } = m;
  return { ...view, evidence: { ...view.evidence, bySignal: { ...view.evidence.bySignal } }, suggestions: [...view.suggestions], reminders: [...view.reminders] };
}

/** A recorded stream: check-ins with when they arrived, the people present over time, prompt pushes. */
export interface RecordedStream {
  start: number;
  end: number;
  /** [from, present] steps, in time order: present is the last step at or before a time. */
  present: readonly (readonly [number, number])[];
  checkIns: readonly (RoomCheckIn & { arrivedAt?: number })[];
  pushes?: readonly number[];
}

/** The people present at t, from a recorded step function. */
export function presentAt(steps: RecordedStream["present"], t: number): number {
  let n = 0;
  for (const [from, count] of steps) if (from <= t) n = count;
  return n;
}

/**
 * Replays a recorded stream through a radar, advancing every second of the
 * stream's time as a live session's flush would, delivering each check-in
 * when it arrived. What a test, a report or a tuning run computes.
 */
export function replay(stream: RecordedStream, settings: RadarSettings = RADAR_DEFAULTS, weather: WeatherSettings = WEATHER_DEFAULTS, stepMs = 1_000): RadarEvent[] {
  const radar = new MomentRadar(settings, stream.start, weather);
  const arrivals = stream.checkIns
    .map((c, order) => ({ c, arrivedAt: c.arrivedAt ?? c.at, order }))
    .sort((a, b) => a.arrivedAt - b.arrivedAt || a.order - b.order);
  const pushes = [...(stream.pushes ?? [])].sort((a, b) => a - b);
  const events: RadarEvent[] = [];
  let next = 0;
  let push = 0;
  for (let now = stream.start; now <= stream.end; now += stepMs) {
    while (push < pushes.length && pushes[push] <= now) radar.promptPushed(pushes[push++]);
    while (next < arrivals.length && arrivals[next].arrivedAt <= now) {
      const { c, arrivedAt } = arrivals[next++];
      const { arrivedAt: _arrived, ...checkIn } = c as RoomCheckIn & { arrivedAt?: number };
      radar.observe(checkIn, arrivedAt);
    }
    events.push(...radar.advance(now, presentAt(stream.present, now)));
  }
  return events;
}

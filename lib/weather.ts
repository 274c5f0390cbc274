/**
 * Room weather: what the check-ins say about the room now, smoothed, instead
 * of a confetti of taps. Pure: a stream of check-ins, the people present and a
 * time in, the weather at that time out.
 *
 * Two natures of signal:
 * - momentary (I see!, Energy shift, Going deeper, Moved …): a phone's latest
 *   tap of a signal weighs 1 when made and halves every `halfLifeMs` (20 s),
 *   dropped after `dropAfterMs` (90 s, weight ≈ 4 %). A re-tap refreshes that
 *   phone's weight, it never adds a second one: the level is "decayed distinct
 *   phones".
 * - states (Need silence, Overwhelmed, Need a break, Ready to act): a phone's
 *   state holds at full weight until it expires (3 / 5 / 10 / 5 min after its
 *   latest tap) or the phone clears it. A phone may hold several states at
 *   once; a re-tap of one restarts its time.
 *
 * Shares are taken against max(present, presentFloor) (10), so one tap in a
 * room of three does not paint the whole sky. Raw counts (taps and distinct
 * phones in the last `rawWindowMs`) come along, one click away on the console.
 *
 * `phone` is an opaque per-phone key the server holds in memory only; a
 * check-in without one counts as a phone of its own. A check-in stamped after
 * `t` (clock skew between nodes) counts as made at `t`, as in the pulse.
 */
import { z } from "zod";
import { decay } from "./radar/stats";

if (typeof window !== "undefined") z.config({ jitless: true });

/** One check-in as the room-reading rules see it; `clear` ends a phone's state. */
export interface RoomCheckIn {
  signal: string;
  /** When the tap was made, on the server's clock (an offline tap keeps its place in time). */
  at: number;
  /** Opaque, per phone, in memory only; never stored with the check-in. */
  phone?: string;
  /** The phone cleared this state (states only). */
  clear?: boolean;
}

const MINUTE = 60_000;
const signalKey = z.string().min(1).max(40);

export const DEFAULT_STATE_EXPIRY_MS: Readonly<Record<string, number>> = {
  "need-silence": 3 * MINUTE,
  overwhelmed: 5 * MINUTE,
  "need-break": 10 * MINUTE,
  "ready-to-act": 5 * MINUTE,
};

export const weatherSettingsSchema = z
  .object({
    /** A momentary tap's weight halves every this long. */
    halfLifeMs: z.number().int().min(5_000).max(2 * MINUTE).default(20_000),
    /** …and is dropped this long after the tap. */
    dropAfterMs: z.number().int().min(10_000).max(10 * MINUTE).default(90_000),
    /** Shares are taken against max(present, this). */
    presentFloor: z.number().int().min(1).max(100).default(10),
    /** The raw counts' window. */
    rawWindowMs: z.number().int().min(10_000).max(10 * MINUTE).default(60_000),
    /** The signals that are states, each with how long a tap of it holds. Every other signal is momentary. */
    stateExpiryMs: z
      .record(signalKey, z.number().int().min(30_000).max(60 * MINUTE))
      .default({ ...DEFAULT_STATE_EXPIRY_MS }),
  })
  .refine((s) => s.dropAfterMs >= s.halfLifeMs, { message: "dropAfterMs must be at least halfLifeMs", path: ["dropAfterMs"] });

export type WeatherSettings = z.infer<typeof weatherSettingsSchema>;
export const WEATHER_DEFAULTS: WeatherSettings = weatherSettingsSchema.parse({});

export type SignalNature = "momentary" | "state";

export function natureOf(signal: string, settings: WeatherSettings = WEATHER_DEFAULTS): SignalNature {
  return Object.hasOwn(settings.stateExpiryMs, signal) ? "state" : "momentary";
}

export interface SignalWeather {
  nature: SignalNature;
  /** Momentary: decayed distinct phones. State: phones holding it now. */
  level: number;
  /** level ÷ max(present, presentFloor), 0 to 1. */
  share: number;
  /** Taps in the last rawWindowMs, and the distinct phones that made them. */
  raw: { taps: number; phones: number };
}

export interface RoomWeather {
  at: number;
  present: number;
  /** max(present, presentFloor): what shares are taken against. */
  presentForShares: number;
  /** Every palette signal, and any other with a check-in in the stream. */
  signals: Record<string, SignalWeather>;
}

/**
 * A key for a check-in's phone: its own, or one of its own when it has none
 * (its index: a number, so it never equals a phone's string key).
 */
function phoneKey(c: RoomCheckIn, i: number): string | number {
  return c.phone !== undefined ? c.phone : i;
}

type Latest = RoomCheckIn & { at: number };

/**
 * Per signal and phone, the latest check-in at or before `t` (ties: the later
 * in the stream): what a phone's contribution to the weather rests on. Linear
 * in the stream; a check-in is copied only when its time is clamped to `t`.
 */
function latestByPhone(stream: readonly RoomCheckIn[], t: number): Map<string, Map<string | number, Latest>> {
  const latest = new Map<string, Map<string | number, Latest>>();
  for (let i = 0; i < stream.length; i++) {
    const c = stream[i];
    let byPhone = latest.get(c.signal);
    if (!byPhone) latest.set(c.signal, (byPhone = new Map()));
    const key = phoneKey(c, i);
    const seen = byPhone.get(key);
    if (!seen || Math.min(c.at, t) >= seen.at) byPhone.set(key, c.at <= t ? c : { ...c, at: t });
  }
  return latest;
}

/** Whether a phone's latest check-in of a state holds it at `t`, and until when. */
function heldUntil(latest: Latest, expiryMs: number, t: number): number | null {
  if (latest.clear) return null;
  const until = latest.at + expiryMs;
  return t < until ? until : null;
}

/** The smoothed weather at `t`, with the raw counts. */
export function roomWeather(
  stream: readonly RoomCheckIn[],
  palette: readonly string[],
  present: number,
  t: number,
  settings: WeatherSettings = WEATHER_DEFAULTS,
): RoomWeather {
  const presentForShares = Math.max(present, settings.presentFloor);
  const signals: Record<string, SignalWeather> = {};
  const entry = (signal: string): SignalWeather => {
    if (!Object.hasOwn(signals, signal)) {
      Object.defineProperty(signals, signal, {
        value: { nature: natureOf(signal, settings), level: 0, share: 0, raw: { taps: 0, phones: 0 } },
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return signals[signal];
  };
  for (const signal of palette) entry(signal);

  for (const [signal, byPhone] of latestByPhone(stream, t)) {
    const w = entry(signal);
    const expiry = settings.stateExpiryMs[signal];
    for (const latest of byPhone.values()) {
      if (w.nature === "state") {
        if (heldUntil(latest, expiry, t) !== null) w.level += 1;
      } else if (!latest.clear && t - latest.at < settings.dropAfterMs) {
        w.level += decay(t - latest.at, settings.halfLifeMs);
      }
    }
    w.share = Math.min(1, w.level / presentForShares);
  }

  const rawPhones = new Map<string, Set<string | number>>();
  const rawFrom = t - settings.rawWindowMs;
  for (let i = 0; i < stream.length; i++) {
    const c = stream[i];
    if (c.clear || Math.min(c.at, t) <= rawFrom) continue;
    entry(c.signal).raw.taps += 1;
    let phones = rawPhones.get(c.signal);
    if (!phones) rawPhones.set(c.signal, (phones = new Set()));
    phones.add(phoneKey(c, i));
  }
  for (const [signal, phones] of rawPhones) signals[signal].raw.phones = phones.size;

  return { at: t, present, presentForShares, signals };
}

/** The phones holding each state at `t`: what the radar's care thresholds count. */
export function stateHolders(stream: readonly RoomCheckIn[], t: number, settings: WeatherSettings = WEATHER_DEFAULTS): Map<string, number> {
  const holders = new Map<string, number>();
  for (const [signal, byPhone] of latestByPhone(stream, t)) {
    const expiry = settings.stateExpiryMs[signal];
    if (expiry === undefined) continue;
    let n = 0;
    for (const latest of byPhone.values()) if (heldUntil(latest, expiry, t) !== null) n += 1;
    holders.set(signal, n);
  }
  return holders;
}

export interface ActiveState {
  signal: string;
  since: number;
  expiresAt: number;
  leftMs: number;
}

/**
 * One phone's own states at `t`, soonest to expire first: what that phone
 * shows (with time left, and a way to clear each). Only ever sent to that phone.
 */
export function activeStatesOf(
  stream: readonly RoomCheckIn[],
  phone: string,
  t: number,
  settings: WeatherSettings = WEATHER_DEFAULTS,
): ActiveState[] {
  const own = stream.filter((c) => c.phone === phone);
  const states: ActiveState[] = [];
  for (const [signal, byPhone] of latestByPhone(own, t)) {
    const expiry = settings.stateExpiryMs[signal];
    if (expiry === undefined) continue;
    for (const latest of byPhone.values()) {
      const until = heldUntil(latest, expiry, t);
      if (until !== null) states.push({ signal, since: latest.at, expiresAt: until, leftMs: until - t });
    }
  }
  return states.sort((a, b) => a.expiresAt - b.expiresAt);
}

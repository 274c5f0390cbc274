/**
 * A held silence's arithmetic, on the server's clock: when it ends, how long
 * is left, and the same again after a restart from what was stored. Pure: the
 * caller passes the time; nothing here reads a clock.
 *
 * A silence is stored as { startedAt, durationMs, extendedMs }: its end is
 * startedAt + durationMs + extendedMs, so a rebuilt live session (after a
 * restart, or on another node) computes the same end from the same row.
 * Phones and the room display get the end and the server's now with it, and
 * count down on their own clocks from the moment they received it.
 */
import { z } from "zod";

if (typeof window !== "undefined") z.config({ jitless: true });

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/** The console's one-tap lengths: 30 s, 1 min, 2 min (and a custom one within the limits). */
export const SILENCE_PRESETS_MS = [30 * SECOND, MINUTE, 2 * MINUTE] as const;
export const MIN_SILENCE_MS = 10 * SECOND;
export const MAX_SILENCE_MS = 10 * MINUTE;
/** One extension at most this long; all of a silence at most MAX_SILENCE_TOTAL_MS. */
export const MAX_SILENCE_EXTENSION_MS = 2 * MINUTE;
export const MAX_SILENCE_TOTAL_MS = 15 * MINUTE;

export const silenceSchema = z
  .object({
    startedAt: z.number().int().nonnegative(),
    durationMs: z.number().int().min(MIN_SILENCE_MS).max(MAX_SILENCE_MS),
    extendedMs: z.number().int().min(0).max(MAX_SILENCE_TOTAL_MS),
  })
  .refine((s) => s.durationMs + s.extendedMs <= MAX_SILENCE_TOTAL_MS, { message: "a silence lasts at most 15 minutes", path: ["extendedMs"] });
export type Silence = z.infer<typeof silenceSchema>;

export const silenceDurationSchema = z.number().int().min(MIN_SILENCE_MS).max(MAX_SILENCE_MS);
export const silenceExtensionSchema = z.number().int().min(MIN_SILENCE_MS).max(MAX_SILENCE_EXTENSION_MS);

/** A silence starting now on the server's clock. */
export function startSilence(now: number, durationMs: number): Silence {
  return silenceSchema.parse({ startedAt: now, durationMs: silenceDurationSchema.parse(durationMs), extendedMs: 0 });
}

export function silenceEndsAt(silence: Silence): number {
  return silence.startedAt + silence.durationMs + silence.extendedMs;
}

export function silenceRemainingMs(silence: Silence, now: number): number {
  return Math.max(0, silenceEndsAt(silence) - now);
}

export function silenceIsOver(silence: Silence, now: number): boolean {
  return now >= silenceEndsAt(silence);
}

/** How far through the silence now is, 0 to 1: the breathing screen's ring. */
export function silenceProgress(silence: Silence, now: number): number {
  const total = silence.durationMs + silence.extendedMs;
  return Math.min(1, Math.max(0, (now - silence.startedAt) / total));
}

/**
 * The silence made longer by `byMs` at `now`: the end moves by exactly that
 * much. A silence that has ended is not extended (null), nor one that would
 * pass the 15-minute limit (it is extended up to the limit).
 */
export function extendSilence(silence: Silence, byMs: number, now: number): Silence | null {
  if (silenceIsOver(silence, now)) return null;
  const by = silenceExtensionSchema.parse(byMs);
  const room = MAX_SILENCE_TOTAL_MS - silence.durationMs - silence.extendedMs;
  if (room <= 0) return null;
  return { ...silence, extendedMs: silence.extendedMs + Math.min(by, room) };
}

/** A stored silence read back (after a restart): null if the row is not a silence or it has ended by now. */
export function restoreSilence(stored: unknown, now: number): Silence | null {
  const parsed = silenceSchema.safeParse(stored);
  if (!parsed.success || silenceIsOver(parsed.data, now)) return null;
  return parsed.data;
}

export { remainingOnDevice } from "./device-time";

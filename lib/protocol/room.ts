/**
 * Reading the room on the wire (issue 9; docs/reading-the-room.md): the
 * payload schemas and the views of the moment radar, the room weather, held
 * silences, support requests and facilitator cues. Declared here once; the
 * events that carry them are in events.ts.
 *
 * Privacy: nothing here names a phone. Every count a console or the room sees
 * has gone through lib/anonymity.ts (k per audience, per group).
 */
import { z } from "zod";
import { WHERE, type Where } from "./handshake";
import { MAX_CUE, MAX_FIND_ME } from "./limits";
import type { Shown } from "../anonymity";
import type { CareView, MomentView } from "../radar/radar";
import { roomReadingSettingsSchema, type RoomReadingSettings } from "../radar/settings";
import { silenceDurationSchema, silenceExtensionSchema } from "../radar/silence";

if (typeof window !== "undefined") z.config({ jitless: true });

const idSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
const signalKeySchema = z.string().min(1).max(40).regex(/^[a-z0-9-]+$/);

/** A request with nothing to say but its name. */
export const nothingSchema = z.strictObject({});

// ---- in the room or remote ------------------------------------------------

export { WHERE, type Where } from "./handshake";
export const whereSchema = z.enum(WHERE);
export const whereSetSchema = z.strictObject({ where: whereSchema.nullable() });

// ---- a phone's own states (Need a break … until cleared or expired) --------

export const checkInClearSchema = z.strictObject({ signal: signalKeySchema });

/** One of this phone's own states, sent to that phone only. */
export interface MyState {
  signal: string;
  /** Server clock. */
  expiresAt: number;
  leftMs: number;
}

// ---- the moment radar and the weather (consoles only) ----------------------

export interface WeatherSignalView {
  signal: string;
  nature: "momentary" | "state";
  /** 0 to 1, for the bar: the level ÷ max(present, floor); 0 when the figure is not shown. */
  share: number;
  /** Phones (decayed for momentary signals, holding for states), as they may be shown (k). */
  phones: Shown;
  /** The raw counts of the last minute (one click away), as they may be shown. */
  raw: { taps: Shown; phones: Shown };
}

export interface GroupReading {
  /** all: everyone; room / remote: the phones that said so (k applies per group). */
  group: "all" | Where;
  present: Shown;
  signals: WeatherSignalView[];
}

export interface RoomReading {
  at: number;
  /** The console's k (lib/anonymity.ts). */
  k: number;
  moment: MomentView | null;
  care: CareView[];
  /** Always `all` first; `room` and `remote` beside it once any phone said where it is. */
  weather: GroupReading[];
}

export const roomConfigureSchema = z.strictObject({
  sessionId: idSchema,
  /** The whole settings object as the console edits it (defaults filled in by the schema). */
  settings: roomReadingSettingsSchema,
});
export type { RoomReadingSettings };

export const momentDismissSchema = z.strictObject({ sessionId: idSchema, id: z.number().int().nonnegative() });
export const careDismissSchema = z.strictObject({ sessionId: idSchema, signal: signalKeySchema });

// ---- held silence -------------------------------------------------------------

/** A held silence as phones and the room display see it: count down from `endsAt` on their own clock. */
export interface SilenceView {
  startedAt: number;
  endsAt: number;
  /** durationMs + extendedMs: the whole length, for the ring. */
  totalMs: number;
  /** The server's clock when this was sent (lib/radar/device-time.ts `remainingOnDevice`). */
  serverNow: number;
}

/** The console's: with how many phones asked for more time (k applies: "someone"). */
export interface ConsoleSilenceView extends SilenceView {
  moreTime: Shown;
}

export const silenceStartSchema = z.strictObject({ sessionId: idSchema, durationMs: silenceDurationSchema });
export const silenceExtendSchema = z.strictObject({ sessionId: idSchema, byMs: silenceExtensionSchema });

// ---- "I need support" ---------------------------------------------------------------

export { MAX_FIND_ME, MAX_CUE };
export const supportAskSchema = z.strictObject({
  /** A way to be found, typed by the participant (a seat, a first name); null: anonymous. */
  findMe: z.string().trim().max(MAX_FIND_ME).nullable().transform((s) => (s ? s : null)),
});
export const supportCancelSchema = z.strictObject({ requestId: idSchema });

/** A support request as the lead and co-facilitators see it (never the display, never the pulse). */
export interface SupportRequestView {
  id: string;
  at: number;
  findMe: string | null;
  /** A facilitator has marked it seen (the phone is told "someone has seen your request"). */
  seen: boolean;
}

export const supportHandleSchema = z.strictObject({ sessionId: idSchema, requestId: idSchema, done: z.boolean() });

// ---- cues between facilitators ------------------------------------------------------

export const cueSendSchema = z.strictObject({ sessionId: idSchema, text: z.string().trim().min(1).max(MAX_CUE) });

/** A private cue from one facilitator to the others (a co-facilitator to the lead): consoles only. */
export interface CueView {
  id: string;
  at: number;
  fromName: string;
  fromRole: "owner" | "co";
  text: string;
}

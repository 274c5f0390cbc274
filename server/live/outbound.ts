/**
 * Who hears a live session: its phones, its consoles and its room displays.
 * The live session talks only to this interface; server/realtime/outbound.ts
 * implements it over Socket.IO, and scenario tests implement it with a list.
 */
import type { ConsolePushes, DisplayPushes, ParticipantPushes } from "../../lib/protocol/events.ts";

type Args<F> = F extends (...args: infer A) => void ? A : never;

export interface LiveOutbound {
  toPhones<E extends keyof ParticipantPushes>(sessionId: string, event: E, ...args: Args<ParticipantPushes[E]>): void;
  toConsoles<E extends keyof ConsolePushes>(sessionId: string, event: E, ...args: Args<ConsolePushes[E]>): void;
  toDisplays<E extends keyof DisplayPushes>(sessionId: string, event: E, ...args: Args<DisplayPushes[E]>): void;
  /** Closes every phone's socket in the session, for good (the session has ended). */
  disconnectPhones(sessionId: string): void;
}

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
  /** One phone's socket (Socket.IO's channel named by its id), on this node: the asker of a support request. */
  toPhoneSocket<E extends keyof ParticipantPushes>(socketId: string, event: E, ...args: Args<ParticipantPushes[E]>): void;
  /** Every console of the session but one socket (the sender of a cue, who has the ack). */
  toConsolesExcept<E extends keyof ConsolePushes>(sessionId: string, exceptSocketId: string, event: E, ...args: Args<ConsolePushes[E]>): void;
  /** Closes every phone's socket in the session, for good (the session has ended). */
  disconnectPhones(sessionId: string): void;
}

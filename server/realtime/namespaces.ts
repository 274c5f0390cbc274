/**
 * The three Socket.IO namespaces, typed from the wire contract, and the names
 * of the Socket.IO rooms we use. To keep one word per thing, a Socket.IO room
 * is called a *channel* here: "the live session" is the in-memory state
 * (server/live/) and "the room display" is the projector page.
 */
import type { Namespace, Server } from "socket.io";
import {
  NAMESPACES,
  type ConsoleClientEvents,
  type ConsolePushes,
  type DisplayClientEvents,
  type DisplayPushes,
  type ParticipantClientEvents,
  type ParticipantPushes,
} from "../../lib/protocol/events.ts";
import type { LiveOutbound } from "../live/outbound.ts";
import { frameFanOut, type FanOutCounts } from "./frame-fan-out.ts";

/** What a phone's socket holds: ids only. */
export interface PhoneData {
  sessionId: string;
  participantId: string;
}
/** What a console's or room display's socket holds: ids only. */
export interface FacilitatorData {
  facilitatorId: string;
  /** The hash of the sign-in token, to cut this socket off when it is signed out. */
  signInHash: string;
}

export type PhoneNamespace = Namespace<ParticipantClientEvents, ParticipantPushes, object, PhoneData>;
export type ConsoleNamespace = Namespace<ConsoleClientEvents, ConsolePushes, object, FacilitatorData>;
/**
 * What a room display's socket holds: a signed-in facilitator's ids, or, for
 * one opened with a display link (no sign-in), that link's session and key hash.
 */
export type DisplayData = FacilitatorData | { linkSessionId: string; displayKeyHash: string };
export type DisplayNamespace = Namespace<DisplayClientEvents, DisplayPushes, object, DisplayData>;

export interface Namespaces {
  phones: PhoneNamespace;
  consoles: ConsoleNamespace;
  displays: DisplayNamespace;
}

export function namespaces(io: Server): Namespaces {
  return {
    phones: io.of(NAMESPACES.participant) as PhoneNamespace,
    consoles: io.of(NAMESPACES.console) as ConsoleNamespace,
    displays: io.of(NAMESPACES.display) as DisplayNamespace,
  };
}

export const channel = {
  /** Every socket of one session in a namespace. */
  session: (sessionId: string) => `session:${sessionId}`,
  /** Every socket opened with one sign-in. */
  signIn: (signInHash: string) => `sign-in:${signInHash}`,
  /** One facilitator's consoles and displays of one session: cut off when a co-facilitator is removed. */
  member: (sessionId: string, facilitatorId: string) => `member:${sessionId}:${facilitatorId}`,
  /** Every room display opened with one display link: cut off when the link is revoked. */
  displayKey: (keyHash: string) => `display-key:${keyHash}`,
};

/**
 * Phones one write of a broadcast reaches before the event loop may turn. A
 * room of 10,000 phones written in one go holds the loop for a few hundred
 * milliseconds (every socket's frame is one write), so check-ins, joins and
 * heartbeats wait behind it; in slices, they run in between.
 */
export const FANOUT_SLICE = 500;

/**
 * The live sessions' outbound, over Socket.IO. Changes to a session's phones
 * go out as one WebSocket frame written to each phone where that is safe
 * (frame-fan-out.ts); `fanOut` counts the phones that took each path.
 */
export function socketOutbound(
  { phones, consoles, displays }: Namespaces,
  { slice = FANOUT_SLICE }: { slice?: number } = {},
): LiveOutbound & { fanOut: FanOutCounts } {
  // LiveOutbound's signatures come from the same push maps as the namespaces'
  // types; Socket.IO's decorated emit types only do not unify with a generic event.
  // Local only: with several nodes, each node's replica of the live session
  // speaks to that node's sockets, and peers hear of changes through LivePeers.
  type Broadcast = { emit(event: string, ...args: unknown[]): boolean };
  const emit = (nsp: { local: { to(room: string | string[]): unknown } }, to: string | string[], event: string, args: unknown[]) =>
    void (nsp.local.to(to) as Broadcast).emit(event, ...args);
  const fanOut: FanOutCounts = { direct: 0, engine: 0 };
  const toPhoneSockets = frameFanOut(phones as unknown as Namespace, fanOut);

  // A large session's phones hear each change in slices of FANOUT_SLICE sockets (each
  // slice encoded once, as a broadcast), one change after another: a session's
  // pushes never overtake one another, and a change goes to the phones that were
  // in the session when it happened.
  const inFlight = new Map<string, Promise<void>>();
  const toPhones = (sessionId: string, send: (to: string | string[]) => void) => {
    const room = channel.session(sessionId);
    const members = phones.adapter.rooms.get(room);
    if (!inFlight.has(sessionId) && (members?.size ?? 0) <= slice) return send(room);
    const ids = members ? [...members] : [];
    const previous = inFlight.get(sessionId) ?? Promise.resolve();
    const done = previous.then(async () => {
      try {
        for (let i = 0; i < ids.length; i += slice) {
          if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
          send(ids.slice(i, i + slice));
        }
      } catch (error) {
        // As a broadcast's throw would: logged, and the next change still goes out.
        console.error("[attune] fan-out to phones failed:", error);
      }
    });
    inFlight.set(sessionId, done);
    void done.finally(() => {
      if (inFlight.get(sessionId) === done) inFlight.delete(sessionId);
    });
  };
  return {
    fanOut,
    toPhones: (sessionId, event, ...args) => toPhones(sessionId, (to) => toPhoneSockets(to, event, args)),
    toConsoles: (sessionId, event, ...args) => emit(consoles, channel.session(sessionId), event, args),
    toDisplays: (sessionId, event, ...args) => emit(displays, channel.session(sessionId), event, args),
    toPhoneSocket: (socketId, event, ...args) => emit(phones, socketId, event, args),
    toConsolesExcept: (sessionId, exceptSocketId, event, ...args) =>
      void (consoles.local.to(channel.session(sessionId)).except(exceptSocketId) as unknown as Broadcast).emit(event, ...args),
    disconnectPhones: (sessionId) => toPhones(sessionId, (to) => phones.local.in(to).disconnectSockets(true)),
  };
}

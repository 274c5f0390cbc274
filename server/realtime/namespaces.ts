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
export type DisplayNamespace = Namespace<DisplayClientEvents, DisplayPushes, object, FacilitatorData>;

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
};

/** The live sessions' outbound, over Socket.IO. */
export function socketOutbound({ phones, consoles, displays }: Namespaces): LiveOutbound {
  // LiveOutbound's signatures come from the same push maps as the namespaces'
  // types; Socket.IO's decorated emit types only do not unify with a generic event.
  // Local only: with several nodes, each node's replica of the live session
  // speaks to that node's sockets, and peers hear of changes through LivePeers.
  type Broadcast = { emit(event: string, ...args: unknown[]): boolean };
  const emit = (nsp: { local: { to(room: string): unknown } }, sessionId: string, event: string, args: unknown[]) =>
    void (nsp.local.to(channel.session(sessionId)) as Broadcast).emit(event, ...args);
  return {
    toPhones: (sessionId, event, ...args) => emit(phones, sessionId, event, args),
    toConsoles: (sessionId, event, ...args) => emit(consoles, sessionId, event, args),
    toDisplays: (sessionId, event, ...args) => emit(displays, sessionId, event, args),
    disconnectPhones: (sessionId) => phones.local.in(channel.session(sessionId)).disconnectSockets(true),
  };
}

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
import type { LivePeers, PeerEvent } from "../live/peers.ts";

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

/** Server-side events between nodes, over the Socket.IO adapter (Redis). */
type NodeChannel = { serverSideEmit(event: string, ...args: unknown[]): boolean; on(event: string, listener: (...args: unknown[]) => void): unknown };

/** The other nodes: what this node's live sessions tell them. */
export function socketPeers(io: Server, node: string): LivePeers {
  const nodes = io as unknown as NodeChannel;
  return { node, publish: (sessionId, event) => void nodes.serverSideEmit("live", sessionId, event) };
}

/** What the other nodes tell this one, handed to its live sessions. */
export function hearPeers(io: Server, live: { fromPeer(sessionId: string, event: PeerEvent): void }): void {
  (io as unknown as NodeChannel).on("live", (sessionId, event) => {
    if (typeof sessionId === "string" && event !== null && typeof event === "object") live.fromPeer(sessionId, event as PeerEvent);
  });
}

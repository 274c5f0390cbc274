"use client";
/** Typed Socket.IO clients for the browser, one per namespace, from the wire contract. */
import { io, type ManagerOptions, type Socket } from "socket.io-client";
import { NAMESPACES, PROTOCOL_VERSION } from "@/lib/protocol/handshake";
import type {
  ConnectErrorData,
  ConsoleClientEvents,
  ConsolePushes,
  DisplayClientEvents,
  DisplayPushes,
  ParticipantClientEvents,
  ParticipantPushes,
} from "@/lib/protocol/events";

export { request } from "@/lib/protocol/registry";

export type ParticipantSocket = Socket<ParticipantPushes, ParticipantClientEvents>;
export type ConsoleSocket = Socket<ConsolePushes, ConsoleClientEvents>;
export type DisplaySocket = Socket<DisplayPushes, DisplayClientEvents>;

/**
 * WebSocket first, long-polling only where a WebSocket cannot get through
 * (a proxy that refuses the upgrade). Polling first would cost every phone
 * an HTTP handshake, a poll and the upgrade before it hears anything: three
 * more round trips on a slow network, and three more requests per phone for
 * the server when a whole room joins at once.
 */
const TRANSPORT: Partial<ManagerOptions> = { transports: ["websocket", "polling"], tryAllTransports: true };

export function participantSocket(auth: () => Record<string, unknown>): ParticipantSocket {
  return io(NAMESPACES.participant, { ...TRANSPORT, auth: (cb) => cb({ ...auth(), v: PROTOCOL_VERSION }), autoConnect: false });
}

export function consoleSocket(): ConsoleSocket {
  return io(NAMESPACES.console, { ...TRANSPORT, auth: { v: PROTOCOL_VERSION }, autoConnect: false });
}

/** Signed in (the cookie), or with a display link's key: that one session's display, no sign-in. */
export function displaySocket(displayKey?: string): DisplaySocket {
  return io(NAMESPACES.display, { ...TRANSPORT, auth: displayKey ? { v: PROTOCOL_VERSION, displayKey } : { v: PROTOCOL_VERSION }, autoConnect: false });
}

/** The server's reason for refusing a connection, if it gave one. */
export function refusal(error: Error): ConnectErrorData | undefined {
  return (error as Error & { data?: ConnectErrorData }).data;
}

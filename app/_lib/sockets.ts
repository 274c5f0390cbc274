"use client";
/** Typed Socket.IO clients for the browser, one per namespace, from the wire contract. */
import { io, type Socket } from "socket.io-client";
import {
  NAMESPACES,
  PROTOCOL_VERSION,
  type ConnectErrorData,
  type ConsoleClientEvents,
  type ConsolePushes,
  type DisplayClientEvents,
  type DisplayPushes,
  type ParticipantClientEvents,
  type ParticipantPushes,
} from "@/lib/protocol/events";

export { request } from "@/lib/protocol/registry";

export type ParticipantSocket = Socket<ParticipantPushes, ParticipantClientEvents>;
export type ConsoleSocket = Socket<ConsolePushes, ConsoleClientEvents>;
export type DisplaySocket = Socket<DisplayPushes, DisplayClientEvents>;

export function participantSocket(auth: () => Record<string, unknown>): ParticipantSocket {
  return io(NAMESPACES.participant, { auth: (cb) => cb({ ...auth(), v: PROTOCOL_VERSION }), autoConnect: false });
}

export function consoleSocket(): ConsoleSocket {
  return io(NAMESPACES.console, { auth: { v: PROTOCOL_VERSION }, autoConnect: false });
}

export function displaySocket(): DisplaySocket {
  return io(NAMESPACES.display, { auth: { v: PROTOCOL_VERSION }, autoConnect: false });
}

/** The server's reason for refusing a connection, if it gave one. */
export function refusal(error: Error): ConnectErrorData | undefined {
  return (error as Error & { data?: ConnectErrorData }).data;
}

"use client";
/** Typed Socket.IO clients for the browser, one per namespace. */
import { io, type Socket } from "socket.io-client";
import {
  NAMESPACES,
  type DisplayClientEvents,
  type DisplayServerEvents,
  type FacilitatorClientEvents,
  type FacilitatorServerEvents,
  type ParticipantClientEvents,
  type ParticipantServerEvents,
} from "@/lib/protocol/events";
import type { Ack } from "@/lib/protocol/errors";

export type ParticipantSocket = Socket<ParticipantServerEvents, ParticipantClientEvents>;
export type FacilitatorSocket = Socket<FacilitatorServerEvents, FacilitatorClientEvents>;
export type DisplaySocket = Socket<DisplayServerEvents, DisplayClientEvents>;

export function participantSocket(auth: () => Record<string, unknown>): ParticipantSocket {
  return io(NAMESPACES.participant, { auth: (cb) => cb(auth()), autoConnect: false });
}

export function facilitatorSocket(): FacilitatorSocket {
  return io(NAMESPACES.facilitator, { autoConnect: false });
}

export function displaySocket(): DisplaySocket {
  return io(NAMESPACES.display, { autoConnect: false });
}

/** A request that always settles: the server's ack, or a timeout as an error ack. */
export async function request<T>(socket: Socket, event: string, payload: unknown, timeoutMs = 5_000): Promise<Ack<T>> {
  try {
    return (await socket.timeout(timeoutMs).emitWithAck(event, payload)) as Ack<T>;
  } catch {
    return { ok: false, error: { code: "INTERNAL", message: "No answer from the server. Check your connection." } };
  }
}

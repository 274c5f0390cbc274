/**
 * Compile-time proof for the server half: a handler must name an event of its
 * namespace's registry and return that request's ack data. Nothing here runs.
 */
import type { Socket } from "socket.io";
import { consoleRequests, participantRequests } from "../../lib/protocol/events.ts";
import { requestsOf } from "./handler.ts";

declare const socket: Socket;
const phones = requestsOf(participantRequests, "participants");
const consoles = requestsOf(consoleRequests, "the console");

export function serverSide() {
  phones.on(socket, "checkin:send", ({ id, signal, ageMs }) => ({ id: `${id}${signal}${ageMs}`, duplicate: false }));
  consoles.on(socket, "prompt:close", () => null);

  // @ts-expect-error a misspelled event
  phones.on(socket, "checkin:sned", () => ({ id: "x", duplicate: false }));
  // @ts-expect-error an event of another namespace
  phones.on(socket, "prompt:push", () => null);
  // @ts-expect-error wrong ack data: checkin:send answers with { id, duplicate }
  phones.on(socket, "checkin:send", () => ({ id: "x" }));
  // @ts-expect-error a payload field that the schema does not have
  consoles.on(socket, "session:start", ({ sessionid }) => sessionid);
}

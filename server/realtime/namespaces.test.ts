/**
 * The sliced fan-out (socketOutbound): a large session's phones hear every
 * change, in order, in slices — here with real Socket.IO clients against a
 * real Socket.IO server, and a slice of 2 so five phones make three slices.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Server } from "socket.io";
import { io as connect, type Socket as ClientSocket } from "socket.io-client";
import { NAMESPACES } from "../../lib/protocol/events.ts";
import type { PromptView } from "../../lib/protocol/views.ts";
import { channel, namespaces, socketOutbound } from "./namespaces.ts";

const SESSION = "session-1";
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function roomOf(phoneCount: number) {
  const http = createServer();
  const server = new Server(http);
  const spaces = namespaces(server);
  spaces.phones.on("connection", (socket) => void socket.join(channel.session(SESSION)));
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}${NAMESPACES.participant}`;
  const phone = async () => {
    const client: ClientSocket = connect(url, { transports: ["websocket"], forceNew: true, reconnection: false });
    cleanups.push(() => void client.disconnect());
    const heard: (string | null)[] = [];
    client.on("prompt:current", (prompt: PromptView | null) => heard.push(prompt?.body ?? null));
    await new Promise<void>((resolve, reject) => {
      client.once("connect", resolve);
      client.once("connect_error", reject);
    });
    return heard;
  };
  const phones = [];
  for (let i = 0; i < phoneCount; i++) phones.push(await phone());
  await expect.poll(() => spaces.phones.adapter.rooms.get(channel.session(SESSION))?.size ?? 0).toBe(phoneCount);
  return { spaces, phones, phone };
}

const prompt = (body: string): PromptView => ({
  id: body,
  kind: "script",
  technique: null,
  title: "Your words",
  body,
  labels: null,
  options: null,
  revealed: false,
  pushedAt: 0,
});

describe("socketOutbound's fan-out to phones", () => {
  it("sends each change to every phone, in order, however many slices it takes", async () => {
    const { spaces, phones } = await roomOf(5);
    const out = socketOutbound(spaces, { slice: 2 });
    out.toPhones(SESSION, "prompt:current", prompt("first"));
    out.toPhones(SESSION, "prompt:current", prompt("second"));
    out.toPhones(SESSION, "prompt:current", null);
    for (const heard of phones) await expect.poll(() => heard).toEqual(["first", "second", null]);
  });

  it("sends a change to the phones that were there when it happened", async () => {
    const { spaces, phones, phone } = await roomOf(3);
    const out = socketOutbound(spaces, { slice: 2 });
    out.toPhones(SESSION, "prompt:current", prompt("before"));
    const late = await phone();
    out.toPhones(SESSION, "prompt:current", prompt("after"));
    for (const heard of phones) await expect.poll(() => heard).toEqual(["before", "after"]);
    await expect.poll(() => late).toEqual(["after"]);
  });

  it("disconnects every phone of a large session", async () => {
    const { spaces } = await roomOf(5);
    socketOutbound(spaces, { slice: 2 }).disconnectPhones(SESSION);
    await expect.poll(() => spaces.phones.sockets.size).toBe(0);
  });
});

/**
 * The sliced fan-out (socketOutbound): a large session's phones hear every
 * change, in order, in slices — here with real Socket.IO clients against a
 * real Socket.IO server, and a slice of 2 so five phones make three slices.
 * And the one frame written straight to each phone (frame-fan-out.ts): what
 * the phones hear is what Socket.IO would have delivered, in order with the
 * events that go through Socket.IO, and the direct path is really taken.
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
  const phone = async (transport: "websocket" | "polling" = "websocket", everything: unknown[][] = []) => {
    const client: ClientSocket = connect(url, { transports: [transport], forceNew: true, reconnection: false });
    cleanups.push(() => void client.disconnect());
    const heard: (string | null)[] = [];
    client.on("prompt:current", (prompt: PromptView | null) => heard.push(prompt?.body ?? null));
    client.onAny((...event: unknown[]) => everything.push(event));
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

  it("writes one frame straight to each phone on an idle WebSocket, and the phones hear exactly what was sent", async () => {
    const { spaces, phone } = await roomOf(0);
    const everything: unknown[][] = [];
    await phone("websocket", everything);
    const out = socketOutbound(spaces, { slice: 2 });
    // Frame lengths of every kind (RFC 6455: 7-bit, 16-bit and 64-bit), quotes, markup and characters beyond ASCII.
    const sent = [prompt("short"), prompt(`"Grüße" <b>👋</b> ${"x".repeat(200)}`), prompt("y".repeat(70_000)), null];
    for (const p of sent) out.toPhones(SESSION, "prompt:current", p);
    await expect.poll(() => everything).toEqual(sent.map((p) => ["prompt:current", p]));
    expect(out.fanOut).toEqual({ direct: 4, engine: 0 });
  });

  it("keeps a push behind what Socket.IO still has on its way to the same phone", async () => {
    const { spaces, phone } = await roomOf(0);
    const everything: unknown[][] = [];
    await phone("websocket", everything);
    const out = socketOutbound(spaces);
    const [socketId] = spaces.phones.sockets.keys();
    // Two events to the one phone: the first is written at once, the second waits in engine.io's buffer.
    out.toPhoneSocket(socketId, "prompt:current", prompt("own first"));
    out.toPhoneSocket(socketId, "prompt:current", prompt("own second"));
    out.toPhones(SESSION, "prompt:current", prompt("to all"));
    await expect.poll(() => everything.map(([, p]) => (p as PromptView).body)).toEqual(["own first", "own second", "to all"]);
    // The push found Socket.IO's writes still on their way: it went the same way, behind them.
    expect(out.fanOut).toEqual({ direct: 0, engine: 1 });
    out.toPhones(SESSION, "prompt:current", prompt("once idle"));
    await expect.poll(() => everything.length).toBe(4);
  });

  it("sends through Socket.IO to a phone on long-polling", async () => {
    const { spaces, phone } = await roomOf(1);
    const polling: unknown[][] = [];
    await phone("polling", polling);
    const out = socketOutbound(spaces);
    out.toPhones(SESSION, "prompt:current", prompt("to both"));
    await expect.poll(() => polling).toEqual([["prompt:current", prompt("to both")]]);
    expect(out.fanOut).toEqual({ direct: 1, engine: 1 });
  });
});


/**
 * The facilitator's side of a journey, from Node through the app's own doors,
 * as e2e/support/seed.ts does it for the Playwright suite (that module imports
 * Playwright, so it is not reused here): sign-up and a new session over the
 * JSON routes, then one console socket per session that takes it live, pushes
 * prompts, ends it, and keeps the latest pulse it is sent.
 */
import { randomUUID } from "node:crypto";
import { io, type Socket } from "socket.io-client";
import { NAMESPACES, PROTOCOL_VERSION, type ConsoleClientEvents, type ConsolePushes } from "../lib/protocol/events.ts";
import type { Pulse } from "../lib/pulse.ts";
import { request, type AckOf, type RequestPayload } from "../lib/protocol/registry.ts";
import type { SessionView } from "../lib/protocol/views.ts";
import { AUTH_COOKIE } from "../server/auth/cookie.ts";
import { within } from "./drivers/phone.ts";

type ConsoleSocket = Socket<ConsolePushes, ConsoleClientEvents>;
type ConsoleEvent = keyof ConsoleClientEvents;
type ConsoleData<E extends ConsoleEvent> = Extract<AckOf<ConsoleClientEvents[E]>, { ok: true }>["data"];

export interface Facilitator {
  origin: string;
  /** `attune_auth=<token>`: the sign-in, as a browser would send it. */
  cookie: string;
}

/** Every JSON route accepts only requests from Attune's own pages. */
const fromConsole = (facilitator: Pick<Facilitator, "origin"> & Partial<Facilitator>) => ({
  origin: facilitator.origin,
  "content-type": "application/json",
  ...(facilitator.cookie ? { cookie: facilitator.cookie } : {}),
});

export async function signUp(origin: string): Promise<Facilitator> {
  const response = await fetch(`${origin}/api/auth/signup`, {
    method: "POST",
    headers: fromConsole({ origin }),
    body: JSON.stringify({ email: `trainer-${randomUUID()}@example.org`, password: "a long enough password" }),
    signal: AbortSignal.timeout(15_000),
  });
  if (response.status !== 201) throw new Error(`sign-up answered ${response.status}: ${await response.text()}`);
  const token = response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .find((pair) => pair.startsWith(`${AUTH_COOKIE}=`));
  if (!token) throw new Error("sign-up set no sign-in cookie");
  return { origin, cookie: token };
}

export interface ConsoleSession {
  id: string;
  code: string;
  /** The latest pulse the console was sent (pulse:update), or read (session:watch). */
  pulse(): Pulse;
  /** Reads the pulse afresh from the server (session:watch). */
  watch(): Promise<Pulse>;
  push(text: string): Promise<void>;
  end(): Promise<void>;
  close(): void;
}

/** A new session, taken live, with a console socket watching it. */
export async function liveSession(facilitator: Facilitator, title: string): Promise<ConsoleSession> {
  const created = await fetch(`${facilitator.origin}/api/sessions`, {
    method: "POST",
    headers: fromConsole(facilitator),
    body: JSON.stringify({ title }),
    signal: AbortSignal.timeout(15_000),
  });
  if (created.status !== 201) throw new Error(`creating a session answered ${created.status}: ${await created.text()}`);
  const draft = ((await created.json()) as { data: SessionView }).data;

  const socket: ConsoleSocket = io(facilitator.origin + NAMESPACES.console, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    auth: { v: PROTOCOL_VERSION },
    // The handshake is checked like a browser's: its sign-in cookie and its page's origin.
    extraHeaders: { cookie: facilitator.cookie, origin: facilitator.origin },
  });
  try {
    await within(
      "the console socket to connect",
      15_000,
      new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", (err) => reject(new Error(`console socket refused: ${err.message}`)));
      }),
    );
    const ask = async <E extends ConsoleEvent>(event: E, payload: RequestPayload<ConsoleClientEvents[E]>): Promise<ConsoleData<E>> => {
      const ack = await request(socket, event, payload, 15_000);
      if (!ack.ok) throw new Error(`${event} refused: ${ack.error.code}: ${ack.error.message}`);
      return ack.data;
    };
    const sessionId = draft.id;
    const live = await ask("session:start", { sessionId });
    if (live.status !== "live" || !live.joinCode) throw new Error(`session:start left the session ${live.status}`);
    let latest = (await ask("session:watch", { sessionId })).pulse;
    socket.on("pulse:update", ({ sessionId: of, pulse }) => {
      if (of === sessionId && pulse.at >= latest.at) latest = pulse;
    });
    return {
      id: sessionId,
      code: live.joinCode,
      pulse: () => latest,
      async watch() {
        latest = (await ask("session:watch", { sessionId })).pulse;
        return latest;
      },
      async push(text) {
        await ask("prompt:push", { sessionId, source: { kind: "text", text } });
      },
      async end() {
        await ask("session:end", { sessionId });
      },
      close: () => void socket.disconnect(),
    };
  } catch (error) {
    socket.disconnect();
    throw error;
  }
}

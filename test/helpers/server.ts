/**
 * Integration helpers: a real Attune server on port 0 with a database of its
 * own (SQLite, or PostgreSQL with ATTUNE_TEST_DATABASE=postgres), and real
 * socket.io-client connections to it.
 */
import { afterAll, afterEach, beforeAll } from "vitest";
import { io, type Socket } from "socket.io-client";
import type { Ack } from "../../lib/protocol/errors.ts";
import {
  NAMESPACES,
  PROTOCOL_VERSION,
  type ConsoleClientEvents,
  type ConsolePushes,
  type DisplayClientEvents,
  type DisplayPushes,
  type ParticipantClientEvents,
  type ParticipantPushes,
} from "../../lib/protocol/events.ts";
import { request } from "../../lib/protocol/registry.ts";
import type { ParticipantSnapshot } from "../../lib/protocol/views.ts";
import { startAttune, type AttuneServer, type StartOptions } from "../../server/app.ts";
import type { ManualClock } from "../../server/live/clock.ts";
import { LiveSessions } from "../../server/live/live-sessions.ts";
import { AUTH_COOKIE } from "../../server/auth/accounts.ts";
import { parseEnv } from "../../server/env.ts";
import { freshDatabase, type TestDatabase } from "./database.ts";

export { request };
export type ParticipantClient = Socket<ParticipantPushes, ParticipantClientEvents>;
export type FacilitatorClient = Socket<ConsolePushes, ConsoleClientEvents>;

export interface TestServer extends AttuneServer {
  database: TestDatabase;
  stop(): Promise<void>;
}

export async function startTestServer(options: StartOptions = {}, settings: Record<string, string> = {}): Promise<TestServer> {
  const database = await freshDatabase("it");
  const env = parseEnv({ NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1", DATABASE_URL: database.url, ...settings });
  const server = await startAttune(env, { withNext: false, ...options });
  return Object.assign(server, {
    database,
    async stop() {
      try {
        await server.close();
        await new Promise<void>((resolve) => server.http.close(() => resolve()));
      } finally {
        await database.drop();
      }
    },
  });
}

/**
 * One server for a test file: started before its tests (handed to `set`), the
 * clients of each test closed after it, stopped after the last.
 *
 *   let server!: TestServer;
 *   serverForThisFile((started) => (server = started));
 */
export function serverForThisFile(set: (server: TestServer) => void, options: StartOptions = {}, settings: Record<string, string> = {}): void {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer(options, settings);
    set(server);
  });
  afterEach(() => closeClients());
  afterAll(async () => {
    await server?.stop();
  });
}

let accountCounter = 0;

/** A signed-up facilitator, seeded through the domain rather than clicked through. */
export async function signedUpFacilitator(server: AttuneServer) {
  accountCounter += 1;
  const signed = await server.services.accounts.signUp(`trainer${accountCounter}-${Date.now()}@example.org`, "correct horse battery");
  return { ...signed, cookie: `${AUTH_COOKIE}=${signed.token}` };
}

const clients: Socket[] = [];

export function facilitatorClient(server: AttuneServer, cookie?: string, namespace: string = NAMESPACES.console): FacilitatorClient {
  const socket: FacilitatorClient = io(server.url + namespace, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    extraHeaders: cookie ? { cookie } : {},
    auth: { v: PROTOCOL_VERSION },
  });
  clients.push(socket);
  return socket;
}

export function participantClient(server: AttuneServer, auth: Record<string, unknown>, options: { reconnection?: boolean } = {}): ParticipantClient {
  const socket: ParticipantClient = io(server.url + NAMESPACES.participant, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: options.reconnection ?? false,
    auth: { v: PROTOCOL_VERSION, ...auth },
  });
  clients.push(socket);
  return socket;
}

/** `n` phones joined to the session with this code. */
export async function joinedPhones(server: AttuneServer, code: string, n: number): Promise<ParticipantClient[]> {
  const all = Array.from({ length: n }, () => participantClient(server, { code }));
  await Promise.all(all.map(joined));
  return all;
}

/** A room display's socket, signed in as the facilitator (not yet connected). */
export function displayClient(server: AttuneServer, cookie: string): Socket<DisplayPushes, DisplayClientEvents> {
  return facilitatorClient(server, cookie, NAMESPACES.display) as unknown as Socket<DisplayPushes, DisplayClientEvents>;
}

export function closeClients(): void {
  for (const socket of clients.splice(0)) socket.disconnect();
}

export function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.connected) return resolve();
    socket.once("connect", () => resolve());
    socket.once("connect_error", (err) => reject(err));
  });
}

/** Resolves with the first snapshot a phone is sent after it connects. */
export function joined(socket: ParticipantClient): Promise<ParticipantSnapshot> {
  return new Promise((resolve, reject) => {
    socket.once("session:snapshot", resolve);
    socket.once("connect_error", reject);
  });
}

export function refused(socket: Socket): Promise<{ message: string; data?: { code: string; message: string } }> {
  return new Promise((resolve, reject) => {
    socket.once("connect", () => reject(new Error("connected, but should have been refused")));
    socket.once("connect_error", (err) => resolve(err as never));
  });
}

/**
 * Untyped on purpose, for tests that attack the server: any event, any
 * arguments (or none). Everything else uses the typed `request`.
 */
export async function rawRequest(socket: Socket, event: string, ...args: unknown[]): Promise<Ack<unknown>> {
  const emitter = socket.timeout(5_000) as unknown as { emitWithAck: (e: string, ...args: unknown[]) => Promise<Ack<unknown>> };
  return emitter.emitWithAck(event, ...args);
}

export function expectOk<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`expected ok, got ${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

/** A facilitator with a live session, ready for phones. */
export async function liveSession(server: AttuneServer, title = "Breakthrough practice") {
  const facilitator = await signedUpFacilitator(server);
  const session = await server.services.sessions.create(facilitator.facilitator.id, title);
  const console = facilitatorClient(server, facilitator.cookie);
  await connected(console);
  const started = expectOk(await request(console, "session:start", { sessionId: session.id }));
  expectOk(await request(console, "session:watch", { sessionId: session.id }));
  return { facilitator, sessionId: session.id, code: started.joinCode!, joinKey: started.joinKey!, console };
}

export function nextEvent<T>(socket: Socket, event: string, predicate: (payload: T) => boolean = () => true, timeoutMs = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: T) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

/**
 * Live sessions on this server's database with their own clock and nobody
 * listening, as another process (or a restarted one) would hold them.
 */
export function liveSessionsOn(server: AttuneServer, clock: ManualClock): LiveSessions {
  return new LiveSessions(server.services.db, {
    clock,
    outbound: { toPhones() {}, toConsoles() {}, toDisplays() {}, toPhoneSocket() {}, toConsolesExcept() {}, disconnectPhones() {} },
    sessions: server.services.sessions,
    checkIns: server.services.checkIns,
  });
}

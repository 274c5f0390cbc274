/**
 * Rate limits across nodes: two nodes sharing Redis share one budget, and a
 * Redis that is down or stuck leaves each node counting on its own, answering
 * at once rather than refusing everyone or hanging. Behind a proxy, an
 * address's budget follows the address the proxy saw, never one a client
 * claims.
 */
import { Redis } from "ioredis";
import { io, type Socket } from "socket.io-client";
import { NAMESPACES, PROTOCOL_VERSION } from "../lib/protocol/events.ts";
import { CLIENT_ADDRESS_HEADER } from "../server/client-address.ts";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLimitStore, type Limit } from "../server/rate-limit.ts";
import { DEFAULT_JOIN_LIMITS } from "../server/realtime/join-gate.ts";
import { startRedis, type TestRedis } from "./helpers/redis.ts";
import { closeClients, liveSession, participantClient, refused, startTestServer, type TestServer } from "./helpers/server.ts";

let redis: TestRedis;
let admin: Redis;
const clients: Redis[] = [];

/** A client as server/app.ts makes one (it retries forever, queueing commands meanwhile), once ready. */
async function nodeClient(): Promise<Redis> {
  const client = new Redis(redis.url, { maxRetriesPerRequest: null, retryStrategy: () => 100 });
  client.on("error", () => {});
  clients.push(client);
  await ready(client);
  return client;
}

const ready = (client: Redis) => (client.status === "ready" ? null : new Promise((resolve) => client.once("ready", resolve)));

beforeAll(async () => {
  redis = await startRedis();
  admin = await nodeClient();
});
beforeEach(async () => {
  await admin.flushall();
});
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await redis?.stop();
});

const takes = async (limit: Limit, key: string, n: number) => {
  const answers: boolean[] = [];
  for (let i = 0; i < n; i++) answers.push(await limit.take(key));
  return answers;
};

describe("two nodes sharing Redis", () => {
  let a: TestServer | null = null;
  let b: TestServer | null = null;
  afterEach(async () => {
    closeClients();
    await b?.stop();
    await a?.stop();
    a = b = null;
  });

  it("wrong join codes split across both nodes run out at the same total as on one node", async () => {
    const joinLimits = { ...DEFAULT_JOIN_LIMITS, guessBurst: 6, guessEverySeconds: 60 };
    a = await startTestServer({ joinLimits }, { REDIS_URL: redis.url });
    b = await startTestServer({ joinLimits }, { REDIS_URL: redis.url, DATABASE_URL: a.database.url });
    const { code } = await liveSession(a);
    const answers: string[] = [];
    for (let i = 0; i < 8; i++) {
      const node = i % 2 === 0 ? a : b;
      answers.push((await refused(participantClient(node, { code: "XXXXXX" }))).data?.code ?? "");
    }
    expect(answers).toEqual([...Array(6).fill("CODE_NOT_FOUND"), "RATE_LIMITED", "RATE_LIMITED"]);
    // The right code, typed from this address on either node: refused like a wrong one.
    for (const node of [a, b]) expect((await refused(participantClient(node, { code }))).data?.code).toBe("RATE_LIMITED");
  });

  it("sign-in guesses at one account from one address are counted once over both nodes", async () => {
    a = await startTestServer({}, { REDIS_URL: redis.url });
    b = await startTestServer({}, { REDIS_URL: redis.url, DATABASE_URL: a.database.url });
    await a.services.accounts.signUp("max@example.org", "a long password", "203.0.113.40");
    const codes: string[] = [];
    for (let i = 0; i < 11; i++) {
      const node = i % 2 === 0 ? a : b;
      codes.push(await node.services.accounts.signIn("max@example.org", `guess ${i}`, "198.51.100.40").then(() => "OK", (e: { code: string }) => e.code));
    }
    expect(codes).toEqual([...Array(10).fill("UNAUTHORIZED"), "RATE_LIMITED"]);
  });
});

describe("limit stores on Redis", () => {
  it("count one budget for every node, and keep limits with other names apart", async () => {
    const window = { points: 4, seconds: 60 };
    const onA = createLimitStore(await nodeClient()).limit("shared", window);
    const onB = createLimitStore(await nodeClient()).limit("shared", window);
    const other = createLimitStore(await nodeClient()).limit("other", window);
    expect([...(await takes(onA, "k", 2)), ...(await takes(onB, "k", 2))]).toEqual([true, true, true, true]);
    expect(await onA.remaining("k")).toBe(0);
    expect(await other.remaining("k")).toBe(4);
    await onB.giveBack("k");
    expect(await onA.remaining("k")).toBe(1);
    expect(await onA.take("k")).toBe(true);
    expect(await onB.take("k")).toBe(false);
    await onA.forget("k");
    expect(await onB.remaining("k")).toBe(4);
  });

  it("while Redis is down, each node counts on its own and answers at once; then the shared count is back", async () => {
    const fellBack: string[] = [];
    const window = { points: 3, seconds: 60 };
    const store = async (node: string) => createLimitStore(await nodeClient(), { onFallback: () => fellBack.push(node) });
    const onA = (await store("a")).limit("outage", window);
    const onB = (await store("b")).limit("outage", window);
    expect([...(await takes(onA, "k", 2)), ...(await takes(onB, "k", 1))]).toEqual([true, true, true]);
    expect(await onA.remaining("k")).toBe(0);

    // Redis goes away; the clients notice and reconnect in a loop.
    const killer = new Redis(redis.url, { retryStrategy: () => null, maxRetriesPerRequest: 0, autoResendUnfulfilledCommands: false });
    killer.on("error", () => {});
    await killer.call("SHUTDOWN", "NOSAVE").catch(() => {});
    killer.disconnect();
    await Promise.all(clients.map((client) => (client.status === "ready" ? new Promise((resolve) => client.once("close", resolve)) : null)));
    try {
      const started = performance.now();
      // Each node's own count, which starts afresh: the budget per node, not refusal.
      expect(await takes(onA, "k", 4)).toEqual([true, true, true, false]);
      expect(await takes(onB, "k", 4)).toEqual([true, true, true, false]);
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(fellBack.sort()).toEqual(["a", "b"]);
    } finally {
      await redis.restart();
    }
    await Promise.all(clients.map(ready));
    // Back on Redis (restarted empty): one budget again.
    expect([...(await takes(onA, "k", 2)), ...(await takes(onB, "k", 2))]).toEqual([true, true, true, false]);
  });

  it("a Redis that is connected but does not answer costs a limit its timeout, not the request", async () => {
    const window = { points: 2, seconds: 60 };
    const limit = createLimitStore(await nodeClient(), { redisTimeoutMs: 200, onFallback: () => {} }).limit("stuck", window);
    expect(await limit.take("k")).toBe(true);
    const pauser = await nodeClient();
    await pauser.call("CLIENT", "PAUSE", "1500", "ALL");
    const started = performance.now();
    expect(await takes(limit, "k", 3)).toEqual([true, true, false]);
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(3 * 190);
    expect(took).toBeLessThan(1_200);
  });
});

describe("the client's address behind a proxy", () => {
  let server: TestServer | null = null;
  const phones: Socket[] = [];
  afterEach(async () => {
    for (const phone of phones.splice(0)) phone.close();
    await server?.stop();
    server = null;
  });

  /** A phone typing a wrong code, its handshake carrying this X-Forwarded-For. */
  const wrongCodeVia = async (s: TestServer, forwardedFor: string) => {
    const phone = io(s.url + NAMESPACES.participant, {
      transports: ["websocket"],
      forceNew: true,
      reconnection: false,
      extraHeaders: { "x-forwarded-for": forwardedFor },
      auth: { v: PROTOCOL_VERSION, code: "XXXXXX" },
    });
    phones.push(phone);
    return (await refused(phone)).data?.code;
  };

  /** The address the server stamps for the routes, for a request with these headers. */
  const stampedFor = async (s: TestServer, headers: Record<string, string>) => {
    const seen = new Promise<unknown>((resolve) => s.http.once("request", (req) => resolve(req.headers[CLIENT_ADDRESS_HEADER])));
    await (await fetch(`${s.url}/nothing-here`, { headers })).arrayBuffer();
    return seen;
  };

  const joinLimits = { ...DEFAULT_JOIN_LIMITS, guessBurst: 3, guessEverySeconds: 60 };

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", async () => {
    server = await startTestServer({ joinLimits });
    const answers = [];
    for (let i = 1; i <= 4; i++) answers.push(await wrongCodeVia(server, `203.0.113.${i}`));
    expect(answers).toEqual(["CODE_NOT_FOUND", "CODE_NOT_FOUND", "CODE_NOT_FOUND", "RATE_LIMITED"]);
    expect(await stampedFor(server, { "x-forwarded-for": "203.0.113.9", [CLIENT_ADDRESS_HEADER]: "203.0.113.10" })).toBe("127.0.0.1");
  });

  it("from a trusted proxy, counts each client by the address the proxy appended", async () => {
    server = await startTestServer({ joinLimits }, { TRUSTED_PROXY: "127.0.0.1" });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await wrongCodeVia(server, "203.0.113.1"));
    expect(answers).toEqual(["CODE_NOT_FOUND", "CODE_NOT_FOUND", "CODE_NOT_FOUND", "RATE_LIMITED"]);
    // Another client behind the same proxy has its own budget.
    expect(await wrongCodeVia(server, "203.0.113.2")).toBe("CODE_NOT_FOUND");
    // Entries the client wrote itself, left of the proxy's, change nothing.
    expect(await wrongCodeVia(server, "198.51.100.77, 203.0.113.1")).toBe("RATE_LIMITED");
    expect(await stampedFor(server, { "x-forwarded-for": "198.51.100.77, 203.0.113.9" })).toBe("203.0.113.9");
    expect(await stampedFor(server, {})).toBe("127.0.0.1");
  });
});

/**
 * One session served by two nodes sharing Redis and the database: the console
 * on one node, phones on both. Counts, prompts and the end reach everyone,
 * each check-in counted once wherever it was stored.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PromptView } from "../lib/protocol/views.ts";
import type { Pulse } from "../lib/pulse.ts";
import { startRedis, type TestRedis } from "./helpers/redis.ts";
import {
  closeClients,
  expectOk,
  joined,
  liveSession,
  nextEvent,
  participantClient,
  request,
  startTestServer,
  type TestServer,
} from "./helpers/server.ts";

let redis: TestRedis;
let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  redis = await startRedis();
  a = await startTestServer({}, { REDIS_URL: redis.url });
  b = await startTestServer({}, { REDIS_URL: redis.url, DATABASE_URL: a.database.url });
});
afterAll(async () => {
  closeClients();
  await b?.stop();
  await a?.stop();
  await redis?.stop();
});

const pulseWhere = (socket: Parameters<typeof nextEvent>[0], test: (pulse: Pulse) => boolean) =>
  nextEvent<{ pulse: Pulse }>(socket, "pulse:update", ({ pulse }) => test(pulse), 10_000);

describe("a session across two nodes", () => {
  it("counts phones on both nodes, sends a prompt pushed on one to phones on the other, and counts every check-in once", async () => {
    const { code, sessionId, console } = await liveSession(a);
    const onA = [participantClient(a, { code }), participantClient(a, { code })];
    const onB = [participantClient(b, { code }), participantClient(b, { code })];
    const everyoneHere = pulseWhere(console, (p) => p.present === 4);
    await Promise.all([...onA, ...onB].map(joined));
    await everyoneHere;

    const arrived = onB.map((phone) => nextEvent<PromptView | null>(phone, "prompt:current"));
    const pushed = expectOk(await request(console, "prompt:push", { sessionId, source: { kind: "technique", technique: "gentle-nudge" } }));
    for (const prompt of await Promise.all(arrived)) expect(prompt?.id).toBe(pushed.id);
    // A phone joining the other node later is shown the current prompt.
    const late = await joined(participantClient(b, { code }));
    expect(late.prompt?.id).toBe(pushed.id);

    const counted = pulseWhere(console, (p) => p.totalCount === 6);
    const taps = [...onA, ...onB, ...onB].map((phone, i) =>
      request(phone, "checkin:send", { id: randomUUID(), signal: i % 2 ? "i-see" : "moved", ageMs: 0 }),
    );
    for (const ack of await Promise.all(taps)) expectOk(ack);
    const { pulse } = await counted;
    expect(pulse.total).toMatchObject({ "i-see": 3, moved: 3 });
    expect(await a.services.db.checkIn.count({ where: { sessionId } })).toBe(6);
  });

  it("an end on one node reaches phones on the other, whose code then stops working there too", async () => {
    const { code, sessionId, console } = await liveSession(a);
    const phone = participantClient(b, { code });
    await joined(phone);
    const told = nextEvent(phone, "session:ended");
    expectOk(await request(console, "session:end", { sessionId }));
    await told;
    const again = participantClient(b, { code });
    const refusedThere = await new Promise<{ data?: { code: string } }>((resolve) => again.once("connect_error", (err) => resolve(err as never)));
    expect(refusedThere.data?.code).toBe("SESSION_NOT_LIVE");
  });

  it("a console on the other node sees the same present count, not its own node's share", async () => {
    const { code, sessionId, facilitator } = await liveSession(a);
    await Promise.all([participantClient(a, { code }), participantClient(a, { code }), participantClient(b, { code })].map(joined));
    const { facilitatorClient, connected } = await import("./helpers/server.ts");
    const consoleOnB = facilitatorClient(b, facilitator.cookie);
    await connected(consoleOnB);
    const snapshot = expectOk(await request(consoleOnB, "session:watch", { sessionId }));
    if (snapshot.pulse.present !== 3) await pulseWhere(consoleOnB, (p) => p.present === 3);
  });
});

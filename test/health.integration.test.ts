/**
 * What a load balancer sees: health and readiness, and a stop that loses no
 * acknowledged tap and lets phones reconnect elsewhere.
 */
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../server/live/clock.ts";
import { closeClients, joined, liveSession, nextEvent, participantClient, request, startTestServer, type TestServer } from "./helpers/server.ts";

let server: TestServer | null = null;
afterEach(async () => {
  closeClients();
  await server?.stop().catch(() => {});
  server = null;
});

describe("health", () => {
  it("answers /healthz while the process is up and /readyz while the database answers", async () => {
    server = await startTestServer();
    const health = await fetch(`${server.url}/healthz`);
    expect([health.status, await health.text()]).toEqual([200, "ok"]);
    const ready = await fetch(`${server.url}/readyz`);
    expect([ready.status, await ready.text()]).toEqual([200, "ready"]);
    await server.services.db.$disconnect();
    // Prisma reconnects on demand; a closed database file would not. Readiness asks every time.
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });
});

describe("stopping", () => {
  it("stores what is queued and acknowledges it before the sockets close, and phones are not told to stay away", async () => {
    // A clock that never moves: the writer's batch timer never fires, so taps wait in its queue.
    server = await startTestServer({ clock: new ManualClock(Date.now()) });
    const { code, sessionId } = await liveSession(server);
    const phone = participantClient(server, { code });
    await joined(phone);
    const taps = Array.from({ length: 15 }, () => request(phone, "checkin:send", { id: randomUUID(), signal: "moved", ageMs: 0 }));
    await expect.poll(() => server!.services.checkIns.queued).toBe(15);
    const disconnected = nextEvent<string>(phone, "disconnect");
    const stopping = server.close();
    const acks = await Promise.all(taps);
    const reason = await disconnected;
    await stopping;
    const acked = acks.filter((a) => a.ok).length;
    expect(acked).toBe(15);
    // A transport close, which the client answers by reconnecting (not "io server disconnect").
    expect(reason).toBe("transport close");
    const { createDb } = await import("../server/db/client.ts");
    const db = createDb(server.services.env.database);
    expect(await db.checkIn.count({ where: { sessionId } })).toBe(15);
    await db.$disconnect();
  });
});

/**
 * The live core through real sockets: one ack per request whatever is sent,
 * sign-outs that take effect at once, and rules that hold in the database
 * when another process changes the session.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashToken } from "../server/auth/tokens.ts";
import { createDb } from "../server/db/client.ts";
import { Sessions } from "../server/domain/sessions.ts";
import { ManualClock } from "../server/live/clock.ts";
import {
  connected,
  expectOk,
  facilitatorClient,
  joined,
  liveSession,
  liveSessionsOn,
  nextEvent,
  participantClient,
  rawRequest,
  refused,
  request,
  serverForThisFile,
  signedUpFacilitator,
  type TestServer,
} from "./helpers/server.ts";

let server!: TestServer;
serverForThisFile((started) => (server = started));

describe("exactly one answer per request", () => {
  it("a request with an extra argument is refused and answered, and stores nothing", async () => {
    const { code, sessionId } = await liveSession(server);
    const phone = participantClient(server, { code });
    await joined(phone);
    const ack = await rawRequest(phone, "checkin:send", { id: randomUUID(), signal: "i-see", ageMs: 0 }, "extra");
    expect(ack).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    expect(await server.services.db.checkIn.count({ where: { sessionId } })).toBe(0);
  });

  it("a request without an ack callback changes nothing, since nobody could be told", async () => {
    const { code, sessionId } = await liveSession(server);
    const phone = participantClient(server, { code });
    await joined(phone);
    phone.emit("checkin:send", { id: randomUUID(), signal: "i-see", ageMs: 0 } as never, undefined as never);
    (phone as unknown as { emit(e: string, p: unknown): void }).emit("checkin:send", { id: randomUUID(), signal: "moved", ageMs: 0 });
    // A later request on the same socket is answered, so the earlier ones were seen by now.
    expectOk(await request(phone, "checkin:send", { id: randomUUID(), signal: "ready-to-act", ageMs: 0 }));
    const rows = await server.services.db.checkIn.findMany({ where: { sessionId } });
    expect(rows.map((r) => r.signal)).toEqual(["ready-to-act"]);
  });

  it("a check-in id in capitals is the same id", async () => {
    const { code, sessionId } = await liveSession(server);
    const phone = participantClient(server, { code });
    await joined(phone);
    const id = randomUUID();
    expect(expectOk(await request(phone, "checkin:send", { id, signal: "moved", ageMs: 0 })).duplicate).toBe(false);
    expect(expectOk(await request(phone, "checkin:send", { id: id.toUpperCase(), signal: "moved", ageMs: 0 })).duplicate).toBe(true);
    expect(await server.services.db.checkIn.count({ where: { sessionId } })).toBe(1);
  });
});

describe("signing out", () => {
  it("cuts off the open console and room display at once: they can no longer act", async () => {
    const facilitator = await signedUpFacilitator(server);
    const session = await server.services.sessions.create(facilitator.facilitator.id, "Signed out");
    const console = facilitatorClient(server, facilitator.cookie);
    const display = facilitatorClient(server, facilitator.cookie, "/display");
    await Promise.all([connected(console), connected(display)]);
    const told = [nextEvent(console, "auth:ended"), nextEvent(display, "auth:ended")];
    const gone = [nextEvent(console, "disconnect"), nextEvent(display, "disconnect")];
    await server.services.signOut(facilitator.token);
    await Promise.all([...told, ...gone]);
    expect(console.connected).toBe(false);
    // The cookie opens nothing any more.
    expect((await refused(facilitatorClient(server, facilitator.cookie))).data?.code).toBe("UNAUTHORIZED");
    expect((await server.services.db.session.findUniqueOrThrow({ where: { id: session.id } })).status).toBe("draft");
  });

  it("an expired sign-in loses its open console when it expires", async () => {
    const facilitator = await signedUpFacilitator(server);
    await server.services.db.authSession.update({
      where: { tokenHash: hashToken(facilitator.token) },
      data: { expiresAt: new Date(Date.now() + 1_000) },
    });
    const console = facilitatorClient(server, facilitator.cookie);
    await connected(console);
    await nextEvent(console, "disconnect");
    expect(console.connected).toBe(false);
  });
});

describe("rules that hold across processes", () => {
  it("a prompt cannot be pushed to a session another process has just ended", async () => {
    const { sessionId, console } = await liveSession(server);
    // Another process, with its own connection to the same database.
    const other = createDb(server.services.env.database);
    await new Sessions(other).end(sessionId, new Date());
    const ack = await request(console, "prompt:push", { sessionId, source: { kind: "text", text: "after the end" } });
    expect(ack).toMatchObject({ ok: false, error: { code: "SESSION_NOT_LIVE" } });
    expect(await server.services.db.prompt.count({ where: { sessionId } })).toBe(0);
    await other.$disconnect();
  });

  it("a second Go live from another process keeps the first code", async () => {
    const facilitator = await signedUpFacilitator(server);
    const session = await server.services.sessions.create(facilitator.facilitator.id, "Twice, two processes");
    const other = createDb(server.services.env.database);
    const [a, b] = await Promise.all([
      server.services.sessions.start(session.id, new Date()),
      new Sessions(other).start(session.id, new Date()),
    ]);
    expect(a.joinCode).toBe(b.joinCode);
    await other.$disconnect();
  });
});

describe("memory", () => {
  it("drops a session nobody is connected to once its pulse has stopped moving, and reloads it on demand", async () => {
    const { sessionId } = await liveSession(server);
    const clock = new ManualClock(Date.now());
    const live = liveSessionsOn(server, clock);
    try {
      const session = await live.get(sessionId);
      session.arrive("phone");
      await clock.advance(5 * 60_000);
      expect(live.size).toBe(1); // someone is there
      session.depart("phone");
      await clock.advance(30_000);
      expect(live.size).toBe(1); // not for long enough
      await clock.advance(60_000);
      expect(live.size).toBe(0);
      expect((await live.get(sessionId)).status).toBe("live");
    } finally {
      live.close();
    }
  });
});

describe("a session left live", () => {
  it("ends on its own after a day without use, and its code stops working", async () => {
    const { code, sessionId } = await liveSession(server);
    const clock = new ManualClock(Date.now() + 25 * 60 * 60_000);
    const live = liveSessionsOn(server, clock);
    try {
      expect(await live.endIdle()).toContain(sessionId);
    } finally {
      live.close();
    }
    expect((await server.services.db.session.findUniqueOrThrow({ where: { id: sessionId } })).status).toBe("ended");
    expect((await refused(participantClient(server, { code }))).data?.code).toBe("SESSION_NOT_LIVE");
  });

  it("is not ended while it is in use", async () => {
    const { code, sessionId } = await liveSession(server);
    const phone = participantClient(server, { code });
    await joined(phone);
    expectOk(await request(phone, "checkin:send", { id: randomUUID(), signal: "moved", ageMs: 0 }));
    expect(await server.services.sessions.idleSince(new Date(Date.now() - 60 * 60_000))).not.toContain(sessionId);
  });
});


import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { PromptView } from "../lib/protocol/views.ts";
import type { Pulse } from "../lib/pulse.ts";
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

/** Live sessions loaded afresh from this server's database, as a restarted process would. */
function freshLiveSessions(at: number) {
  const sessions = liveSessionsOn(server, new ManualClock(at));
  sessions.close();
  return sessions;
}

const storedCount = (sessionId: string) => server.services.db.checkIn.count({ where: { sessionId } });

describe("joining", () => {
  it("a phone with the live code joins and gets a snapshot with the palette and a resume token", async () => {
    const { code } = await liveSession(server);
    const phone = participantClient(server, { code: code.toLowerCase() });
    const snapshot = await joined(phone);
    expect(snapshot.session.code).toBe(code);
    expect(snapshot.palette.map((s) => s.label)).toEqual([
      "Energy shift",
      "I see!",
      "Need silence",
      "Going deeper",
      "Moved",
      "Overwhelmed",
      "Need a break",
      "Ready to act",
    ]);
    expect(snapshot.resumeToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(snapshot.prompt).toBeNull();
  });

  it("a wrong code is refused with a clear message", async () => {
    const err = await refused(participantClient(server, { code: "XXXXXX" }));
    expect(err.data?.code).toBe("CODE_NOT_FOUND");
    expect(err.message).toMatch(/no live session/i);
  });

  it("a malformed handshake is refused", async () => {
    const err = await refused(participantClient(server, { code: 42 }));
    expect(err.data?.code).toBe("CODE_NOT_FOUND");
  });

  it("a resume token brings a phone back as the same participant, and only its hash is stored", async () => {
    const { code, sessionId } = await liveSession(server);
    const first = await joined(participantClient(server, { code }));
    const again = await joined(participantClient(server, { code, resumeToken: first.resumeToken }));
    expect(again.resumeToken).toBe(first.resumeToken);
    const rows = await server.services.db.participant.findMany({ where: { sessionId } });
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(first.resumeToken);
  });

  it("an ended session's code stops working and its phones are told", async () => {
    const { code, sessionId, console } = await liveSession(server);
    const phone = participantClient(server, { code });
    await joined(phone);
    const told = nextEvent(phone, "session:ended");
    expectOk(await request(console, "session:end", { sessionId }));
    await told;
    const err = await refused(participantClient(server, { code }));
    expect(err.data).toEqual({ code: "SESSION_NOT_LIVE", message: "This session has ended." });
  });
});

describe("prompts", () => {
  it("a pushed technique reaches 50 phones, word for word", async () => {
    const { code, sessionId, console } = await liveSession(server);
    const phones = Array.from({ length: 50 }, () => participantClient(server, { code }));
    await Promise.all(phones.map(joined));
    const received = phones.map((p) => nextEvent<PromptView | null>(p, "prompt:current"));
    const before = { ...server.services.fanOut };
    const pushed = expectOk(
      await request(console, "prompt:push", { sessionId, source: { kind: "technique", technique: "gentle-nudge" } }),
    );
    const prompts = await Promise.all(received);
    expect(prompts).toHaveLength(50);
    for (const prompt of prompts) {
      expect(prompt?.id).toBe(pushed.id);
      expect(prompt?.body).toBe("I can see something is shifting for you. What are you experiencing right now?");
    }
    // One frame written straight to the phones (server/realtime/frame-fan-out.ts), Socket.IO's path for any still busy.
    const direct = server.services.fanOut.direct - before.direct;
    expect(direct + server.services.fanOut.engine - before.engine).toBe(50);
    expect(direct).toBeGreaterThan(0);
  });

  it("a phone that joins later sees the current prompt, and none once it is closed", async () => {
    const { code, sessionId, console } = await liveSession(server);
    expectOk(await request(console, "prompt:push", { sessionId, source: { kind: "text", text: "What did you notice? <b>not bold</b>" } }));
    const late = await joined(participantClient(server, { code }));
    expect(late.prompt?.body).toBe("What did you notice? <b>not bold</b>");
    expectOk(await request(console, "prompt:close", { sessionId }));
    const later = await joined(participantClient(server, { code }));
    expect(later.prompt).toBeNull();
  });

  it("a prompt cannot be pushed to a session that is not live", async () => {
    const facilitator = await signedUpFacilitator(server);
    const session = await server.services.sessions.create(facilitator.facilitator.id, "Draft");
    const console = facilitatorClient(server, facilitator.cookie);
    await connected(console);
    const ack = await request(console, "prompt:push", { sessionId: session.id, source: { kind: "technique", technique: "integration" } });
    expect(ack).toMatchObject({ ok: false, error: { code: "SESSION_NOT_LIVE" } });
  });
});

describe("facilitator actions on one session", () => {
  it("a double-clicked Go live hands out one code, and it works", async () => {
    const facilitator = await signedUpFacilitator(server);
    const session = await server.services.sessions.create(facilitator.facilitator.id, "Twice");
    const console = facilitatorClient(server, facilitator.cookie);
    await connected(console);
    const [a, b] = await Promise.all([
      request(console, "session:start", { sessionId: session.id }),
      request(console, "session:start", { sessionId: session.id }),
    ]);
    expect(expectOk(a).joinCode).toBe(expectOk(b).joinCode);
    await joined(participantClient(server, { code: expectOk(a).joinCode }));
  });

  it("a prompt pushed as the session ends never reaches an ended session", async () => {
    const { sessionId, console } = await liveSession(server);
    const [ended, pushed] = await Promise.all([
      request(console, "session:end", { sessionId }),
      request(console, "prompt:push", { sessionId, source: { kind: "text", text: "too late" } }),
    ]);
    expectOk(ended);
    expect(pushed).toMatchObject({ ok: false, error: { code: "SESSION_NOT_LIVE" } });
    expect(await server.services.db.prompt.count({ where: { sessionId, closedAt: null } })).toBe(0);
  });

  it("an oversized prompt gets an error ack and nothing is stored", async () => {
    const { sessionId, console } = await liveSession(server);
    const ack = await rawRequest(console, "prompt:push", { sessionId, source: { kind: "text", text: "x".repeat(10_000) } });
    expect(ack).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    expect(await server.services.db.prompt.count({ where: { sessionId } })).toBe(0);
  });
});

describe("check-ins", () => {
  it("is acknowledged only after it is in the database, without anything identifying", async () => {
    const { code, sessionId } = await liveSession(server);
    const phone = participantClient(server, { code });
    await joined(phone);
    const id = randomUUID();
    const ack = expectOk(await request(phone, "checkin:send", { id, signal: "i-see", ageMs: 0 }));
    expect(ack).toEqual({ id, duplicate: false, states: [] }); // states: this phone's own (none: I see! is momentary)
    // Checked the moment the ack arrives: durable before acknowledged.
    const rows = await server.services.db.checkIn.findMany({ where: { sessionId } });
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]).sort()).toEqual(["at", "clientId", "id", "sessionId", "signal"]);
    expect(rows[0]).toMatchObject({ clientId: id, signal: "i-see" });
  });

  it("the same id twice is stored once", async () => {
    const { code, sessionId } = await liveSession(server);
    const phone = participantClient(server, { code });
    await joined(phone);
    const id = randomUUID();
    const [a, b] = await Promise.all([
      request(phone, "checkin:send", { id, signal: "moved", ageMs: 0 }),
      request(phone, "checkin:send", { id, signal: "moved", ageMs: 0 }),
    ]);
    const c = await request(phone, "checkin:send", { id, signal: "moved", ageMs: 0 });
    expect([expectOk(a).duplicate, expectOk(b).duplicate].sort()).toEqual([false, true]);
    expect(expectOk(c).duplicate).toBe(true);
    expect(await storedCount(sessionId)).toBe(1);
  });

  it.each([
    ["no payload", undefined],
    ["a string", "i-see"],
    ["a missing id", { signal: "i-see", ageMs: 0 }],
    ["an id that is not a uuid", { id: "1", signal: "i-see", ageMs: 0 }],
    ["an unknown signal", { id: randomUUID(), signal: "not-on-palette", ageMs: 0 }],
    ["markup as signal", { id: randomUUID(), signal: "<img src=x>", ageMs: 0 }],
    ["a negative age", { id: randomUUID(), signal: "i-see", ageMs: -5 }],
    ["an extra field", { id: randomUUID(), signal: "i-see", ageMs: 0, participant: "me" }],
  ])("a malformed check-in (%s) gets an error ack and stores nothing", async (_label, payload) => {
    const { code, sessionId } = await liveSession(server);
    const phone = participantClient(server, { code });
    await joined(phone);
    const ack = payload === undefined ? await rawRequest(phone, "checkin:send") : await rawRequest(phone, "checkin:send", payload);
    expect(ack).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    expect(await storedCount(sessionId)).toBe(0);
  });

  it("an oversized payload is refused and the server carries on", async () => {
    const { code, sessionId } = await liveSession(server);
    const phone = participantClient(server, { code });
    await joined(phone);
    const gone = nextEvent(phone, "disconnect");
    phone.emit("checkin:send", { id: randomUUID(), signal: "i-see", ageMs: 0, pad: "x".repeat(64 * 1024) } as never, () => {});
    await gone;
    expect(await storedCount(sessionId)).toBe(0);
    const another = participantClient(server, { code });
    await joined(another);
    expectOk(await request(another, "checkin:send", { id: randomUUID(), signal: "i-see", ageMs: 0 }));
  });

  it("a tap flood is rate limited", async () => {
    const { code } = await liveSession(server);
    const phone = participantClient(server, { code });
    await joined(phone);
    const acks = await Promise.all(
      Array.from({ length: 40 }, () => request(phone, "checkin:send", { id: randomUUID(), signal: "i-see", ageMs: 0 })),
    );
    const limited = acks.filter((a) => !a.ok && a.error.code === "RATE_LIMITED");
    expect(limited.length).toBeGreaterThan(0);
    expect(acks.filter((a) => a.ok).length).toBeLessThanOrEqual(21);
  });

  it("check-ins reach the console as a coalesced pulse with the right counts", async () => {
    const { code, console } = await liveSession(server);
    const phones = Array.from({ length: 3 }, () => participantClient(server, { code }));
    await Promise.all(phones.map(joined));
    const updates: Pulse[] = [];
    console.on("pulse:update", ({ pulse }) => updates.push(pulse));
    const taps = [
      [phones[0], "i-see"],
      [phones[1], "i-see"],
      [phones[2], "energy-shift"],
      [phones[0], "need-silence"],
    ] as const;
    await Promise.all(taps.map(([p, signal]) => request(p, "checkin:send", { id: randomUUID(), signal, ageMs: 0 })));
    const pulse = await nextEvent<{ pulse: Pulse }>(console, "pulse:update", ({ pulse }) => pulse.totalCount === 4);
    expect(pulse.pulse.present).toBe(3);
    expect(pulse.pulse.recent).toMatchObject({ "i-see": 2, "energy-shift": 1, "need-silence": 1, moved: 0 });
    expect(pulse.pulse.total["i-see"]).toBe(2);
    // Four taps did not become four messages.
    expect(updates.length).toBeLessThan(4);
  });

  it("a reloading console gets the same pulse from the database", async () => {
    const { code, sessionId, console, facilitator } = await liveSession(server);
    const phone = participantClient(server, { code });
    await joined(phone);
    for (const signal of ["moved", "moved", "ready-to-act"]) {
      expectOk(await request(phone, "checkin:send", { id: randomUUID(), signal, ageMs: 0 }));
    }
    const live = expectOk(await request(console, "session:watch", { sessionId })).pulse;
    // A fresh process would rebuild the room from the database: compare against that.
    const rows = await server.services.db.checkIn.findMany({ where: { sessionId } });
    const { computePulse } = await import("../lib/pulse.ts");
    const fromDb = computePulse(
      rows.map((r) => ({ signal: r.signal, at: r.at.getTime() })),
      Object.keys(live.total),
      live.present,
      live.at,
    );
    expect(fromDb).toEqual(live);
    // And a live session rebuilt from the database alone, as after a restart, agrees too.
    const rebuilt = (await freshLiveSessions(live.at).get(sessionId)).currentPulse();
    expect({ ...rebuilt, present: live.present }).toEqual(live);
    const reloaded = facilitatorClient(server, facilitator.cookie);
    await connected(reloaded);
    const snapshot = expectOk(await request(reloaded, "session:watch", { sessionId }));
    expect(snapshot.pulse.total).toEqual(live.total);
  });
});

describe("long sessions", () => {
  it("old check-ins count in the totals while only recent ones are kept in memory", async () => {
    const { sessionId } = await liveSession(server);
    const hourAgo = new Date(Date.now() - 60 * 60_000);
    await server.services.db.checkIn.createMany({
      data: ["moved", "moved", "i-see"].map((signal) => ({ sessionId, clientId: randomUUID(), signal, at: hourAgo })),
    });
    await server.services.db.checkIn.create({ data: { sessionId, clientId: randomUUID(), signal: "moved", at: new Date() } });
    const pulse = (await freshLiveSessions(Date.now()).get(sessionId)).currentPulse();
    expect(pulse.total).toMatchObject({ moved: 3, "i-see": 1 });
    expect(pulse.recent).toMatchObject({ moved: 1, "i-see": 0 });
    expect(pulse.totalCount).toBe(4);
  });
});

describe("authorisation", () => {
  it("a participant's attempt at a facilitator event is refused and changes nothing", async () => {
    const { code, sessionId } = await liveSession(server);
    const phone = participantClient(server, { code });
    await joined(phone);
    const ack = await rawRequest(phone, "prompt:push", { sessionId, source: { kind: "text", text: "hijack" } });
    expect(ack).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await server.services.db.prompt.count({ where: { sessionId } })).toBe(0);
  });

  it("the facilitator namespace refuses a connection without a signed-in cookie", async () => {
    const err = await refused(facilitatorClient(server));
    expect(err.data?.code).toBe("UNAUTHORIZED");
    const forged = await refused(facilitatorClient(server, "attune_auth=forged"));
    expect(forged.data?.code).toBe("UNAUTHORIZED");
  });

  it("a page from another origin cannot ride a facilitator's cookie", async () => {
    const facilitator = await signedUpFacilitator(server);
    const { io } = await import("socket.io-client");
    const foreign = io(server.url + "/facilitator", {
      transports: ["websocket"],
      forceNew: true,
      reconnection: false,
      extraHeaders: { cookie: facilitator.cookie, origin: "http://evil.example" },
    });
    const err = await refused(foreign);
    foreign.close();
    expect(err.message).toMatch(/websocket error|forbidden|xhr/i);
    const own = facilitatorClient(server, facilitator.cookie);
    await connected(own);
  });

  it("a facilitator cannot watch or run another facilitator's session", async () => {
    const { sessionId } = await liveSession(server);
    const stranger = await signedUpFacilitator(server);
    const console = facilitatorClient(server, stranger.cookie);
    await connected(console);
    expect(await request(console, "session:watch", { sessionId })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await request(console, "session:end", { sessionId })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect((await server.services.db.session.findUniqueOrThrow({ where: { id: sessionId } })).status).toBe("live");
  });
});

/**
 * Reading the room with real clients against a real server (SQLite and
 * PostgreSQL): phones tap, the console hears the radar and the weather (k
 * applied on the server), a confirmed moment is stored as a session event
 * with no participant in it; phones and the room display never hear the
 * reading and are refused the console's requests; settings are validated and
 * stored; where a phone is splits the weather; a phone's own states; the
 * per-signal tap limit.
 */
import { randomUUID } from "node:crypto";
import type { Socket } from "socket.io-client";
import { describe, expect, it } from "vitest";
import { NAMESPACES } from "../lib/protocol/events.ts";
import type { RoomReading } from "../lib/protocol/room.ts";
import { roomReadingSettingsSchema } from "../lib/radar/settings.ts";
import { SIGNAL_TAP_LIMIT } from "../server/live/live-room.ts";
import { ManualClock } from "../server/live/clock.ts";
import {
  connected,
  expectOk,
  facilitatorClient,
  joined,
  liveSession,
  liveSessionsOn,
  nextEvent,
  type ParticipantClient,
  participantClient,
  rawRequest,
  request,
  serverForThisFile,
  type TestServer,
} from "./helpers/server.ts";
import { twoNodes } from "./helpers/two-nodes.ts";

let server!: TestServer;
serverForThisFile((started) => (server = started));

/** Every event a socket hears, by name. */
function overhear(socket: Socket): string[] {
  const heard: string[] = [];
  socket.onAny((event: string) => heard.push(event));
  return heard;
}

const tap = (phone: ParticipantClient, signal: string) => request(phone, "checkin:send", { id: randomUUID(), signal, ageMs: 0 });

/** A live session with a room display and `n` phones (each with `auth` added to its handshake). */
async function room(n: number, auth: (i: number) => Record<string, unknown> = () => ({})) {
  const owned = await liveSession(server);
  const display = facilitatorClient(server, owned.facilitator.cookie, NAMESPACES.display);
  await connected(display);
  expectOk(await rawRequest(display, "display:watch", { sessionId: owned.sessionId }));
  const phones = Array.from({ length: n }, (_, i) => participantClient(server, { code: owned.code, ...auth(i) }));
  await Promise.all(phones.map(joined));
  return { ...owned, display, phones };
}

/** Quicker bins, so a moment is confirmed within a second or two of real time. */
const quick = roomReadingSettingsSchema.parse({ radar: { binMs: 1_000, windowMs: 30_000 } });

describe("reading the room", () => {
  it("five phones tap: the console hears the moment, it is stored once with no participant in it; phones and the display never hear it", async () => {
    const { console, sessionId, display, phones } = await room(5);
    expectOk(await request(console, "room:configure", { sessionId, settings: quick }));
    const overheard = [...phones.map(overhear), overhear(display)];
    const moment = nextEvent<{ sessionId: string; reading: RoomReading }>(console, "room:reading", ({ reading }) => reading.moment?.phase === "happening", 10_000);
    await Promise.all(phones.map((phone, i) => tap(phone, i % 2 ? "i-see" : "moved")).map(async (ack) => expectOk(await ack)));
    const { reading } = await moment;
    expect(reading.moment!.evidence).toMatchObject({ phones: 5, present: 5 });
    expect(reading.k).toBe(3);

    const db = server.services.db;
    let rows = await db.sessionEvent.findMany({ where: { sessionId, kind: "moment" } });
    for (let i = 0; i < 50 && rows.length === 0; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      rows = await db.sessionEvent.findMany({ where: { sessionId, kind: "moment" } });
    }
    expect(rows).toHaveLength(1);
    const participants = await db.participant.findMany({ where: { sessionId }, select: { id: true } });
    for (const { id } of participants) expect(rows[0].data).not.toContain(id);
    expect(JSON.parse(rows[0].data)).toMatchObject({ evidence: { phones: 5 } });
    expect((await server.services.room.listSessionEvents(sessionId)).map((e) => e.kind)).toEqual(["moment"]);

    for (const heard of overheard) expect(heard.filter((e) => e === "room:reading" || e === "room:settings")).toEqual([]);
  });

  it("refuses phones and the room display the console's requests", async () => {
    const { sessionId, display, phones } = await room(1);
    for (const socket of [phones[0], display] as Socket[]) {
      for (const [event, payload] of [
        ["room:configure", { sessionId, settings: quick }],
        ["moment:dismiss", { sessionId, id: 1 }],
        ["care:dismiss", { sessionId, signal: "overwhelmed" }],
      ] as const) {
        const ack = await rawRequest(socket, event, payload);
        expect(ack.ok).toBe(false);
      }
    }
    const row = await server.services.db.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(row.roomSettings).toBeNull();
  });

  it("validates settings: k below its floor is refused and nothing changes; valid ones are stored and reach every console", async () => {
    const { console, sessionId, facilitator } = await room(0);
    const other = facilitatorClient(server, facilitator.cookie);
    await connected(other);
    expectOk(await request(other, "session:watch", { sessionId }));
    const low = await rawRequest(console, "room:configure", { sessionId, settings: { ...quick, anonymity: { consoleK: 2, sharedK: 5 } } });
    expect(low).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    const row = () => server.services.db.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect((await row()).roomSettings).toBeNull();

    const settings = roomReadingSettingsSchema.parse({ anonymity: { consoleK: 4, sharedK: 6 }, radar: { k: 4 } });
    const heard = nextEvent<{ settings: unknown }>(other, "room:settings");
    expect(expectOk(await request(console, "room:configure", { sessionId, settings }))).toEqual(settings);
    expect((await heard).settings).toEqual(settings);
    expect(JSON.parse((await row()).roomSettings!)).toEqual(settings);
    const snapshot = expectOk(await request(other, "session:watch", { sessionId }));
    expect(snapshot.roomSettings).toEqual(settings);
    expect(snapshot.reading.k).toBe(4);
  });

  it("splits the weather by where phones are (handshake and where:set), k per group", async () => {
    const { console, phones } = await room(6, (i) => (i < 3 ? { where: "room" } : {}));
    for (const phone of phones.slice(3, 6)) expect(expectOk(await request(phone, "where:set", { where: "remote" }))).toEqual({ where: "remote" });
    for (const phone of phones) expectOk(await tap(phone, "going-deeper"));
    const { reading } = await nextEvent<{ reading: RoomReading }>(
      console,
      "room:reading",
      ({ reading }) => reading.weather.length === 3 && reading.weather[0].signals.some((s) => s.signal === "going-deeper" && s.raw.phones.kind === "count" && s.raw.phones.count === 6),
    );
    expect(reading.weather.map((g) => [g.group, g.present])).toEqual([
      ["all", { kind: "count", count: 6 }],
      ["room", { kind: "count", count: 3 }],
      ["remote", { kind: "count", count: 3 }],
    ]);
    const deeper = (group: string) => reading.weather.find((g) => g.group === group)!.signals.find((s) => s.signal === "going-deeper")!;
    expect(deeper("room").raw.phones).toEqual({ kind: "count", count: 3 });
    expect(deeper("remote").raw.phones).toEqual({ kind: "count", count: 3 });

    // One phone stops saying where it is: the room's group (2) falls below k and hides, with the one phone
    // that says nothing (together 3, so neither can be had from the total minus the rest).
    expectOk(await request(phones[0], "where:set", { where: null }));
    const after = await nextEvent<{ reading: RoomReading }>(console, "room:reading", ({ reading }) => reading.weather[1]?.present.kind === "hidden");
    expect(after.reading.weather.map((g) => g.present.kind)).toEqual(["count", "hidden", "count"]);
  });

  it("gives a phone its own states, and ends one when asked", async () => {
    const { phones } = await room(1);
    const [phone] = phones;
    const ack = expectOk(await tap(phone, "need-break"));
    expect(ack.states).toEqual([expect.objectContaining({ signal: "need-break" })]);
    expect(ack.states![0].leftMs).toBeGreaterThan(9 * 60_000);
    expect(expectOk(await request(phone, "states:mine", {}))).toEqual([expect.objectContaining({ signal: "need-break" })]);
    expect(expectOk(await request(phone, "checkin:clear", { signal: "need-break" }))).toEqual([]);
    expect(expectOk(await request(phone, "states:mine", {}))).toEqual([]);
    expect(await request(phone, "checkin:clear", { signal: "i-see" })).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
  });

  it("after a restart, stored taps count as phones of their own, states still in force hold, and no moment fires", async () => {
    const { sessionId, phones } = await room(6);
    for (const phone of phones) expectOk(await tap(phone, "i-see"));
    for (const phone of phones.slice(0, 3)) expectOk(await tap(phone, "need-break"));
    await server.services.drain();
    const clock = new ManualClock(Date.now());
    const sessions = liveSessionsOn(server, clock);
    const fresh = await sessions.get(sessionId);
    for (let i = 1; i <= 6; i++) fresh.arrive(`reconnected-${i}`);
    await clock.advance(15_000);
    const reading = fresh.room.reading();
    expect(reading.moment).toBeNull();
    const of = (key: string) => reading.weather[0].signals.find((s) => s.signal === key)!;
    expect(of("need-break").phones).toEqual({ kind: "count", count: 3 });
    expect(of("i-see").raw.phones).toEqual({ kind: "count", count: 6 });
    expect(fresh.room.statesOf("reconnected-1")).toEqual([]);
    sessions.close();
  });

  it("refuses one phone hammering one button, storing nothing more", async () => {
    const { sessionId, phones } = await room(1);
    const [phone] = phones;
    for (let i = 0; i < SIGNAL_TAP_LIMIT.burst; i++) expectOk(await tap(phone, "i-see"));
    const refused = await tap(phone, "i-see");
    expect(refused).toMatchObject({ ok: false, error: { code: "RATE_LIMITED" } });
    if (!refused.ok) expect(refused.error.message).toMatch(/counts once/);
    expectOk(await tap(phone, "moved"));
    await server.services.drain();
    expect(await server.services.db.checkIn.count({ where: { sessionId, signal: "i-see" } })).toBe(SIGNAL_TAP_LIMIT.burst);
  });
});

describe("reading the room across two nodes", () => {
  const nodes = twoNodes();

  it("counts phones on both nodes once, in their groups; settings and a moment cross; the moment is stored once", async () => {
    const { a, b } = nodes;
    const { console: lead, sessionId, code, facilitator } = await liveSession(a);
    const leadOnB = facilitatorClient(b, facilitator.cookie);
    await connected(leadOnB);
    expectOk(await request(leadOnB, "session:watch", { sessionId }));
    const settingsOnB = nextEvent<{ settings: unknown }>(leadOnB, "room:settings");
    expectOk(await request(lead, "room:configure", { sessionId, settings: quick }));
    expect((await settingsOnB).settings).toEqual(quick);

    const onA = Array.from({ length: 3 }, () => participantClient(a, { code, where: "room" }));
    const onB = Array.from({ length: 3 }, () => participantClient(b, { code, where: "remote" }));
    await Promise.all([...onA, ...onB].map(joined));
    const split = (reading: RoomReading) =>
      reading.weather.length === 3 && reading.weather.every((g) => g.present.kind === "count" && g.present.count === (g.group === "all" ? 6 : 3));
    const [readA, readB] = [lead, leadOnB].map((c) =>
      nextEvent<{ reading: RoomReading }>(c, "room:reading", ({ reading }) => split(reading) && reading.moment?.phase === "happening", 10_000),
    );
    await Promise.all([...onA, ...onB].map(async (phone) => expectOk(await tap(phone, "i-see"))));
    for (const { reading } of [await readA, await readB]) {
      expect(reading.moment!.evidence.phones).toBe(6);
      const iSee = reading.weather[0].signals.find((s) => s.signal === "i-see")!;
      expect(iSee.raw.phones).toEqual({ kind: "count", count: 6 });
    }
    let rows = await a.services.db.sessionEvent.findMany({ where: { sessionId, kind: "moment" } });
    for (let i = 0; i < 50 && rows.length === 0; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      rows = await a.services.db.sessionEvent.findMany({ where: { sessionId, kind: "moment" } });
    }
    expect(rows.length).toBeGreaterThanOrEqual(1);
    // Both nodes computed it: one row unless the peers' taps crossed a bin boundary on one of them.
    expect(rows.length).toBeLessThanOrEqual(2);
  });
});

/**
 * Holding silence with real Socket.IO clients against a real server and
 * database (SQLite, or PostgreSQL with ATTUNE_TEST_DATABASE=postgres): the
 * silence reaches phones, consoles and the room display; an extension moves
 * its end by exactly its amount; it ends on the server's clock (moved on with
 * a JumpClock, never waited for); it survives a restart on the same database;
 * participants and the display cannot start one; check-ins still count.
 */
import { randomUUID } from "node:crypto";
import type { Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { NAMESPACES, type DisplayClientEvents, type DisplayPushes } from "../lib/protocol/events.ts";
import type { ConsoleSilenceView, SilenceView } from "../lib/protocol/room.ts";
import type { DisplaySnapshot } from "../lib/protocol/views.ts";
import { startAttune, type AttuneServer } from "../server/app.ts";
import { parseEnv } from "../server/env.ts";
import { freshDatabase, type TestDatabase } from "./helpers/database.ts";
import { JumpClock } from "./helpers/jump-clock.ts";
import { startRedis } from "./helpers/redis.ts";
import {
  closeClients,
  connected,
  expectOk,
  facilitatorClient,
  joined,
  liveSession,
  nextEvent,
  participantClient,
  rawRequest,
  request,
  type FacilitatorClient,
  type ParticipantClient,
} from "./helpers/server.ts";

type DisplayClient = Socket<DisplayPushes, DisplayClientEvents>;

const SECOND = 1_000;
let database: TestDatabase;
let clock: JumpClock;
let server: AttuneServer;

const envOf = () => parseEnv({ NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1", DATABASE_URL: database.url });

async function stop(running: AttuneServer) {
  await running.close();
  await new Promise<void>((resolve) => running.http.close(() => resolve()));
}

beforeAll(async () => {
  database = await freshDatabase("silence");
  clock = new JumpClock();
  server = await startAttune(envOf(), { withNext: false, clock });
});
afterEach(() => closeClients());
afterAll(async () => {
  await stop(server);
  await database.drop();
});

function display(on: AttuneServer, cookie: string): DisplayClient {
  return facilitatorClient(on, cookie, NAMESPACES.display) as unknown as DisplayClient;
}

async function phones(on: AttuneServer, code: string, n: number): Promise<ParticipantClient[]> {
  const all = Array.from({ length: n }, () => participantClient(on, { code }));
  await Promise.all(all.map(joined));
  return all;
}

const phoneSilence = (phone: ParticipantClient, until: (s: SilenceView | null) => boolean) => nextEvent<SilenceView | null>(phone, "silence:current", until);
const consoleSilence = (console: FacilitatorClient, until: (s: ConsoleSilenceView | null) => boolean) =>
  nextEvent<{ silence: ConsoleSilenceView | null }>(console, "silence:current", ({ silence }) => until(silence)).then((p) => p.silence);
const displaySilence = (screen: DisplayClient, until: (s: SilenceView | null) => boolean) =>
  nextEvent<DisplaySnapshot>(screen, "display:snapshot", (s) => until(s.silence)).then((s) => s.silence);

const silenceRow = async (sessionId: string) => (await server.services.db.session.findUniqueOrThrow({ where: { id: sessionId } })).silence;
const silenceEvents = (on: AttuneServer, sessionId: string) => on.services.db.sessionEvent.findMany({ where: { sessionId, kind: "silence" } });

describe("holding silence", () => {
  it("reaches phones, consoles and the display; an extension moves the end by exactly its amount; it ends on time", async () => {
    const { sessionId, code, console, facilitator } = await liveSession(server);
    const screen = display(server, facilitator.cookie);
    await connected(screen);
    expectOk(await request(screen, "display:watch", { sessionId }));
    const [p1, p2] = await phones(server, code, 2);

    const heard = Promise.all([phoneSilence(p1, Boolean), phoneSilence(p2, Boolean), displaySilence(screen, Boolean), consoleSilence(console, Boolean)]);
    const started = expectOk(await request(console, "silence:start", { sessionId, durationMs: 30 * SECOND }));
    expect(started.endsAt - started.startedAt).toBe(30 * SECOND);
    expect(started.moreTime).toEqual({ kind: "hidden" }); // two phones: fewer than the console's k
    for (const silence of await heard) expect(silence?.endsAt).toBe(started.endsAt);
    expect(JSON.parse((await silenceRow(sessionId))!)).toMatchObject({ startedAt: started.startedAt, durationMs: 30 * SECOND, extendedMs: 0 });

    const extendedOnPhone = phoneSilence(p1, (s) => s !== null && s.endsAt !== started.endsAt);
    const extended = expectOk(await request(console, "silence:extend", { sessionId, byMs: 60 * SECOND }));
    expect(extended.endsAt).toBe(started.endsAt + 60 * SECOND);
    expect(extended.totalMs).toBe(90 * SECOND);
    expect((await extendedOnPhone)?.endsAt).toBe(started.endsAt + 60 * SECOND);

    // Check-ins still count during a silence.
    expect(expectOk(await request(p2, "checkin:send", { id: randomUUID(), signal: "need-silence", ageMs: 0 }))).toMatchObject({ duplicate: false });

    // "Need more time", once per phone however often it is tapped.
    expect(expectOk(await request(p1, "silence:more", {}))).toEqual({ asked: true });
    expect(expectOk(await request(p1, "silence:more", {}))).toEqual({ asked: true });

    const ended = Promise.all([phoneSilence(p1, (s) => s === null), phoneSilence(p2, (s) => s === null), displaySilence(screen, (s) => s === null), consoleSilence(console, (s) => s === null)]);
    clock.jump(extended.endsAt - clock.now());
    await ended;
    await expect.poll(() => silenceEvents(server, sessionId).then((rows) => rows.length)).toBe(1);
    expect(await silenceRow(sessionId)).toBeNull();
    const [event] = await silenceEvents(server, sessionId);
    expect(JSON.parse(event.data)).toEqual({
      startedAt: started.startedAt,
      endedAt: extended.endsAt,
      durationMs: 30 * SECOND,
      extendedMs: 60 * SECOND,
      extensions: 1,
      moreTime: { kind: "hidden" },
      endedBy: "time",
    });
    // The report names nobody.
    expect(event.data).not.toMatch(/participant|phone|clientId/i);

    // Over: "need more time" and an extension are refused.
    expect((await request(p1, "silence:more", {})).ok).toBe(false);
    expect((await request(console, "silence:extend", { sessionId, byMs: 30 * SECOND })).ok).toBe(false);
  });

  it("counts 'need more time' once per phone, and the console sees it with k applied", async () => {
    const { sessionId, code, console } = await liveSession(server);
    const all = await phones(server, code, 4);
    expectOk(await request(console, "silence:start", { sessionId, durationMs: 60 * SECOND }));
    const three = consoleSilence(console, (s) => s?.moreTime.kind === "count" && s.moreTime.count === 3);
    for (const phone of [...all.slice(0, 3), all[0], all[1]]) expectOk(await request(phone, "silence:more", {}));
    expect((await three)?.moreTime).toEqual({ kind: "count", count: 3 });
    // Phones never hear the count: their view of the silence has none.
    const late = participantClient(server, { code });
    expect(Object.keys((await joined(late)).silence ?? {}).sort()).toEqual(["endsAt", "serverNow", "startedAt", "totalMs"]);
    expect(expectOk(await request(console, "silence:end", { sessionId }))).toBeNull();
    const [event] = await silenceEvents(server, sessionId);
    expect(JSON.parse(event.data)).toMatchObject({ endedBy: "facilitator", moreTime: { kind: "count", count: 3 } });
  });

  it("refuses a second silence while one runs, participants and the display, and anything after the session ends", async () => {
    const { sessionId, code, console, facilitator } = await liveSession(server);
    const [phone] = await phones(server, code, 1);
    const screen = display(server, facilitator.cookie);
    await connected(screen);
    expectOk(await request(screen, "display:watch", { sessionId }));

    expect((await rawRequest(phone, "silence:start", { sessionId, durationMs: 30 * SECOND })).ok).toBe(false);
    expect((await rawRequest(screen, "silence:start", { sessionId, durationMs: 30 * SECOND })).ok).toBe(false);
    expect((await rawRequest(screen, "silence:end", { sessionId })).ok).toBe(false);
    expect(await silenceRow(sessionId)).toBeNull();

    // Another facilitator's console: as if the session did not exist.
    const stranger = await liveSession(server);
    const refusedStranger = await request(stranger.console, "silence:start", { sessionId, durationMs: 30 * SECOND });
    expect(refusedStranger.ok ? null : refusedStranger.error.code).toBe("NOT_FOUND");

    // Out of limits: refused at the boundary.
    expect((await request(console, "silence:start", { sessionId, durationMs: 5 * SECOND })).ok).toBe(false);

    expectOk(await request(console, "silence:start", { sessionId, durationMs: 30 * SECOND }));
    const again = await request(console, "silence:start", { sessionId, durationMs: 60 * SECOND });
    expect(again.ok ? null : again.error.code).toBe("BAD_REQUEST");

    // The session ends: the silence ends with it, its report stored once.
    const gone = consoleSilence(console, (s) => s === null);
    expectOk(await request(console, "session:end", { sessionId }));
    await gone;
    expect(await silenceRow(sessionId)).toBeNull();
    expect(JSON.parse((await silenceEvents(server, sessionId))[0].data)).toMatchObject({ endedBy: "session-ended" });
    const late = await request(console, "silence:start", { sessionId, durationMs: 30 * SECOND });
    expect(late.ok ? null : late.error.code).toBe("SESSION_NOT_LIVE");
  });
});

describe("a restart mid-silence", () => {
  it("a new server on the same database gives a new phone and the console the same end, and ends it on time", async () => {
    const firstClock = new JumpClock();
    const first = await startAttune(envOf(), { withNext: false, clock: firstClock });
    const { sessionId, code, console, facilitator } = await liveSession(first);
    const started = expectOk(await request(console, "silence:start", { sessionId, durationMs: 2 * 60 * SECOND }));
    firstClock.jump(20 * SECOND);
    console.disconnect();
    await stop(first);

    const secondClock = new JumpClock(firstClock.now());
    const second = await startAttune(envOf(), { withNext: false, clock: secondClock });
    try {
      const reopened = facilitatorClient(second, facilitator.cookie);
      await connected(reopened);
      const snapshot = expectOk(await request(reopened, "session:watch", { sessionId }));
      expect(snapshot.silence?.endsAt).toBe(started.endsAt);
      const [phone] = await Promise.all([participantClient(second, { code })].map(async (p) => ({ p, snapshot: await joined(p) })));
      expect(phone.snapshot.silence?.endsAt).toBe(started.endsAt);

      const ended = Promise.all([phoneSilence(phone.p, (s) => s === null), consoleSilence(reopened, (s) => s === null)]);
      secondClock.jump(started.endsAt - secondClock.now() - 5 * SECOND);
      expect(expectOk(await request(phone.p, "silence:more", {}))).toEqual({ asked: true }); // still running
      secondClock.jump(5 * SECOND);
      await ended;
      await expect.poll(() => silenceEvents(second, sessionId).then((rows) => rows.length)).toBe(1);
      const [event] = await silenceEvents(second, sessionId);
      expect(JSON.parse(event.data)).toMatchObject({ startedAt: started.startedAt, endedAt: started.endsAt, endedBy: "time" });
    } finally {
      closeClients();
      await stop(second);
    }
  });

  it("a silence that ran out while no server held it is ended when the session loads, its report stored once", async () => {
    const firstClock = new JumpClock();
    const first = await startAttune(envOf(), { withNext: false, clock: firstClock });
    const { sessionId, console, facilitator } = await liveSession(first);
    expectOk(await request(console, "silence:start", { sessionId, durationMs: 30 * SECOND }));
    console.disconnect();
    await stop(first);

    const second = await startAttune(envOf(), { withNext: false, clock: new JumpClock(firstClock.now() + 5 * 60 * SECOND) });
    try {
      const reopened = facilitatorClient(second, facilitator.cookie);
      await connected(reopened);
      expect(expectOk(await request(reopened, "session:watch", { sessionId })).silence).toBeNull();
      await expect.poll(() => silenceEvents(second, sessionId).then((rows) => rows.length)).toBe(1);
      expect((await second.services.db.session.findUniqueOrThrow({ where: { id: sessionId } })).silence).toBeNull();
      // A new silence may start at once.
      expectOk(await request(reopened, "silence:start", { sessionId, durationMs: 30 * SECOND }));
    } finally {
      closeClients();
      await stop(second);
    }
  });
});

describe("a silence across two nodes", () => {
  it("phones on the other node see the same silence; their 'need more time' reaches the console; both end it on time, reported once", async () => {
    const redis = await startRedis();
    const shared = new JumpClock();
    const settings = parseEnv({ NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1", DATABASE_URL: database.url, REDIS_URL: redis.url });
    const a = await startAttune(settings, { withNext: false, clock: shared });
    const b = await startAttune(settings, { withNext: false, clock: shared });
    try {
      const { sessionId, code, console } = await liveSession(a);
      const onA = participantClient(a, { code });
      const onB = [participantClient(b, { code }), participantClient(b, { code })];
      await Promise.all([onA, ...onB].map(joined));
      // Everyone counted on node a (presence crosses between nodes), so k may show a figure.
      const snapshot = expectOk(await request(console, "session:watch", { sessionId }));
      if (snapshot.pulse.present !== 3) await nextEvent<{ pulse: { present: number } }>(console, "pulse:update", ({ pulse }) => pulse.present === 3, 10_000);

      const onOther = onB.map((phone) => phoneSilence(phone, Boolean));
      const started = expectOk(await request(console, "silence:start", { sessionId, durationMs: 30 * SECOND }));
      for (const silence of await Promise.all(onOther)) expect(silence?.endsAt).toBe(started.endsAt);

      const asked = consoleSilence(console, (s) => s?.moreTime.kind === "someone");
      expectOk(await request(onB[0], "silence:more", {}));
      expect((await asked)?.moreTime).toEqual({ kind: "someone" });

      const ended = Promise.all([onA, ...onB].map((phone) => phoneSilence(phone, (s) => s === null)));
      shared.jump(started.endsAt - shared.now());
      await ended;
      await expect.poll(() => silenceEvents(a, sessionId).then((rows) => rows.length)).toBe(1);
      expect(JSON.parse((await silenceEvents(a, sessionId))[0].data)).toMatchObject({ endedBy: "time", moreTime: { kind: "someone" } });
    } finally {
      closeClients();
      await stop(b);
      await stop(a);
      await redis.stop();
    }
  });
});

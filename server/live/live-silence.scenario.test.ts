/**
 * A held silence in a live session, on a manual clock: start, extend, the end
 * on time, "need more time" once per phone, the end with the session, a
 * restart from the stored row, and two nodes ending the same silence.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_PALETTE } from "../../lib/content.ts";
import { AppError } from "../../lib/protocol/errors.ts";
import type { ConsoleSilenceView, SilenceView } from "../../lib/protocol/room.ts";
import { PulseCounter } from "../../lib/pulse-counter.ts";
import { stored, type SilenceRecord, type SilenceStore } from "../domain/silence.ts";
import { ManualClock, type Clock } from "./clock.ts";
import { LiveSession, type SessionRecord, type SessionStore } from "./live-session.ts";
import type { LiveOutbound } from "./outbound.ts";
import type { PeerEvent } from "./peers.ts";

/** Session.silence and the SessionEvents, in memory, with the database's conditional writes. */
function memoryDb() {
  const db = { silence: null as string | null, events: [] as SilenceRecord[], status: "live" };
  const store: SilenceStore = {
    async start(_id, silence) {
      await Promise.resolve();
      if (db.status !== "live") throw new AppError("SESSION_NOT_LIVE");
      if (db.silence !== null) throw new AppError("BAD_REQUEST", "A silence is already running.");
      db.silence = stored(silence);
    },
    async extend(_id, from, to) {
      await Promise.resolve();
      if (db.silence !== stored(from)) return false;
      db.silence = stored(to);
      return true;
    },
    async end(_id, silence, record) {
      await Promise.resolve();
      if (db.silence !== stored(silence)) return false;
      db.silence = null;
      db.events.push(record);
      return true;
    },
  };
  return { db, store };
}

function node(clock: ManualClock, shared: ReturnType<typeof memoryDb>, peers: PeerEvent[] = [], liveClock: Clock = clock) {
  const heard: { audience: string; event: string; payload: unknown }[] = [];
  const outbound: LiveOutbound = {
    toPhones: (_id, event, ...args) => void heard.push({ audience: "phones", event, payload: args[0] }),
    toConsoles: (_id, event, ...args) => void heard.push({ audience: "consoles", event, payload: args[0] }),
    toDisplays: (_id, event, ...args) => void heard.push({ audience: "displays", event, payload: args[0] }),
    toPhoneSocket: () => {},
    toConsolesExcept: () => {},
    disconnectPhones: () => {},
  };
  let record: SessionRecord = { id: "s1", title: "Practice", status: "live", joinCode: "K7M3QX", startedAt: new Date(clock.now() - 60_000), endedAt: null };
  const sessions: SessionStore = {
    start: async () => record,
    async end(_id, now) {
      await Promise.resolve();
      shared.db.status = "ended";
      record = { ...record, status: "ended", endedAt: now };
      return record;
    },
    pushPrompt: () => {
      throw new Error("not used");
    },
    closePrompt: async () => {},
    reveal: async () => {
      throw new Error("not used");
    },
    setDisplayShows: async () => {},
  };
  const session = new LiveSession(
    { record, palette: [...DEFAULT_PALETTE], prompt: null, pulse: new PulseCounter(DEFAULT_PALETTE.map((s) => s.key), clock.now()), participants: 0, silence: shared.db.silence },
    {
      clock: liveClock,
      outbound,
      sessions,
      checkIns: { write: async () => ({ duplicate: false }) },
      silences: shared.store,
      peers: { node: "n", publish: (_id, event) => void peers.push(event) },
    },
  );
  const last = <T,>(audience: string) => heard.filter((h) => h.audience === audience && h.event === "silence:current").at(-1)?.payload as T;
  const count = (audience: string) => heard.filter((h) => h.audience === audience && h.event === "silence:current").length;
  return { session, heard, last, count };
}

const SECOND = 1_000;

describe("a held silence on the session's clock", () => {
  it("starts, is extended by exactly its amount, and ends on time for phones, consoles and the display", async () => {
    const clock = new ManualClock();
    const shared = memoryDb();
    const { session, last, heard } = node(clock, shared);
    const t0 = clock.now();
    const started = await session.silence.start(30 * SECOND);
    expect(started).toMatchObject({ startedAt: t0, endsAt: t0 + 30 * SECOND, totalMs: 30 * SECOND, serverNow: t0, moreTime: { kind: "hidden" } });
    expect(last<SilenceView>("phones")).toMatchObject({ endsAt: t0 + 30 * SECOND });
    expect(last<{ silence: ConsoleSilenceView }>("consoles").silence.endsAt).toBe(t0 + 30 * SECOND);
    expect(session.displaySnapshot().silence?.endsAt).toBe(t0 + 30 * SECOND);
    expect(session.phoneView("token").silence?.endsAt).toBe(t0 + 30 * SECOND);

    await clock.advance(20 * SECOND);
    const longer = await session.silence.extend(60 * SECOND);
    expect(longer.endsAt).toBe(t0 + 90 * SECOND);
    expect(longer.totalMs).toBe(90 * SECOND);
    expect(JSON.parse(shared.db.silence!)).toMatchObject({ extendedMs: 60 * SECOND, extensions: 1 });

    await clock.advance(69 * SECOND);
    expect(session.silence.view()).not.toBeNull(); // the old end passed: it still runs
    await clock.advance(1 * SECOND);
    expect(last<SilenceView | null>("phones")).toBeNull();
    expect(last<{ silence: null }>("consoles").silence).toBeNull();
    expect(heard.filter((h) => h.event === "display:snapshot").at(-1)?.payload).toMatchObject({ silence: null });
    expect(shared.db.silence).toBeNull();
    expect(shared.db.events).toEqual([
      { startedAt: t0, endedAt: t0 + 90 * SECOND, durationMs: 30 * SECOND, extendedMs: 60 * SECOND, extensions: 1, moreTime: { kind: "hidden" }, endedBy: "time" },
    ]);
  });

  it("refuses a second silence while one runs, and anything but a live session", async () => {
    const clock = new ManualClock();
    const { session } = node(clock, memoryDb());
    await expect(session.silence.extend(30 * SECOND)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await session.silence.start(60 * SECOND);
    await expect(session.silence.start(30 * SECOND)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await session.end();
    await expect(session.silence.start(30 * SECOND)).rejects.toMatchObject({ code: "SESSION_NOT_LIVE" });
  });

  it("counts 'need more time' once per phone, k applied, coalesced to the consoles", async () => {
    const clock = new ManualClock();
    const { session, heard, last } = node(clock, memoryDb());
    for (const id of ["p1", "p2", "p3", "p4", "p5"]) session.arrive(id);
    await session.silence.start(60 * SECOND);
    expect(() => session.silence.more("p9")).not.toThrow();
    await clock.advance(0);
    expect(last<{ silence: ConsoleSilenceView }>("consoles").silence.moreTime).toEqual({ kind: "someone" });
    const pushes = () => heard.filter((h) => h.audience === "consoles" && h.event === "silence:current").length;
    const before = pushes();
    session.silence.more("p1");
    session.silence.more("p1");
    session.silence.more("p2");
    session.silence.more("p2");
    await clock.advance(499);
    expect(pushes()).toBe(before);
    await clock.advance(1);
    expect(pushes()).toBe(before + 1);
    expect(last<{ silence: ConsoleSilenceView }>("consoles").silence.moreTime).toEqual({ kind: "count", count: 3 });
    // Phones and the display never hear who or how many asked.
    expect(heard.filter((h) => h.audience !== "consoles").every((h) => !JSON.stringify(h.payload ?? null).includes("moreTime"))).toBe(true);
    // A new silence starts counting afresh.
    await session.silence.end();
    await session.silence.start(30 * SECOND);
    expect(session.silence.consoleView()?.moreTime).toEqual({ kind: "count", count: 0 });
  });

  it("refuses 'need more time' when no silence runs", () => {
    const { session } = node(new ManualClock(), memoryDb());
    expect(() => session.silence.more("p1")).toThrow(AppError);
  });

  it("ends with the session: the report stored once, consoles and display told", async () => {
    const clock = new ManualClock();
    const shared = memoryDb();
    const { session, last } = node(clock, shared);
    await session.silence.start(2 * 60 * SECOND);
    await clock.advance(10 * SECOND);
    await session.end();
    expect(session.silence.view()).toBeNull();
    expect(last<{ silence: null }>("consoles").silence).toBeNull();
    expect(shared.db.events).toMatchObject([{ endedBy: "session-ended", endedAt: clock.now() }]);
    await clock.advance(2 * 60 * SECOND);
    expect(shared.db.events).toHaveLength(1);
  });

  it("ends now from the console; ending again is harmless", async () => {
    const clock = new ManualClock();
    const shared = memoryDb();
    const { session } = node(clock, shared);
    await session.silence.start(60 * SECOND);
    await clock.advance(5 * SECOND);
    expect(await session.silence.end()).toBeNull();
    expect(await session.silence.end()).toBeNull();
    await clock.advance(60 * SECOND);
    expect(shared.db.events).toMatchObject([{ endedBy: "facilitator", endedAt: clock.now() - 60 * SECOND }]);
  });

  it("survives a restart: a running silence keeps its end; one that ran out is ended once", async () => {
    const clock = new ManualClock();
    const shared = memoryDb();
    const first = node(clock, shared);
    const started = await first.session.silence.start(60 * SECOND);
    first.session.dispose();

    await clock.advance(20 * SECOND);
    const second = node(clock, shared);
    expect(second.session.silence.view()?.endsAt).toBe(started.endsAt);
    await clock.advance(40 * SECOND);
    expect(second.session.silence.view()).toBeNull();
    expect(second.last<SilenceView | null>("phones")).toBeNull();
    expect(shared.db.events).toHaveLength(1);

    // Stopped for longer than the silence: the next load ends it, reported once.
    const third = node(clock, shared);
    await third.session.silence.start(30 * SECOND);
    third.session.dispose();
    await clock.advance(5 * 60 * SECOND);
    const fourth = node(clock, shared);
    await clock.advance(0);
    expect(fourth.session.silence.view()).toBeNull();
    expect(shared.db.silence).toBeNull();
    expect(shared.db.events).toHaveLength(2);
    expect(shared.db.events[1]).toMatchObject({ endedBy: "time", endedAt: clock.now() - 5 * 60 * SECOND + 30 * SECOND });
  });

  it("two nodes: the peer hears start and extend, each ends on its own timer, the report is stored once", async () => {
    const clock = new ManualClock();
    const shared = memoryDb();
    const fromA: PeerEvent[] = [];
    const a = node(clock, shared, fromA);
    const b = node(clock, shared);
    const relay = () => {
      for (const event of fromA.splice(0)) b.session.fromPeer(event);
    };
    a.session.arrive("p1");
    await a.session.silence.start(30 * SECOND);
    relay();
    expect(b.session.silence.view()?.endsAt).toBe(a.session.silence.view()?.endsAt);
    expect(b.last<SilenceView>("phones").endsAt).toBe(a.session.silence.view()?.endsAt);
    a.session.silence.more("p1");
    await clock.advance(500);
    relay();
    expect(fromA).toEqual([]);
    await clock.advance(500);
    expect(b.session.silence.consoleView()?.moreTime).toEqual(a.session.silence.consoleView()?.moreTime);
    await a.session.silence.extend(30 * SECOND);
    relay();
    expect(b.session.silence.view()?.endsAt).toBe(a.session.silence.view()?.endsAt);
    await clock.advance(60 * SECOND);
    expect(a.session.silence.view()).toBeNull();
    expect(b.session.silence.view()).toBeNull();
    expect(shared.db.events).toHaveLength(1);
  });
});

describe("a clock whose timer fires a moment early", () => {
  it("sets the end again rather than leaving the silence running", async () => {
    const clock = new ManualClock();
    const shared = memoryDb();
    // As Node's timers may: the callback runs while now() still reads a millisecond short.
    let skew = 0;
    const early: Clock = { now: () => clock.now() + skew, after: (ms, run) => clock.after(ms, run), every: (ms, run) => clock.every(ms, run) };
    const { session } = node(clock, shared, [], early);
    const started = await session.silence.start(10 * SECOND);
    skew = -1;
    await clock.advance(10 * SECOND);
    expect(session.silence.view()).not.toBeNull();
    skew = 0;
    await clock.advance(1);
    expect(session.silence.view()).toBeNull();
    expect(shared.db.events).toMatchObject([{ endedAt: started.endsAt, endedBy: "time" }]);
  });
});

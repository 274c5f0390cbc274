/**
 * Reading the room in a live session, driven directly: a manual clock, an
 * outbound that records what the consoles hear, and a room store in memory
 * that keeps session events by id (as the database does: one row per id).
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_PALETTE } from "../../lib/content";
import { AppError } from "../../lib/protocol/errors";
import type { RoomReading } from "../../lib/protocol/room";
import { PulseCounter } from "../../lib/pulse-counter";
import { ROOM_READING_DEFAULTS, roomReadingSettingsSchema, type RoomReadingSettings } from "../../lib/radar/settings";
import { sessionEventId, type RoomStore, type SessionEventWrite } from "../domain/room";
import { ManualClock } from "./clock";
import { LiveSession, type CheckInStore, type SessionRecord, type SessionStore } from "./live-session";
import { SIGNAL_TAP_LIMIT } from "./live-room";
import type { LiveOutbound } from "./outbound";
import type { LivePeers, PeerEvent } from "./peers";

type Heard = { audience: string; event: string; args: unknown[] };

/** What the database would hold: one row per id. */
function memoryRoomStore() {
  const rows = new Map<string, SessionEventWrite>();
  let settings: RoomReadingSettings | null = null;
  const store: RoomStore = {
    async saveSettings(_id, next) {
      settings = next;
    },
    async record(sessionId, events) {
      for (const e of events) {
        const id = sessionEventId(sessionId, e.kind, e.key);
        if (!rows.has(id)) rows.set(id, e);
      }
    },
  };
  return { store, rows, saved: () => settings };
}

function node(room = memoryRoomStore(), clock = new ManualClock(), peers?: LivePeers) {
  const record: SessionRecord = {
    id: "s1",
    title: "Breakthrough practice",
    status: "live",
    joinCode: "K7M3QX",
    startedAt: new Date(clock.now() - 60 * 60_000),
    endedAt: null,
  };
  const heard: Heard[] = [];
  const outbound: LiveOutbound = {
    toPhones: (_id, event, ...args) => void heard.push({ audience: "phones", event, args }),
    toConsoles: (_id, event, ...args) => void heard.push({ audience: "consoles", event, args }),
    toDisplays: (_id, event, ...args) => void heard.push({ audience: "displays", event, args }),
    toPhoneSocket: (_id, event, ...args) => void heard.push({ audience: "phone", event, args }),
    toConsolesExcept: () => {},
    disconnectPhones: () => {},
  };
  const stored = new Set<string>();
  const checkIns: CheckInStore = {
    async write({ clientId }) {
      if (stored.has(clientId)) return { duplicate: true };
      stored.add(clientId);
      return { duplicate: false };
    },
  };
  const sessions = {} as SessionStore;
  const session = new LiveSession(
    { record, palette: [...DEFAULT_PALETTE], prompt: null, pulse: new PulseCounter(DEFAULT_PALETTE.map((s) => s.key), clock.now()), participants: 0 },
    { clock, outbound, sessions, checkIns, room: room.store, peers },
  );
  const readings = () => heard.filter((h) => h.event === "room:reading").map((h) => (h.args[0] as { reading: RoomReading }).reading);
  const last = () => readings().at(-1)!;
  const signal = (reading: RoomReading, key: string, group = "all") => reading.weather.find((g) => g.group === group)!.signals.find((s) => s.signal === key)!;
  return { clock, session, heard, room, stored, readings, last, signal };
}

let tapId = 0;
const tap = (phone: string, signal: string, ageMs = 0) => ({ clientId: `tap-${++tapId}`, signal, ageMs, phone });

/** `n` phones present, p1 … pn. */
function arrive(session: LiveSession, n: number, where?: "room" | "remote") {
  for (let i = 1; i <= n; i++) session.arrive(`p${i}`, where);
}

describe("reading the room in a live session", () => {
  it("fires a moment when several phones tap at once: the consoles hear it at once, and it is stored once, with no phone", async () => {
    const { clock, session, room, last, readings } = node();
    arrive(session, 20);
    for (let i = 1; i <= 9; i++) await session.checkIn(tap(`p${i}`, i % 2 ? "i-see" : "moved"));
    await clock.advance(6_000);
    const moment = last().moment!;
    expect(moment).toMatchObject({ phase: "happening", evidence: { phones: 9, present: 20 } });
    expect(moment.confirmedAt).not.toBeNull();
    // It went out within the second the bin closed, not later.
    const first = readings().find((r) => r.moment)!;
    expect(first.at - first.moment!.since).toBeLessThan(1_000);
    await clock.advance(10_000);
    const moments = [...room.rows.values()].filter((r) => r.kind === "moment");
    expect(moments).toHaveLength(1);
    expect(JSON.stringify(moments[0])).not.toMatch(/p[0-9]/);
  });

  it("stores the same moment once when two nodes compute it", async () => {
    const room = memoryRoomStore();
    const clock = new ManualClock();
    const a = node(room, clock);
    const b = node(room, clock);
    arrive(a.session, 20);
    arrive(b.session, 20);
    for (let i = 1; i <= 9; i++) {
      const t = tap(`p${i}`, "i-see");
      await a.session.checkIn(t);
      b.session.fromPeer({ kind: "checkins", taps: [[t.clientId, "i-see", clock.now(), t.phone, null]] });
    }
    await clock.advance(20_000);
    expect(a.last().moment?.phase).toBe("happening");
    expect(b.last().moment?.phase).toBe("happening");
    expect([...room.rows.values()].filter((r) => r.kind === "moment")).toHaveLength(1);
  });

  it("never fires for one phone tapping over and over", async () => {
    const { clock, session, readings, room } = node();
    arrive(session, 8);
    for (let i = 0; i < 60; i++) {
      await session.checkIn(tap("p1", "i-see")).catch(() => {});
      await clock.advance(1_000);
    }
    expect(readings().some((r) => r.moment)).toBe(false);
    expect(room.rows.size).toBe(0);
  });

  it("never fires on taps that arrive late (an offline phone's flush)", async () => {
    const { clock, session, readings } = node();
    arrive(session, 20);
    for (let i = 1; i <= 15; i++) await session.checkIn(tap(`p${i}`, "i-see", 25_000));
    await clock.advance(30_000);
    expect(readings().some((r) => r.moment)).toBe(false);
    // They are in the weather, though: 15 phones tapped I see! in the last minute.
    expect(readings().at(-1)!.weather[0].signals.find((s) => s.signal === "i-see")!.raw.phones).toEqual({ kind: "count", count: 15 });
  });

  it("counts a phone once when its taps come from here and from a peer", async () => {
    const { clock, session, last, signal } = node();
    arrive(session, 5);
    for (const phone of ["p1", "p2", "p3"]) {
      await session.checkIn(tap(phone, "going-deeper"));
      session.fromPeer({ kind: "checkins", taps: [[`peer-${phone}`, "going-deeper", clock.now(), phone, null]] });
    }
    await clock.advance(1_000);
    expect(signal(last(), "going-deeper").raw).toEqual({ taps: { kind: "count", count: 6 }, phones: { kind: "count", count: 3 } });
    expect(signal(last(), "going-deeper").phones).toEqual({ kind: "count", count: 3 });
  });

  it("ends a dismissed moment, on this node and its peers, and stores how it ended", async () => {
    const published: PeerEvent[] = [];
    const { clock, session, last, room } = node(memoryRoomStore(), new ManualClock(), { node: "a", publish: (_s, e) => void published.push(e) });
    arrive(session, 20);
    for (let i = 1; i <= 10; i++) await session.checkIn(tap(`p${i}`, "moved"));
    await clock.advance(6_000);
    const moment = last().moment!;
    expect(session.room.dismissMoment(moment.id)).toBeNull();
    expect(last().moment).toBeNull();
    expect(published).toContainEqual(expect.objectContaining({ kind: "room-dismissed", signal: null }));
    await clock.advance(1_000);
    expect([...room.rows.values()].find((r) => r.kind === "moment-ended")).toMatchObject({ data: { reason: "dismissed" } });

    // A peer's dismissal ends the moment there too.
    const other = node();
    arrive(other.session, 20);
    for (let i = 1; i <= 10; i++) await other.session.checkIn(tap(`p${i}`, "moved"));
    await other.clock.advance(6_000);
    expect(other.last().moment).not.toBeNull();
    other.session.fromPeer({ kind: "room-dismissed", signal: null, at: other.clock.now() });
    expect(other.last().moment).toBeNull();
  });

  it("uses new settings at once: stored, told to every console, k applied", async () => {
    const { clock, session, heard, room, last, signal } = node();
    arrive(session, 6);
    for (const phone of ["p1", "p2", "p3"]) await session.checkIn(tap(phone, "i-see"));
    await clock.advance(1_000);
    expect(signal(last(), "i-see").phones).toEqual({ kind: "count", count: 3 });
    const settings = roomReadingSettingsSchema.parse({ anonymity: { consoleK: 4, sharedK: 5 }, radar: { k: 4 } });
    await session.room.configure(settings);
    expect(room.saved()).toEqual(settings);
    expect(heard.filter((h) => h.event === "room:settings").at(-1)!.args[0]).toEqual({ sessionId: "s1", settings });
    expect(last().k).toBe(4);
    expect(signal(last(), "i-see").phones).toEqual({ kind: "fewer", k: 4 });
    expect(signal(last(), "i-see").share).toBe(0);
    expect(session.consoleSnapshot().roomSettings).toEqual(settings);
    expect(session.k("console")).toBe(4);
  });

  it("ends a running moment when the settings change, and stores its end", async () => {
    const { clock, session, last, room } = node();
    arrive(session, 20);
    for (let i = 1; i <= 10; i++) await session.checkIn(tap(`p${i}`, "i-see"));
    await clock.advance(6_000);
    expect(last().moment?.phase).toBe("happening");
    await session.room.configure(roomReadingSettingsSchema.parse({ radar: { minShare: 0.3, instantShare: 0.5 } }));
    await clock.advance(1_000);
    expect(last().moment).toBeNull();
    expect([...room.rows.values()].map((r) => r.kind)).toEqual(["moment", "moment-ended"]);
  });

  it("words a lone care signal as someone, and cues care once enough phones hold it", async () => {
    const { clock, session, last, signal, room, readings } = node();
    arrive(session, 20);
    await session.checkIn(tap("p1", "overwhelmed"));
    await clock.advance(1_000);
    expect(signal(last(), "overwhelmed").phones).toEqual({ kind: "someone" });
    expect(last().care).toEqual([]);
    for (const phone of ["p2", "p3"]) await session.checkIn(tap(phone, "overwhelmed"));
    await clock.advance(6_000);
    expect(last().care).toEqual([expect.objectContaining({ signal: "overwhelmed", cue: "pause", holders: 3 })]);
    expect([...room.rows.values()].filter((r) => r.kind === "care")).toHaveLength(1);
    session.room.dismissCare("overwhelmed");
    expect(last().care).toEqual([]);
    expect(readings().length).toBeGreaterThan(0);
  });

  it("refuses a phone hammering one button, storing nothing, and lets other buttons through", async () => {
    const { session, stored } = node();
    arrive(session, 3);
    for (let i = 0; i < SIGNAL_TAP_LIMIT.burst; i++) await session.checkIn(tap("p1", "i-see"));
    const before = stored.size;
    await expect(session.checkIn(tap("p1", "i-see"))).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(stored.size).toBe(before);
    await expect(session.checkIn(tap("p1", "moved"))).resolves.toMatchObject({ duplicate: false });
    await expect(session.checkIn(tap("p2", "i-see"))).resolves.toMatchObject({ duplicate: false });
  });

  it("gives a phone its own states, ends one when asked, and splits the weather by where phones are", async () => {
    const { clock, session, last } = node();
    arrive(session, 4, "room");
    for (let i = 5; i <= 8; i++) session.arrive(`p${i}`, "remote");
    const ack = await session.checkIn(tap("p1", "need-break"));
    expect(ack.states).toEqual([{ signal: "need-break", expiresAt: clock.now() + 10 * 60_000, leftMs: 10 * 60_000 }]);
    await clock.advance(60_000);
    expect(session.room.statesOf("p1")).toEqual([expect.objectContaining({ signal: "need-break", leftMs: 9 * 60_000 })]);
    expect(session.room.statesOf("p2")).toEqual([]);
    expect(session.room.clear("p1", "need-break")).toEqual([]);
    expect(() => session.room.clear("p1", "i-see")).toThrow(AppError);
    await clock.advance(1_000);
    expect(last().weather.map((g) => g.group)).toEqual(["all", "room", "remote"]);
    expect(last().weather.map((g) => g.present)).toEqual([
      { kind: "count", count: 8 },
      { kind: "count", count: 4 },
      { kind: "count", count: 4 },
    ]);
    // A group below k shows nothing (and pulls its neighbour into hiding).
    session.setWhere("p5", "room");
    session.setWhere("p6", "room");
    await clock.advance(1_000);
    expect(last().weather.map((g) => g.present)).toEqual([{ kind: "count", count: 8 }, { kind: "hidden" }, { kind: "hidden" }]);
  });

  it("starts fresh after a restart: stored taps count as phones of their own and fire no moment", async () => {
    const clock = new ManualClock();
    const now = clock.now();
    const record: SessionRecord = { id: "s1", title: "t", status: "live", joinCode: "K7M3QX", startedAt: new Date(now - 3_600_000), endedAt: null };
    const heard: Heard[] = [];
    const outbound = {
      toPhones() {},
      toConsoles: (_id: string, event: string, ...args: unknown[]) => void heard.push({ audience: "consoles", event, args }),
      toDisplays() {},
      toPhoneSocket() {},
      toConsolesExcept() {},
      disconnectPhones() {},
    } as unknown as LiveOutbound;
    const session = new LiveSession(
      {
        record,
        palette: [...DEFAULT_PALETTE],
        prompt: null,
        pulse: new PulseCounter(DEFAULT_PALETTE.map((s) => s.key), now),
        participants: 0,
        roomSettings: ROOM_READING_DEFAULTS,
        roomStream: [
          ...Array.from({ length: 12 }, () => ({ signal: "i-see", at: now - 2_000 })),
          { signal: "need-break", at: now - 5 * 60_000 },
        ],
      },
      { clock, outbound, sessions: {} as SessionStore, checkIns: { write: async () => ({ duplicate: false }) } },
    );
    for (let i = 1; i <= 20; i++) session.arrive(`p${i}`);
    await clock.advance(15_000);
    const readings = heard.filter((h) => h.event === "room:reading").map((h) => (h.args[0] as { reading: RoomReading }).reading);
    expect(readings.some((r) => r.moment)).toBe(false);
    const weather = readings.at(-1)!.weather[0].signals;
    expect(weather.find((s) => s.signal === "i-see")!.raw.phones).toEqual({ kind: "count", count: 12 });
    // A state still in force holds (one tap, so "someone": need-break is a care signal).
    expect(weather.find((s) => s.signal === "need-break")!.phones).toEqual({ kind: "someone" });
  });
});

/**
 * Reading the room in the database (docs/reading-the-room.md): a session's
 * room-reading settings (Session.roomSettings, JSON: the radar, the weather and
 * the anonymity thresholds; null = the defaults), and the session's events for
 * its report (SessionEvent: confirmed moments and their end, care cues, held
 * silences).
 *
 * Privacy: a session event holds the room's figures only (counts of phones,
 * present, shares), never a participant id, a phone key, an address or a user
 * agent. Its id is worked out from what it records (session, kind, when), so
 * every node that computes the same moment stores it once: insert, ignore on
 * conflict.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { roomReadingSettingsSchema, ROOM_READING_DEFAULTS, type RoomReadingSettings } from "../../lib/radar/settings.ts";
import type { CareCue } from "../../lib/radar/settings.ts";
import type { MomentEnd, MomentEvidence } from "../../lib/radar/radar.ts";
import { AppError } from "../../lib/protocol/errors.ts";
import type { RoomCheckIn } from "../../lib/weather.ts";
import { dialectOf, type Db } from "../db/client.ts";
import { rowsOf } from "../db/rows.ts";

export const SESSION_EVENT_KINDS = ["moment", "moment-ended", "care", "care-ended", "silence"] as const;
export type SessionEventKind = (typeof SESSION_EVENT_KINDS)[number];

/** What each kind of session event records (room-level figures only). */
export interface SessionEventData {
  /** A moment confirmed (it reached happening), with the evidence it rested on then. */
  moment: { startedAt: number; confirmedAt: number; evidence: MomentEvidence };
  /** A confirmed moment's end. */
  "moment-ended": { startedAt: number; reason: MomentEnd };
  /** A care cue: enough phones held a state. */
  care: { signal: string; cue: CareCue; holders: number; present: number; trigger: number };
  "care-ended": { signal: string; since: number; reason: "ended" | "dismissed" };
  /** A held silence (server/live/live-silence.ts owns its shape). */
  silence: Record<string, unknown>;
}

export type SessionEventOf<K extends SessionEventKind> = { id: string; kind: K; at: number; data: SessionEventData[K] };
export type StoredSessionEvent = { [K in SessionEventKind]: SessionEventOf<K> }[SessionEventKind];

/** A new event: its id is derived from `key` (what makes it this event and no other). */
export type SessionEventWrite = { [K in SessionEventKind]: { kind: K; at: number; key: string; data: SessionEventData[K] } }[SessionEventKind];

/** The same on every node: one row however many nodes record it. */
export function sessionEventId(sessionId: string, kind: SessionEventKind, key: string): string {
  return createHash("sha256").update(`${sessionId}\u0000${kind}\u0000${key}`).digest("base64url").slice(0, 32);
}

/** A session's stored settings; anything unreadable (or null) is the defaults. */
export function parseRoomSettings(json: string | null): RoomReadingSettings {
  if (!json) return ROOM_READING_DEFAULTS;
  try {
    const parsed = roomReadingSettingsSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : ROOM_READING_DEFAULTS;
  } catch {
    return ROOM_READING_DEFAULTS;
  }
}

const kindSchema = z.enum(SESSION_EVENT_KINDS);

/** A session's events, oldest first (for its ended summary and report). */
export async function listSessionEvents(db: Db, sessionId: string): Promise<StoredSessionEvent[]> {
  const rows = await db.sessionEvent.findMany({ where: { sessionId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
  const events: StoredSessionEvent[] = [];
  for (const row of rows) {
    const kind = kindSchema.safeParse(row.kind);
    if (!kind.success) continue;
    let data: unknown;
    try {
      data = JSON.parse(row.data);
    } catch {
      continue;
    }
    events.push({ id: row.id, kind: kind.data, at: row.at.getTime(), data } as StoredSessionEvent);
  }
  return events;
}

/** What the live session needs of the database for reading the room (server/live/live-room.ts). */
export interface RoomStore {
  /** Stores the session's settings; refuses once the session has ended. */
  saveSettings(sessionId: string, settings: RoomReadingSettings): Promise<void>;
  /** Stores events, each once (an id already stored is left alone). */
  record(sessionId: string, events: readonly SessionEventWrite[]): Promise<void>;
}

export class Room implements RoomStore {
  constructor(private readonly db: Db) {}

  async settingsOf(sessionId: string): Promise<RoomReadingSettings> {
    const row = await this.db.session.findUnique({ where: { id: sessionId }, select: { roomSettings: true } });
    return parseRoomSettings(row?.roomSettings ?? null);
  }

  async saveSettings(sessionId: string, settings: RoomReadingSettings): Promise<void> {
    const { count } = await this.db.session.updateMany({
      where: { id: sessionId, status: { not: "ended" } },
      data: { roomSettings: JSON.stringify(settings) },
    });
    if (count === 0) throw new AppError("SESSION_NOT_LIVE", "This session has ended; its settings can no longer change.");
  }

  async record(sessionId: string, events: readonly SessionEventWrite[]): Promise<void> {
    if (events.length === 0) return;
    const { values, params } = rowsOf(
      dialectOf(this.db),
      events.map((e) => [sessionEventId(sessionId, e.kind, e.key), sessionId, e.kind, new Date(e.at), JSON.stringify(e.data)]),
    );
    await this.db.$executeRawUnsafe(
      `INSERT INTO "SessionEvent" ("id", "sessionId", "kind", "at", "data") VALUES ${values} ON CONFLICT ("id") DO NOTHING`,
      ...params,
    );
  }

  /** A session's events, oldest first. */
  listSessionEvents(sessionId: string): Promise<StoredSessionEvent[]> {
    return listSessionEvents(this.db, sessionId);
  }
}

/**
 * After a restart: the stored check-ins the weather still reads (the
 * momentary signals' window, and states still in force), without phones.
 * `recent` is what the caller already read (the pulse's horizon); older
 * states are read only when a state outlasts it.
 */
export async function roomStreamOf(
  db: Db,
  sessionId: string,
  settings: RoomReadingSettings,
  now: number,
  recent: readonly { signal: string; at: Date }[],
): Promise<RoomCheckIn[]> {
  const { weather } = settings;
  const momentaryFrom = now - Math.max(weather.dropAfterMs, weather.rawWindowMs);
  const states = weather.stateExpiryMs;
  const stateFrom = now - Math.max(0, ...Object.values(states));
  const recentFrom = recent.reduce((min, c) => Math.min(min, c.at.getTime()), now);
  const stream: RoomCheckIn[] = [];
  const keep = (signal: string, at: number) => (Object.hasOwn(states, signal) ? at > now - states[signal] : at > momentaryFrom);
  for (const c of recent) if (keep(c.signal, c.at.getTime())) stream.push({ signal: c.signal, at: c.at.getTime() });
  if (stateFrom < recentFrom && Object.keys(states).length > 0) {
    const older = await db.checkIn.findMany({
      where: { sessionId, signal: { in: Object.keys(states) }, at: { gt: new Date(stateFrom), lt: new Date(recentFrom) } },
      select: { signal: true, at: true },
    });
    for (const c of older) if (keep(c.signal, c.at.getTime())) stream.push({ signal: c.signal, at: c.at.getTime() });
  }
  return stream.sort((a, b) => a.at - b.at);
}

/**
 * The in-memory state of each session that has a console, a phone or a display
 * watching it: palette, current prompt, stored check-ins and who is present.
 * The database stays the truth; a room is rebuilt from it after a restart.
 *
 * Pulse updates are coalesced: a change marks the room dirty and at most one
 * pulse per `coalesceMs` (200 ms: five a second) goes out, plus a slow tick so
 * the 60-second window decays on screen even when nobody taps.
 */
import type { Signal } from "../../lib/content.ts";
import type { PromptView, SessionStatus } from "../../lib/protocol/views.ts";
import { computePulse, foldOldCheckIns, pulseHorizonMs, type CheckInPoint, type Pulse } from "../../lib/pulse.ts";
import type { Db } from "../db/client.ts";
import { parsePalette, toPromptView } from "../domain/sessions.ts";

export interface RoomSink {
  pulse(sessionId: string, pulse: Pulse): void;
  presence(sessionId: string, present: number): void;
}

export interface RoomSession {
  title: string;
  status: string;
  joinCode: string | null;
  startedAt: Date | null;
}

export class Room {
  title = "";
  status: SessionStatus = "draft";
  code: string | null = null;
  startedAt: number | null = null;
  /** Check-ins within the pulse's horizon; older ones live on as `folded` counts. */
  points: CheckInPoint[] = [];
  folded: Record<string, number> = {};
  /** participant id -> open sockets; a phone with two tabs is one person present. */
  readonly presence = new Map<string, number>();
  prompt: PromptView | null = null;
  dirty = false;
  presenceDirty = false;

  constructor(
    readonly sessionId: string,
    public palette: Signal[],
  ) {}

  get present(): number {
    return this.presence.size;
  }


  /** Keeps the room in step with the session row after a facilitator action. */
  apply(session: RoomSession): void {
    this.title = session.title;
    this.status = session.status as SessionStatus;
    this.code = session.status === "live" ? session.joinCode : null;
    this.startedAt = session.startedAt?.getTime() ?? null;
    if (session.status !== "live") this.prompt = null;
  }
}

export class Rooms {
  private readonly rooms = new Map<string, Promise<Room>>();
  private readonly ready = new Map<string, Room>();
  private flushTimer: NodeJS.Timeout | null = null;
  private lastFlushAt = 0;
  private readonly tick: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    private readonly sink: RoomSink,
    private readonly now: () => number = Date.now,
    private readonly coalesceMs = 200,
    tickMs = 5_000,
  ) {
    this.tick = setInterval(() => this.onTick(), tickMs);
    this.tick.unref();
  }

  /** The room for a session, loaded from the database once. */
  room(sessionId: string): Promise<Room> {
    let room = this.rooms.get(sessionId);
    if (!room) {
      room = this.load(sessionId);
      this.rooms.set(sessionId, room);
      room.catch(() => this.rooms.delete(sessionId));
    }
    return room;
  }

  /** A room already loaded, if any: for hot paths that must not wait. */
  loaded(sessionId: string): Room | undefined {
    return this.ready.get(sessionId);
  }

  pulse(room: Room): Pulse {
    return computePulse(
      room.points,
      room.palette.map((s) => s.key),
      room.present,
      this.now(),
      { folded: room.folded },
    );
  }

  /**
   * Every few seconds: live rooms are re-sent so the one-minute window decays
   * on screen, old check-ins are folded into counts so a long session costs
   * no more than a short one, and rooms nobody can use any more are dropped
   * (the database has them; a console that asks again reloads them).
   */
  private onTick(): void {
    const now = this.now();
    for (const room of this.ready.values()) {
      if (room.status !== "live") {
        if (room.present === 0) this.evict(room.sessionId);
        continue;
      }
      // Re-sent while it holds recent check-ins, once more as the last ones fold away.
      if (room.points.length) room.dirty = true;
      ({ kept: room.points, folded: room.folded } = foldOldCheckIns(room.points, room.folded, now));
    }
    this.scheduleFlush();
  }

  evict(sessionId: string): void {
    this.ready.delete(sessionId);
    this.rooms.delete(sessionId);
  }

  /** Check-ins just stored; rooms not loaded skip them (a later load reads the database). */
  addStored(stored: readonly { sessionId: string; signal: string; at: Date }[]): void {
    for (const { sessionId, signal, at } of stored) {
      const room = this.ready.get(sessionId);
      if (!room) continue;
      room.points.push({ signal, at: at.getTime() });
      room.dirty = true;
    }
    this.scheduleFlush();
  }

  arrive(room: Room, participantId: string): void {
    room.presence.set(participantId, (room.presence.get(participantId) ?? 0) + 1);
    room.presenceDirty = true;
    this.markDirty(room);
  }

  leave(room: Room, participantId: string): void {
    const open = (room.presence.get(participantId) ?? 1) - 1;
    if (open > 0) room.presence.set(participantId, open);
    else room.presence.delete(participantId);
    room.presenceDirty = true;
    this.markDirty(room);
  }

  markDirty(room: Room): void {
    room.dirty = true;
    this.scheduleFlush();
  }

  close(): void {
    clearInterval(this.tick);
    if (this.flushTimer) clearTimeout(this.flushTimer);
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    // Leading edge: a change after a quiet spell goes out at once; changes
    // during the next `coalesceMs` wait and go out together.
    const wait = Math.max(0, this.lastFlushAt + this.coalesceMs - this.now());
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.lastFlushAt = this.now();
      for (const room of this.ready.values()) {
        if (!room.dirty) continue;
        room.dirty = false;
        this.sink.pulse(room.sessionId, this.pulse(room));
        if (room.presenceDirty) {
          room.presenceDirty = false;
          this.sink.presence(room.sessionId, room.present);
        }
      }
    }, wait);
  }

  private async load(sessionId: string): Promise<Room> {
    const session = await this.db.session.findUniqueOrThrow({ where: { id: sessionId } });
    // Older check-ins only count towards totals: the database counts them.
    const horizon = new Date(this.now() - pulseHorizonMs());
    const [older, checkIns, prompt] = await Promise.all([
      this.db.checkIn.groupBy({ by: ["signal"], where: { sessionId, at: { lte: horizon } }, _count: { _all: true } }),
      this.db.checkIn.findMany({ where: { sessionId, at: { gt: horizon } }, select: { signal: true, at: true }, orderBy: { at: "asc" } }),
      this.db.prompt.findFirst({ where: { sessionId, closedAt: null }, orderBy: { pushedAt: "desc" } }),
    ]);
    const room = new Room(sessionId, parsePalette(session.palette));
    room.apply(session);
    // Phones load their room before any of their check-ins is accepted, so no
    // check-in for this session can be stored (and skipped) while this runs.
    room.points = checkIns.map((c) => ({ signal: c.signal, at: c.at.getTime() }));
    room.folded = Object.fromEntries(older.map((g) => [g.signal, g._count._all]));
    room.prompt = prompt && session.status === "live" ? toPromptView(prompt) : null;
    this.ready.set(sessionId, room);
    return room;
  }
}

/**
 * The live sessions this process holds in memory, loaded from the database on
 * first use (the database stays the truth: after a restart a session is
 * rebuilt from it). Owns the slow clock work: the pulse's decay tick, dropping
 * sessions nobody is using, and ending sessions left live and idle.
 */
import { parseDeck } from "../../lib/library/deck.ts";
import { pulseHorizonMs } from "../../lib/pulse.ts";
import { PulseCounter } from "../../lib/pulse-counter.ts";
import type { Db } from "../db/client.ts";
import type { DisplayShows } from "../../lib/protocol/views.ts";
import { toStoredAnswer } from "../domain/answers.ts";
import { parsePalette, toPromptView } from "../domain/sessions.ts";
import { parseChecklist } from "../domain/palette.ts";
import { parseRoomSettings, roomStreamOf } from "../domain/room.ts";
import type { Clock, Timer } from "./clock.ts";
import { LiveSession, type LiveSessionDeps } from "./live-session.ts";
import type { PeerEvent } from "./peers.ts";

export interface LiveSessionsOptions {
  /** How often the pulse is re-sent so its window decays, and unused sessions are dropped. */
  tickMs?: number;
  /** A live session with no activity for this long ends on its own (a day by default). */
  idleEndMs?: number;
  /** How often to look for such sessions. */
  idleCheckMs?: number;
  /** A loaded session nobody is connected to is dropped from memory after this long. */
  unusedMs?: number;
}

export class LiveSessions {
  private readonly loading = new Map<string, Promise<LiveSession>>();
  /** What peers said about sessions still loading, applied once they are loaded. */
  private readonly heardWhileLoading = new Map<string, PeerEvent[]>();
  private readonly loaded = new Map<string, LiveSession>();
  private readonly timers: Timer[];
  private readonly unusedMs: number;
  private readonly idleEndMs: number;

  constructor(
    private readonly db: Db,
    private readonly deps: LiveSessionDeps & { sessions: LiveSessionDeps["sessions"] & { idleSince(cutoff: Date): Promise<string[]> } },
    options: LiveSessionsOptions = {},
  ) {
    this.unusedMs = options.unusedMs ?? 60_000;
    this.idleEndMs = options.idleEndMs ?? 24 * 60 * 60_000;
    this.timers = [
      deps.clock.every(options.tickMs ?? 5_000, () => this.tick()),
      deps.clock.every(options.idleCheckMs ?? 5 * 60_000, () => this.endIdle()),
    ];
  }

  /** The live session for a session id, loaded from the database once. */
  get(sessionId: string): Promise<LiveSession> {
    const ready = this.loaded.get(sessionId);
    if (ready) return Promise.resolve(ready);
    let pending = this.loading.get(sessionId);
    if (!pending) {
      this.heardWhileLoading.set(sessionId, []);
      pending = this.load(sessionId).finally(() => {
        this.loading.delete(sessionId);
        this.heardWhileLoading.delete(sessionId);
      });
      this.loading.set(sessionId, pending);
    }
    return pending;
  }

  /**
   * What another node says happened in a session. A session this node has not
   * loaded needs nothing: it will read the database when it is loaded.
   */
  fromPeer(sessionId: string, event: PeerEvent): void {
    const session = this.loaded.get(sessionId);
    if (session) return session.fromPeer(event);
    this.heardWhileLoading.get(sessionId)?.push(event);
  }

  /** A session already in memory, if any. */
  peek(sessionId: string): LiveSession | undefined {
    return this.loaded.get(sessionId);
  }

  get size(): number {
    return this.loaded.size;
  }

  close(): void {
    for (const timer of this.timers) timer.cancel();
    for (const session of this.loaded.values()) session.dispose();
  }

  /** Decay the pulse on screen; drop sessions nobody has used for a while. */
  tick(): void {
    const now = this.deps.clock.now();
    for (const session of this.loaded.values()) {
      // Kept while its pulse still decays on some console's screen.
      if (session.present === 0 && now - session.lastUsedAt > this.unusedMs && !(session.status === "live" && session.hasTapsOnTrend())) {
        session.dispose();
        this.loaded.delete(session.id);
        continue;
      }
      session.tick();
    }
  }

  /** Ends live sessions nobody has used for `idleEndMs`, so their codes stop working. */
  async endIdle(): Promise<string[]> {
    const cutoff = new Date(this.deps.clock.now() - this.idleEndMs);
    const ids = await this.deps.sessions.idleSince(cutoff);
    for (const id of ids) {
      const session = this.loaded.get(id);
      // A phone connected right now is someone using it, whatever the database last heard.
      if (session && session.present > 0) continue;
      await (session ?? (await this.get(id))).end();
      console.log(`[attune] ended session ${id}: nobody used it for ${Math.round(this.idleEndMs / 60_000)} minutes`);
    }
    return ids;
  }

  private async load(sessionId: string): Promise<LiveSession> {
    const { db } = this;
    const row = await db.session.findUniqueOrThrow({ where: { id: sessionId } });
    const palette = parsePalette(row.palette);
    // Older check-ins only count towards totals: the database counts them.
    const horizon = new Date(this.deps.clock.now() - pulseHorizonMs());
    const [older, recent, prompt, participants] = await Promise.all([
      db.checkIn.groupBy({ by: ["signal"], where: { sessionId, at: { lte: horizon } }, _count: { _all: true } }),
      db.checkIn.findMany({ where: { sessionId, at: { gt: horizon } }, select: { clientId: true, signal: true, at: true } }),
      db.prompt.findFirst({ where: { sessionId, closedAt: null }, orderBy: { pushedAt: "desc" } }),
      db.participant.count({ where: { sessionId } }),
    ]);
    // The open prompt's answers, counted from the database; peers' copies of them are the same rows (by id).
    const answers = prompt ? (await db.answer.findMany({ where: { promptId: prompt.id } })).map(toStoredAnswer) : [];
    const now = this.deps.clock.now();
    const pulse = new PulseCounter(
      palette.map((s) => s.key),
      now,
      { folded: Object.fromEntries(older.map((g) => [g.signal, g._count._all])) },
    );
    let latestTapAt = Number.NEGATIVE_INFINITY;
    for (const c of recent) {
      pulse.add({ signal: c.signal, at: c.at.getTime() });
      latestTapAt = Math.max(latestTapAt, c.at.getTime());
    }
    // Reading the room: the stored taps the weather still reads, each a phone of its own (no phone is ever stored).
    const roomSettings = parseRoomSettings(row.roomSettings);
    const roomStream = await roomStreamOf(db, sessionId, roomSettings, now, recent);
    // Phones load their session before any of their check-ins is accepted, so
    // no check-in for this session can be stored (and missed) while this runs.
    const session = new LiveSession(
      { record: row, palette, prompt: prompt ? toPromptView(prompt) : null, pulse, participants, latestTapAt, deck: parseDeck(row.deck), answers,
        displayShows: row.displayShows as DisplayShows,
        prepared: { confidentialityNote: row.confidentialityNote, checklist: parseChecklist(row.checklist) },
        silence: row.silence, roomSettings, roomStream },
      this.deps,
    );
    // Peers' news from while the database was read: skip check-ins it already gave.
    session.loadedWith(new Set(recent.map((c) => c.clientId)));
    for (const event of this.heardWhileLoading.get(sessionId) ?? []) session.fromPeer(event);
    session.doneLoading();
    this.loaded.set(sessionId, session);
    return session;
  }
}

/**
 * Joined phones, known only by the hash of a random resume token, so a reloaded
 * or woken phone comes back to the same session without the code.
 *
 * Join and last-seen times are stored to the minute only, so they cannot be
 * lined up with the times of anonymous check-ins.
 */
import { dialectOf, type Db } from "../db/client.ts";
import { rowsOf } from "../db/rows.ts";
import { hashToken, newId, newToken } from "../auth/tokens.ts";
import { Batcher } from "./batch.ts";

export interface JoinedParticipant {
  participantId: string;
  resumeToken: string;
  /** False when the phone came back with its resume token. */
  fresh: boolean;
}

/** A time cut to its minute. */
export function toMinute(ms: number): Date {
  return new Date(ms - (ms % 60_000));
}

/** At most this many phones' rows in one statement. */
const BATCH = 500;
/**
 * At most one statement of each kind per this many ms (`Batcher`'s gap): a
 * storm's phones arrive a few per event-loop turn, and a statement per turn
 * cost more main-thread time than the joins themselves. A lone phone still
 * goes at the next turn; in a storm a join waits at most this much longer.
 */
const GAP_MS = 25;
/** Joins resumed per event-loop turn once their batch is written (Batcher's releasePerTurn). */
const RELEASE_PER_TURN = 25;

/**
 * A room of phones joins, or comes back after a restart, within seconds: the
 * rows of phones that arrive together are read and written together
 * (server/domain/batch.ts), one statement for many phones (at most one of each
 * kind per GAP_MS) instead of a transaction and a disk flush each.
 */
export class Participants {
  private readonly lookups: Batcher<string, { id: string; sessionId: string } | null>;
  private readonly returns: Batcher<{ id: string; minute: Date }, undefined>;
  private readonly creations: Batcher<{ id: string; sessionId: string; tokenHash: string; minute: Date }, undefined>;

  constructor(private readonly db: Db) {
    const dialect = dialectOf(db);
    this.lookups = new Batcher(async (hashes) => {
      const rows = await db.participant.findMany({ where: { tokenHash: { in: hashes } }, select: { id: true, sessionId: true, tokenHash: true } });
      const byHash = new Map(rows.map((r) => [r.tokenHash, { id: r.id, sessionId: r.sessionId }]));
      return hashes.map((h) => byHash.get(h) ?? null);
    }, BATCH, GAP_MS, RELEASE_PER_TURN);
    this.returns = new Batcher(async (items) => {
      const byMinute = new Map<number, string[]>();
      for (const { id, minute } of items) byMinute.set(minute.getTime(), [...(byMinute.get(minute.getTime()) ?? []), id]);
      for (const [minute, ids] of byMinute) {
        await db.participant.updateMany({ where: { id: { in: ids } }, data: { lastSeenAt: new Date(minute) } });
      }
      return items.map(() => undefined);
    }, BATCH, GAP_MS, RELEASE_PER_TURN);
    this.creations = new Batcher(async (rows) => {
      // By hand: Prisma's createMany spent 0.2–0.4 ms of main thread per row, and
      // that is what held the event loop in a 10,000-phone join storm.
      const { values, params } = rowsOf(dialect, rows.map((r) => [r.id, r.sessionId, r.tokenHash, r.minute, r.minute]));
      await db.$executeRawUnsafe(`INSERT INTO "Participant" ("id", "sessionId", "tokenHash", "joinedAt", "lastSeenAt") VALUES ${values}`, ...params);
      return rows.map(() => undefined);
    }, BATCH, GAP_MS, RELEASE_PER_TURN);
  }

  /** The participant a resume token belongs to in this session, if any. */
  async returning(sessionId: string, resumeToken: string | undefined): Promise<string | null> {
    if (!resumeToken) return null;
    const found = await this.lookups.run(hashToken(resumeToken));
    return found?.sessionId === sessionId ? found.id : null;
  }

  /** A phone coming back: its last-seen minute moves on. */
  async comeBack(participantId: string, now: number): Promise<void> {
    await this.returns.run({ id: participantId, minute: toMinute(now) });
  }

  async create(sessionId: string, now: number): Promise<JoinedParticipant> {
    const token = newToken();
    const id = newId();
    await this.creations.run({ id, sessionId, tokenHash: hashToken(token), minute: toMinute(now) });
    return { participantId: id, resumeToken: token, fresh: true };
  }
}

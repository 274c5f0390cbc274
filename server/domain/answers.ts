/**
 * Anonymous answers to prompts. A phone answers with a random secret of its
 * own for that prompt; only the secret's hash is stored, so the same phone
 * can change its answer (one row per secret: it counts once) and find it
 * again after a reload, and nothing in the row says which phone or
 * participant gave it: no participant id, no address, no user agent.
 *
 * An answer is stored before it is acknowledged, and a retry with the same
 * secret and value changes nothing. A room answers within seconds, so first
 * answers are read and inserted in batches (server/domain/batch.ts: one
 * statement for many phones, at most one of each kind per GAP_MS), as joins
 * are; a change of answer is rarer and written on its own.
 */
import { createHash } from "node:crypto";
import { sameAnswer, type StoredAnswer } from "../../lib/answers.ts";
import { AppError } from "../../lib/protocol/errors.ts";
import type { AnswerValue } from "../../lib/protocol/views.ts";
import { newId } from "../auth/tokens.ts";
import { dialectOf, type Db } from "../db/client.ts";
import { rowsOf } from "../db/rows.ts";
import { Batcher } from "./batch.ts";

type AnswerRow = { id: string; value: string; hidden: boolean; highlighted: boolean; at: Date };

/** At most this many answers in one statement, and one statement of each kind per GAP_MS. */
const BATCH = 500;
const GAP_MS = 25;

/** The stored form of a phone's answer secret. */
export function editHashOf(secret: string): string {
  return createHash("sha256").update(secret).digest("base64url");
}

export function toStoredAnswer(row: AnswerRow): StoredAnswer {
  return { id: row.id, value: JSON.parse(row.value) as AnswerValue, hidden: row.hidden, highlighted: row.highlighted, at: row.at.getTime() };
}

export interface AnswerWrite {
  sessionId: string;
  promptId: string;
  secret: string;
  value: AnswerValue;
  at: Date;
}

export class Answers {
  /** The write in flight per (prompt, secret): a phone's retries and changes are stored in the order they came. */
  private readonly inFlight = new Map<string, Promise<unknown>>();

  /** An answer's row by (prompt, secret's hash), read with others that arrive together. */
  private readonly lookups: Batcher<{ promptId: string; editHash: string }, AnswerRow | null>;
  /** New rows inserted together; false for a row whose secret another process stored first. */
  private readonly creations: Batcher<{ id: string; sessionId: string; promptId: string; editHash: string; value: string; at: Date }, boolean>;

  constructor(private readonly db: Db) {
    const dialect = dialectOf(db);
    this.lookups = new Batcher(async (keys) => {
      const rows = await db.answer.findMany({
        where: { promptId: { in: [...new Set(keys.map((k) => k.promptId))] }, editHash: { in: keys.map((k) => k.editHash) } },
        select: { id: true, promptId: true, editHash: true, value: true, hidden: true, highlighted: true, at: true },
      });
      const byKey = new Map(rows.map((r) => [`${r.promptId}:${r.editHash}`, r]));
      return keys.map((k): AnswerRow | null => byKey.get(`${k.promptId}:${k.editHash}`) ?? null);
    }, BATCH, GAP_MS);
    this.creations = new Batcher(async (rows) => {
      const { values, params } = rowsOf(dialect, rows.map((r) => [r.id, r.sessionId, r.promptId, r.editHash, r.value, r.at]));
      const inserted = await db.$queryRawUnsafe<{ id: string }[]>(
        `INSERT INTO "Answer" ("id", "sessionId", "promptId", "editHash", "value", "at") VALUES ${values}
         ON CONFLICT ("promptId", "editHash") DO NOTHING RETURNING "id"`,
        ...params,
      );
      const fresh = new Set(inserted.map((r) => r.id));
      return rows.map((r) => fresh.has(r.id));
    }, BATCH, GAP_MS);
  }

  /**
   * Stores a phone's answer: a new row for a new secret, the row's value and
   * time changed for a known one, nothing for the same value again (`duplicate`).
   */
  write(write: AnswerWrite): Promise<{ answer: StoredAnswer; duplicate: boolean }> {
    const editHash = editHashOf(write.secret);
    const key = `${write.promptId}:${editHash}`;
    const before = this.inFlight.get(key) ?? Promise.resolve();
    const result = before.then(
      () => this.upsert(write, editHash),
      () => this.upsert(write, editHash),
    );
    const settled = result.catch(() => {});
    this.inFlight.set(key, settled);
    void settled.then(() => {
      if (this.inFlight.get(key) === settled) this.inFlight.delete(key);
    });
    return result;
  }

  /** The answer this secret gave to a prompt, if any. */
  async mine(promptId: string, secret: string): Promise<AnswerValue | null> {
    const row = await this.db.answer.findUnique({ where: { promptId_editHash: { promptId, editHash: editHashOf(secret) } }, select: { value: true } });
    return row ? (JSON.parse(row.value) as AnswerValue) : null;
  }

  /** Every answer to a prompt, as the live session holds them. */
  async forPrompt(promptId: string): Promise<StoredAnswer[]> {
    const rows = await this.db.answer.findMany({ where: { promptId }, select: { id: true, value: true, hidden: true, highlighted: true, at: true } });
    return rows.map(toStoredAnswer);
  }

  /** Hides or highlights an answer to a prompt of this session. */
  async moderate(sessionId: string, promptId: string, answerId: string, change: { hidden?: boolean; highlighted?: boolean }): Promise<StoredAnswer> {
    const { count } = await this.db.answer.updateMany({ where: { id: answerId, sessionId, promptId }, data: change });
    if (count === 0) throw new AppError("NOT_FOUND", "That answer was not found.");
    return toStoredAnswer(await this.db.answer.findUniqueOrThrow({ where: { id: answerId } }));
  }

  private async upsert({ sessionId, promptId, value, at }: AnswerWrite, editHash: string): Promise<{ answer: StoredAnswer; duplicate: boolean }> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const known = await this.lookups.run({ promptId, editHash });
      if (known) {
        const stored = toStoredAnswer(known);
        if (sameAnswer(stored.value, value)) return { answer: stored, duplicate: true };
        const row = await this.db.answer.update({ where: { id: known.id }, data: { value: JSON.stringify(value), at } });
        return { answer: toStoredAnswer(row), duplicate: false };
      }
      const id = newId();
      if (await this.creations.run({ id, sessionId, promptId, editHash, value: JSON.stringify(value), at })) {
        return { answer: { id, value, hidden: false, highlighted: false, at: at.getTime() }, duplicate: false };
      }
      // The same secret stored at this moment by another process: read it and go on from there.
    }
    throw new AppError("INTERNAL", "Could not store that answer; try again.");
  }
}

/**
 * A held silence in the database: Session.silence holds the running silence
 * (lib/radar/silence.ts: start, duration, extensions) so a restarted or
 * another node computes the same end from the same row. Every write is
 * conditional on what was read (compare-and-swap on the stored text), so two
 * nodes ending the same silence at its end time store its report once.
 *
 * When a silence ends, a SessionEvent of kind "silence" keeps its length, its
 * extensions and how many asked for more time, as the console may see it
 * (k applied) — never a participant or a phone.
 */
import type { Shown } from "../../lib/anonymity.ts";
import { AppError } from "../../lib/protocol/errors.ts";
import type { Silence } from "../../lib/radar/silence.ts";
import { newId } from "../auth/tokens.ts";
import type { Db } from "../db/client.ts";

/** Why a silence ended. */
export type SilenceEnd = "time" | "facilitator" | "session-ended";

/** What the report keeps of a held silence (SessionEvent.data, kind "silence"). */
export interface SilenceRecord {
  startedAt: number;
  endedAt: number;
  /** The length first chosen. */
  durationMs: number;
  /** How much the extensions added, and how many there were. */
  extendedMs: number;
  extensions: number;
  /** How many phones asked for more time, k applied for the console (lib/anonymity.ts). */
  moreTime: Shown;
  endedBy: SilenceEnd;
}

/** What the live session needs of the database for its silences (server/live/live-silence.ts). */
export interface SilenceStore {
  /** Stores a new silence; refused unless the session is live and holds none. */
  start(sessionId: string, silence: StoredSilence): Promise<void>;
  /** Replaces `from` with `to`; false if the stored silence is no longer `from` (ended or changed elsewhere). */
  extend(sessionId: string, from: StoredSilence, to: StoredSilence): Promise<boolean>;
  /** Clears `silence` and stores its record; false (and nothing stored) if another node cleared it first. */
  end(sessionId: string, silence: StoredSilence, record: SilenceRecord): Promise<boolean>;
}

/** Session.silence's text: the silence and how many times it was extended (compared as written, so keys keep this order). */
export type StoredSilence = Silence & { extensions?: number };

export const stored = (silence: StoredSilence): string =>
  JSON.stringify({ startedAt: silence.startedAt, durationMs: silence.durationMs, extendedMs: silence.extendedMs, extensions: silence.extensions ?? 0 });

export class Silences implements SilenceStore {
  constructor(private readonly db: Db) {}

  async start(sessionId: string, silence: StoredSilence): Promise<void> {
    const { count } = await this.db.session.updateMany({
      where: { id: sessionId, status: "live", silence: null },
      data: { silence: stored(silence) },
    });
    if (count === 1) return;
    const row = await this.db.session.findUnique({ where: { id: sessionId }, select: { status: true } });
    if (row?.status !== "live") throw new AppError("SESSION_NOT_LIVE", "Go live before holding a silence.");
    throw new AppError("BAD_REQUEST", "A silence is already running: extend it or end it.");
  }

  async extend(sessionId: string, from: StoredSilence, to: StoredSilence): Promise<boolean> {
    const { count } = await this.db.session.updateMany({ where: { id: sessionId, silence: stored(from) }, data: { silence: stored(to) } });
    return count === 1;
  }

  async end(sessionId: string, silence: StoredSilence, record: SilenceRecord): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.session.updateMany({ where: { id: sessionId, silence: stored(silence) }, data: { silence: null } });
      if (count !== 1) return false;
      await tx.sessionEvent.create({ data: { id: newId(), sessionId, kind: "silence", at: new Date(record.startedAt), data: JSON.stringify(record) } });
      return true;
    });
  }
}

/**
 * Joined phones, known only by the hash of a random resume token, so a reloaded
 * or woken phone comes back to the same session without the code.
 *
 * Join and last-seen times are stored to the minute only, so they cannot be
 * lined up with the times of anonymous check-ins.
 */
import type { Db } from "../db/client.ts";
import { hashToken, newId, newToken } from "../auth/tokens.ts";

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

export class Participants {
  constructor(private readonly db: Db) {}

  /** The participant a resume token belongs to in this session, if any. */
  async returning(sessionId: string, resumeToken: string | undefined): Promise<string | null> {
    if (!resumeToken) return null;
    const found = await this.db.participant.findUnique({ where: { tokenHash: hashToken(resumeToken) } });
    return found?.sessionId === sessionId ? found.id : null;
  }

  /** A phone coming back: its last-seen minute moves on. */
  async comeBack(participantId: string, now: number): Promise<void> {
    await this.db.participant.update({ where: { id: participantId }, data: { lastSeenAt: toMinute(now) } });
  }

  async create(sessionId: string, now: number): Promise<JoinedParticipant> {
    const token = newToken();
    const minute = toMinute(now);
    const created = await this.db.participant.create({
      data: { id: newId(), sessionId, tokenHash: hashToken(token), joinedAt: minute, lastSeenAt: minute },
    });
    return { participantId: created.id, resumeToken: token, fresh: true };
  }
}

/**
 * Joined phones, known only by the hash of a random resume token, so a reloaded
 * or woken phone comes back to the same session without the code.
 */
import type { Db } from "../db/client.ts";
import { hashToken, newId, newToken } from "../auth/tokens.ts";

export interface JoinedParticipant {
  participantId: string;
  resumeToken: string;
}

export class Participants {
  constructor(private readonly db: Db) {}

  /** Whether this resume token belongs to a phone already in this session. */
  async belongsTo(sessionId: string, resumeToken: string): Promise<boolean> {
    const found = await this.db.participant.findUnique({ where: { tokenHash: hashToken(resumeToken) } });
    return found?.sessionId === sessionId;
  }

  async join(sessionId: string, resumeToken: string | undefined): Promise<JoinedParticipant> {
    if (resumeToken) {
      const found = await this.db.participant.findUnique({ where: { tokenHash: hashToken(resumeToken) } });
      if (found && found.sessionId === sessionId) {
        await this.db.participant.update({ where: { id: found.id }, data: { lastSeenAt: new Date() } });
        return { participantId: found.id, resumeToken };
      }
    }
    const token = newToken();
    const created = await this.db.participant.create({
      data: { id: newId(), sessionId, tokenHash: hashToken(token) },
    });
    return { participantId: created.id, resumeToken: token };
  }
}

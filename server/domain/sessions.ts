/**
 * Sessions and their prompts: facilitator actions, written through to the database.
 */
import { DEFAULT_PALETTE, techniqueByKey, type Signal } from "../../lib/content.ts";
import { generateJoinCode } from "../../lib/join-code.ts";
import { AppError } from "../../lib/protocol/errors.ts";
import type { PromptSource } from "../../lib/protocol/schemas.ts";
import type { PromptView, SessionStatus, SessionView } from "../../lib/protocol/views.ts";
import { newId } from "../auth/tokens.ts";
import type { Db } from "../db/client.ts";

type SessionRow = {
  id: string;
  ownerId: string;
  title: string;
  status: string;
  joinCode: string | null;
  palette: string;
  startedAt: Date | null;
  endedAt: Date | null;
};

type PromptRow = {
  id: string;
  kind: string;
  technique: string | null;
  title: string;
  body: string;
  pushedAt: Date;
};

export function toSessionView(row: SessionRow): SessionView {
  return {
    id: row.id,
    title: row.title,
    status: row.status as SessionStatus,
    joinCode: row.status === "live" ? row.joinCode : null,
    startedAt: row.startedAt?.getTime() ?? null,
    endedAt: row.endedAt?.getTime() ?? null,
  };
}

export function toPromptView(row: PromptRow): PromptView {
  return {
    id: row.id,
    kind: row.kind as PromptView["kind"],
    technique: row.technique as PromptView["technique"],
    title: row.title,
    body: row.body,
    pushedAt: row.pushedAt.getTime(),
  };
}

export function parsePalette(json: string): Signal[] {
  return JSON.parse(json) as Signal[];
}

export class Sessions {
  constructor(private readonly db: Db) {}

  async create(ownerId: string, title: string): Promise<SessionView> {
    const row = await this.db.session.create({
      data: { id: newId(), ownerId, title, palette: JSON.stringify(DEFAULT_PALETTE) },
    });
    return toSessionView(row);
  }

  async listFor(ownerId: string): Promise<SessionView[]> {
    const rows = await this.db.session.findMany({ where: { ownerId }, orderBy: { createdAt: "desc" } });
    return rows.map(toSessionView);
  }

  /** The session if this facilitator may run it; a stranger's session looks like none at all. */
  async getOwned(ownerId: string, sessionId: string): Promise<SessionRow> {
    const row = await this.db.session.findUnique({ where: { id: sessionId } });
    if (!row || row.ownerId !== ownerId) throw new AppError("NOT_FOUND", "That session was not found.");
    return row;
  }

  /** The session a join code belongs to, live or ended (codes are never reused). */
  async findByCode(code: string): Promise<SessionRow | null> {
    return this.db.session.findUnique({ where: { joinCode: code } });
  }

  async start(ownerId: string, sessionId: string): Promise<SessionRow> {
    const row = await this.getOwned(ownerId, sessionId);
    if (row.status === "live") return row;
    if (row.status === "ended") throw new AppError("BAD_REQUEST", "This session has ended; create a new one.");
    for (let attempt = 0; attempt < 8; attempt++) {
      try {
        // Only a draft goes live: a second "Go live" keeps the first code.
        const { count } = await this.db.session.updateMany({
          where: { id: sessionId, status: "draft" },
          data: { status: "live", joinCode: generateJoinCode(), startedAt: new Date() },
        });
        if (count === 0) return this.start(ownerId, sessionId);
        return await this.getOwned(ownerId, sessionId);
      } catch (error) {
        // A join code already taken (unique constraint): draw another.
        if ((error as { code?: string }).code !== "P2002") throw error;
      }
    }
    throw new AppError("INTERNAL", "Could not find a free join code; try again.");
  }

  /** Ends the session. Its code stays reserved, so an old link never opens someone else's room. */
  async end(ownerId: string, sessionId: string): Promise<SessionRow> {
    const row = await this.getOwned(ownerId, sessionId);
    if (row.status === "ended") return row;
    const now = new Date();
    await this.db.$transaction([
      this.db.prompt.updateMany({ where: { sessionId, closedAt: null }, data: { closedAt: now } }),
      this.db.session.updateMany({ where: { id: sessionId, status: { not: "ended" } }, data: { status: "ended", endedAt: now } }),
    ]);
    return this.getOwned(ownerId, sessionId);
  }

  /** Pushes a prompt, closing the one that was open: a room has one prompt at a time. */
  async pushPrompt(sessionId: string, source: PromptSource): Promise<PromptView> {
    const content =
      source.kind === "technique"
        ? (() => {
            const t = techniqueByKey(source.technique);
            return { kind: "technique", technique: t.key, title: t.name, body: t.script };
          })()
        : { kind: "text", technique: null, title: "A prompt from your facilitator", body: source.text };
    const now = new Date();
    const [, row] = await this.db.$transaction([
      this.db.prompt.updateMany({ where: { sessionId, closedAt: null }, data: { closedAt: now } }),
      this.db.prompt.create({ data: { id: newId(), sessionId, pushedAt: now, ...content } }),
    ]);
    return toPromptView(row);
  }

  async closePrompt(sessionId: string): Promise<void> {
    await this.db.prompt.updateMany({ where: { sessionId, closedAt: null }, data: { closedAt: new Date() } });
  }
}

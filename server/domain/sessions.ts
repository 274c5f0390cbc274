/**
 * Sessions and their prompts: facilitator actions, written through to the database.
 */
import { createHash } from "node:crypto";
import { DEFAULT_PALETTE, techniqueByKey, type Signal } from "../../lib/content.ts";
import { generateJoinCode } from "../../lib/join-code.ts";
import { AppError } from "../../lib/protocol/errors.ts";
import { builtInTemplate } from "../../lib/library/prompts.ts";
import { contentOf, type PromptContent } from "../../lib/library/schemas.ts";
import type { PromptSource } from "../../lib/protocol/schemas.ts";
import type { DisplayShows, PromptView, SessionStatus, SessionView } from "../../lib/protocol/views.ts";
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
  /** JSON: { low, high } for a scale, [option, ...] for a choice; null otherwise. */
  options: string | null;
  revealed: boolean;
  pushedAt: Date;
};

/**
 * The key in a session's join link (`/j/CODE?k=KEY`): phones that scanned the
 * QR code or followed the link show it, so they are never taken for someone
 * guessing codes. Derived from the session's secret id, so it needs no column.
 */
export function joinKey(sessionId: string, code: string): string {
  return createHash("sha256").update(`attune-join-link:${sessionId}:${code}`).digest("base64url").slice(0, 22);
}

export function toSessionView(row: Pick<SessionRow, "id" | "title" | "status" | "joinCode" | "startedAt" | "endedAt">): SessionView {
  const live = row.status === "live" && row.joinCode !== null;
  return {
    id: row.id,
    title: row.title,
    status: row.status as SessionStatus,
    joinCode: live ? row.joinCode : null,
    joinKey: live ? joinKey(row.id, row.joinCode!) : null,
    startedAt: row.startedAt?.getTime() ?? null,
    endedAt: row.endedAt?.getTime() ?? null,
  };
}

export function toPromptView(row: PromptRow): PromptView {
  const kind = row.kind as PromptView["kind"];
  const extra = row.options === null ? null : (JSON.parse(row.options) as unknown);
  return {
    id: row.id,
    kind,
    technique: row.technique as PromptView["technique"],
    title: row.title,
    body: row.body,
    labels: kind === "scale" ? (extra as PromptView["labels"]) : null,
    options: kind === "choice" ? (extra as PromptView["options"]) : null,
    revealed: row.revealed,
    pushedAt: row.pushedAt.getTime(),
  };
}

/** The words a typed prompt is titled with (phones never show a technique's name either). */
export const TYPED_PROMPT_TITLE = "A prompt from your facilitator";

/** What a push puts in front of the room, whatever it came from. */
export function contentOfSource(source: PromptSource): PromptContent {
  switch (source.kind) {
    case "technique": {
      const t = techniqueByKey(source.technique);
      return { kind: "script", technique: t.key, title: t.name, body: t.script };
    }
    case "text":
      return { kind: "script", title: TYPED_PROMPT_TITLE, body: source.text };
    case "library": {
      const template = builtInTemplate(source.key);
      if (!template) throw new AppError("BAD_REQUEST", "No built-in prompt has that key.");
      return contentOf(template);
    }
    case "content":
      return source.content;
  }
}

/** A prompt's row, from its content. */
function promptData(content: PromptContent) {
  return {
    kind: content.kind,
    technique: content.technique ?? null,
    title: content.title,
    body: content.body,
    options: content.kind === "scale" ? JSON.stringify(content.labels) : content.kind === "choice" ? JSON.stringify(content.options) : null,
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

  /**
   * Draft -> live with a fresh join code. A conditional write: only a draft goes
   * live, so a second "Go live" (from this process or another) keeps the first code.
   */
  async start(sessionId: string, now: Date): Promise<SessionRow> {
    for (let attempt = 0; attempt < 8; attempt++) {
      try {
        const { count } = await this.db.session.updateMany({
          where: { id: sessionId, status: "draft" },
          data: { status: "live", joinCode: generateJoinCode(), startedAt: now },
        });
        const row = await this.db.session.findUniqueOrThrow({ where: { id: sessionId } });
        if (count === 0 && row.status === "ended") throw new AppError("BAD_REQUEST", "This session has ended; create a new one.");
        return row;
      } catch (error) {
        // A join code already taken (unique constraint): draw another.
        if ((error as { code?: string }).code !== "P2002") throw error;
      }
    }
    throw new AppError("INTERNAL", "Could not find a free join code; try again.");
  }

  /**
   * Ends the session and closes its prompt in one transaction. Its code stays
   * reserved, so an old link never opens someone else's session.
   */
  async end(sessionId: string, now: Date): Promise<SessionRow> {
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.session.updateMany({ where: { id: sessionId, status: { not: "ended" } }, data: { status: "ended", endedAt: now } });
      if (count > 0) await tx.prompt.updateMany({ where: { sessionId, closedAt: null }, data: { closedAt: now } });
      return tx.session.findUniqueOrThrow({ where: { id: sessionId } });
    });
  }

  /**
   * Pushes a prompt, closing the one that was open: a session has one prompt at
   * a time. The session must be live when the transaction writes, whatever any
   * process believed a moment before.
   *
   * The prompt's view comes at once, the write as `stored`: the live session
   * sends the view to the phones while the row is written (one SQLite commit
   * is most of a push's fixed cost), answers the console only once it is
   * stored, and takes the prompt back from the room if the write fails.
   */
  pushPrompt(sessionId: string, source: PromptSource, now: Date): { prompt: PromptView; stored: Promise<void> } {
    const row = { id: newId(), sessionId, pushedAt: now, ...promptData(contentOfSource(source)) };
    const stored = this.db.$transaction(async (tx) => {
      await requireLive(tx, sessionId);
      await tx.prompt.updateMany({ where: { sessionId, closedAt: null }, data: { closedAt: now } });
      await tx.prompt.create({ data: row });
    });
    return { prompt: toPromptView({ ...row, revealed: false }), stored };
  }

  /**
   * Shows the open prompt's results to the room, or hides them again. Only
   * while the session is live and this prompt is still the open one.
   */
  async reveal(sessionId: string, promptId: string, revealed: boolean): Promise<PromptView> {
    return this.db.$transaction(async (tx) => {
      await requireLive(tx, sessionId);
      const { count } = await tx.prompt.updateMany({ where: { id: promptId, sessionId, closedAt: null }, data: { revealed } });
      if (count === 0) throw new AppError("SESSION_NOT_LIVE", "That prompt has closed.");
      return toPromptView(await tx.prompt.findUniqueOrThrow({ where: { id: promptId } }));
    });
  }

  /** What the room display shows beside the prompt (any time, live or not). */
  async setDisplayShows(sessionId: string, shows: DisplayShows): Promise<void> {
    await this.db.session.update({ where: { id: sessionId }, data: { displayShows: shows } });
  }

  async closePrompt(sessionId: string, now: Date): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await requireLive(tx, sessionId);
      await tx.prompt.updateMany({ where: { sessionId, closedAt: null }, data: { closedAt: now } });
    });
  }

  /**
   * Live sessions with nothing since `cutoff`: no check-in, prompt, join or
   * returning phone. Asked of the database, so it holds across processes.
   */
  async idleSince(cutoff: Date): Promise<string[]> {
    const rows = await this.db.session.findMany({
      where: {
        status: "live",
        startedAt: { lt: cutoff },
        checkIns: { none: { at: { gt: cutoff } } },
        prompts: { none: { OR: [{ pushedAt: { gt: cutoff } }, { closedAt: { gt: cutoff } }] } },
        participants: { none: { lastSeenAt: { gt: cutoff } } },
      },
      select: { id: true },
      take: 100,
    });
    return rows.map((r) => r.id);
  }
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * The guard of every prompt change: a write to the session row that succeeds
 * only while it is live. It takes the row's write lock inside the transaction,
 * so an "end" from another process either lands before (and this refuses) or waits.
 */
async function requireLive(tx: Tx, sessionId: string): Promise<void> {
  const { count } = await tx.session.updateMany({ where: { id: sessionId, status: "live" }, data: { status: "live" } });
  if (count === 0) throw new AppError("SESSION_NOT_LIVE", "Go live before pushing or closing a prompt.");
}

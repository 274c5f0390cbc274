/**
 * A facilitator's own library: prompt templates (written, edited, duplicated,
 * deleted), session templates (a session's deck, palette and confidentiality
 * note kept to start from), and new sessions started from a practice
 * exercise, a session template or a previous session. Every row is its
 * owner's: anyone else's looks like none at all.
 */
import { DEFAULT_PALETTE } from "../../lib/content.ts";
import { copyDeck, deckItemOf, parseDeck, type DeckItem } from "../../lib/library/deck.ts";
import { BUILT_IN_ENTRIES, ownIdOf, ownRef, type LibraryEntry, type OwnSessionTemplate } from "../../lib/library/entries.ts";
import { MAX_OWN_SESSION_TEMPLATES, MAX_OWN_TEMPLATES, MAX_TEMPLATE_TITLE } from "../../lib/library/limits.ts";
import { builtInTemplate } from "../../lib/library/prompts.ts";
import { ownTemplateSchema, type OwnTemplate } from "../../lib/library/schemas.ts";
import { BUILT_IN_SESSION_TEMPLATES } from "../../lib/library/templates.ts";
import { AppError } from "../../lib/protocol/errors.ts";
import type { SessionView } from "../../lib/protocol/views.ts";
import { newId } from "../auth/tokens.ts";
import type { Db } from "../db/client.ts";
import { toSessionView } from "./sessions.ts";


/** Where a new session starts from. */
export type SessionOrigin =
  | { kind: "blank" }
  /** One of the seed's practice exercises (lib/library/templates.ts). */
  | { kind: "exercise"; key: string }
  | { kind: "template"; id: string }
  | { kind: "session"; id: string };

type TemplateRow = {
  id: string;
  kind: string;
  title: string;
  body: string;
  options: string | null;
  phase: string;
  technique: string | null;
  breakthrough: string | null;
  note: string;
};

const NOT_FOUND = "That template was not found.";

/** A stored row back into a template; a row that no longer fits the schema is left out. */
function toEntry(row: TemplateRow): LibraryEntry | null {
  const extra = row.options === null ? {} : row.kind === "scale" ? { labels: JSON.parse(row.options) } : { options: JSON.parse(row.options) };
  const parsed = ownTemplateSchema.safeParse({
    kind: row.kind,
    title: row.title,
    body: row.body,
    phase: row.phase,
    note: row.note,
    ...(row.technique ? { technique: row.technique } : {}),
    ...(row.breakthrough ? { breakthrough: row.breakthrough } : {}),
    ...extra,
  });
  return parsed.success ? { ref: ownRef(row.id), own: true, template: parsed.data } : null;
}

function toRow(template: OwnTemplate) {
  return {
    kind: template.kind,
    title: template.title,
    body: template.body,
    options: template.kind === "scale" ? JSON.stringify(template.labels) : template.kind === "choice" ? JSON.stringify(template.options) : null,
    phase: template.phase,
    technique: template.technique ?? null,
    breakthrough: template.breakthrough ?? null,
    note: template.note,
  };
}

export class Templates {
  constructor(private readonly db: Db) {}

  // ---- prompt templates ---------------------------------------------------------

  /** The facilitator's own templates, the latest changed first. */
  async list(ownerId: string): Promise<LibraryEntry[]> {
    const rows = await this.db.promptTemplate.findMany({ where: { ownerId }, orderBy: [{ updatedAt: "desc" }, { id: "asc" }] });
    return rows.flatMap((row) => toEntry(row) ?? []);
  }

  async create(ownerId: string, template: OwnTemplate, now: Date): Promise<LibraryEntry> {
    if ((await this.db.promptTemplate.count({ where: { ownerId } })) >= MAX_OWN_TEMPLATES) {
      throw new AppError("BAD_REQUEST", `You have ${MAX_OWN_TEMPLATES} templates: delete one before adding another.`);
    }
    const row = await this.db.promptTemplate.create({ data: { id: newId(), ownerId, ...toRow(template), createdAt: now, updatedAt: now } });
    return toEntry(row)!;
  }

  async update(ownerId: string, id: string, template: OwnTemplate, now: Date): Promise<LibraryEntry> {
    const { count } = await this.db.promptTemplate.updateMany({ where: { id, ownerId }, data: { ...toRow(template), updatedAt: now } });
    if (count === 0) throw new AppError("NOT_FOUND", NOT_FOUND);
    return toEntry(await this.db.promptTemplate.findUniqueOrThrow({ where: { id } }))!;
  }

  async remove(ownerId: string, id: string): Promise<void> {
    const { count } = await this.db.promptTemplate.deleteMany({ where: { id, ownerId } });
    if (count === 0) throw new AppError("NOT_FOUND", NOT_FOUND);
  }

  /** A built-in template or one of the facilitator's own, copied into their own under a new title. */
  async duplicate(ownerId: string, ref: string, title: string, now: Date): Promise<LibraryEntry> {
    const original = await this.find(ownerId, ref);
    return this.create(ownerId, { ...original.template, title: title.slice(0, MAX_TEMPLATE_TITLE) }, now);
  }

  /** A built-in template by key, or one of the facilitator's own by "mine:<id>". */
  async find(ownerId: string, ref: string): Promise<LibraryEntry> {
    const id = ownIdOf(ref);
    if (id === null) {
      const entry = BUILT_IN_ENTRIES.find((e) => e.ref === ref);
      if (!entry) throw new AppError("NOT_FOUND", NOT_FOUND);
      return entry;
    }
    const row = await this.db.promptTemplate.findFirst({ where: { id, ownerId } });
    const entry = row && toEntry(row);
    if (!entry) throw new AppError("NOT_FOUND", NOT_FOUND);
    return entry;
  }

  // ---- session templates --------------------------------------------------------------

  async listSessionTemplates(ownerId: string): Promise<OwnSessionTemplate[]> {
    const rows = await this.db.sessionTemplate.findMany({ where: { ownerId }, orderBy: [{ createdAt: "desc" }, { id: "asc" }] });
    return rows.map((row) => ({
      id: row.id,
      title: row.title,
      description: row.description,
      deck: parseDeck(row.deck).map((item) => item.content.title),
      createdAt: row.createdAt.getTime(),
    }));
  }

  /** A session's deck, palette and confidentiality note, kept as the facilitator's own session template. */
  async saveSession(facilitatorId: string, sessionId: string, title: string, description: string, now: Date): Promise<OwnSessionTemplate> {
    const session = await this.sessionFor(facilitatorId, sessionId);
    if ((await this.db.sessionTemplate.count({ where: { ownerId: facilitatorId } })) >= MAX_OWN_SESSION_TEMPLATES) {
      throw new AppError("BAD_REQUEST", `You have ${MAX_OWN_SESSION_TEMPLATES} session templates: delete one before saving another.`);
    }
    const deck = copyDeck(parseDeck(session.deck), newId);
    const row = await this.db.sessionTemplate.create({
      data: {
        id: newId(),
        ownerId: facilitatorId,
        title,
        description,
        deck: JSON.stringify(deck),
        palette: session.palette,
        confidentialityNote: session.confidentialityNote,
        createdAt: now,
      },
    });
    return { id: row.id, title, description, deck: deck.map((item) => item.content.title), createdAt: now.getTime() };
  }

  async removeSessionTemplate(ownerId: string, id: string): Promise<void> {
    const { count } = await this.db.sessionTemplate.deleteMany({ where: { id, ownerId } });
    if (count === 0) throw new AppError("NOT_FOUND", NOT_FOUND);
  }

  // ---- new sessions -------------------------------------------------------------------

  /** A new draft session: blank, or with the deck, palette and note of where it starts from. */
  async createSession(ownerId: string, title: string, origin: SessionOrigin): Promise<SessionView> {
    const start = await this.startingPoint(ownerId, origin);
    const row = await this.db.session.create({
      data: {
        id: newId(),
        ownerId,
        title,
        palette: start.palette,
        deck: JSON.stringify(copyDeck(start.deck, newId)),
        confidentialityNote: start.confidentialityNote,
      },
    });
    return toSessionView(row);
  }

  private async startingPoint(ownerId: string, origin: SessionOrigin): Promise<{ deck: DeckItem[]; palette: string; confidentialityNote: string | null }> {
    const blank = { deck: [], palette: JSON.stringify(DEFAULT_PALETTE), confidentialityNote: null };
    switch (origin.kind) {
      case "blank":
        return blank;
      case "exercise": {
        const exercise = BUILT_IN_SESSION_TEMPLATES.find((t) => t.key === origin.key);
        if (!exercise) throw new AppError("NOT_FOUND", NOT_FOUND);
        const items = exercise.deck.map((key) => deckItemOf(builtInTemplate(key), key));
        return { ...blank, deck: items.map((item) => ({ ...item, id: "", pushedAt: null })) };
      }
      case "template": {
        const row = await this.db.sessionTemplate.findFirst({ where: { id: origin.id, ownerId } });
        if (!row) throw new AppError("NOT_FOUND", NOT_FOUND);
        return { deck: parseDeck(row.deck), palette: row.palette, confidentialityNote: row.confidentialityNote };
      }
      case "session": {
        const session = await this.sessionFor(ownerId, origin.id);
        return { deck: parseDeck(session.deck), palette: session.palette, confidentialityNote: session.confidentialityNote };
      }
    }
  }

  /** A session this facilitator runs (as owner or co-facilitator); anyone else's looks like none. */
  private async sessionFor(facilitatorId: string, sessionId: string) {
    const session = await this.db.session.findFirst({
      where: { id: sessionId, OR: [{ ownerId: facilitatorId }, { coFacilitators: { some: { facilitatorId } } }] },
    });
    if (!session) throw new AppError("NOT_FOUND", "That session was not found.");
    return session;
  }
}

/**
 * What a facilitator arranges for a session's phones: the check-in palette,
 * the confidentiality note on the welcome screen, and the before-going-live
 * checklist. Written through to the session row; an ended session keeps what
 * it had.
 */
import type { Signal } from "../../lib/content.ts";
import { GO_LIVE_CHECKLIST } from "../../lib/library/checklist.ts";
import { MAX_SIGNAL_KEY } from "../../lib/library/limits.ts";
import { AppError } from "../../lib/protocol/errors.ts";
import type { Db } from "../db/client.ts";

/** The note and the checklist, as every console sees them. */
export interface Prepared {
  /** null: the catalogue's default words. */
  confidentialityNote: string | null;
  /** Ticked keys, in the checklist's order. */
  checklist: string[];
}

/** Where the palette and the preparations are kept (the session row; scenario tests keep them in memory). */
export interface PreparationStore {
  setPalette(sessionId: string, palette: Signal[]): Promise<void>;
  prepare(sessionId: string, changes: Partial<Prepared>): Promise<Prepared>;
}

/** A signal as a console sends it: without a key while new. */
export type SignalDraft = Omit<Signal, "key"> & { key?: string };

/** A key for a new signal: its label in lower-case ASCII words joined by hyphens ("Need air!" → "need-air"). */
export function slugOf(label: string): string {
  const slug = label
    .normalize("NFKD")
    .replace(/\p{M}/gu, "") // accents: "é" → "e"
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SIGNAL_KEY - 4) // room for a "-12" suffix
    .replace(/-+$/, "");
  return slug || "signal";
}

/**
 * The palette with a key on every signal. A signal sent with a key keeps it
 * (renaming keeps its check-ins). A new one gets a key made from its label
 * that is on no signal of the palette and was never used in this session
 * (`taken`: the keys of the palette before, and every signal with check-ins),
 * so a new signal never inherits a removed signal's check-ins.
 */
export function withKeys(input: readonly SignalDraft[], taken: Iterable<string>): Signal[] {
  const used = new Set(taken);
  for (const signal of input) if (signal.key) used.add(signal.key);
  return input.map(({ key, emoji, label, meaning }) => {
    let settled = key;
    if (!settled) {
      const base = slugOf(label);
      settled = base;
      for (let n = 2; used.has(settled); n++) settled = `${base}-${n}`;
      used.add(settled);
    }
    return meaning ? { key: settled, emoji, label, meaning } : { key: settled, emoji, label };
  });
}

const CHECKLIST_KEYS = new Set(GO_LIVE_CHECKLIST.map((item) => item.key));

/** The ticked keys as stored: known keys only (a check renamed since is simply unticked). */
export function parseChecklist(json: string): string[] {
  try {
    const keys: unknown = JSON.parse(json);
    return Array.isArray(keys) ? GO_LIVE_CHECKLIST.map((item) => item.key).filter((key) => keys.includes(key) && CHECKLIST_KEYS.has(key)) : [];
  } catch {
    return [];
  }
}

export class Preparations implements PreparationStore {
  constructor(private readonly db: Db) {}

  /** A conditional write: an ended session keeps the palette it ended with. */
  async setPalette(sessionId: string, palette: Signal[]): Promise<void> {
    const { count } = await this.db.session.updateMany({
      where: { id: sessionId, status: { not: "ended" } },
      data: { palette: JSON.stringify(palette) },
    });
    if (count === 0) throw ended();
  }

  async prepare(sessionId: string, changes: Partial<Prepared>): Promise<Prepared> {
    const data: { confidentialityNote?: string | null; checklist?: string } = {};
    if (changes.confidentialityNote !== undefined) data.confidentialityNote = changes.confidentialityNote;
    if (changes.checklist !== undefined) data.checklist = JSON.stringify(changes.checklist);
    const { count } = await this.db.session.updateMany({ where: { id: sessionId, status: { not: "ended" } }, data });
    if (count === 0) throw ended();
    const row = await this.db.session.findUniqueOrThrow({ where: { id: sessionId }, select: { confidentialityNote: true, checklist: true } });
    return { confidentialityNote: row.confidentialityNote, checklist: parseChecklist(row.checklist) };
  }
}

function ended(): AppError {
  return new AppError("SESSION_NOT_LIVE", "This session has ended.");
}

/**
 * A session's deck in the database (Session.deck, JSON). Every change reads
 * the stored deck, applies a pure change (lib/library/deck.ts) and writes it
 * back only if nobody wrote in between (compare-and-swap on the stored text):
 * two consoles on two nodes changing one deck at once both land, in some order.
 */
import { parseDeck, type DeckItem } from "../../lib/library/deck.ts";
import { AppError } from "../../lib/protocol/errors.ts";
import type { Db } from "../db/client.ts";

/** What the live session needs of the database for its deck (server/live/live-deck.ts). */
export interface DeckStore {
  change(sessionId: string, apply: (deck: DeckItem[]) => DeckItem[]): Promise<DeckItem[]>;
}

const ATTEMPTS = 8;

export class Decks implements DeckStore {
  constructor(private readonly db: Db) {}

  async load(sessionId: string): Promise<DeckItem[]> {
    const row = await this.db.session.findUnique({ where: { id: sessionId }, select: { deck: true } });
    return row ? parseDeck(row.deck) : [];
  }

  /** Applies `apply` to the stored deck and stores the result; refuses once the session has ended. */
  async change(sessionId: string, apply: (deck: DeckItem[]) => DeckItem[]): Promise<DeckItem[]> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const row = await this.db.session.findUnique({ where: { id: sessionId }, select: { deck: true, status: true } });
      if (!row) throw new AppError("NOT_FOUND", "That session was not found.");
      if (row.status === "ended") throw new AppError("SESSION_NOT_LIVE", "This session has ended; its deck can no longer change.");
      const next = apply(parseDeck(row.deck));
      const { count } = await this.db.session.updateMany({
        where: { id: sessionId, deck: row.deck, status: { not: "ended" } },
        data: { deck: JSON.stringify(next) },
      });
      if (count === 1) return next;
    }
    throw new AppError("BUSY", "The deck is changing from several places at once; try again.");
  }
}

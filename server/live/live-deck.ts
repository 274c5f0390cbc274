/**
 * A live session's deck: the copy in memory (for snapshots), its changes
 * written through to the database in the session's own queue (so a change
 * and a push from two consoles never interleave on this node), and every
 * change told to this node's consoles and to the peers, whose consoles hear
 * it from them.
 */
import { applyDeckChange, markPushed, type DeckChange, type DeckItem } from "../../lib/library/deck.ts";
import { newId } from "../auth/tokens.ts";
import type { DeckStore } from "../domain/decks.ts";
import type { Clock } from "./clock.ts";
import type { LiveOutbound } from "./outbound.ts";
import type { LivePeers } from "./peers.ts";

export interface LiveDeckDeps {
  clock: Clock;
  outbound: LiveOutbound;
  peers: LivePeers;
  /** The database; without one (scenario tests) the deck lives in memory only. */
  store?: DeckStore;
  /** The live session's queue of facilitator commands. */
  serially: <T>(action: () => Promise<T>) => Promise<T>;
}

export class LiveDeck {
  private deck: DeckItem[];
  /** When the copy held was made, so a peer's older copy arriving late is ignored. */
  private deckAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly sessionId: string,
    deck: DeckItem[],
    private readonly deps: LiveDeckDeps,
  ) {
    this.deck = deck;
  }

  get items(): DeckItem[] {
    return this.deck;
  }

  /** A console's change: applied to the stored deck, then told to every console. Refused changes change nothing. */
  change(change: DeckChange): Promise<DeckItem[]> {
    return this.write((deck) => applyDeckChange(deck, change, newId));
  }

  /** A deck item was pushed (prompt:push with its id); nothing happens if it was removed meanwhile. */
  pushed(itemId: string, at: number): Promise<DeckItem[]> {
    return this.write((deck) => markPushed(deck, itemId, at));
  }

  /** A peer's deck, after a change made there. */
  fromPeer(deck: DeckItem[], at: number): void {
    if (at < this.deckAt) return;
    this.keep(deck, at);
  }

  private write(apply: (deck: DeckItem[]) => DeckItem[]): Promise<DeckItem[]> {
    return this.deps.serially(async () => {
      const { store, peers, clock } = this.deps;
      const deck = store ? await store.change(this.sessionId, apply) : apply(this.deck);
      const at = clock.now();
      peers.publish(this.sessionId, { kind: "deck", deck, at });
      this.keep(deck, at);
      return deck;
    });
  }

  private keep(deck: DeckItem[], at: number): void {
    this.deck = deck;
    this.deckAt = at;
    this.deps.outbound.toConsoles(this.sessionId, "deck:current", { sessionId: this.sessionId, deck });
  }
}

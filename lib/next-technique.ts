import { nextItem, type DeckItem } from "./library/deck";

/**
 * The technique the console's "Push next" (the N key) sends: the one after the
 * technique on the phones now, in the list's order, back to the first after
 * the last. With no technique up (nothing, or the facilitator's own words),
 * the one after the last technique pushed, else the first.
 */
export function nextTechnique<K extends string>(order: readonly K[], current: K | null, lastPushed: K | null = null): K | null {
  if (order.length === 0) return null;
  const after = current ?? lastPushed;
  const index = after === null ? -1 : order.indexOf(after);
  return order[(index + 1) % order.length] ?? null;
}

/**
 * What "Push next" sends: the deck's next item when the deck has one waiting
 * (lib/library/deck.ts), else the next technique as above.
 */
export type NextPush<K extends string> = { kind: "deck"; item: DeckItem } | { kind: "technique"; technique: K } | null;

export function nextPush<K extends string>(deck: readonly DeckItem[], order: readonly K[], current: K | null, lastPushed: K | null = null): NextPush<K> {
  const item = nextItem(deck);
  if (item) return { kind: "deck", item };
  const technique = nextTechnique(order, current, lastPushed);
  return technique === null ? null : { kind: "technique", technique };
}

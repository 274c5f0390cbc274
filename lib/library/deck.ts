/**
 * A session's deck: the prompts a facilitator arranged for it, in order, each
 * marked once pushed. Pure: the console's buttons and keys, the server's
 * "deck:change" and "Push next" all go through these functions, so the
 * order they keep is tested once (deck.test.ts).
 */
import { z } from "zod";
import { AppError } from "../protocol/errors";
import { contentOf, promptContentSchema, type OwnTemplate, type PromptContent, type PromptTemplate } from "./schemas";
import { MAX_DECK_LENGTH, MAX_FACILITATOR_NOTE } from "./limits";

export interface DeckItem {
  id: string;
  content: PromptContent;
  /** Where it came from: a built-in template's key, "mine:<templateId>", or null for words typed into the deck. */
  from: string | null;
  /** The template's note to the facilitator, on when to use it. */
  note: string | null;
  /** When it was last pushed (epoch ms), or null while it waits its turn. */
  pushedAt: number | null;
}

const deckItemIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
const fromSchema = z
  .string()
  .max(80)
  .regex(/^(?:mine:[A-Za-z0-9_-]{1,64}|[a-z0-9]+(?:-[a-z0-9]+)*)$/, "Name a template from the library.")
  .nullable();
const noteSchema = z
  .string()
  .trim()
  .max(MAX_FACILITATOR_NOTE)
  .regex(/^[^\r\n]*$/)
  .nullable()
  .transform((note) => (note ? note : null));

/** A prompt put in the deck: what it says, where it came from, the note that goes with it. */
export const newDeckItemSchema = z.strictObject({ content: promptContentSchema, from: fromSchema, note: noteSchema });
export type NewDeckItem = z.infer<typeof newDeckItemSchema>;

/** A deck item as stored (Session.deck) and as the consoles are sent it. */
export const deckItemSchema = newDeckItemSchema.extend({ id: deckItemIdSchema, pushedAt: z.number().int().nonnegative().nullable() });

const position = z.number().int().min(0).max(MAX_DECK_LENGTH);

/** One change to a deck, as a console asks for it. */
export const deckChangeSchema = z.discriminatedUnion("op", [
  /** New prompts at `at` (before the item there), or at the end. */
  z.strictObject({ op: z.literal("add"), items: z.array(newDeckItemSchema).min(1).max(MAX_DECK_LENGTH), at: position.optional() }),
  /** One item to another place (keyboard up and down are moves by one). */
  z.strictObject({ op: z.literal("move"), itemId: deckItemIdSchema, to: position }),
  z.strictObject({ op: z.literal("remove"), itemId: deckItemIdSchema }),
  /** The whole deck anew (from a template, say): every item waits its turn again. */
  z.strictObject({ op: z.literal("replace"), items: z.array(newDeckItemSchema).max(MAX_DECK_LENGTH) }),
]);
export type DeckChange = z.infer<typeof deckChangeSchema>;

const tooLong = () => new AppError("BAD_REQUEST", `A deck holds at most ${MAX_DECK_LENGTH} prompts.`);
const gone = () => new AppError("BAD_REQUEST", "That prompt is no longer in the deck.");

function fresh(items: readonly NewDeckItem[], newId: () => string): DeckItem[] {
  return items.map((item) => ({ id: newId(), content: item.content, from: item.from, note: item.note, pushedAt: null }));
}

/** New items at `at` (clamped to the deck), or at the end. */
export function addItems(deck: readonly DeckItem[], items: readonly NewDeckItem[], newId: () => string, at?: number): DeckItem[] {
  if (deck.length + items.length > MAX_DECK_LENGTH) throw tooLong();
  const index = at === undefined ? deck.length : Math.min(Math.max(0, at), deck.length);
  return [...deck.slice(0, index), ...fresh(items, newId), ...deck.slice(index)];
}

/** The item to index `to` (clamped), the rest keeping their order. */
export function moveItem(deck: readonly DeckItem[], itemId: string, to: number): DeckItem[] {
  const from = deck.findIndex((item) => item.id === itemId);
  if (from < 0) throw gone();
  const rest = deck.filter((item) => item.id !== itemId);
  const index = Math.min(Math.max(0, to), rest.length);
  return [...rest.slice(0, index), deck[from]!, ...rest.slice(index)];
}

export function removeItem(deck: readonly DeckItem[], itemId: string): DeckItem[] {
  if (!deck.some((item) => item.id === itemId)) throw gone();
  return deck.filter((item) => item.id !== itemId);
}

export function replaceDeck(items: readonly NewDeckItem[], newId: () => string): DeckItem[] {
  if (items.length > MAX_DECK_LENGTH) throw tooLong();
  return fresh(items, newId);
}

/** A console's change, applied; refused (AppError) when it names an item not in the deck or overfills it. */
export function applyDeckChange(deck: readonly DeckItem[], change: DeckChange, newId: () => string): DeckItem[] {
  switch (change.op) {
    case "add":
      return addItems(deck, change.items, newId, change.at);
    case "move":
      return moveItem(deck, change.itemId, change.to);
    case "remove":
      return removeItem(deck, change.itemId);
    case "replace":
      return replaceDeck(change.items, newId);
  }
}

/** The move that takes an item one place up (-1) or down (+1); null at either end. */
export function stepChange(deck: readonly DeckItem[], itemId: string, step: -1 | 1): Extract<DeckChange, { op: "move" }> | null {
  const index = deck.findIndex((item) => item.id === itemId);
  const to = index + step;
  if (index < 0 || to < 0 || to >= deck.length) return null;
  return { op: "move", itemId, to };
}

/**
 * What "Push next" sends: the first item not yet pushed after the one pushed
 * most recently (the deck's order, as rearranged since), else the first not
 * yet pushed anywhere; null once every item has been pushed.
 */
export function nextItem(deck: readonly DeckItem[]): DeckItem | null {
  let last = -1;
  deck.forEach((item, index) => {
    if (item.pushedAt !== null && (last < 0 || item.pushedAt >= deck[last]!.pushedAt!)) last = index;
  });
  return deck.slice(last + 1).find((item) => item.pushedAt === null) ?? deck.find((item) => item.pushedAt === null) ?? null;
}

/** The item, marked as pushed at `at`; the deck unchanged when it is not there (removed meanwhile). */
export function markPushed(deck: readonly DeckItem[], itemId: string, at: number): DeckItem[] {
  return deck.map((item) => (item.id === itemId ? { ...item, pushedAt: at } : item));
}

/** A template, as it goes into a deck. */
export function deckItemOf(template: PromptTemplate | OwnTemplate, from: string): NewDeckItem {
  return { content: contentOf(template), from, note: template.note };
}

/** A stored deck, read back: anything that no longer fits the schema is dropped, not trusted. */
export function parseDeck(json: string): DeckItem[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item) => {
    const parsed = deckItemSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

/** A deck copied into another session or a template: new ids, every item waiting its turn. */
export function copyDeck(deck: readonly DeckItem[], newId: () => string): DeckItem[] {
  return fresh(deck, newId).slice(0, MAX_DECK_LENGTH);
}

import { describe, expect, it } from "vitest";
import {
  addItems,
  applyDeckChange,
  copyDeck,
  deckChangeSchema,
  deckItemOf,
  markPushed,
  moveItem,
  nextItem,
  parseDeck,
  removeItem,
  stepChange,
  type DeckItem,
  type NewDeckItem,
} from "./deck";
import { MAX_DECK_LENGTH } from "./limits";
import { builtInTemplate } from "./prompts";

const card = (title: string): NewDeckItem => ({ content: { kind: "script", title, body: `${title}.` }, from: null, note: null });

function ids() {
  let n = 0;
  return () => `item${++n}`;
}

/** A deck of items a, b, c, … with ids item1, item2, … */
function deckOf(...titles: string[]): DeckItem[] {
  return addItems([], titles.map(card), ids());
}

const order = (deck: readonly DeckItem[]) => deck.map((item) => item.content.title).join("");

describe("adding to a deck", () => {
  it("puts new items at the end, each with its own id, waiting their turn", () => {
    const deck = addItems(deckOf("a", "b"), [card("c"), card("d")], () => "new" + Math.random().toString(36).slice(2));
    expect(order(deck)).toBe("abcd");
    expect(new Set(deck.map((item) => item.id)).size).toBe(4);
    expect(deck.every((item) => item.pushedAt === null)).toBe(true);
  });

  it("puts them before the item at an index, and clamps an index past the end", () => {
    expect(order(addItems(deckOf("a", "b"), [card("x")], ids(), 0))).toBe("xab");
    expect(order(addItems(deckOf("a", "b"), [card("x")], ids(), 1))).toBe("axb");
    expect(order(addItems(deckOf("a", "b"), [card("x")], ids(), 9))).toBe("abx");
  });

  it(`holds at most ${MAX_DECK_LENGTH} items`, () => {
    const full = deckOf(...Array.from({ length: MAX_DECK_LENGTH }, (_, i) => `p${i}`));
    expect(() => addItems(full, [card("one more")], ids())).toThrow(/at most/);
  });
});

describe("moving an item", () => {
  it.each([
    ["to the top", "item3", 0, "cabd"],
    ["to the bottom", "item1", 3, "bcda"],
    ["down one", "item2", 2, "acbd"],
    ["up one", "item3", 1, "acbd"],
    ["to where it is", "item2", 1, "abcd"],
    ["past the end (clamped)", "item1", 40, "bcda"],
  ])("%s keeps the others in order", (_, itemId, to, expected) => {
    expect(order(moveItem(deckOf("a", "b", "c", "d"), itemId, to))).toBe(expected);
  });

  it("refuses an item that is not in the deck", () => {
    expect(() => moveItem(deckOf("a"), "nope", 0)).toThrow(/no longer in the deck/);
  });

  it("by keyboard: up and down are moves by one, none past either end", () => {
    const deck = deckOf("a", "b", "c");
    expect(stepChange(deck, "item2", -1)).toEqual({ op: "move", itemId: "item2", to: 0 });
    expect(stepChange(deck, "item2", 1)).toEqual({ op: "move", itemId: "item2", to: 2 });
    expect(stepChange(deck, "item1", -1)).toBeNull();
    expect(stepChange(deck, "item3", 1)).toBeNull();
    expect(stepChange(deck, "nope", 1)).toBeNull();
    let moved = deck;
    for (const step of [1, 1] as const) moved = applyDeckChange(moved, stepChange(moved, "item1", step)!, ids());
    expect(order(moved)).toBe("bca");
  });
});

describe("removing and replacing", () => {
  it("removes one item and keeps the rest in order", () => {
    expect(order(removeItem(deckOf("a", "b", "c"), "item2"))).toBe("ac");
    expect(() => removeItem(deckOf("a"), "item9")).toThrow();
  });

  it("replaces the whole deck with fresh items", () => {
    const deck = applyDeckChange(markPushed(deckOf("a"), "item1", 5), { op: "replace", items: [card("x"), card("y")] }, () => "r" + Math.random());
    expect(order(deck)).toBe("xy");
    expect(deck.every((item) => item.pushedAt === null && item.id.startsWith("r"))).toBe(true);
  });
});

describe("the next item to push", () => {
  it("is the first item before anything is pushed, and none in an empty deck", () => {
    expect(nextItem(deckOf("a", "b"))?.content.title).toBe("a");
    expect(nextItem([])).toBeNull();
  });

  it("follows the item pushed last", () => {
    let deck = deckOf("a", "b", "c", "d");
    deck = markPushed(deck, "item1", 10);
    expect(nextItem(deck)?.id).toBe("item2");
    // Pushed out of turn: the deck goes on after it.
    deck = markPushed(deck, "item3", 20);
    expect(nextItem(deck)?.id).toBe("item4");
  });

  it("goes back to the first item not yet pushed once the end is reached", () => {
    let deck = markPushed(deckOf("a", "b", "c"), "item3", 10);
    expect(nextItem(deck)?.id).toBe("item1");
    deck = markPushed(markPushed(deck, "item1", 11), "item2", 12);
    expect(nextItem(deck)).toBeNull();
  });

  it("follows the order as rearranged after pushing", () => {
    let deck = markPushed(deckOf("a", "b", "c"), "item1", 10);
    deck = moveItem(deck, "item3", 0); // c a b
    expect(nextItem(deck)?.id).toBe("item2");
    deck = moveItem(deck, "item1", 2); // c b a: nothing after a, so back to the top
    expect(nextItem(deck)?.id).toBe("item3");
  });

  it("a push of an item removed meanwhile changes nothing", () => {
    const deck = deckOf("a");
    expect(markPushed(deck, "gone", 5)).toEqual(deck);
  });
});

describe("a deck change from a console", () => {
  it.each([
    ["an add", { op: "add", items: [card("a")] }],
    ["an add at an index", { op: "add", items: [card("a")], at: 0 }],
    ["a move", { op: "move", itemId: "abc_D-1", to: 3 }],
    ["a remove", { op: "remove", itemId: "abc" }],
    ["a replace with nothing", { op: "replace", items: [] }],
    ["a choice from the library", { op: "add", items: [{ ...deckItemOf(builtInTemplate("confidentiality-agreement"), "confidentiality-agreement") }] }],
    ["one of my own", { op: "add", items: [{ ...card("a"), from: "mine:Ab3_x" }] }],
  ])("may be %s", (_, change) => {
    expect(deckChangeSchema.safeParse(change).success).toBe(true);
  });

  it.each([
    ["an unknown op", { op: "shuffle" }],
    ["an add of nothing", { op: "add", items: [] }],
    ["a negative index", { op: "move", itemId: "a", to: -1 }],
    ["a fractional index", { op: "move", itemId: "a", to: 1.5 }],
    ["an id with odd characters", { op: "remove", itemId: "a b" }],
    ["a prompt without words", { op: "add", items: [{ ...card("a"), content: { kind: "script", title: "a", body: " " } }] }],
    ["a choice of one option", { op: "add", items: [{ ...card("a"), content: { kind: "choice", title: "a", body: "b", options: ["x"] } }] }],
    ["a source that is neither built in nor mine", { op: "add", items: [{ ...card("a"), from: "theirs:1" }] }],
    ["a note of two lines", { op: "add", items: [{ ...card("a"), note: "one\ntwo" }] }],
    ["an extra field", { op: "remove", itemId: "a", pushedAt: 1 }],
    ["a pushed time from the console", { op: "add", items: [{ ...card("a"), pushedAt: 1 }] }],
  ])("may not be %s", (_, change) => {
    expect(deckChangeSchema.safeParse(change).success).toBe(false);
  });
});

describe("a stored deck", () => {
  it("reads back what was written, and drops what no longer fits", () => {
    const deck = markPushed(deckOf("a", "b"), "item2", 7);
    expect(parseDeck(JSON.stringify(deck))).toEqual(deck);
    expect(parseDeck(JSON.stringify([...deck, { id: "x" }]))).toEqual(deck);
    expect(parseDeck("not json")).toEqual([]);
    expect(parseDeck("{}")).toEqual([]);
  });

  it("is copied with new ids and nothing pushed", () => {
    const deck = markPushed(deckOf("a", "b"), "item1", 7);
    const copy = copyDeck(deck, () => "c" + Math.random());
    expect(order(copy)).toBe("ab");
    expect(copy.some((item) => deck.some((d) => d.id === item.id))).toBe(false);
    expect(copy.every((item) => item.pushedAt === null)).toBe(true);
  });
});

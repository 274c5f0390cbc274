import { describe, expect, it } from "vitest";
import { TECHNIQUE_KEYS } from "./content";
import { addItems, markPushed } from "./library/deck";
import { nextPush, nextTechnique } from "./next-technique";

describe("nextTechnique", () => {
  it("starts with the first technique when none has been pushed", () => {
    expect(nextTechnique(TECHNIQUE_KEYS, null)).toBe("gentle-nudge");
  });

  it("moves to the technique after the one on the phones now, in the list's order", () => {
    expect(nextTechnique(TECHNIQUE_KEYS, "gentle-nudge")).toBe("reflection");
    expect(nextTechnique(TECHNIQUE_KEYS, "permission")).toBe("integration");
  });

  it("wraps from the last technique back to the first", () => {
    expect(nextTechnique(TECHNIQUE_KEYS, "integration")).toBe("gentle-nudge");
  });

  it("goes on after the last technique pushed when the prompt was closed or is the facilitator's own words", () => {
    expect(nextTechnique(TECHNIQUE_KEYS, null, "reflection")).toBe("permission");
    // what is on the phones now wins over what was pushed before it
    expect(nextTechnique(TECHNIQUE_KEYS, "gentle-nudge", "permission")).toBe("reflection");
  });

  it("has nothing to push from an empty list", () => {
    expect(nextTechnique([], null)).toBeNull();
  });
});

describe("nextPush", () => {
  let n = 0;
  const deck = addItems([], ["One", "Two"].map((title) => ({ content: { kind: "script" as const, title, body: title }, from: null, note: null })), () => `d${++n}`);

  it("is the deck's next item while one waits", () => {
    expect(nextPush(deck, TECHNIQUE_KEYS, null)).toEqual({ kind: "deck", item: deck[0] });
    expect(nextPush(markPushed(deck, deck[0]!.id, 1), TECHNIQUE_KEYS, "gentle-nudge")).toEqual({ kind: "deck", item: deck[1] });
  });

  it("falls back to the next technique with no deck, or once every item has been pushed", () => {
    expect(nextPush([], TECHNIQUE_KEYS, "gentle-nudge")).toEqual({ kind: "technique", technique: "reflection" });
    const done = markPushed(markPushed(deck, deck[0]!.id, 1), deck[1]!.id, 2);
    expect(nextPush(done, TECHNIQUE_KEYS, null, "permission")).toEqual({ kind: "technique", technique: "integration" });
    expect(nextPush([], [], null)).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { BUILT_IN_ENTRIES, filterLibrary, ownIdOf, ownRef, type LibraryEntry } from "./entries";
import { BUILT_IN_TEMPLATES } from "./prompts";

const mine: LibraryEntry = {
  ref: ownRef("Ab3_x"),
  own: true,
  template: { kind: "scale", title: "Überraschung", body: "Wie sehr hat dich das überrascht?", labels: { low: "Gar nicht", high: "Sehr" }, phase: "after", note: "Nach einer Übung." },
};
const entries = [...BUILT_IN_ENTRIES, mine];
const refs = (found: LibraryEntry[]) => found.map((entry) => entry.ref);

describe("the library's entries", () => {
  it("holds every built-in template under its key, without the key inside", () => {
    expect(refs([...BUILT_IN_ENTRIES])).toEqual(BUILT_IN_TEMPLATES.map((t) => t.key));
    expect(BUILT_IN_ENTRIES.every((entry) => !("key" in entry.template) && !entry.own)).toBe(true);
  });

  it("names own templates so they never meet a built-in key", () => {
    expect(ownIdOf(ownRef("Ab3_x"))).toBe("Ab3_x");
    expect(BUILT_IN_ENTRIES.every((entry) => ownIdOf(entry.ref) === null)).toBe(true);
  });
});

describe("searching and filtering the library", () => {
  it("finds nothing missing with no filter", () => {
    expect(filterLibrary(entries, {})).toHaveLength(entries.length);
  });

  it("finds words in the title, the words and the note, in any order and case", () => {
    expect(refs(filterLibrary(entries, { query: "GRATEFUL" }))).toEqual(["gratitude"]);
    expect(refs(filterLibrary(entries, { query: "session grateful" }))).toEqual(["gratitude"]);
    expect(refs(filterLibrary(entries, { query: "tears" }))).toEqual(["acceptance"]); // in the note only
    expect(filterLibrary(entries, { query: "no such words anywhere" })).toEqual([]);
  });

  it("finds words without their accents", () => {
    expect(refs(filterLibrary(entries, { query: "uberrasch" }))).toEqual([mine.ref]);
  });

  it("filters by phase and by kind, together with the words", () => {
    const conditions = filterLibrary(entries, { phase: "conditions" });
    expect(conditions.length).toBeGreaterThan(0);
    expect(conditions.every((entry) => entry.template.phase === "conditions")).toBe(true);
    expect(refs(filterLibrary(entries, { phase: "after", kind: "scale" }))).toEqual(["commitment", "staying-present", mine.ref]);
    expect(refs(filterLibrary(entries, { kind: "choice", query: "sign" }))).toEqual(["first-sign"]);
  });
});

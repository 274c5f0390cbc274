import { describe, expect, it } from "vitest";
import { TECHNIQUE_KEYS } from "./content";
import { nextTechnique } from "./next-technique";

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

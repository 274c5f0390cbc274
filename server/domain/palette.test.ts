import { describe, expect, it } from "vitest";
import { DEFAULT_PALETTE } from "../../lib/content.ts";
import { GO_LIVE_CHECKLIST } from "../../lib/library/checklist.ts";
import { paletteSetSchema, sessionPrepareSchema } from "../../lib/protocol/schemas.ts";
import { parseChecklist, slugOf, withKeys } from "./palette.ts";

const parsePalette = (palette: unknown) => paletteSetSchema.safeParse({ sessionId: "s1", palette });
const signal = (label: string, extra: Record<string, unknown> = {}) => ({ emoji: "🌱", label, ...extra });

describe("the palette schema", () => {
  it("takes the default palette as it is", () => {
    expect(parsePalette(DEFAULT_PALETTE).success).toBe(true);
  });

  it("takes 1 to 12 signals, no more and no fewer", () => {
    expect(parsePalette([]).success).toBe(false);
    expect(parsePalette([signal("One")]).success).toBe(true);
    expect(parsePalette(Array.from({ length: 12 }, (_, i) => signal(`S${i}`))).success).toBe(true);
    expect(parsePalette(Array.from({ length: 13 }, (_, i) => signal(`S${i}`))).success).toBe(false);
  });

  it("takes one emoji, however many code units it is made of, and nothing else", () => {
    for (const emoji of ["🌱", "⚡\uFE0F", "👩🏽‍🚀", "🇩🇪", "👨‍👩‍👧‍👦"]) expect(parsePalette([signal("Ok", { emoji })]).success, emoji).toBe(true);
    for (const emoji of ["", "  ", "🌱🌱", "ab", "\u0007", "x".repeat(17)]) expect(parsePalette([signal("No", { emoji })]).success, emoji).toBe(false);
  });

  it("trims a label and a meaning, and keeps each to one line within its limit", () => {
    const parsed = parsePalette([signal("  Calm  ", { meaning: "  I feel settled.  " })]);
    expect(parsed.success && parsed.data.palette[0]).toEqual({ emoji: "🌱", label: "Calm", meaning: "I feel settled." });
    expect(parsePalette([signal("")]).success).toBe(false);
    expect(parsePalette([signal("x".repeat(40))]).success).toBe(true);
    expect(parsePalette([signal("x".repeat(41))]).success).toBe(false);
    expect(parsePalette([signal("two\nlines")]).success).toBe(false);
    expect(parsePalette([signal("Ok", { meaning: "m".repeat(120) })]).success).toBe(true);
    expect(parsePalette([signal("Ok", { meaning: "m".repeat(121) })]).success).toBe(false);
    expect(parsePalette([signal("Ok", { meaning: "one\ttab" })]).success).toBe(false);
  });

  it("drops an empty meaning (then the default one shows, if any)", () => {
    for (const meaning of ["", "   ", null]) {
      const parsed = parsePalette([signal("Ok", { meaning })]);
      expect(parsed.success && parsed.data.palette[0]).toEqual({ emoji: "🌱", label: "Ok" });
    }
  });

  it("refuses bad keys, repeated keys and unknown fields", () => {
    expect(parsePalette([signal("Ok", { key: "Not OK" })]).success).toBe(false);
    expect(parsePalette([signal("Ok", { key: "x".repeat(41) })]).success).toBe(false);
    expect(parsePalette([signal("A", { key: "same" }), signal("B", { key: "same" })]).success).toBe(false);
    expect(parsePalette([signal("Ok", { colour: "red" })]).success).toBe(false);
    expect(parsePalette([signal("Ok", { key: "ok-2" })]).success).toBe(true);
  });
});

describe("keys for new signals", () => {
  it("are made from the label: lower-case ASCII words joined by hyphens", () => {
    expect(slugOf("Need air!")).toBe("need-air");
    expect(slugOf("Ça gère — Größe")).toBe("ca-gere-grosse");
    expect(slugOf("🌱")).toBe("signal");
    expect(slugOf("a".repeat(60))).toHaveLength(36);
  });

  it("keep a signal's own key, and never reuse a key the session has used", () => {
    const palette = withKeys(
      [{ key: "moved", emoji: "💗", label: "Touched" }, signal("I see!"), signal("Calm"), signal("Calm")],
      ["moved", "i-see", "overwhelmed"],
    );
    expect(palette.map((s) => s.key)).toEqual(["moved", "i-see-2", "calm", "calm-2"]);
  });

  it("keep a meaning only when there is one", () => {
    expect(withKeys([signal("A", { meaning: "m" }), signal("B")], [])).toEqual([
      { key: "a", emoji: "🌱", label: "A", meaning: "m" },
      { key: "b", emoji: "🌱", label: "B" },
    ]);
  });
});

describe("the checklist", () => {
  it("takes known keys only, once each, in the checklist's order", () => {
    const keys = GO_LIVE_CHECKLIST.map((item) => item.key);
    const parsed = sessionPrepareSchema.safeParse({ sessionId: "s1", checklist: [keys[3], keys[0], keys[3]] });
    expect(parsed.success && parsed.data.checklist).toEqual([keys[0], keys[3]]);
    expect(sessionPrepareSchema.safeParse({ sessionId: "s1", checklist: ["made-up"] }).success).toBe(false);
  });

  it("reads what is stored leniently: unknown keys and damaged JSON are unticked", () => {
    expect(parseChecklist('["privacy","gone","comfortable-space"]')).toEqual(["comfortable-space", "privacy"]);
    expect(parseChecklist("{")).toEqual([]);
    expect(parseChecklist('"privacy"')).toEqual([]);
  });
});

describe("the confidentiality note", () => {
  const note = (confidentialityNote: unknown) => sessionPrepareSchema.safeParse({ sessionId: "s1", confidentialityNote });

  it("is trimmed, may have line breaks, and is at most 500 characters", () => {
    const parsed = note("  What is said here stays here.\nTake care.  ");
    expect(parsed.success && parsed.data.confidentialityNote).toBe("What is said here stays here.\nTake care.");
    expect(note("n".repeat(500)).success).toBe(true);
    expect(note("n".repeat(501)).success).toBe(false);
    expect(note("bell\u0007").success).toBe(false);
  });

  it("null or only spaces: back to the default words; left out: unchanged", () => {
    for (const empty of [null, "", "   "]) {
      const parsed = note(empty);
      expect(parsed.success && parsed.data.confidentialityNote).toBeNull();
    }
    const parsed = sessionPrepareSchema.safeParse({ sessionId: "s1" });
    expect(parsed.success && "confidentialityNote" in parsed.data).toBe(false);
  });
});

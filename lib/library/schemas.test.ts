import { describe, expect, it } from "vitest";
import { MAX_CHOICE_OPTION, MAX_CHOICE_OPTIONS, MAX_DECK_LENGTH, MAX_FACILITATOR_NOTE, MAX_PROMPT_BODY, MAX_SCALE_LABEL } from "./limits";
import { promptTemplateSchema, sessionTemplateSchema } from "./schemas";

const script = { key: "my-card", kind: "script", title: "A card", body: "Breathe.", phase: "during", note: "When the room needs a pause." };
const scale = { ...script, kind: "scale", labels: { low: "Not at all", high: "Completely" } };
const choice = { ...script, kind: "choice", options: ["Yes", "No"] };

describe("a prompt template", () => {
  it.each([
    ["a script", script],
    ["a reflection", { ...script, kind: "reflection" }],
    ["a scale", scale],
    ["a choice", choice],
    ["a tagged one", { ...script, technique: "permission", breakthrough: "emotional" }],
    ["a body at the limit", { ...script, body: "x".repeat(MAX_PROMPT_BODY) }],
    ["a note at the limit", { ...script, note: "x".repeat(MAX_FACILITATOR_NOTE) }],
    ["the most options", { ...choice, options: Array.from({ length: MAX_CHOICE_OPTIONS }, (_, i) => `Option ${i + 1}`) }],
    ["a body of several lines", { ...script, body: "Breathe.\nNotice.\nStay." }],
  ])("may be %s", (_, template) => {
    expect(promptTemplateSchema.parse(template)).toEqual(template);
  });

  it("is kept without the spaces around its words", () => {
    expect(promptTemplateSchema.parse({ ...choice, title: "  A card ", options: [" Yes", "No "] })).toMatchObject({ title: "A card", options: ["Yes", "No"] });
  });

  it.each([
    ["an unknown kind", { ...script, kind: "poll" }],
    ["an unknown phase", { ...script, phase: "before" }],
    ["an unknown technique", { ...script, technique: "witness" }],
    ["an unknown breakthrough type", { ...script, breakthrough: "spiritual" }],
    ["a key that is not lower-case words and hyphens", { ...script, key: "My Card" }],
    ["an empty body", { ...script, body: "   " }],
    ["a body over the limit", { ...script, body: "x".repeat(MAX_PROMPT_BODY + 1) }],
    ["a title of two lines", { ...script, title: "A\ncard" }],
    ["a note over the limit", { ...script, note: "x".repeat(MAX_FACILITATOR_NOTE + 1) }],
    ["no note", { ...script, note: undefined }],
    ["a scale without labels", { ...script, kind: "scale" }],
    ["a scale label over the limit", { ...scale, labels: { low: "x".repeat(MAX_SCALE_LABEL + 1), high: "Completely" } }],
    ["a choice with one option", { ...choice, options: ["Yes"] }],
    ["a choice with too many options", { ...choice, options: Array.from({ length: MAX_CHOICE_OPTIONS + 1 }, (_, i) => `Option ${i + 1}`) }],
    ["a choice offering an option twice", { ...choice, options: ["Yes", "yes "] }],
    ["an option over the limit", { ...choice, options: ["Yes", "x".repeat(MAX_CHOICE_OPTION + 1)] }],
    ["an empty option", { ...choice, options: ["Yes", " "] }],
    ["options on a script", { ...script, options: ["Yes", "No"] }],
    ["a field it does not know", { ...script, author: "Ana" }],
  ])("refuses %s", (_, template) => {
    expect(promptTemplateSchema.safeParse(template).success).toBe(false);
  });
});

describe("a session template", () => {
  const session = { key: "my-session", title: "Monday cohort", description: "Our usual opening.", deck: ["my-card", "gratitude"] };

  it("is a title, a description and a deck of template keys", () => {
    expect(sessionTemplateSchema.parse(session)).toEqual(session);
  });

  it.each([
    ["an empty deck", { ...session, deck: [] }],
    ["a deck over the limit", { ...session, deck: Array.from({ length: MAX_DECK_LENGTH + 1 }, () => "my-card") }],
    ["a deck entry that is no key", { ...session, deck: ["My Card"] }],
    ["no description", { ...session, description: "" }],
  ])("refuses %s", (_, template) => {
    expect(sessionTemplateSchema.safeParse(template).success).toBe(false);
  });
});

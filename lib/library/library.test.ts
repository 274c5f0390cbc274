import { describe, expect, it } from "vitest";
import { TECHNIQUE_KEYS } from "../content";
import { ENVIRONMENTS, GO_LIVE_CHECKLIST } from "./checklist";
import { BUILT_IN_TEMPLATES, builtInTemplate, techniqueTemplate } from "./prompts";
import { BREAKTHROUGH_TYPES, PHASES, PROMPT_KINDS, promptTemplateSchema, sessionTemplateSchema } from "./schemas";
import { BUILT_IN_SESSION_TEMPLATES } from "./templates";

const keysOf = (list: readonly { key: string }[]) => list.map((item) => item.key);

describe("the built-in prompt library", () => {
  it.each(BUILT_IN_TEMPLATES.map((template) => [template.key, template] as const))("%s is a valid template, as stored", (_, template) => {
    expect(promptTemplateSchema.parse(template)).toEqual(template);
  });

  it("gives every template its own key", () => {
    expect(new Set(keysOf(BUILT_IN_TEMPLATES)).size).toBe(BUILT_IN_TEMPLATES.length);
  });

  it("has templates for every phase, every kind and every breakthrough type", () => {
    for (const phase of PHASES) expect(BUILT_IN_TEMPLATES.some((t) => t.phase === phase), phase).toBe(true);
    for (const kind of PROMPT_KINDS) expect(BUILT_IN_TEMPLATES.some((t) => t.kind === kind), kind).toBe(true);
    for (const type of BREAKTHROUGH_TYPES) expect(BUILT_IN_TEMPLATES.some((t) => t.breakthrough === type), type).toBe(true);
  });

  it("tags exactly one template with each technique: the technique's script", () => {
    const tagged = BUILT_IN_TEMPLATES.filter((t) => t.technique !== undefined);
    expect(tagged.map((t) => t.technique)).toEqual([...TECHNIQUE_KEYS]);
    for (const technique of TECHNIQUE_KEYS) expect(techniqueTemplate(technique)).toMatchObject({ kind: "script", technique });
  });

  it("finds a template by key, and nothing for a key it does not have", () => {
    expect(builtInTemplate("gratitude")?.title).toBe("Gratitude");
    expect(builtInTemplate("no-such-prompt")).toBeUndefined();
  });
});

describe("the built-in session templates", () => {
  it.each(BUILT_IN_SESSION_TEMPLATES.map((template) => [template.key, template] as const))("%s is a valid session template, as stored", (_, template) => {
    expect(sessionTemplateSchema.parse(template)).toEqual(template);
  });

  it("have their own keys, and decks of existing prompts, each prompt once", () => {
    expect(new Set(keysOf(BUILT_IN_SESSION_TEMPLATES)).size).toBe(BUILT_IN_SESSION_TEMPLATES.length);
    for (const { key, deck } of BUILT_IN_SESSION_TEMPLATES) {
      for (const prompt of deck) expect(builtInTemplate(prompt), `${key}: ${prompt}`).toBeDefined();
      expect(new Set(deck).size, key).toBe(deck.length);
    }
  });

  it("open with the confidentiality agreement: the conditions come first", () => {
    for (const { key, deck } of BUILT_IN_SESSION_TEMPLATES) expect(deck[0], key).toBe("confidentiality-agreement");
  });
});

describe("the go-live checklist", () => {
  it("has its own key for each check, and checks in each environment", () => {
    expect(new Set(keysOf(GO_LIVE_CHECKLIST)).size).toBe(GO_LIVE_CHECKLIST.length);
    for (const environment of ENVIRONMENTS) expect(GO_LIVE_CHECKLIST.some((item) => item.environment === environment), environment).toBe(true);
  });
});

import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { TECHNIQUES } from "../content";
import { GO_LIVE_CHECKLIST } from "./checklist";
import { BUILT_IN_TEMPLATES, builtInTemplate, techniqueTemplate } from "./prompts";
import { BREAKTHROUGH_TYPES } from "./schemas";
import { BUILT_IN_SESSION_TEMPLATES } from "./templates";

// The library is checked against a copy of the seed kept beside it, so a clone
// on its own (CI) runs these tests too; the copy is checked against the
// original wherever the shared folder is next to the repository.
const seedCopy = new URL("./breakthrough-moments.seed.txt", import.meta.url);
const sharedSeed = new URL("../../../shared/seed/000_e294efa733986681.txt", import.meta.url);
const seed = fs.readFileSync(seedCopy, "utf8");

/** The lines under the first heading `heading` (with its #s) after `from`, up to the next heading of its level or above. */
function section(text: string, heading: string, from = ""): string {
  const after = from ? text.indexOf(`\n${from}\n`) : 0;
  const start = after < 0 ? -1 : text.indexOf(`\n${heading}\n`, after);
  if (start < 0) throw new Error(`no "${heading}"${from ? ` after "${from}"` : ""} in the seed`);
  const level = heading.indexOf(" ");
  const rest = text.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`^#{1,${level}} `, "m"));
  return end < 0 ? rest : rest.slice(0, end);
}

/** `- **Label** - meaning` lines: their labels. */
function labels(text: string): string[] {
  return [...text.matchAll(/^- \*\*(.+?)\*\*/gm)].map(([, label]) => label);
}

/** `- line` items, no bold label. */
function items(text: string): string[] {
  return [...text.matchAll(/^- (.+)$/gm)].map(([, item]) => item);
}

describe("the seed's copy", () => {
  it.skipIf(!fs.existsSync(sharedSeed))("is the seed, byte for byte", () => {
    expect(seed).toBe(fs.readFileSync(sharedSeed, "utf8"));
  });
});

describe("the library follows the seed", () => {
  it("has the four techniques with their scripts word for word, named as in the seed, noted with its 'when'", () => {
    const techniques = [...section(seed, "## Advanced Techniques for Breakthrough Moments").matchAll(/^### (.+)\n(.+):\n\n\*"(.+)"\*$/gm)];
    expect(techniques).toHaveLength(4);
    for (const [[, name, when, script], technique] of techniques.map((match, i) => [match, TECHNIQUES[i]] as const)) {
      const template = techniqueTemplate(technique.key);
      expect(template).toMatchObject({ kind: "script", title: name, body: script, technique: technique.key });
      expect(technique.script).toBe(script);
      expect(template.note.startsWith(`${when}: `)).toBe(true);
    }
  });

  it("quotes only the seed in its facilitator notes", () => {
    const plain = seed.replaceAll("**", "").toLowerCase();
    const quotes = BUILT_IN_TEMPLATES.flatMap((template) => [...template.note.matchAll(/"([^"]+)"/g)].map(([, quote]) => quote));
    expect(quotes.length).toBeGreaterThan(10);
    for (const quote of quotes) expect(plain, quote).toContain(quote.toLowerCase());
  });

  it("has an after-the-breakthrough prompt for each thing the seed lists after one", () => {
    const afterLists = [
      section(seed, "#### After the Breakthrough", "### Recognizing Breakthrough Moments"),
      section(seed, "#### After the Breakthrough", "### Supporting Breakthrough Moments"),
    ];
    const wanted = new Set(afterLists.flatMap(labels));
    expect([...wanted]).toEqual(["Integration", "Action planning", "Commitment", "Gratitude", "Clarification", "Celebration"]);
    const afterTitles = BUILT_IN_TEMPLATES.filter((t) => t.phase === "after").map((t) => t.title.toLowerCase());
    for (const label of wanted) expect(afterTitles.some((title) => title.includes(label.toLowerCase())), label).toBe(true);
  });

  it("creates the conditions with a confidentiality agreement and an open-ended question", () => {
    expect(labels(section(seed, "#### Safety and Trust"))).toContain("Confidentiality");
    expect(labels(section(seed, "#### Openness and Curiosity"))).toContain("Open-ended questions");
    expect(builtInTemplate("confidentiality-agreement")).toMatchObject({ phase: "conditions", kind: "choice" });
    expect(builtInTemplate("open-question")).toMatchObject({ phase: "conditions", kind: "reflection" });
  });

  it("tags prompts with the seed's four types of breakthrough", () => {
    const types = [...section(seed, "### Types of Breakthrough Moments").matchAll(/^#### (\w+) Breakthroughs$/gm)].map(([, type]) => type.toLowerCase());
    expect(types).toEqual([...BREAKTHROUGH_TYPES]);
  });

  it("offers the seed's early signs, word for word, after an awareness round", () => {
    expect(builtInTemplate("first-sign")).toMatchObject({ kind: "choice", options: labels(section(seed, "#### Early Signs")) });
  });

  it("has a session template for each practice exercise, described in the exercise's own lines", () => {
    const exercises = [...section(seed, "## Practice Exercises").matchAll(/^### Exercise (\d): (.+)\n((?:- .+\n)+)/gm)];
    expect(exercises).toHaveLength(3);
    expect(BUILT_IN_SESSION_TEMPLATES).toHaveLength(3);
    for (const [[, number, title, lines], template] of exercises.map((match, i) => [match, BUILT_IN_SESSION_TEMPLATES[i]] as const)) {
      expect(template.title).toBe(title);
      expect(template.description).toBe(`Exercise ${number}. ${items(lines).join(". ")}.`);
    }
  });

  it("checks each part of the seed's breakthrough-friendly environment before going live", () => {
    for (const environment of ["physical", "emotional", "psychological"] as const) {
      const heading = `### ${environment[0].toUpperCase()}${environment.slice(1)} Environment`;
      const checks = GO_LIVE_CHECKLIST.filter((item) => item.environment === environment).map((item) => item.text);
      for (const label of labels(section(seed, heading))) expect(checks.some((text) => text.startsWith(`${label}: `)), label).toBe(true);
    }
  });
});

import { describe, expect, it } from "vitest";
import { CATALOGUES } from "../messages";
import { LOCALES } from "./locales";

type Tree = { [key: string]: string | Tree };

/** Every message as "Namespace.path.key" → text. */
function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

/** The ICU arguments a message uses ({name}, {count, plural, …}), sorted. */
function argumentsOf(message: string): string[] {
  return [...new Set([...message.matchAll(/\{\s*([A-Za-z]\w*)\s*[,}]/g)].map((m) => m[1]!))].sort();
}

const reference = flatten(CATALOGUES.en as unknown as Tree);

describe("the message catalogue", () => {
  it("has English for every message, and no empty message", () => {
    for (const [key, text] of reference) expect(text.trim(), key).not.toBe("");
  });

  for (const locale of LOCALES.filter((l) => l !== "en")) {
    it(`${locale}: has exactly English's messages, each with the same arguments`, () => {
      const messages = flatten(CATALOGUES[locale] as unknown as Tree);
      expect([...messages.keys()].sort()).toEqual([...reference.keys()].sort());
      for (const [key, text] of reference) {
        const translated = messages.get(key) ?? "";
        expect(translated.trim(), `${locale} ${key}`).not.toBe("");
        expect(argumentsOf(translated), `${locale} ${key}`).toEqual(argumentsOf(text));
      }
    });
  }

  it("reads arguments the way next-intl does", () => {
    expect(argumentsOf("{count, plural, one {# tap waiting} other {# taps waiting}} for {title}")).toEqual(["count", "title"]);
  });
});

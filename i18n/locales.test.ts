import { describe, expect, it } from "vitest";
import { fromAcceptLanguage, resolveLocale } from "./locales";

describe("fromAcceptLanguage", () => {
  it.each([
    ["de-DE,de;q=0.9,en;q=0.8", "de"],
    ["en-GB,en;q=0.9", "en"],
    ["fr-FR,fr;q=0.9,de;q=0.7,en;q=0.5", "de"],
    ["en;q=0.4,de;q=0.6", "de"],
    ["de-CH", "de"],
    ["*", undefined],
    ["fr", undefined],
    ["de;q=0", undefined],
    ["", undefined],
  ])("%j → %j", (header, expected) => {
    expect(fromAcceptLanguage(header)).toBe(expected);
  });
});

describe("resolveLocale", () => {
  it("takes the reader's own choice over the browser's", () => {
    expect(resolveLocale({ cookie: "en", acceptLanguage: "de-DE" })).toBe("en");
  });
  it("ignores a cookie it does not know", () => {
    expect(resolveLocale({ cookie: "xx", acceptLanguage: "de-DE" })).toBe("de");
  });
  it("falls back to English", () => {
    expect(resolveLocale({})).toBe("en");
  });
});

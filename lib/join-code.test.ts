import { describe, expect, it } from "vitest";
import { checkJoinCode, generateJoinCode, JOIN_CODE_ALPHABET, normalizeJoinCode } from "./join-code";

describe("join codes", () => {
  it("are 6 characters from the alphabet", () => {
    for (let i = 0; i < 500; i++) expect(generateJoinCode()).toMatch(new RegExp(`^[${JOIN_CODE_ALPHABET}]{6}$`));
  });

  it("leave out look-alike characters", () => {
    for (const ch of "0O1IL2Z5S8B") expect(JOIN_CODE_ALPHABET).not.toContain(ch);
  });

  it("use every character of the alphabet, roughly evenly", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) for (const ch of generateJoinCode()) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(JOIN_CODE_ALPHABET.length);
    const expected = (2000 * 6) / JOIN_CODE_ALPHABET.length;
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.25);
  });

  it("skip random bytes that would bias the draw", () => {
    // 250 and above would favour the first characters (256 % 25 = 6); they are rejected.
    let calls = 0;
    const code = generateJoinCode((n) => {
      calls += 1;
      return new Uint8Array(n).fill(calls === 1 ? 255 : 0);
    });
    expect(code).toBe(JOIN_CODE_ALPHABET[0].repeat(6));
    expect(calls).toBe(2);
  });

  it("are read back whatever the case and spacing", () => {
    expect(normalizeJoinCode(" k7m-3qx ")).toBe("K7M3QX");
    expect(normalizeJoinCode("k7m3q")).toBeNull();
    expect(normalizeJoinCode("K7M3Q0")).toBeNull();
  });
});

describe("checkJoinCode", () => {
  it("accepts what normalizeJoinCode accepts", () => {
    expect(checkJoinCode(" k7m-3qx ")).toEqual({ ok: true, code: "K7M3QX" });
  });
  it("names the first character no code has", () => {
    expect(checkJoinCode("K7M0QX")).toEqual({ ok: false, problem: "character", character: "0" });
    expect(checkJoinCode("abc")).toEqual({ ok: false, problem: "character", character: "B" });
  });
  it("says when only the length is wrong", () => {
    expect(checkJoinCode("K7M3Q")).toEqual({ ok: false, problem: "length" });
  });
  it("agrees with normalizeJoinCode on every input", () => {
    for (const input of ["K7M3QX", "K7M3QXX", "", "k7m3qx", "K7 M3 QX", "ZZZZZZ"]) {
      const check = checkJoinCode(input);
      expect(check.ok ? check.code : null).toBe(normalizeJoinCode(input));
    }
  });
});

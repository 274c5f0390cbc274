import { describe, expect, it } from "vitest";
import { checkPasswordStrength } from "./password-strength";

describe("password strength", () => {
  it("refuses repeats, common passwords, keyboard walks and the email itself, saying why and what to do", async () => {
    const aaa = await checkPasswordStrength("aaaaaaaaaa");
    expect(aaa).toEqual({
      ok: false,
      message: expect.stringMatching(/^That password is too easy to guess\. Repeated characters like "aaa" are easy to guess\. Try three or four unrelated words/),
    });
    for (const weak of ["password123", "1234567890", "qwertyuiop12", "iloveyou2024"]) {
      expect((await checkPasswordStrength(weak)).ok, weak).toBe(false);
    }
    expect((await checkPasswordStrength("ana.lopez1987", ["ana.lopez@example.org"])).ok).toBe(false);
  });

  it("accepts a few unrelated words or a random string", async () => {
    for (const strong of ["a long enough password", "my cat likes warm tea", "k9#fW2!xqL", "correct horse battery"]) {
      expect((await checkPasswordStrength(strong)).ok, strong).toBe(true);
    }
  });

  it("still judges long, l33t-heavy input, checked on its first 64 characters to bound the work", async () => {
    expect((await checkPasswordStrength("p@$$w0rd".repeat(25))).ok).toBe(false);
    expect((await checkPasswordStrength("1".repeat(200))).ok).toBe(false);
    expect((await checkPasswordStrength(`${"a".repeat(64)} my cat likes warm tea`)).ok).toBe(false);
    expect((await checkPasswordStrength(`my cat likes warm tea ${"a".repeat(150)}`)).ok).toBe(true);
  });
});

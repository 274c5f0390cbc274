/**
 * Join codes: 6 characters from an alphabet without look-alikes
 * (no 0/O, 1/I/L, 2/Z, 5/S, 8/B), so a code read off a projector is typed right.
 */

export const JOIN_CODE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY";
export const JOIN_CODE_LENGTH = 6;

/** Draws a code with unbiased rejection sampling from `randomBytes`. */
export function generateJoinCode(
  randomBytes: (n: number) => Uint8Array = (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)),
): string {
  const size = JOIN_CODE_ALPHABET.length;
  const limit = 256 - (256 % size);
  let code = "";
  while (code.length < JOIN_CODE_LENGTH) {
    for (const byte of randomBytes(JOIN_CODE_LENGTH * 2)) {
      if (byte >= limit) continue;
      code += JOIN_CODE_ALPHABET[byte % size];
      if (code.length === JOIN_CODE_LENGTH) break;
    }
  }
  return code;
}

/**
 * Turns what a person typed into a canonical code, or null when it cannot be one.
 * Case and separators are forgiven; look-alike characters are not guessed at.
 */
export function normalizeJoinCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, "");
  if (code.length !== JOIN_CODE_LENGTH) return null;
  for (const ch of code) if (!JOIN_CODE_ALPHABET.includes(ch)) return null;
  return code;
}

export type JoinCodeCheck =
  | { ok: true; code: string }
  | { ok: false; problem: "length" }
  | { ok: false; problem: "character"; character: string };

/**
 * Like normalizeJoinCode, but says what is wrong, so a person can fix it:
 * a character no code has (shown as typed) before a wrong length.
 */
export function checkJoinCode(input: string): JoinCodeCheck {
  const code = input.toUpperCase().replace(/[\s-]/g, "");
  const stray = [...code].find((ch) => !JOIN_CODE_ALPHABET.includes(ch));
  if (stray) return { ok: false, problem: "character", character: stray };
  if (code.length !== JOIN_CODE_LENGTH) return { ok: false, problem: "length" };
  return { ok: true, code };
}

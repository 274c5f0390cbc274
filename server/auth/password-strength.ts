/**
 * Refuses passwords that are easy to guess, with zxcvbn-ts: it finds common
 * passwords, words, names, keyboard walks, repeats, sequences, dates and l33t
 * spellings, and estimates how many guesses an attacker would need.
 */
import type { ZxcvbnFactory } from "@zxcvbn-ts/core";

/**
 * zxcvbn's score 3 means "safely unguessable: moderate protection from an
 * offline slow-hash scenario" (at least 10^8 guesses). Online, with the
 * sign-in limits in docs/security.md, that is decades of guessing.
 */
export const MIN_SCORE = 3;

export interface Strength {
  ok: boolean;
  /** Why it was refused and what to do instead, in words for the person typing. */
  message: string;
}

// The dictionaries take ~60 MB and ~120 ms to load: once, on the first sign-up.
let factory: Promise<ZxcvbnFactory> | undefined;

function zxcvbn(): Promise<ZxcvbnFactory> {
  factory ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([
      import("@zxcvbn-ts/core"),
      import("@zxcvbn-ts/language-common"),
      import("@zxcvbn-ts/language-en"),
    ]);
    return new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
      // The check runs on the event loop. Its cost grows with length and with
      // l33t-looking characters (a 200-character "p@$$w0rd…" took 1.7 s with the
      // defaults here); with these bounds the worst found took ~90 ms.
      // Characters past the 64th are not checked: they can only add strength.
      maxLength: 64,
      l33tMaxSubstitutions: 20,
    });
  })();
  factory.catch(() => (factory = undefined));
  return factory;
}

/** Checks `password`; `related` are things an attacker would try first (the email, the product name). */
export async function checkPasswordStrength(password: string, related: readonly string[] = []): Promise<Strength> {
  const result = (await zxcvbn()).check(password, [...related, ...related.flatMap(partsOf), "attune"]);
  if (result.score >= MIN_SCORE) return { ok: true, message: "" };
  const why = result.feedback.warning ? `${withFullStop(result.feedback.warning)} ` : "";
  return {
    ok: false,
    message: `That password is too easy to guess. ${why}Try three or four unrelated words, or a short sentence only you would think of.`,
  };
}

/** "ana.lopez@example.org" → ["ana.lopez", "ana", "lopez", "example"]: the pieces people build passwords from. */
function partsOf(value: string): string[] {
  const local = value.split("@")[0] ?? "";
  const domain = value.split("@")[1]?.split(".")[0];
  return [local, ...local.split(/[^\p{L}\p{N}]+/u), ...(domain ? [domain] : [])].filter((part) => part.length >= 3);
}

function withFullStop(sentence: string): string {
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

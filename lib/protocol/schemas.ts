/**
 * zod schemas for every payload that crosses the wire. Types are derived from
 * them, so the contract cannot drift from its validation.
 */
import { z } from "zod";
import { TECHNIQUE_KEYS } from "../content";
import { normalizeJoinCode } from "../join-code";
import { GO_LIVE_CHECKLIST } from "../library/checklist";
import {
  MAX_CONFIDENTIALITY_NOTE,
  MAX_PALETTE_SIGNALS,
  MAX_SIGNAL_EMOJI,
  MAX_SIGNAL_KEY,
  MAX_SIGNAL_LABEL,
  MAX_SIGNAL_MEANING,
  MIN_PALETTE_SIGNALS,
} from "../library/limits";
import { MAX_CHOICE_OPTIONS, MAX_PROMPT_BODY, MAX_REFLECTION_ANSWER, SCALE_MAX, SCALE_MIN } from "../library/limits";
import { builtInTemplate } from "../library/prompts";
import { promptContentSchema, templateKeySchema } from "../library/schemas";
import { deckChangeSchema } from "../library/deck";
import { whereSchema } from "./room";

// The pages' Content-Security-Policy has no 'unsafe-eval' (proxy.ts). In the
// browser zod would probe for it with `new Function("")` on first use, to
// compile faster parsers, and the refusal is reported as a violation; the
// server, with no such policy, keeps the compiled parsers.
if (typeof window !== "undefined") z.config({ jitless: true });

/** Upper bound on any one socket message, enforced by Socket.IO before parsing. */
export const MAX_MESSAGE_BYTES = 16 * 1024;
/** A prompt's words: the library's bound, for typed prompts too. */
export { MAX_PROMPT_BODY };
export const MAX_TITLE = 120;

/** A join code as typed: the same reading as the join form's (`normalizeJoinCode`). */
export const joinCodeSchema = z
  .string()
  .max(32)
  .transform((input, ctx) => {
    const code = normalizeJoinCode(input);
    if (code === null) {
      ctx.addIssue({ code: "custom", message: "A join code has 6 letters and numbers, like K7M3QX." });
      return z.NEVER;
    }
    return code;
  });

const idSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
export const sessionRefSchema = z.strictObject({ sessionId: idSchema });

/**
 * The participant handshake (`auth` in io(..., { auth })). Not strict: on a
 * reconnect the Socket.IO client adds its own recovery fields (pid, offset).
 */
export const participantAuthSchema = z.object({
  code: joinCodeSchema,
  // A damaged token (an old phone, a cleared store) just means joining afresh.
  resumeToken: z.string().regex(/^[A-Za-z0-9_-]{43}$/).optional().catch(undefined),
  /** The join link's key (QR code or link): shows the phone is not guessing codes. */
  key: z.string().regex(/^[A-Za-z0-9_-]{22}$/).optional().catch(undefined),
  /** In the room or joining remotely, as the phone last said (lib/protocol/room.ts); anything else: not saying. */
  where: whereSchema.optional().catch(undefined),
});
export type ParticipantAuth = z.infer<typeof participantAuthSchema>;

export const checkInSendSchema = z.strictObject({
  /** Random per tap, made on the phone: retries carry the same id (in any case: one id, one row). */
  id: z.uuid().transform((id) => id.toLowerCase()),
  signal: z.string().min(1).max(40).regex(/^[a-z0-9-]+$/),
  /** How long ago the tap happened (kept while offline); the server owns the clock. */
  ageMs: z.number().int().min(0).max(24 * 60 * 60 * 1000),
});
export type CheckInSend = z.infer<typeof checkInSendSchema>;

/**
 * What a facilitator pushes: a technique's script or typed words (both a
 * script card), a built-in template by key, or content of any kind (from the
 * deck, their own templates, or written on the spot).
 */
export const promptSourceSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("technique"), technique: z.enum(TECHNIQUE_KEYS) }),
  z.strictObject({
    kind: z.literal("text"),
    text: z.string().trim().min(1, "Type a prompt first.").max(MAX_PROMPT_BODY),
  }),
  z.strictObject({
    kind: z.literal("library"),
    key: templateKeySchema.refine((key) => builtInTemplate(key) !== undefined, "No built-in prompt has that key."),
  }),
  z.strictObject({ kind: z.literal("content"), content: promptContentSchema }),
]);
export type PromptSource = z.infer<typeof promptSourceSchema>;

export const promptPushSchema = z.strictObject({
  sessionId: idSchema,
  source: promptSourceSchema,
  /** The deck item this push came from, if any (it is marked pushed). */
  deckItemId: idSchema.optional(),
});
export type PromptPush = z.infer<typeof promptPushSchema>;

/**
 * One phone's answer. Its shape is checked here; whether it fits the prompt
 * (kind, scale range, option count) is lib/answers.ts's `checkAnswer`.
 */
export const answerValueSchema = z.union([
  z.strictObject({ pass: z.literal(true) }),
  z.strictObject({
    text: z.string().trim().min(1, "Write something first, or pass.").max(MAX_REFLECTION_ANSWER, `Keep it to ${MAX_REFLECTION_ANSWER} characters.`),
  }),
  z.strictObject({ value: z.number().int().min(SCALE_MIN).max(SCALE_MAX) }),
  z.strictObject({ option: z.number().int().min(0).max(MAX_CHOICE_OPTIONS - 1) }),
]);

/** Random per phone per prompt, kept by the phone; the server stores only its hash. */
const answerSecretSchema = z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, "An answer's secret is 22 to 64 base64url characters.");

export const answerSendSchema = z.strictObject({ promptId: idSchema, secret: answerSecretSchema, answer: answerValueSchema });
export type AnswerSend = z.infer<typeof answerSendSchema>;

export const answerMineSchema = z.strictObject({ promptId: idSchema, secret: answerSecretSchema });

export const promptRevealSchema = z.strictObject({ sessionId: idSchema, revealed: z.boolean() });

export const answerModerateSchema = z
  .strictObject({ sessionId: idSchema, answerId: idSchema, hidden: z.boolean().optional(), highlighted: z.boolean().optional() })
  .refine((m) => m.hidden !== undefined || m.highlighted !== undefined, "Say whether to hide or highlight it.");
export type AnswerModerate = z.infer<typeof answerModerateSchema>;

/** What the room display shows beside the join code: the prompt alone, the pulse, or the revealed results. */
export const DISPLAY_SHOWS = ["prompt", "pulse", "results"] as const;
export const displayShowSchema = z.strictObject({ sessionId: idSchema, shows: z.enum(DISPLAY_SHOWS) });

/** A secret made by newToken() (server/auth/tokens.ts): 32 random bytes, base64url. */
export const secretTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "That link is not complete. Copy the whole link and try again.");

/** The owner takes a co-facilitator off a session. */
export const teamRemoveSchema = z.strictObject({ sessionId: idSchema, facilitatorId: idSchema });

/** Accepting a co-facilitator invitation (a JSON route: the invite page has no socket). */
export const inviteAcceptSchema = z.strictObject({ token: secretTokenSchema });

/**
 * The room display's handshake (`auth`): a display link's key admits to that
 * one session's display without a sign-in; without it, the sign-in cookie
 * must do. Not strict, like the phones' (the client adds its own fields).
 */
export const displayAuthSchema = z.object({ displayKey: secretTokenSchema.optional().catch(undefined) });

/** A change to a session's deck (lib/library/deck.ts). */
export const deckChangeRequestSchema = z.strictObject({ sessionId: idSchema, change: deckChangeSchema });

export const sessionTitleSchema = z.string().trim().min(1, "Give the session a title.").max(MAX_TITLE);

export const credentialsSchema = z.strictObject({
  email: z.email("Enter a valid email address.").max(254).transform((e) => e.toLowerCase()),
  password: z.string().min(10, "Use at least 10 characters.").max(200),
});

// ---- the palette and the preparations before going live (issue 8) -----------------

/** One line of text: no line breaks, tabs or other control characters. */
const ONE_LINE = /^[^\p{Cc}\p{Zl}\p{Zp}]*$/u;
/** A paragraph: line breaks allowed, no other control characters. */
const PARAGRAPH = /^(?:[^\p{Cc}\p{Zl}\p{Zp}]|\r?\n)*$/u;

/** How many user-perceived characters (grapheme clusters) a text has; code points where Intl.Segmenter is missing. */
export function graphemeCount(text: string): number {
  if (typeof Intl !== "undefined" && "Segmenter" in Intl) {
    let n = 0;
    for (const _ of new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text)) n += 1;
    return n;
  }
  return [...text].length;
}

export const signalKeySchema = z.string().min(1).max(MAX_SIGNAL_KEY).regex(/^[a-z0-9-]+$/, "A key is lower-case letters, digits and hyphens.");

/**
 * A signal as the console sends it. `key` is kept for a signal already on the
 * palette (renaming keeps its check-ins); a new signal comes without one and
 * the server derives it from the label.
 */
export const signalInputSchema = z.strictObject({
  key: signalKeySchema.optional(),
  emoji: z
    .string()
    .trim()
    .min(1, "Choose an emoji.")
    .max(MAX_SIGNAL_EMOJI)
    .regex(ONE_LINE)
    .refine((emoji) => graphemeCount(emoji) === 1, "One emoji, please."),
  label: z.string().trim().min(1, "Give the signal a label.").max(MAX_SIGNAL_LABEL).regex(ONE_LINE, "A label is one line."),
  meaning: z
    .string()
    .trim()
    .max(MAX_SIGNAL_MEANING)
    .regex(ONE_LINE, "A meaning is one line.")
    .nullish()
    .transform((meaning) => meaning || undefined),
});
export type SignalInput = z.infer<typeof signalInputSchema>;

export const paletteSchema = z
  .array(signalInputSchema)
  .min(MIN_PALETTE_SIGNALS, "Keep at least one signal.")
  .max(MAX_PALETTE_SIGNALS, `At most ${MAX_PALETTE_SIGNALS} signals.`)
  .superRefine((palette, ctx) => {
    const keys = palette.flatMap((s) => (s.key ? [s.key] : []));
    if (new Set(keys).size !== keys.length) ctx.addIssue({ code: "custom", message: "Each signal's key must be different." });
  });

export const paletteSetSchema = z.strictObject({ sessionId: idSchema, palette: paletteSchema });
export type PaletteSet = z.infer<typeof paletteSetSchema>;

const CHECKLIST_KEYS = GO_LIVE_CHECKLIST.map((item) => item.key) as [string, ...string[]];

/** What is arranged before going live; a field left out stays as it is. */
export const sessionPrepareSchema = z.strictObject({
  sessionId: idSchema,
  /** null or only spaces: the default words from the catalogue. */
  confidentialityNote: z
    .string()
    .trim()
    .max(MAX_CONFIDENTIALITY_NOTE)
    .regex(PARAGRAPH, "The note has characters that cannot be shown.")
    .nullable()
    .transform((note) => note || null)
    .optional(),
  /** The ticked checks, by key (lib/library/checklist.ts); in the checklist's order, once each. */
  checklist: z
    .array(z.enum(CHECKLIST_KEYS))
    .max(CHECKLIST_KEYS.length * 2)
    .transform((ticked) => CHECKLIST_KEYS.filter((key) => ticked.includes(key)))
    .optional(),
});
export type SessionPrepare = z.infer<typeof sessionPrepareSchema>;

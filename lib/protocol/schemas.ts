/**
 * zod schemas for every payload that crosses the wire. Types are derived from
 * them, so the contract cannot drift from its validation.
 */
import { z } from "zod";
import { TECHNIQUE_KEYS } from "../content";
import { normalizeJoinCode } from "../join-code";

// The pages' Content-Security-Policy has no 'unsafe-eval' (proxy.ts). In the
// browser zod would probe for it with `new Function("")` on first use, to
// compile faster parsers, and the refusal is reported as a violation; the
// server, with no such policy, keeps the compiled parsers.
if (typeof window !== "undefined") z.config({ jitless: true });

/** Upper bound on any one socket message, enforced by Socket.IO before parsing. */
export const MAX_MESSAGE_BYTES = 16 * 1024;
export const MAX_PROMPT_TEXT = 1000;
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

export const promptSourceSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("technique"), technique: z.enum(TECHNIQUE_KEYS) }),
  z.strictObject({
    kind: z.literal("text"),
    text: z.string().trim().min(1, "Type a prompt first.").max(MAX_PROMPT_TEXT),
  }),
]);
export type PromptSource = z.infer<typeof promptSourceSchema>;

export const promptPushSchema = z.strictObject({ sessionId: idSchema, source: promptSourceSchema });
export type PromptPush = z.infer<typeof promptPushSchema>;

export const sessionTitleSchema = z.string().trim().min(1, "Give the session a title.").max(MAX_TITLE);

export const credentialsSchema = z.strictObject({
  email: z.email("Enter a valid email address.").max(254).transform((e) => e.toLowerCase()),
  password: z.string().min(10, "Use at least 10 characters.").max(200),
});

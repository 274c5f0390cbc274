/**
 * Prompt templates and session templates: zod schemas, and the types derived
 * from them. The built-in library is checked against these; a facilitator's
 * own templates will be, at the boundary.
 */
import { z } from "zod";
import { TECHNIQUE_KEYS, type Phase } from "../content";
import {
  MAX_CHOICE_OPTION,
  MAX_CHOICE_OPTIONS,
  MAX_DECK_LENGTH,
  MAX_FACILITATOR_NOTE,
  MAX_PROMPT_BODY,
  MAX_SCALE_LABEL,
  MAX_SESSION_TEMPLATE_DESCRIPTION,
  MAX_TEMPLATE_KEY,
  MAX_TEMPLATE_TITLE,
  MIN_CHOICE_OPTIONS,
} from "./limits";

// As in lib/protocol/schemas.ts: the pages' CSP has no 'unsafe-eval', so zod
// must not probe for it in the browser. Whichever module loads first sets it.
if (typeof window !== "undefined") z.config({ jitless: true });

/** What a participant does with a prompt: read it, write, place themselves on a scale, or pick. */
export const PROMPT_KINDS = ["script", "reflection", "scale", "choice"] as const;
export type PromptKind = (typeof PROMPT_KINDS)[number];

/** When in a breakthrough a prompt serves: creating the conditions, during it, after it. */
export const PHASES = ["conditions", "during", "after"] as const satisfies readonly Phase[];
// Every Phase of lib/content.ts is listed: this line fails to compile otherwise.
const noPhaseMissing: [Exclude<Phase, (typeof PHASES)[number]>] extends [never] ? true : never = true;
void noPhaseMissing;

/** The seed's "Types of Breakthrough Moments". */
export const BREAKTHROUGH_TYPES = ["awareness", "insight", "emotional", "action"] as const;
export type BreakthroughType = (typeof BREAKTHROUGH_TYPES)[number];

const oneLine = (max: number) =>
  z
    .string()
    .trim()
    .min(1, "Write something first.")
    .max(max, `Keep it to ${max} characters.`)
    .regex(/^[^\r\n]*$/, "Keep it to one line.");

export const templateKeySchema = z
  .string()
  .max(MAX_TEMPLATE_KEY)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lower-case words joined by hyphens.");

const templateFields = {
  key: templateKeySchema,
  title: oneLine(MAX_TEMPLATE_TITLE),
  body: z.string().trim().min(1, "Write the prompt first.").max(MAX_PROMPT_BODY, `Keep it to ${MAX_PROMPT_BODY} characters.`),
  phase: z.enum(PHASES),
  technique: z.enum(TECHNIQUE_KEYS).optional(),
  breakthrough: z.enum(BREAKTHROUGH_TYPES).optional(),
  /** For the facilitator only: when to use it. */
  note: oneLine(MAX_FACILITATOR_NOTE),
};

const choiceOptionsSchema = z
  .array(oneLine(MAX_CHOICE_OPTION))
  .min(MIN_CHOICE_OPTIONS, `Offer at least ${MIN_CHOICE_OPTIONS} options.`)
  .max(MAX_CHOICE_OPTIONS, `Offer at most ${MAX_CHOICE_OPTIONS} options.`)
  .refine((options) => new Set(options.map((o) => o.toLocaleLowerCase())).size === options.length, "Offer each option once.");

const contentFields = {
  title: oneLine(MAX_TEMPLATE_TITLE),
  body: z.string().trim().min(1, "Write the prompt first.").max(MAX_PROMPT_BODY, `Keep it to ${MAX_PROMPT_BODY} characters.`),
  technique: z.enum(TECHNIQUE_KEYS).optional(),
};
const scaleLabelsSchema = z.strictObject({ low: oneLine(MAX_SCALE_LABEL), high: oneLine(MAX_SCALE_LABEL) });

/**
 * The four kinds over the same fields: a scale adds what its two ends mean, a
 * choice its options.
 */
function ofEveryKind<F extends z.core.$ZodLooseShape>(fields: F) {
  return z.discriminatedUnion("kind", [
    z.strictObject({ ...fields, kind: z.literal("script") }),
    z.strictObject({ ...fields, kind: z.literal("reflection") }),
    z.strictObject({ ...fields, kind: z.literal("scale"), labels: scaleLabelsSchema }),
    z.strictObject({ ...fields, kind: z.literal("choice"), options: choiceOptionsSchema }),
  ]);
}

/**
 * What is pushed to the room: a prompt's kind, words and (for a scale or a
 * choice) what participants pick from. A template is this plus its place in
 * the library (key, phase, breakthrough type, the facilitator's note); a deck
 * item is this plus where it came from.
 */
export const promptContentSchema = ofEveryKind(contentFields);
export type PromptContent = z.infer<typeof promptContentSchema>;

/** The content of a template (drops its place in the library). */
export function contentOf(template: PromptTemplate | OwnTemplate): PromptContent {
  const { title, body, technique } = template;
  const base = technique ? { title, body, technique } : { title, body };
  switch (template.kind) {
    case "scale":
      return { ...base, kind: "scale", labels: template.labels };
    case "choice":
      return { ...base, kind: "choice", options: template.options };
    default:
      return { ...base, kind: template.kind };
  }
}

export const promptTemplateSchema = ofEveryKind(templateFields);
export type PromptTemplate = z.infer<typeof promptTemplateSchema>;

/**
 * A facilitator's own template as they write it: a template without a key
 * (the server names it by its row, "mine:<id>", so it never meets a built-in key).
 */
const { key: _key, ...ownFields } = templateFields;
void _key;
export const ownTemplateSchema = ofEveryKind(ownFields);
export type OwnTemplate = z.infer<typeof ownTemplateSchema>;

export const sessionTemplateSchema = z.strictObject({
  key: templateKeySchema,
  title: oneLine(MAX_TEMPLATE_TITLE),
  description: z.string().trim().min(1).max(MAX_SESSION_TEMPLATE_DESCRIPTION),
  /** Prompt template keys, in the order they are pushed. */
  deck: z.array(templateKeySchema).min(1, "Put at least one prompt in the deck.").max(MAX_DECK_LENGTH),
});
export type SessionTemplate = z.infer<typeof sessionTemplateSchema>;

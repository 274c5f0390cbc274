/** What the template routes accept: zod at the boundary. */
import { z } from "zod";
import { MAX_SESSION_TEMPLATE_DESCRIPTION, MAX_TEMPLATE_TITLE } from "@/lib/library/limits";
import { ownTemplateSchema } from "@/lib/library/schemas";

/** A row id (server/auth/tokens.ts newId) in a route's path. */
export const rowIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** A built-in template's key, or "mine:<id>". */
const refSchema = z.string().max(80).regex(/^(?:mine:[A-Za-z0-9_-]{1,64}|[a-z0-9]+(?:-[a-z0-9]+)*)$/);

const titleSchema = z.string().trim().min(1, "Give it a title.").max(MAX_TEMPLATE_TITLE, `Keep the title to ${MAX_TEMPLATE_TITLE} characters.`);

/** A new template, written or copied from another (a built-in one or the facilitator's own). */
export const templateCreateSchema = z.union([
  z.strictObject({ template: ownTemplateSchema }),
  z.strictObject({ duplicate: refSchema, title: titleSchema }),
]);

export const templateUpdateSchema = z.strictObject({ template: ownTemplateSchema });

export const sessionTemplateCreateSchema = z.strictObject({
  sessionId: rowIdSchema,
  title: titleSchema,
  description: z.string().trim().max(MAX_SESSION_TEMPLATE_DESCRIPTION).default(""),
});

/** Where a new session starts from (server/domain/templates.ts SessionOrigin). */
export const sessionOriginSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("blank") }),
  z.strictObject({ kind: z.literal("exercise"), key: z.string().max(64).regex(/^[a-z0-9-]+$/) }),
  z.strictObject({ kind: z.literal("template"), id: rowIdSchema }),
  z.strictObject({ kind: z.literal("session"), id: rowIdSchema }),
]);

/** A route's `[id]`, checked. */
export async function idOf(params: Promise<{ id: string }>): Promise<string | null> {
  const parsed = rowIdSchema.safeParse((await params).id);
  return parsed.success ? parsed.data : null;
}

/**
 * Helpers for route handlers: JSON in (zod-validated, size-limited), JSON out
 * as { ok: true, data } | { ok: false, error }.
 */
import { NextResponse } from "next/server";
import type { z } from "zod";
import { AppError, isAppError, type ErrorCode } from "@/lib/protocol/errors";

const MAX_BODY_BYTES = 8 * 1024;

const STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  SESSION_NOT_LIVE: 409,
  CODE_NOT_FOUND: 404,
  RATE_LIMITED: 429,
  BUSY: 503,
  OUTDATED: 426,
  INTERNAL: 500,
};

export function ok<T>(data: T, init?: ResponseInit) {
  return NextResponse.json({ ok: true, data }, init);
}

export function fail(error: unknown) {
  if (!isAppError(error)) console.error("[attune] route failed:", error);
  const { code, message } = isAppError(error) ? error : new AppError("INTERNAL");
  return NextResponse.json({ ok: false, error: { code, message } }, { status: STATUS[code] });
}

/**
 * Reads a JSON body. Requiring application/json also keeps other sites out:
 * a cross-site form cannot send it without a CORS preflight we never grant.
 */
export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  if (!request.headers.get("content-type")?.startsWith("application/json")) {
    throw new AppError("BAD_REQUEST", "Send JSON (Content-Type: application/json).");
  }
  const text = await readBounded(request, MAX_BODY_BYTES);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "That request is not valid JSON.");
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.error.issues[0]?.message ?? "Invalid request.");
  return parsed.data;
}

/** Reads at most `limit` bytes of the body; stops reading (and refuses) past that. */
async function readBounded(request: Request, limit: number): Promise<string> {
  const tooLarge = new AppError("BAD_REQUEST", "That request is too large.");
  if (Number(request.headers.get("content-length") ?? 0) > limit) throw tooLarge;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge;
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/**
 * Helpers for route handlers: the origin check for anything that changes
 * state, JSON in (zod-validated, size-limited), JSON out as
 * { ok: true, data } | { ok: false, error }.
 */
import { NextResponse } from "next/server";
import type { z } from "zod";
import { AppError, isAppError, type ErrorCode } from "@/lib/protocol/errors";
import { fromAllowedOrigin, headersOf } from "@/server/origin";
import { services } from "./server";

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

/**
 * A route that changes state (signs in or out, creates something). It runs
 * only for requests from Attune's own pages: SameSite=Lax already keeps the
 * cookie off most cross-site requests, and this also covers what Lax lets
 * through (a top-level form POST within two minutes of sign-in on some
 * browsers, sibling subdomains, which are "same-site") and the sign-in and
 * sign-up routes, which need no cookie to be abused (login CSRF).
 */
export function stateChanging(handler: (request: Request) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    try {
      if (!fromAllowedOrigin(headersOf(request.headers), services().env.publicOrigins)) {
        throw new AppError("FORBIDDEN", "This request came from another site, so Attune refused it. Open Attune itself and try again.");
      }
      return await handler(request);
    } catch (error) {
      return fail(error);
    }
  };
}

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

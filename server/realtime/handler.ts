/**
 * Wraps an event handler so that every request ends in exactly one ack:
 * parse (zod) -> run -> { ok: true, data } | { ok: false, error }. A throw or a
 * rejection becomes an error ack; it never reaches Socket.IO's dispatch.
 */
import type { z } from "zod";
import { AppError, isAppError, type Ack, type AppErrorBody } from "../../lib/protocol/errors.ts";

export function describeIssues(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "Invalid payload.";
  const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
  return `Invalid payload. ${where}${issue.message}`;
}

export function errorBody(error: unknown): AppErrorBody {
  if (isAppError(error)) return { code: error.code, message: error.message };
  console.error("[attune] handler failed:", error);
  return new AppError("INTERNAL").toBody();
}

export function handle<S extends z.ZodType, R>(
  schema: S,
  run: (input: z.infer<S>) => Promise<R> | R,
): (payload: unknown, ack?: unknown) => Promise<void> {
  return async (payload, ack) => {
    // Emitted without a payload, the callback arrives first.
    if (typeof payload === "function" && ack === undefined) {
      ack = payload;
      payload = undefined;
    }
    const reply = (response: Ack<R>) => {
      if (typeof ack === "function") ack(response);
    };
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      reply({ ok: false, error: { code: "BAD_REQUEST", message: describeIssues(parsed.error) } });
      return;
    }
    try {
      reply({ ok: true, data: await run(parsed.data) });
    } catch (error) {
      reply({ ok: false, error: errorBody(error) });
    }
  };
}

/** An Error for a namespace middleware: the client's connect_error carries `data`. */
export function connectError(error: unknown): Error & { data: AppErrorBody } {
  const body = errorBody(error);
  return Object.assign(new Error(body.message), { data: body });
}

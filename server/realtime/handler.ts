/**
 * The server half of the wire contract. `requestsOf(registry)` gives a typed
 * `on(socket, event, run)`: the event must be in the namespace's registry, the
 * handler receives the parsed payload and must return the ack's data type.
 *
 * Every request ends in exactly one ack: the payload is parsed with the
 * registry's schema, then `run`'s result or error is sent back. A throw or a
 * rejection becomes an error ack and never reaches Socket.IO's dispatch. A
 * request sent with extra arguments is refused (and answered); one sent with
 * no ack callback is not run at all, since nobody could be told its outcome.
 */
import type { Socket } from "socket.io";
import type { z } from "zod";
import { AppError, isAppError, type Ack, type AppErrorBody } from "../../lib/protocol/errors.ts";
import { PROTOCOL_VERSION } from "../../lib/protocol/events.ts";
import { databaseUnavailable } from "../db/unavailable.ts";
import { eventsOf, type ParsedOf, type RequestRegistry, type ResponseOf } from "../../lib/protocol/registry.ts";

export function describeIssues(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "Invalid payload.";
  const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
  return `Invalid payload. ${where}${issue.message}`;
}

export function errorBody(error: unknown): AppErrorBody {
  if (isAppError(error)) return { code: error.code, message: error.message };
  const unavailable = databaseUnavailable(error);
  if (unavailable) {
    // Nothing was written: safe to try again, and not worth a stack trace.
    console.error(`[attune] the database is unavailable (${unavailable})`);
    return new AppError("BUSY", "Attune cannot reach its database for a moment. Nothing was changed; try again shortly.").toBody();
  }
  console.error("[attune] handler failed:", error);
  return new AppError("INTERNAL").toBody();
}

type Run<Spec> = (input: ParsedOf<Spec>) => Promise<ResponseOf<Spec>> | ResponseOf<Spec>;
/** Any namespace's socket: events are checked against the registry, not Socket.IO's map. */
type AnySocket = { on(event: string, listener: (...args: any[]) => void): unknown; onAny: Socket["onAny"] }; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface RequestHandlers<Reg extends RequestRegistry> {
  on<E extends keyof Reg & string>(socket: AnySocket, event: E, run: Run<Reg[E]>): void;
  /** Answers any event this namespace does not offer, so nobody waits for a timeout. */
  refuseOthers(socket: AnySocket): void;
}

export function requestsOf<Reg extends RequestRegistry>(registry: Reg, audience: string, elsewhere: readonly string[] = []): RequestHandlers<Reg> {
  const offered = new Set<string>(eventsOf(registry));
  const foreign = new Set(elsewhere);
  return {
    on(socket, event, run) {
      const { schema } = registry[event];
      socket.on(event, async (...args: unknown[]) => {
        const ack = typeof args.at(-1) === "function" ? (args.pop() as (response: Ack<unknown>) => void) : null;
        if (!ack) return;
        if (args.length !== 1) {
          ack({ ok: false, error: { code: "BAD_REQUEST", message: "Invalid payload. Send exactly one payload with a request." } });
          return;
        }
        const parsed = schema.safeParse(args[0]);
        if (!parsed.success) {
          ack({ ok: false, error: { code: "BAD_REQUEST", message: describeIssues(parsed.error) } });
          return;
        }
        let response: Ack<unknown>;
        try {
          response = { ok: true, data: await run(parsed.data as ParsedOf<Reg[typeof event]>) };
        } catch (error) {
          response = { ok: false, error: errorBody(error) };
        }
        ack(response);
      });
    },
    refuseOthers(socket) {
      socket.onAny((event: string, ...args: unknown[]) => {
        if (offered.has(event)) return;
        const ack = args.at(-1);
        if (typeof ack !== "function") return;
        const name = String(event).slice(0, 40);
        ack({
          ok: false,
          error: foreign.has(event)
            ? new AppError("FORBIDDEN", `"${name}" is not available to ${audience}.`).toBody()
            : new AppError("BAD_REQUEST", `Unknown event "${name}".`).toBody(),
        });
      });
    },
  };
}

/** An Error for a namespace middleware: the client's connect_error carries `data`. */
export function connectError(error: unknown): Error & { data: AppErrorBody } {
  const body = errorBody(error);
  return Object.assign(new Error(body.message), { data: body });
}

/** A page built for another protocol version is asked to reload. */
export function requireProtocolVersion(socket: Pick<Socket, "handshake">, next: (err?: Error) => void): void {
  const version = (socket.handshake.auth as { v?: unknown } | undefined)?.v;
  if (version !== PROTOCOL_VERSION) return next(connectError(new AppError("OUTDATED")));
  next();
}

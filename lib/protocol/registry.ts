/**
 * The machinery of the wire contract: a registry maps each client→server event
 * to the zod schema of its payload and the type of its ack's data. Socket.IO's
 * event maps, the lists of offered events and the typed `request()` are all
 * derived from a registry, so they cannot drift from one another.
 */
import type { z } from "zod";
import type { Socket } from "socket.io-client";
import type { Ack, AckCallback } from "./errors";

/** One request: its payload schema and (type-only) the data its ack carries. */
export interface RequestSpec<S extends z.ZodType = z.ZodType, R = unknown> {
  readonly schema: S;
  /** Never set: carries the ack's data type. */
  readonly response?: R;
}

/** `requestOf(schema).returns<Data>()` declares one request. */
export function requestOf<S extends z.ZodType>(schema: S) {
  return { returns: <R>(): RequestSpec<S, R> => ({ schema }) };
}

export type RequestRegistry = Readonly<Record<string, RequestSpec>>;

/** What a client sends for a request (the schema's input). */
export type PayloadOf<Spec> = Spec extends RequestSpec<infer S, unknown> ? z.input<S> : never;
/** What a handler receives once the payload is parsed (the schema's output). */
export type ParsedOf<Spec> = Spec extends RequestSpec<infer S, unknown> ? z.output<S> : never;
/** The data of a successful ack. */
export type ResponseOf<Spec> = Spec extends RequestSpec<z.ZodType, infer R> ? R : never;

/** Socket.IO's client→server event map for a registry: every event is a request with an ack. */
export type ClientEventsOf<Reg extends RequestRegistry> = {
  [E in keyof Reg]: (payload: PayloadOf<Reg[E]>, ack: AckCallback<ResponseOf<Reg[E]>>) => void;
};

/** The events a registry offers, as a list for the server's "unknown event" answer. */
export function eventsOf<Reg extends RequestRegistry>(registry: Reg): (keyof Reg & string)[] {
  return Object.keys(registry) as (keyof Reg & string)[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyRequest = (payload: any, ack: (response: any) => void) => void;
/** The payload a request of a client event map takes. */
export type RequestPayload<F extends AnyRequest> = Parameters<F>[0];
/** The ack a request of a client event map answers with. */
export type AckOf<F extends AnyRequest> = Parameters<Parameters<F>[1]>[0];

const NO_ANSWER = { code: "INTERNAL", message: "No answer from the server. Check your connection." } as const;

/**
 * Sends one request and always settles: the server's ack, or a timeout turned
 * into an error ack. The event, its payload and the ack's data are all checked
 * against the event map the socket was typed with, which comes from a registry.
 */
export async function request<C extends { [E in keyof C]: AnyRequest }, E extends keyof C & string>(
  socket: Socket<EventsMap, C>,
  event: E,
  payload: RequestPayload<C[E]>,
  timeoutMs = 5_000,
): Promise<AckOf<C[E]>> {
  const emitter = socket.timeout(timeoutMs) as unknown as { emitWithAck(event: string, payload: unknown): Promise<unknown> };
  try {
    return (await emitter.emitWithAck(event, payload)) as AckOf<C[E]>;
  } catch {
    const failed: Ack<never> = { ok: false, error: { ...NO_ANSWER } };
    return failed as AckOf<C[E]>;
  }
}

// Type-only: socket.io-client's Socket type, erased at run time, so lib/ stays a leaf.
type EventsMap = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

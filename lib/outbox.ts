/**
 * The phone's outbox: check-ins tapped and not yet acknowledged, and the rules
 * for sending them: paced below the server's limit, each answer turned into
 * one defined outcome, kept across reloads. Pure: state and `now` (the
 * phone's Date.now()) in, the next state out; the page owns the socket, the
 * timer and localStorage.
 *
 * API — an immutable `OutboxState` and functions that return the next one:
 *
 *   createOutbox(now, limits?)                 → OutboxState   (empty, offline)
 *   restoreOutbox(stored: unknown, now, limits?) → OutboxState  (from localStorage; also reads
 *                                                  the older plain `PendingTap[]` format)
 *   toStored(state)                            → StoredOutbox  (JSON.stringify it into localStorage)
 *   addTap(state, { id, signal, tappedAt }, now) → OutboxState  (at most `capacity` kept: the oldest go)
 *   setOnline(state, online)                   → OutboxState   (true on each session:snapshot,
 *                                                  false on disconnect)
 *   due(state, now)                            → { state, send: CheckInSend[] }  (what to emit now)
 *   nextWakeAt(state, now)                     → number | null (when to call `due` again;
 *                                                  null: wait for an answer or an event)
 *   settle(state, id, result, now)             → OutboxState   (result: the ack, or "timeout" /
 *                                                  "disconnected" when none came)
 *   outboxStatus(state, now, labelOf?)         → { waiting, phase, message, last }
 *   outcomeOf(result), ERROR_OUTCOMES          — what each answer does (below)
 *
 * The page, in outline:
 *
 *   pump = () => {
 *     const { state: next, send } = due(state, Date.now()); state = next;
 *     for (const payload of send) request(socket, "checkin:send", payload)   // timeout → "timeout"
 *       .then((result) => { state = settle(state, payload.id, result, Date.now()); pump(); });
 *     save(toStored(state)); clearTimeout(timer);
 *     const wake = nextWakeAt(state, Date.now()); if (wake !== null) timer = setTimeout(pump, wake - Date.now());
 *   };
 *
 * Outcomes of a send (`ERROR_OUTCOMES` maps every error code to one):
 * - sent: stored, or stored before (a retry: `duplicate`) — removed;
 * - backoff: kept; nothing is sent for a while, longer after each push-back in a row;
 * - reconnect: kept; nothing is sent until `setOnline(state, true)`. After this
 *   outcome on a socket that still looks connected, the page should reconnect it;
 * - drop: this tap removed, with a reason the participant sees;
 * - drop-all: every tap removed: the session can take none of them (it ended);
 * - stop: kept, and this page sends nothing more: it must reload (a newer
 *   Attune). The taps are stored, so the reloaded page sends them.
 *
 * Pacing: a token bucket of `burst` and `perSecond`, set safely below the
 * server's `TAP_LIMIT` (see `OUTBOX_LIMITS`), and never more than
 * `maxInFlight` unanswered. The bucket is stored with the taps, so a reload
 * does not refill it. Newest taps go first: a tap made now matters to the
 * facilitator's pulse now, while an old one lands in its own minute whenever
 * it arrives (the server places each by its age).
 */
import type { Ack, ErrorCode } from "./protocol/errors";
import { OUTBOX_CAPACITY, TAP_LIMIT, TAP_MAX_AGE_MS } from "./protocol/limits";
import type { CheckInSend } from "./protocol/schemas";
import type { CheckInStored } from "./protocol/views";

export interface PendingTap {
  /** Random per tap, made on the phone: every resend carries it, so the server stores the tap once. */
  id: string;
  signal: string;
  /** The phone's Date.now() when tapped; only the age is ever sent. */
  tappedAt: number;
}

export interface OutboxLimits {
  /** Taps kept while unsent; beyond it the oldest are dropped. */
  capacity: number;
  /** The client's token bucket: how many may go at once, and how many a second after. */
  burst: number;
  perSecond: number;
  /** Sent and not yet answered, at most. */
  maxInFlight: number;
  /** The first backoff after a push-back; it doubles with each push-back in a row, up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
  /** A tap older than this is dropped rather than sent (the server would refuse it). */
  maxAgeMs: number;
}

/**
 * Half the server's burst and three quarters of its rate: in any stretch of t
 * seconds the phone sends at most 10 + 3t taps, where the server takes 20 + 4t.
 * The difference absorbs what the network does to the spacing (about three
 * seconds of arrivals bunched together) and the taps still in flight when the
 * page reloads.
 */
export const OUTBOX_LIMITS: OutboxLimits = {
  capacity: OUTBOX_CAPACITY,
  burst: TAP_LIMIT.burst / 2,
  perSecond: (TAP_LIMIT.perSecond * 3) / 4,
  maxInFlight: 4,
  backoffMs: 1_000,
  maxBackoffMs: 30_000,
  maxAgeMs: TAP_MAX_AGE_MS,
};

/** A send's result: the server's ack, or the page's word that none came. */
export type SendResult = Ack<CheckInStored> | "timeout" | "disconnected";

export type Outcome = "sent" | "backoff" | "reconnect" | "drop" | "drop-all" | "stop";

/** Every error code's outcome for a check-in; a new code fails the type check until it is placed here. */
export const ERROR_OUTCOMES: Readonly<Record<ErrorCode, Outcome>> = {
  // The same payload would be refused again: in practice a signal taken off the palette.
  BAD_REQUEST: "drop",
  // This socket's standing lapsed; a new handshake joins again and the taps follow.
  UNAUTHORIZED: "reconnect",
  FORBIDDEN: "reconnect",
  // The session is gone or over: no tap of this outbox can be taken.
  NOT_FOUND: "drop-all",
  SESSION_NOT_LIVE: "drop-all",
  CODE_NOT_FOUND: "drop-all",
  // The server asks for less, or failed for a moment: the same tap goes again later.
  RATE_LIMITED: "backoff",
  BUSY: "backoff",
  INTERNAL: "backoff",
  // This page is older than the server: only a reload helps; the taps wait for it.
  OUTDATED: "stop",
};

/**
 * Without an answer the tap may or may not be stored; resending it (same id)
 * is safe. A timeout pauses and retries, since the socket may stay connected
 * to a slow server and a reconnection may never come; a disconnection waits
 * for the next connection.
 */
const NO_ANSWER_OUTCOMES: Readonly<Record<"timeout" | "disconnected", Outcome>> = {
  timeout: "backoff",
  disconnected: "reconnect",
};

/** What the participant reads when a tap is dropped for a code; other codes show the server's words. */
const DROP_REASONS: Partial<Record<ErrorCode, string>> = {
  BAD_REQUEST: "that check-in is no longer on this session's palette.",
  NOT_FOUND: "the session is no longer there.",
  SESSION_NOT_LIVE: "the session has ended.",
  CODE_NOT_FOUND: "the session has ended.",
};

export function outcomeOf(result: SendResult): Outcome {
  if (typeof result === "string") return NO_ANSWER_OUTCOMES[result];
  return result.ok ? "sent" : ERROR_OUTCOMES[result.error.code];
}

/** The latest thing worth telling the participant. */
export type OutboxNotice =
  | { kind: "received"; signal: string }
  | { kind: "held"; message: string }
  | { kind: "dropped"; cause: "overflow" | "expired" | "refused" | "ended"; count: number; reason: string }
  | { kind: "reload"; message: string };

export interface OutboxState {
  readonly limits: OutboxLimits;
  /** Taps not yet delivered, in the order they were tapped. */
  readonly pending: readonly PendingTap[];
  /** Ids sent and not yet answered. */
  readonly inFlight: readonly string[];
  /** The client's token bucket: `tokens` as of `tokensAt`. */
  readonly tokens: number;
  readonly tokensAt: number;
  /** Nothing is sent before this, after a push-back. */
  readonly holdUntil: number;
  /** Push-backs in a row; a delivery resets it. */
  readonly pushBacks: number;
  /** Whether the page has a connection to send on. */
  readonly online: boolean;
  /** After OUTDATED: this page sends nothing more. */
  readonly stopped: boolean;
  readonly notice: OutboxNotice | null;
}

/** What survives a reload. What was in flight is sent again: same ids, so stored once. */
export interface StoredOutbox {
  v: 1;
  pending: PendingTap[];
  tokens: number;
  tokensAt: number;
  holdUntil: number;
  pushBacks: number;
}

export interface OutboxStatus {
  /** Taps not yet delivered, those in flight included. */
  waiting: number;
  phase: "idle" | "sending" | "held" | "offline" | "stopped";
  /** One line for the participant; empty when there is nothing to say. */
  message: string;
  last: OutboxNotice | null;
}

export function createOutbox(now: number, limits: OutboxLimits = OUTBOX_LIMITS): OutboxState {
  return {
    limits,
    pending: [],
    inFlight: [],
    tokens: limits.burst,
    tokensAt: now,
    holdUntil: now,
    pushBacks: 0,
    online: false,
    stopped: false,
    notice: null,
  };
}

export function addTap(state: OutboxState, tap: PendingTap, now: number): OutboxState {
  if (state.pending.some((t) => t.id === tap.id)) return state;
  const pending = [...state.pending, { id: tap.id, signal: tap.signal, tappedAt: tap.tappedAt }];
  const over = pending.length - state.limits.capacity;
  // A new tap is news: earlier notices give way, except the call to reload.
  if (over <= 0) return { ...state, pending, notice: state.stopped ? state.notice : null };
  // The oldest go, but not one in flight: its answer is on the way.
  const dropped = new Set(pending.filter((t) => !state.inFlight.includes(t.id)).slice(0, over).map((t) => t.id));
  return dropTaps({ ...state, pending }, dropped, "overflow", `only the latest ${state.limits.capacity} are kept on this phone.`);
}

export function setOnline(state: OutboxState, online: boolean): OutboxState {
  // Offline, nothing is in flight any more: answers to what was sent will not come.
  return { ...state, online, inFlight: online ? state.inFlight : [] };
}

export function due(state: OutboxState, now: number): { state: OutboxState; send: CheckInSend[] } {
  if (state.stopped || !state.online) return { state, send: [] };
  const current = dropExpired(state, now);
  if (now < holdUntil(current, now)) return { state: current, send: [] };
  const tokens = tokensAt(current, now);
  const waiting = unsent(current);
  const count = Math.max(0, Math.min(Math.floor(tokens + EPSILON), current.limits.maxInFlight - current.inFlight.length, waiting.length));
  const chosen = waiting.slice(0, count);
  const send = chosen.map((t) => ({ id: t.id, signal: t.signal, ageMs: ageOf(current, t, now) }));
  return {
    state: {
      ...current,
      tokens: Math.max(0, tokens - count),
      tokensAt: now,
      inFlight: [...current.inFlight, ...chosen.map((t) => t.id)],
    },
    send,
  };
}

export function nextWakeAt(state: OutboxState, now: number): number | null {
  if (state.stopped || !state.online) return null;
  if (unsent(state).length === 0) return null;
  if (state.inFlight.length >= state.limits.maxInFlight) return null; // an answer, or its timeout, comes first
  const from = Math.max(now, holdUntil(state, now));
  const tokens = tokensAt(state, from);
  if (tokens + EPSILON >= 1) return from;
  return from + Math.ceil(((1 - tokens) * 1000) / state.limits.perSecond);
}

export function settle(state: OutboxState, id: string, result: SendResult, now: number): OutboxState {
  const wasInFlight = state.inFlight.includes(id);
  const inFlight = state.inFlight.filter((x) => x !== id);
  const tap = state.pending.find((t) => t.id === id);
  // A tap settled already, or "no answer" for a send already given up on: nothing to do.
  if (!tap || (typeof result === "string" && !wasInFlight)) return { ...state, inFlight };
  const outcome = outcomeOf(result);
  const error = typeof result === "object" && !result.ok ? result.error : null;
  const message = error?.message ?? "No answer from the server yet.";

  switch (outcome) {
    case "sent":
      return {
        ...state,
        inFlight,
        pending: state.pending.filter((t) => t.id !== id),
        pushBacks: 0,
        notice: { kind: "received", signal: tap.signal },
      };
    case "backoff": {
      // Answers to sends made together are one push-back, not several.
      const fresh = now >= state.holdUntil;
      const pushBacks = fresh ? state.pushBacks + 1 : state.pushBacks;
      const limited = error?.code === "RATE_LIMITED";
      return {
        ...state,
        inFlight,
        pushBacks,
        holdUntil: fresh ? now + backoffDelay(state.limits, pushBacks, id) : state.holdUntil,
        // The server's bucket is empty: start ours empty too, so the pace after the pause is the steady one.
        tokens: limited ? 0 : state.tokens,
        tokensAt: limited ? now : state.tokensAt,
        notice: { kind: "held", message },
      };
    }
    case "reconnect":
      return { ...state, inFlight: [], online: false };
    case "drop":
      return dropTaps({ ...state, inFlight }, new Set([id]), "refused", reasonFor(error, message));
    case "drop-all":
      return dropTaps({ ...state, inFlight: [] }, new Set(state.pending.map((t) => t.id)), "ended", reasonFor(error, message));
    case "stop":
      return { ...state, inFlight: [], stopped: true, notice: { kind: "reload", message } };
  }
}

export function outboxStatus(state: OutboxState, now: number, labelOf: (signal: string) => string = (s) => s): OutboxStatus {
  const waiting = state.pending.length;
  const notice = state.notice;
  const phase: OutboxStatus["phase"] = state.stopped
    ? "stopped"
    : waiting === 0
      ? "idle"
      : !state.online
        ? "offline"
        : now < holdUntil(state, now) && state.inFlight.length === 0
          ? "held"
          : "sending";
  const plural = (n: number) => (n === 1 ? "1 check-in" : `${n} check-ins`);

  const said: string[] = [];
  if (notice?.kind === "reload") said.push(notice.message);
  if (notice?.kind === "dropped") said.push(notice.count === 1 ? `Not sent: ${notice.reason}` : `${plural(notice.count)} not sent: ${notice.reason}`);
  if (notice?.kind === "received" && waiting === 0) said.push(`✓ Received: ${labelOf(notice.signal)}`);
  if (phase === "stopped" && waiting > 0) said.push(`${plural(waiting)} saved on this phone will be sent after the reload.`);
  if (phase === "offline") said.push(`Saved — will send when you are back online (${waiting} waiting).`);
  if (phase === "held") said.push(`Sending ${waiting} more in a moment…`);
  if (phase === "sending") said.push(waiting === 1 ? "Sending…" : `Sending ${waiting} more…`);
  return { waiting, phase, message: said.join(" "), last: notice };
}

export function toStored(state: OutboxState): StoredOutbox {
  return {
    v: 1,
    pending: [...state.pending],
    tokens: state.tokens,
    tokensAt: state.tokensAt,
    holdUntil: state.holdUntil,
    pushBacks: state.pushBacks,
  };
}

/**
 * Reads what `toStored` wrote (or the older plain list of taps), trusting
 * nothing: anything malformed is left out. A restored outbox is offline,
 * has nothing in flight and is not stopped: the page that stopped is gone.
 */
export function restoreOutbox(stored: unknown, now: number, limits: OutboxLimits = OUTBOX_LIMITS): OutboxState {
  const fresh = createOutbox(now, limits);
  const record: Partial<Record<keyof StoredOutbox, unknown>> = Array.isArray(stored)
    ? { pending: stored }
    : isObject(stored) && stored.v === 1
      ? stored
      : {};
  const seen = new Set<string>();
  const pending: PendingTap[] = [];
  for (const t of Array.isArray(record.pending) ? record.pending : []) {
    if (!isObject(t) || typeof t.id !== "string" || typeof t.signal !== "string" || !isTime(t.tappedAt) || seen.has(t.id)) continue;
    seen.add(t.id);
    pending.push({ id: t.id, signal: t.signal, tappedAt: t.tappedAt });
  }
  const number = (value: unknown, fallback: number) => (isTime(value) ? value : fallback);
  return {
    ...fresh,
    pending: pending.slice(-limits.capacity), // written by an outbox with a larger capacity: keep the newest
    tokens: Math.min(limits.burst, Math.max(0, number(record.tokens, limits.burst))),
    // A time ahead of now means the clock went back: count from now.
    tokensAt: Math.min(now, number(record.tokensAt, now)),
    holdUntil: Math.min(now + limits.maxBackoffMs, number(record.holdUntil, now)),
    pushBacks: Math.max(0, Math.floor(number(record.pushBacks, 0))),
  };
}

// ---- helpers -------------------------------------------------------------

/** Float slack, so that a wake-up computed for one token finds one. */
const EPSILON = 1e-9;

/** Unsent taps, newest first. */
function unsent(state: OutboxState): PendingTap[] {
  return state.pending.filter((t) => !state.inFlight.includes(t.id)).reverse();
}

function tokensAt(state: OutboxState, now: number): number {
  // A clock gone back adds nothing; it takes nothing either.
  const elapsed = Math.max(0, now - state.tokensAt);
  return Math.min(state.limits.burst, state.tokens + (elapsed * state.limits.perSecond) / 1000);
}

/** A hold longer than any backoff means the clock went back: cut it to the longest. */
function holdUntil(state: OutboxState, now: number): number {
  return Math.min(state.holdUntil, now + state.limits.maxBackoffMs);
}

function ageOf(state: OutboxState, tap: PendingTap, now: number): number {
  return Math.min(state.limits.maxAgeMs, Math.max(0, Math.round(now - tap.tappedAt)));
}

/**
 * Doubling from `backoffMs` up to `maxBackoffMs`, then spread over its upper
 * half by the tap's id, so phones pushed back together do not return together.
 */
function backoffDelay(limits: OutboxLimits, pushBacks: number, id: string): number {
  const cap = Math.min(limits.maxBackoffMs, limits.backoffMs * 2 ** (pushBacks - 1));
  return Math.round(cap / 2 + (cap / 2) * spread(id));
}

/** A stable number in [0, 1) from a string (FNV-1a). */
function spread(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0) / 2 ** 32;
}

function dropExpired(state: OutboxState, now: number): OutboxState {
  const expired = state.pending.filter((t) => !state.inFlight.includes(t.id) && now - t.tappedAt > state.limits.maxAgeMs);
  if (expired.length === 0) return state;
  return dropTaps(state, new Set(expired.map((t) => t.id)), "expired", "more than a day old.");
}

/** Removes taps and says so; drops of the same cause in a row add up in one notice. */
function dropTaps(
  state: OutboxState,
  ids: ReadonlySet<string>,
  cause: Extract<OutboxNotice, { kind: "dropped" }>["cause"],
  reason: string,
): OutboxState {
  const before = state.notice?.kind === "dropped" && state.notice.cause === cause && state.notice.reason === reason ? state.notice.count : 0;
  const pending = state.pending.filter((t) => !ids.has(t.id));
  const count = before + state.pending.length - pending.length;
  return { ...state, pending, notice: { kind: "dropped", cause, count, reason } };
}

function reasonFor(error: { code: ErrorCode } | null, message: string): string {
  return (error && DROP_REASONS[error.code]) ?? message;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function isTime(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/**
 * The phone's answers: for each prompt it answered, the edit secret it
 * answers with (random, kept only here; the server stores its hash) and the
 * latest answer, waiting to go or acknowledged. Pure: state in, state out;
 * the page owns the socket and localStorage.
 *
 * - A change of answer replaces the waiting one: the latest answer wins.
 * - An answer waits (offline, or sent and not yet acknowledged) until the
 *   server acknowledges that very answer; an older acknowledgement leaves a
 *   newer answer waiting.
 * - An answer can only go to the prompt open now: one still waiting when
 *   another prompt (or none) is up is dropped, and the phone says so calmly.
 */
import type { AnswerValue } from "./protocol/views";

export interface KeptAnswer {
  promptId: string;
  /** 22–64 base64url characters; the same for every answer this phone gives this prompt. */
  secret: string;
  answer: AnswerValue;
  /** "waiting": not acknowledged yet; "sent": the server holds this answer. */
  state: "waiting" | "sent";
  /** The phone's clock when answered; the oldest prompts are forgotten first. */
  at: number;
}

export type AnswerBox = Readonly<Record<string, KeptAnswer>>;

/** Prompts remembered; beyond it the oldest are forgotten (they are long closed). */
export const KEPT_PROMPTS = 12;

/** A new edit secret from 16 random bytes: 22 base64url characters. */
export function answerSecret(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function sameAnswer(a: AnswerValue | null | undefined, b: AnswerValue | null | undefined): boolean {
  if (!a || !b) return a === b;
  if ("pass" in a) return "pass" in b;
  if ("text" in a) return "text" in b && a.text === b.text;
  if ("value" in a) return "value" in b && a.value === b.value;
  return "option" in b && a.option === b.option;
}

function isAnswer(value: unknown): value is AnswerValue {
  if (!value || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  const keys = Object.keys(v);
  if (keys.length !== 1) return false;
  if (keys[0] === "pass") return v.pass === true;
  if (keys[0] === "text") return typeof v.text === "string" && v.text.length > 0;
  if (keys[0] === "value" || keys[0] === "option") return Number.isInteger(v[keys[0]]);
  return false;
}

/** What was kept in localStorage, checked entry by entry: a damaged one is left out. */
export function restoreAnswers(stored: unknown): AnswerBox {
  if (!stored || typeof stored !== "object" || Array.isArray(stored)) return {};
  const box: Record<string, KeptAnswer> = {};
  for (const [promptId, entry] of Object.entries(stored as Record<string, unknown>)) {
    if (!entry || typeof entry !== "object") continue;
    const e = entry as Record<string, unknown>;
    if (e.promptId !== promptId || typeof e.secret !== "string" || !/^[A-Za-z0-9_-]{22,64}$/.test(e.secret)) continue;
    if (!isAnswer(e.answer) || (e.state !== "waiting" && e.state !== "sent") || typeof e.at !== "number") continue;
    box[promptId] = { promptId, secret: e.secret, answer: e.answer, state: e.state, at: e.at };
  }
  return box;
}

/**
 * This phone's answer to a prompt, new or changed: it waits to go. The
 * prompt's secret is kept (a change counts once); `newSecret` is called only
 * for a prompt answered for the first time.
 */
export function recordAnswer(box: AnswerBox, promptId: string, answer: AnswerValue, now: number, newSecret: () => string): AnswerBox {
  const before = box[promptId];
  const next: Record<string, KeptAnswer> = {
    ...box,
    [promptId]: { promptId, secret: before?.secret ?? newSecret(), answer, state: "waiting", at: now },
  };
  const ids = Object.keys(next);
  if (ids.length > KEPT_PROMPTS) {
    for (const id of ids.sort((a, b) => next[a]!.at - next[b]!.at).slice(0, ids.length - KEPT_PROMPTS)) delete next[id];
  }
  return next;
}

/** The server acknowledged `answer`: sent, unless a newer answer has taken its place meanwhile. */
export function markSent(box: AnswerBox, promptId: string, answer: AnswerValue): AnswerBox {
  const kept = box[promptId];
  if (!kept || kept.state === "sent" || !sameAnswer(kept.answer, answer)) return box;
  return { ...box, [promptId]: { ...kept, state: "sent" } };
}

/**
 * What the server holds for this phone (answer:mine after a reload): it is
 * the answer, unless one made here still waits to go. Null while nothing
 * waits means the server has none: what was thought sent goes again.
 */
export function confirmMine(box: AnswerBox, promptId: string, mine: AnswerValue | null): AnswerBox {
  const kept = box[promptId];
  if (!kept || kept.state === "waiting") return box;
  if (mine === null) return { ...box, [promptId]: { ...kept, state: "waiting" } };
  return { ...box, [promptId]: { ...kept, answer: mine, state: "sent" } };
}

export function forgetAnswer(box: AnswerBox, promptId: string): AnswerBox {
  if (!box[promptId]) return box;
  const next = { ...box };
  delete next[promptId];
  return next;
}

/**
 * The prompt open now is `currentId` (null: none): answers still waiting for
 * any other prompt can no longer go. They are dropped; `dropped` counts them,
 * for the calm note.
 */
export function closeOthers(box: AnswerBox, currentId: string | null): { box: AnswerBox; dropped: number } {
  let dropped = 0;
  let next: AnswerBox = box;
  for (const kept of Object.values(box)) {
    if (kept.promptId !== currentId && kept.state === "waiting") {
      next = forgetAnswer(next, kept.promptId);
      dropped++;
    }
  }
  return { box: next, dropped };
}

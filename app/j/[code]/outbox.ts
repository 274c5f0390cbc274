/**
 * What the phone keeps for a session across reloads and sleep: its outbox
 * (lib/outbox.ts: the taps not yet acknowledged, with the pacing that goes
 * with them), its answers with their edit secrets (lib/answer-box.ts) and
 * its resume token. localStorage may refuse (private mode, a full or
 * blocked store); the page then carries on with what it holds in memory, so
 * every access here is guarded.
 */
import { restoreAnswers, type AnswerBox } from "@/lib/answer-box";
import { createOutbox, restoreOutbox, toStored, type OutboxState } from "@/lib/outbox";

const outboxKey = (code: string) => `attune:outbox:${code}`;

/** The outbox saved for this session (also in the older plain list of taps), or an empty one. */
export function loadOutbox(code: string, now: number): OutboxState {
  try {
    const saved = localStorage.getItem(outboxKey(code));
    return restoreOutbox(saved === null ? null : JSON.parse(saved), now);
  } catch {
    return createOutbox(now);
  }
}

/**
 * Kept while taps wait, removed once none do: with nothing waiting there is
 * nothing to pace, and a reloaded page starting from a full bucket stays
 * within the server's burst, which is twice the outbox's.
 */
export function saveOutbox(code: string, state: OutboxState): void {
  try {
    if (state.pending.length > 0) localStorage.setItem(outboxKey(code), JSON.stringify(toStored(state)));
    else localStorage.removeItem(outboxKey(code));
  } catch {
    // Not kept: the taps still go out while the page is open.
  }
}

export const tokenKey = (code: string) => `attune:resume:${code}`;

export function loadResumeToken(code: string): string | undefined {
  try {
    return localStorage.getItem(tokenKey(code)) ?? undefined;
  } catch {
    return undefined;
  }
}

export function saveResumeToken(code: string, token: string): void {
  try {
    localStorage.setItem(tokenKey(code), token);
  } catch {
    // Not kept: a reload joins as a new participant.
  }
}

export function forgetResumeToken(code: string): void {
  try {
    localStorage.removeItem(tokenKey(code));
  } catch {
    // Nothing was kept.
  }
}

const answersKey = (code: string) => `attune:answers:${code}`;

/** This phone's answers to the session's prompts, with their edit secrets (lib/answer-box.ts). */
export function loadAnswers(code: string): AnswerBox {
  try {
    const saved = localStorage.getItem(answersKey(code));
    return restoreAnswers(saved === null ? null : JSON.parse(saved));
  } catch {
    return {};
  }
}

export function saveAnswers(code: string, box: AnswerBox): void {
  try {
    if (Object.keys(box).length > 0) localStorage.setItem(answersKey(code), JSON.stringify(box));
    else localStorage.removeItem(answersKey(code));
  } catch {
    // Not kept: answers still go while the page is open; a reload cannot show them again.
  }
}

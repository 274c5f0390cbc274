/**
 * The answers to a live session's open prompt: held in memory (one per
 * phone's edit secret, counted by lib/answers.ts), each stored before it is
 * acknowledged, and told to the peers once stored (by the answer's id, in
 * batches like check-ins), so a console on any node counts every answer once.
 * The live session owns the prompt, the reveal and when results go out; this
 * says when they changed.
 */
import { kFor } from "../../lib/anonymity.ts";
import { checkAnswer, PromptAnswers, roomResults, sameAnswer, takesAnswers, wallAnswer, type StoredAnswer } from "../../lib/answers.ts";
import { AppError } from "../../lib/protocol/errors.ts";
import type { AnswerStored, AnswerValue, PromptResults, PromptView, WallAnswer } from "../../lib/protocol/views.ts";
import { newId } from "../auth/tokens.ts";
import type { Clock, Timer } from "./clock.ts";
import { loneNode, type LivePeers } from "./peers.ts";

/** Durable answers (server/domain/answers.ts). */
export interface AnswerStore {
  write(write: { sessionId: string; promptId: string; secret: string; value: AnswerValue; at: Date }): Promise<{ answer: StoredAnswer; duplicate: boolean }>;
  mine(promptId: string, secret: string): Promise<AnswerValue | null>;
  moderate(sessionId: string, promptId: string, answerId: string, change: { hidden?: boolean; highlighted?: boolean }): Promise<StoredAnswer>;
}

export interface LiveAnswersDeps {
  clock: Clock;
  peers: LivePeers;
  /** The database; without one (scenario tests) answers live in memory only. */
  store?: AnswerStore;
  /** How long newly stored answers wait to go to the peers together. */
  peerBatchMs?: number;
  /** The results changed: the live session sends them out (coalesced). */
  changed: () => void;
}

export class LiveAnswers {
  private answers: PromptAnswers | null = null;
  /** The prompt before the open one, and its answers: kept in case the open one is taken back. */
  private previous: PromptAnswers | null = null;
  private unsent: StoredAnswer[] = [];
  private peerTimer: Timer | null = null;
  private readonly store: AnswerStore;

  constructor(
    private readonly sessionId: string,
    private readonly deps: LiveAnswersDeps,
  ) {
    this.store = deps.store ?? memoryAnswerStore();
  }

  /** The prompt open now (or none): a new prompt starts with no answers; the same one keeps them. */
  promptIs(prompt: PromptView | null, stored: StoredAnswer[] = []): void {
    if (prompt?.id === this.answers?.prompt.id) return;
    this.sendToPeers();
    // Back to the prompt before (a push whose write failed): its answers are still these.
    const back = prompt && this.previous?.prompt.id === prompt.id ? this.previous : null;
    this.previous = this.answers;
    this.answers = back ?? (prompt && takesAnswers(prompt) ? new PromptAnswers(prompt) : null);
    if (!back) for (const answer of stored) this.answers?.apply(answer);
    if (this.answers) this.deps.changed();
  }

  /** The console's results of the open prompt; null without one that takes answers. */
  results(): PromptResults | null {
    return this.answers?.results() ?? null;
  }

  /** What the room may see of them (hidden answers left out, the shared k applied). */
  roomResults(k = kFor("shared")): PromptResults | null {
    const results = this.results();
    return results && roomResults(results, k);
  }

  /**
   * A phone's answer to `prompt` (the open one, checked by the caller):
   * checked against its kind, stored, then counted.
   */
  async send(prompt: PromptView, send: { secret: string; answer: AnswerValue }): Promise<AnswerStored> {
    const checked = checkAnswer(prompt, send.answer);
    if (!checked.ok) throw new AppError("BAD_REQUEST", checked.reason);
    const at = new Date(this.deps.clock.now());
    const { answer, duplicate } = await this.store.write({ sessionId: this.sessionId, promptId: prompt.id, secret: send.secret, value: checked.answer, at });
    // The prompt may have changed while this was stored: a closed prompt's answer is kept, not counted.
    if (this.answers?.prompt.id !== prompt.id) return { promptId: prompt.id, duplicate };
    if (this.answers.apply(answer)) this.deps.changed();
    if (!duplicate && this.deps.peers !== loneNode) {
      this.unsent.push(answer);
      this.peerTimer ??= this.deps.clock.after(this.deps.peerBatchMs ?? 25, () => this.sendToPeers());
    }
    return { promptId: prompt.id, duplicate };
  }

  /** This phone's own answer to the open prompt (after a reload), or null. */
  mine(promptId: string, secret: string): Promise<AnswerValue | null> {
    if (this.answers?.prompt.id !== promptId) return Promise.resolve(null);
    return this.store.mine(promptId, secret);
  }

  /** Hides or highlights one answer on the open reflection's wall. Run in the session's queue. */
  async moderate(answerId: string, change: { hidden?: boolean; highlighted?: boolean }): Promise<WallAnswer> {
    const answers = this.answers;
    const known = answers?.get(answerId);
    if (!answers || !known || !wallAnswer(known)) throw new AppError("NOT_FOUND", "That answer was not found on the open prompt's wall.");
    const stored = await this.store.moderate(this.sessionId, answers.prompt.id, answerId, change);
    const flags = { hidden: stored.hidden, highlighted: stored.highlighted };
    this.deps.peers.publish(this.sessionId, { kind: "moderated", promptId: answers.prompt.id, answerId, ...flags });
    const now = answers.moderate(answerId, flags) ?? stored;
    this.deps.changed();
    return wallAnswer(now)!;
  }

  /** Answers a peer stored. */
  fromPeer(promptId: string, answers: StoredAnswer[]): void {
    if (this.answers?.prompt.id !== promptId) return;
    let changed = false;
    for (const answer of answers) changed = this.answers.apply(answer) || changed;
    if (changed) this.deps.changed();
  }

  /** A peer's moderation of an answer. */
  moderatedByPeer(promptId: string, answerId: string, flags: { hidden: boolean; highlighted: boolean }): void {
    if (this.answers?.prompt.id !== promptId) return;
    if (this.answers.moderate(answerId, flags)) this.deps.changed();
  }

  /** Tells the peers what is still waiting (the session is being dropped, or the prompt changed). */
  sendToPeers(): void {
    this.peerTimer?.cancel();
    this.peerTimer = null;
    if (this.unsent.length === 0 || !this.answers) return;
    const answers = this.unsent;
    this.unsent = [];
    this.deps.peers.publish(this.sessionId, { kind: "answers", promptId: this.answers.prompt.id, answers });
  }
}

/** Answers in memory, with the database's rules: one per (prompt, secret), the same value again a duplicate. */
export function memoryAnswerStore(): AnswerStore {
  const rows = new Map<string, StoredAnswer & { sessionId: string; promptId: string }>();
  return {
    async write({ sessionId, promptId, secret, value, at }) {
      const key = `${promptId}:${secret}`;
      const known = rows.get(key);
      if (known && sameAnswer(known.value, value)) return { answer: strip(known), duplicate: true };
      const row = { id: known?.id ?? newId(), sessionId, promptId, value, at: at.getTime(), hidden: known?.hidden ?? false, highlighted: known?.highlighted ?? false };
      rows.set(key, row);
      return { answer: strip(row), duplicate: false };
    },
    async mine(promptId, secret) {
      return rows.get(`${promptId}:${secret}`)?.value ?? null;
    },
    async moderate(sessionId, promptId, answerId, change) {
      const row = [...rows.values()].find((r) => r.id === answerId && r.sessionId === sessionId && r.promptId === promptId);
      if (!row) throw new AppError("NOT_FOUND", "That answer was not found.");
      Object.assign(row, change);
      return strip(row);
    },
  };
}

function strip({ id, value, hidden, highlighted, at }: StoredAnswer): StoredAnswer {
  return { id, value, hidden, highlighted, at };
}

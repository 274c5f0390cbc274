/**
 * Answers to a prompt, pure: whether an answer fits its prompt, and the
 * results of many answers. The server counts with these; the console and the
 * room display draw what they return.
 *
 * One phone, one answer: the store keeps the latest answer per edit secret,
 * so a changed answer replaces the one before and counts once, and a pass is
 * an answer like any other (counted as passed, never as answered).
 */
import { kFor, showParts, showSize, type Shown } from "./anonymity";
import { MAX_REFLECTION_ANSWER, SCALE_MAX, SCALE_MIN } from "./library/limits";
import type { AnswerValue, PromptResults, PromptView, ResultsShown, WallAnswer } from "./protocol/views";

/** An answer as the server holds it: no phone, no participant, no secret. */
export interface StoredAnswer {
  id: string;
  value: AnswerValue;
  hidden: boolean;
  highlighted: boolean;
  /** When it was last given or changed (epoch ms). */
  at: number;
}

/** The number of points on every scale. */
export const SCALE_POINTS = SCALE_MAX - SCALE_MIN + 1;

/** Whether a prompt of this kind takes answers at all (a script is read, not answered). */
export function takesAnswers(prompt: Pick<PromptView, "kind">): boolean {
  return prompt.kind !== "script";
}

/**
 * The answer, tidied (a text trimmed), if it fits the prompt; otherwise why
 * not, in words for the person who sent it.
 */
export function checkAnswer(prompt: PromptView, answer: AnswerValue): { ok: true; answer: AnswerValue } | { ok: false; reason: string } {
  if (!takesAnswers(prompt)) return { ok: false, reason: "This prompt is for reading; it takes no answers." };
  if ("pass" in answer) return answer.pass === true ? { ok: true, answer: { pass: true } } : { ok: false, reason: "Pass with pass: true." };
  switch (prompt.kind) {
    case "reflection": {
      if (!("text" in answer) || typeof answer.text !== "string") return { ok: false, reason: "This prompt asks for words." };
      const text = answer.text.trim();
      if (text.length === 0) return { ok: false, reason: "Write something first, or pass." };
      if (text.length > MAX_REFLECTION_ANSWER) return { ok: false, reason: `Keep it to ${MAX_REFLECTION_ANSWER} characters.` };
      return { ok: true, answer: { text } };
    }
    case "scale": {
      if (!("value" in answer)) return { ok: false, reason: "This prompt asks for a point on its scale." };
      const { value } = answer;
      if (!Number.isInteger(value) || value < SCALE_MIN || value > SCALE_MAX) {
        return { ok: false, reason: `Pick a point from ${SCALE_MIN} to ${SCALE_MAX}.` };
      }
      return { ok: true, answer: { value } };
    }
    case "choice": {
      if (!("option" in answer)) return { ok: false, reason: "This prompt asks you to pick an option." };
      const { option } = answer;
      if (!Number.isInteger(option) || option < 0 || option >= (prompt.options?.length ?? 0)) {
        return { ok: false, reason: "That option is not on this prompt." };
      }
      return { ok: true, answer: { option } };
    }
  }
  return { ok: false, reason: "This prompt takes no answers." };
}

/** Whether two answers say the same (a retry, not a change). */
export function sameAnswer(a: AnswerValue, b: AnswerValue): boolean {
  if ("pass" in a) return "pass" in b;
  if ("text" in a) return "text" in b && a.text === b.text;
  if ("value" in a) return "value" in b && a.value === b.value;
  return "option" in b && a.option === b.option;
}

/**
 * The results of a prompt from its answers, one per phone (the latest each
 * phone gave). The console's view: hidden answers are counted and flagged.
 */
export function tally(prompt: Pick<PromptView, "id" | "kind" | "options">, answers: Iterable<StoredAnswer>): PromptResults {
  const counts =
    prompt.kind === "scale" ? new Array<number>(SCALE_POINTS).fill(0) : prompt.kind === "choice" ? new Array<number>(prompt.options?.length ?? 0).fill(0) : [];
  const wall: WallAnswer[] = [];
  let answered = 0;
  let passed = 0;
  for (const answer of answers) {
    const { value } = answer;
    if ("pass" in value) {
      passed += 1;
      continue;
    }
    if (prompt.kind === "scale" && "value" in value) {
      const index = value.value - SCALE_MIN;
      if (index < 0 || index >= counts.length) continue;
      counts[index] += 1;
    } else if (prompt.kind === "choice" && "option" in value) {
      if (value.option < 0 || value.option >= counts.length) continue;
      counts[value.option] += 1;
    } else if (prompt.kind === "reflection" && "text" in value) {
      wall.push({ id: answer.id, text: value.text, hidden: answer.hidden, highlighted: answer.highlighted, at: answer.at });
    } else {
      continue; // an answer that does not fit its prompt is not counted
    }
    answered += 1;
  }
  // Newest first; answers given in the same millisecond keep a stable order.
  wall.sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { promptId: prompt.id, kind: prompt.kind, answered, passed, counts, wall };
}

/**
 * At most this many answers of a wall go to the room (phones and the
 * display): a projected wall cannot show more, and a large room's phones
 * would each be sent every answer. Highlighted answers are kept first.
 */
export const ROOM_WALL_MAX = 50;

/**
 * What the room may see of results (phones and the display), with the
 * shared k applied (`withK`): hidden answers left out of the wall and of the
 * count of answers, so nothing on the display hints at them; a long wall cut
 * to ROOM_WALL_MAX (highlighted ones first, then the newest; still newest
 * first), `answered` still counting every answer shown to the room; a wall
 * with fewer than k answers to show withheld ("waiting for more answers").
 */
export function roomResults(results: PromptResults, k = kFor("shared"), max = ROOM_WALL_MAX): PromptResults {
  const hidden = results.wall.filter((a) => a.hidden).length;
  let wall = results.wall.filter((a) => !a.hidden);
  if (wall.length > max) {
    const highlighted = wall.filter((a) => a.highlighted).slice(0, max);
    const kept = new Set([...highlighted, ...wall.filter((a) => !a.highlighted).slice(0, max - highlighted.length)]);
    wall = wall.filter((a) => kept.has(a));
  }
  return withK({ ...results, answered: results.answered - hidden, wall }, k, { withholdWall: true });
}

const exact = (shown: Shown) => (shown.kind === "count" ? shown.count : 0);

/**
 * Results with threshold k applied (lib/anonymity.ts): a scale's points and a
 * choice's options by `showParts` (each 0, k and up, or "fewer than k"; the
 * number answered withheld when the hidden ones could be had from it), passes
 * on their own (nothing when fewer than k responded at all). The plain
 * numbers keep only what may be shown; `shown` says how to show each.
 * `withholdWall`: the room's wall waits until k answers can be seen on it
 * (the console sees every answer it moderates: they are the answers themselves).
 */
export function withK(results: PromptResults, k: number, options: { withholdWall?: boolean } = {}): PromptResults {
  const responded = results.answered + results.passed;
  const passed: Shown = responded > 0 && responded < k ? { kind: "hidden" } : showSize(results.passed, k);
  let answered: Shown;
  let counts: Shown[] = [];
  let waiting = false;
  let wall = results.wall;
  if (results.kind === "scale" || results.kind === "choice") {
    const parts = showParts(results.counts, k);
    answered = parts.total;
    counts = parts.parts;
  } else if (results.kind === "reflection" && options.withholdWall) {
    answered = showSize(results.answered, k);
    waiting = results.answered > 0 && results.answered < k;
    if (waiting) wall = [];
  } else {
    answered = { kind: "count", count: results.answered };
  }
  const shown: ResultsShown = { k, answered, passed, counts, waiting };
  return { ...results, answered: exact(answered), passed: exact(passed), counts: counts.map(exact), wall, shown };
}

/**
 * The answers to one open prompt, one per phone: each phone's answer keeps
 * its id across changes (the store finds it by the phone's edit secret), so
 * applying it again replaces it. Answers may arrive twice or out of order
 * (a peer node's copy, a load racing a send); the latest `at` wins.
 */
export class PromptAnswers {
  private readonly answers = new Map<string, StoredAnswer>();
  private cached: PromptResults | null = null;

  constructor(readonly prompt: Pick<PromptView, "id" | "kind" | "options">) {}

  /**
   * Keeps an answer's value unless a newer one is held; true when anything
   * changed. Moderation stays with the answer: a hidden answer, changed, stays hidden.
   */
  apply(answer: StoredAnswer): boolean {
    const known = this.answers.get(answer.id);
    if (known && (known.at > answer.at || (known.at === answer.at && sameAnswer(known.value, answer.value)))) return false;
    this.answers.set(answer.id, known ? { ...answer, hidden: known.hidden, highlighted: known.highlighted } : answer);
    this.cached = null;
    return true;
  }

  /** Hides or highlights one answer; the answer as it is now, or null if it is not here. */
  moderate(id: string, change: { hidden?: boolean; highlighted?: boolean }): StoredAnswer | null {
    const known = this.answers.get(id);
    if (!known) return null;
    const next = { ...known, hidden: change.hidden ?? known.hidden, highlighted: change.highlighted ?? known.highlighted };
    this.answers.set(id, next);
    this.cached = null;
    return next;
  }

  get(id: string): StoredAnswer | undefined {
    return this.answers.get(id);
  }

  get size(): number {
    return this.answers.size;
  }

  /** Every answer counted once (tallied again only after a change). */
  results(): PromptResults {
    this.cached ??= tally(this.prompt, this.answers.values());
    return this.cached;
  }
}

/** A reflection's answer as the console's wall shows it (null for other kinds' answers). */
export function wallAnswer(answer: StoredAnswer): WallAnswer | null {
  if (!("text" in answer.value)) return null;
  return { id: answer.id, text: answer.value.text, hidden: answer.hidden, highlighted: answer.highlighted, at: answer.at };
}

import { describe, expect, it } from "vitest";
import { checkAnswer, PromptAnswers, roomResults, sameAnswer, tally, wallAnswer, withK, type StoredAnswer } from "./answers";
import { MAX_REFLECTION_ANSWER } from "./library/limits";
import type { AnswerValue, PromptKind, PromptView } from "./protocol/views";

const prompt = (kind: PromptKind, extra: Partial<PromptView> = {}): PromptView => ({
  id: `p-${kind}`,
  kind,
  technique: null,
  title: "A prompt",
  body: "How is it?",
  labels: kind === "scale" ? { low: "Low", high: "High" } : null,
  options: kind === "choice" ? ["Yes", "No", "Not sure"] : null,
  revealed: false,
  pushedAt: 0,
  ...extra,
});
const answer = (id: string, value: AnswerValue, at: number, flags: Partial<StoredAnswer> = {}): StoredAnswer => ({
  id,
  value,
  hidden: false,
  highlighted: false,
  at,
  ...flags,
});

describe("checkAnswer", () => {
  it("refuses every answer to a script, a pass included: a script is read", () => {
    expect(checkAnswer(prompt("script"), { pass: true }).ok).toBe(false);
    expect(checkAnswer(prompt("script"), { text: "hi" }).ok).toBe(false);
  });

  it("takes a pass on every kind that asks for answers", () => {
    for (const kind of ["reflection", "scale", "choice"] as const) expect(checkAnswer(prompt(kind), { pass: true })).toEqual({ ok: true, answer: { pass: true } });
  });

  it("takes words for a reflection, trimmed, up to the limit", () => {
    expect(checkAnswer(prompt("reflection"), { text: "  a thought \n" })).toEqual({ ok: true, answer: { text: "a thought" } });
    expect(checkAnswer(prompt("reflection"), { text: "x".repeat(MAX_REFLECTION_ANSWER) }).ok).toBe(true);
    expect(checkAnswer(prompt("reflection"), { text: "x".repeat(MAX_REFLECTION_ANSWER + 1) }).ok).toBe(false);
    expect(checkAnswer(prompt("reflection"), { text: "   " }).ok).toBe(false);
    expect(checkAnswer(prompt("reflection"), { value: 3 }).ok).toBe(false);
  });

  it("takes a whole point from 1 to 5 for a scale, and nothing else", () => {
    expect(checkAnswer(prompt("scale"), { value: 1 }).ok).toBe(true);
    expect(checkAnswer(prompt("scale"), { value: 5 }).ok).toBe(true);
    for (const value of [0, 6, 2.5, Number.NaN]) expect(checkAnswer(prompt("scale"), { value }).ok).toBe(false);
    expect(checkAnswer(prompt("scale"), { option: 1 }).ok).toBe(false);
  });

  it("takes one of the choice's own options, by index", () => {
    expect(checkAnswer(prompt("choice"), { option: 0 }).ok).toBe(true);
    expect(checkAnswer(prompt("choice"), { option: 2 }).ok).toBe(true);
    expect(checkAnswer(prompt("choice"), { option: 3 })).toEqual({ ok: false, reason: "That option is not on this prompt." });
    expect(checkAnswer(prompt("choice"), { option: -1 }).ok).toBe(false);
    expect(checkAnswer(prompt("choice"), { text: "Yes" }).ok).toBe(false);
  });
});

describe("sameAnswer", () => {
  it("tells a retry from a change", () => {
    expect(sameAnswer({ option: 1 }, { option: 1 })).toBe(true);
    expect(sameAnswer({ option: 1 }, { option: 2 })).toBe(false);
    expect(sameAnswer({ pass: true }, { pass: true })).toBe(true);
    expect(sameAnswer({ pass: true }, { value: 3 })).toBe(false);
    expect(sameAnswer({ text: "a" }, { text: "a" })).toBe(true);
    expect(sameAnswer({ text: "a" }, { text: "b" })).toBe(false);
  });
});

describe("tally", () => {
  it("counts each scale point, lowest first, and passes apart from answers", () => {
    const results = tally(prompt("scale"), [answer("a", { value: 1 }, 1), answer("b", { value: 5 }, 2), answer("c", { value: 5 }, 3), answer("d", { pass: true }, 4)]);
    expect(results).toEqual({ promptId: "p-scale", kind: "scale", answered: 3, passed: 1, counts: [1, 0, 0, 0, 2], wall: [] });
  });

  it("counts each option of a choice, zeros included", () => {
    const results = tally(prompt("choice"), [answer("a", { option: 2 }, 1), answer("b", { option: 2 }, 2)]);
    expect(results.counts).toEqual([0, 0, 2]);
    expect(results.answered).toBe(2);
  });

  it("puts a reflection's words on the wall, newest first, hidden ones flagged", () => {
    const results = tally(prompt("reflection"), [
      answer("a", { text: "first" }, 1),
      answer("b", { text: "third" }, 3, { hidden: true }),
      answer("c", { text: "second" }, 2, { highlighted: true }),
      answer("d", { pass: true }, 4),
    ]);
    expect(results.wall.map((a) => a.text)).toEqual(["third", "second", "first"]);
    expect(results.wall[0]).toMatchObject({ hidden: true, highlighted: false });
    expect(results.wall[1]).toMatchObject({ hidden: false, highlighted: true });
    expect(results).toMatchObject({ answered: 3, passed: 1, counts: [] });
  });

  it("counts nothing for an empty room", () => {
    expect(tally(prompt("choice"), [])).toEqual({ promptId: "p-choice", kind: "choice", answered: 0, passed: 0, counts: [0, 0, 0], wall: [] });
  });
});

describe("PromptAnswers: one phone, one answer", () => {
  it("counts a changed answer once, as its latest value", () => {
    const answers = new PromptAnswers(prompt("choice"));
    answers.apply(answer("phone-1", { option: 0 }, 10));
    answers.apply(answer("phone-2", { option: 1 }, 11));
    answers.apply(answer("phone-1", { option: 2 }, 12));
    expect(answers.results()).toMatchObject({ answered: 2, passed: 0, counts: [0, 1, 1] });
  });

  it("moves a pass to an answer, and an answer to a pass", () => {
    const answers = new PromptAnswers(prompt("scale"));
    answers.apply(answer("phone-1", { pass: true }, 10));
    answers.apply(answer("phone-2", { value: 4 }, 11));
    expect(answers.results()).toMatchObject({ answered: 1, passed: 1, counts: [0, 0, 0, 1, 0] });
    answers.apply(answer("phone-1", { value: 4 }, 12));
    expect(answers.results()).toMatchObject({ answered: 2, passed: 0, counts: [0, 0, 0, 2, 0] });
    answers.apply(answer("phone-2", { pass: true }, 13));
    expect(answers.results()).toMatchObject({ answered: 1, passed: 1, counts: [0, 0, 0, 1, 0] });
  });

  it("ignores the same answer arriving twice, and an older one arriving late", () => {
    const answers = new PromptAnswers(prompt("choice"));
    expect(answers.apply(answer("phone-1", { option: 1 }, 20))).toBe(true);
    expect(answers.apply(answer("phone-1", { option: 1 }, 20))).toBe(false);
    expect(answers.apply(answer("phone-1", { option: 0 }, 10))).toBe(false);
    expect(answers.results()).toMatchObject({ answered: 1, counts: [0, 1, 0] });
  });

  it("keeps a hidden answer hidden when its phone changes it", () => {
    const answers = new PromptAnswers(prompt("reflection"));
    answers.apply(answer("phone-1", { text: "unkind" }, 10));
    expect(answers.moderate("phone-1", { hidden: true })).toMatchObject({ hidden: true, highlighted: false });
    answers.apply(answer("phone-1", { text: "something else" }, 11));
    expect(answers.results().wall).toEqual([{ id: "phone-1", text: "something else", hidden: true, highlighted: false, at: 11 }]);
    expect(answers.moderate("nobody", { hidden: true })).toBeNull();
  });

  it("tallies again only after a change", () => {
    const answers = new PromptAnswers(prompt("choice"));
    answers.apply(answer("phone-1", { option: 1 }, 1));
    const first = answers.results();
    expect(answers.results()).toBe(first);
    answers.apply(answer("phone-2", { option: 1 }, 2));
    expect(answers.results()).not.toBe(first);
  });
});

describe("roomResults", () => {
  const words = (n: number, from = 0) => Array.from({ length: n }, (_, i) => answer(`w${from + i}`, { text: `words ${from + i}` }, from + i));

  it("leaves hidden answers off the wall and out of the count", () => {
    const results = tally(prompt("reflection"), [...words(5), answer("b", { text: "unkind words" }, 20, { hidden: true }), answer("c", { pass: true }, 30)]);
    const room = roomResults(results);
    expect(room.wall).toHaveLength(5);
    expect(room).toMatchObject({ answered: 5, passed: 0 }); // one pass is fewer than 5: not a number
    expect(room.shown?.passed).toEqual({ kind: "fewer", k: 5 });
    expect(JSON.stringify(room)).not.toContain("unkind");
    expect(results.wall).toHaveLength(6); // the console's results are untouched
  });

  it("sends the room at most a wall's worth: highlighted answers first, then the newest", () => {
    const many = Array.from({ length: 8 }, (_, i) => answer(`a${i}`, { text: `words ${i}` }, i, { highlighted: i === 1 }));
    const room = roomResults(tally(prompt("reflection"), many), 5, 3);
    expect(room.wall.map((a) => a.id)).toEqual(["a7", "a6", "a1"]);
    expect(room.answered).toBe(8);
  });

  it("withholds a wall with fewer than k answers to show: waiting for more answers", () => {
    const four = roomResults(tally(prompt("reflection"), [...words(4), answer("h", { text: "hidden one" }, 9, { hidden: true })]));
    expect(four.wall).toEqual([]);
    expect(four.shown).toMatchObject({ waiting: true, answered: { kind: "fewer", k: 5 } });
    expect(four.answered).toBe(0);
    expect(JSON.stringify(four)).not.toContain("words");
    const five = roomResults(tally(prompt("reflection"), words(5)));
    expect(five.wall).toHaveLength(5);
    expect(five.shown?.waiting).toBe(false);
  });

  it("never sends the room a count below k for a choice, nor a total to subtract from", () => {
    const given = [...Array.from({ length: 6 }, (_, i) => answer(`y${i}`, { option: 0 }, i)), answer("n", { option: 1 }, 10), answer("p", { pass: true }, 11)];
    const room = roomResults(tally(prompt("choice"), given));
    expect(room.counts).toEqual([6, 0, 0]);
    expect(room.shown?.counts).toEqual([{ kind: "count", count: 6 }, { kind: "fewer", k: 5 }, { kind: "count", count: 0 }]);
    expect(room.answered).toBe(0); // 7 − 6 would be the lone "No"
    expect(room.shown?.answered).toEqual({ kind: "hidden" });
    expect(room.passed).toBe(0);
  });
});

describe("withK (the console's k)", () => {
  it("shows a scale's points from 3 up, the rest as fewer than 3; every answer of a reflection it moderates", () => {
    const scale = withK(tally(prompt("scale"), [1, 1, 1, 4].map((v, i) => answer(`s${i}`, { value: v }, i))), 3);
    expect(scale.counts).toEqual([3, 0, 0, 0, 0]);
    expect(scale.shown?.counts[3]).toEqual({ kind: "fewer", k: 3 });
    const reflection = withK(tally(prompt("reflection"), [answer("a", { text: "only one" }, 1)]), 3);
    expect(reflection.wall).toHaveLength(1);
    expect(reflection.shown).toMatchObject({ waiting: false, answered: { kind: "count", count: 1 } });
  });

  it("shows nothing of fewer than k who responded at all", () => {
    const two = withK(tally(prompt("choice"), [answer("a", { option: 0 }, 1), answer("b", { pass: true }, 2)]), 3);
    expect(two.shown).toMatchObject({ answered: { kind: "fewer", k: 3 }, passed: { kind: "hidden" }, counts: [{ kind: "hidden" }, { kind: "hidden" }, { kind: "hidden" }] });
    expect([two.answered, two.passed, ...two.counts]).toEqual([0, 0, 0, 0, 0]);
  });
});

describe("wallAnswer", () => {
  it("shows a reflection's words and nothing else of the answer", () => {
    expect(wallAnswer(answer("a", { text: "words" }, 5, { highlighted: true }))).toEqual({ id: "a", text: "words", hidden: false, highlighted: true, at: 5 });
    expect(wallAnswer(answer("a", { option: 1 }, 5))).toBeNull();
  });
});

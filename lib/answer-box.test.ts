import { describe, expect, it } from "vitest";
import {
  answerSecret,
  closeOthers,
  confirmMine,
  KEPT_PROMPTS,
  markSent,
  recordAnswer,
  restoreAnswers,
  sameAnswer,
  type AnswerBox,
} from "./answer-box";

let n = 0;
const secret = () => answerSecret(new Uint8Array(16).fill(++n));

describe("the phone's answers", () => {
  it("makes a 22-character base64url secret from 16 random bytes", () => {
    const s = answerSecret(new Uint8Array([251, 255, 254, ...new Array(13).fill(0)]));
    expect(s).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(s.startsWith("-__-")).toBe(true);
  });

  it("keeps one secret per prompt: a change of answer uses it again and waits to go", () => {
    let box: AnswerBox = {};
    box = recordAnswer(box, "p1", { value: 2 }, 1, secret);
    const first = box.p1!.secret;
    box = markSent(box, "p1", { value: 2 });
    expect(box.p1!.state).toBe("sent");
    box = recordAnswer(box, "p1", { pass: true }, 2, () => "never used");
    expect(box.p1).toMatchObject({ secret: first, answer: { pass: true }, state: "waiting" });
  });

  it("leaves the latest answer waiting when an older one is acknowledged", () => {
    let box = recordAnswer({}, "p1", { text: "first" }, 1, secret);
    box = recordAnswer(box, "p1", { text: "second" }, 2, secret);
    box = markSent(box, "p1", { text: "first" });
    expect(box.p1).toMatchObject({ answer: { text: "second" }, state: "waiting" });
    box = markSent(box, "p1", { text: "second" });
    expect(box.p1!.state).toBe("sent");
  });

  it("drops answers still waiting for a prompt that has closed, and keeps sent ones", () => {
    let box = recordAnswer({}, "old", { option: 1 }, 1, secret);
    box = recordAnswer(box, "older", { value: 3 }, 0, secret);
    box = markSent(box, "older", { value: 3 });
    box = recordAnswer(box, "now", { pass: true }, 2, secret);
    const { box: after, dropped } = closeOthers(box, "now");
    expect(dropped).toBe(1);
    expect(Object.keys(after).sort()).toEqual(["now", "older"]);
    expect(closeOthers(after, null).dropped).toBe(1);
  });

  it("after a reload, takes the server's answer, and sends again what the server does not hold", () => {
    let box = markSent(recordAnswer({}, "p1", { value: 4 }, 1, secret), "p1", { value: 4 });
    expect(confirmMine(box, "p1", { value: 5 }).p1).toMatchObject({ answer: { value: 5 }, state: "sent" });
    expect(confirmMine(box, "p1", null).p1!.state).toBe("waiting");
    box = recordAnswer(box, "p1", { value: 1 }, 2, secret);
    expect(confirmMine(box, "p1", { value: 4 }).p1!.answer).toEqual({ value: 1 });
  });

  it("forgets the oldest prompts beyond its limit", () => {
    let box: AnswerBox = {};
    for (let i = 0; i < KEPT_PROMPTS + 3; i++) box = recordAnswer(box, `p${i}`, { pass: true }, i, secret);
    expect(Object.keys(box)).toHaveLength(KEPT_PROMPTS);
    expect(box.p0).toBeUndefined();
    expect(box[`p${KEPT_PROMPTS + 2}`]).toBeDefined();
  });

  it("restores what localStorage held, leaving out what is damaged", () => {
    const good = recordAnswer({}, "p1", { text: "kept" }, 1, secret);
    const stored = JSON.parse(JSON.stringify({ ...good, p2: { promptId: "p2", secret: "short", answer: { pass: true }, state: "sent", at: 1 }, p3: "x" }));
    expect(restoreAnswers(stored)).toEqual(good);
    expect(restoreAnswers(null)).toEqual({});
    expect(restoreAnswers([1, 2])).toEqual({});
    expect(restoreAnswers({ p4: { promptId: "p4", secret: "a".repeat(22), answer: { text: "a", value: 1 }, state: "sent", at: 1 } })).toEqual({});
  });

  it("compares answers by kind and value", () => {
    expect(sameAnswer({ pass: true }, { pass: true })).toBe(true);
    expect(sameAnswer({ value: 1 }, { option: 1 })).toBe(false);
    expect(sameAnswer({ text: "a" }, { text: "a" })).toBe(true);
    expect(sameAnswer(null, null)).toBe(true);
    expect(sameAnswer({ value: 1 }, null)).toBe(false);
  });
});

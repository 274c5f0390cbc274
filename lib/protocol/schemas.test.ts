import { describe, expect, it } from "vitest";
import {
  answerModerateSchema,
  answerSendSchema,
  checkInSendSchema,
  displayShowSchema,
  credentialsSchema,
  displayAuthSchema,
  inviteAcceptSchema,
  joinCodeSchema,
  participantAuthSchema,
  promptPushSchema,
  sessionRefSchema,
  teamRemoveSchema,
} from "./schemas";

const uuid = "4b0c8a8e-2f9a-4d3b-9c61-2f0d7f1e9a10";

describe("payload validation", () => {
  it("accepts a well-formed check-in", () => {
    expect(checkInSendSchema.parse({ id: uuid, signal: "i-see", ageMs: 1200 })).toEqual({ id: uuid, signal: "i-see", ageMs: 1200 });
  });

  it.each([
    [{ id: "nope", signal: "i-see", ageMs: 0 }],
    [{ id: uuid, signal: "", ageMs: 0 }],
    [{ id: uuid, signal: "I SEE", ageMs: 0 }],
    [{ id: uuid, signal: "x".repeat(41), ageMs: 0 }],
    [{ id: uuid, signal: "i-see", ageMs: 1.5 }],
    [{ id: uuid, signal: "i-see", ageMs: 25 * 60 * 60 * 1000 }],
    [{ id: uuid, signal: "i-see", ageMs: 0, name: "Ana" }],
    [null],
    ["i-see"],
  ])("refuses a malformed check-in %j", (payload) => {
    expect(checkInSendSchema.safeParse(payload).success).toBe(false);
  });

  it("reads a join code whatever its case, and refuses one that cannot be", () => {
    expect(joinCodeSchema.parse("k7m 3qx")).toBe("K7M3QX");
    expect(joinCodeSchema.safeParse("K7M3Q").success).toBe(false);
    expect(joinCodeSchema.safeParse("K7M3QO").success).toBe(false);
    expect(participantAuthSchema.parse({ code: "K7M3QX", resumeToken: "short" })).toEqual({ code: "K7M3QX", resumeToken: undefined });
    // Socket.IO's own recovery fields ride along on a reconnect; they are dropped, not refused.
    expect(participantAuthSchema.parse({ code: "K7M3QX", pid: "abc", offset: "1" })).toEqual({ code: "K7M3QX" });
  });

  it("accepts a technique or typed text as a prompt, and nothing else", () => {
    expect(promptPushSchema.parse({ sessionId: "abc", source: { kind: "technique", technique: "integration" } })).toBeTruthy();
    expect(promptPushSchema.parse({ sessionId: "abc", source: { kind: "text", text: "  What now?  " } }).source).toEqual({
      kind: "text",
      text: "What now?",
    });
    expect(promptPushSchema.safeParse({ sessionId: "abc", source: { kind: "technique", technique: "hypnosis" } }).success).toBe(false);
    expect(promptPushSchema.safeParse({ sessionId: "abc", source: { kind: "text", text: "   " } }).success).toBe(false);
    expect(promptPushSchema.safeParse({ sessionId: "abc", source: { kind: "text", text: "x".repeat(1001) } }).success).toBe(false);
  });

  it("accepts a built-in template by key and content of every kind, and a deck item's id", () => {
    expect(promptPushSchema.parse({ sessionId: "abc", source: { kind: "library", key: "readiness-check" }, deckItemId: "item_1" })).toMatchObject({ deckItemId: "item_1" });
    expect(promptPushSchema.safeParse({ sessionId: "abc", source: { kind: "library", key: "not-in-the-library" } }).success).toBe(false);
    const scale = { kind: "scale", title: "Energy", body: "Where is it?", labels: { low: "Low", high: "High" } };
    expect(promptPushSchema.parse({ sessionId: "abc", source: { kind: "content", content: scale } }).source).toEqual({ kind: "content", content: scale });
    const choice = (options: string[]) => ({ sessionId: "abc", source: { kind: "content", content: { kind: "choice", title: "T", body: "B", options } } });
    expect(promptPushSchema.safeParse(choice(["Yes", "No"])).success).toBe(true);
    expect(promptPushSchema.safeParse(choice(["Yes"])).success).toBe(false);
    expect(promptPushSchema.safeParse(choice(["Yes", "yes"])).success).toBe(false);
    expect(promptPushSchema.safeParse({ sessionId: "abc", source: { kind: "content", content: { kind: "reflection", title: "T", body: "B", options: ["x"] } } }).success).toBe(false);
  });

  it("accepts exactly one answer of a known shape with a secret, and nothing more", () => {
    const send = (answer: unknown, secret = "a".repeat(22)) => answerSendSchema.safeParse({ promptId: "p1", secret, answer });
    expect(send({ pass: true }).success).toBe(true);
    expect(send({ text: "  words  " }).data?.answer).toEqual({ text: "words" });
    expect(send({ value: 5 }).success).toBe(true);
    expect(send({ option: 5 }).success).toBe(true);
    for (const answer of [{ pass: false }, { text: "" }, { text: "x".repeat(501) }, { value: 0 }, { value: 6 }, { value: 2.5 }, { option: 6 }, { option: -1 }, { option: 1, text: "both" }, {}]) {
      expect(send(answer).success).toBe(false);
    }
    expect(send({ pass: true }, "a".repeat(21)).success).toBe(false);
    expect(send({ pass: true }, "a".repeat(65)).success).toBe(false);
    expect(send({ pass: true }, "a".repeat(21) + "=").success).toBe(false);
  });

  it("asks a moderation to hide or highlight, and the display to show one of three things", () => {
    expect(answerModerateSchema.safeParse({ sessionId: "s", answerId: "a", hidden: true }).success).toBe(true);
    expect(answerModerateSchema.safeParse({ sessionId: "s", answerId: "a" }).success).toBe(false);
    expect(displayShowSchema.safeParse({ sessionId: "s", shows: "pulse" }).success).toBe(true);
    expect(displayShowSchema.safeParse({ sessionId: "s", shows: "answers" }).success).toBe(false);
  });

  it("takes a whole invitation token, a co-facilitator to remove by id, and a display link's key or none", () => {
    const secret = "A1b2_-".repeat(7) + "x";
    expect(secret).toHaveLength(43);
    expect(inviteAcceptSchema.safeParse({ token: secret }).success).toBe(true);
    expect(inviteAcceptSchema.safeParse({ token: secret.slice(1) }).success).toBe(false);
    expect(inviteAcceptSchema.safeParse({ token: secret, extra: 1 }).success).toBe(false);
    expect(teamRemoveSchema.safeParse({ sessionId: "s", facilitatorId: "f" }).success).toBe(true);
    expect(teamRemoveSchema.safeParse({ sessionId: "s" }).success).toBe(false);
    // The display's handshake: a malformed key is no key (the cookie is asked for instead), never an error.
    expect(displayAuthSchema.parse({ v: 3, displayKey: secret })).toEqual({ displayKey: secret });
    expect(displayAuthSchema.parse({ v: 3, displayKey: "../" })).toEqual({ displayKey: undefined });
    expect(displayAuthSchema.parse({ v: 3 })).toEqual({});
  });

  it("refuses a session reference that is not an id", () => {
    expect(sessionRefSchema.safeParse({ sessionId: "../etc" }).success).toBe(false);
    expect(sessionRefSchema.safeParse({ sessionId: "x".repeat(65) }).success).toBe(false);
    expect(sessionRefSchema.safeParse({}).success).toBe(false);
  });

  it("normalises an email and asks for a real password", () => {
    expect(credentialsSchema.parse({ email: "Trainer@Example.org", password: "long enough!" }).email).toBe("trainer@example.org");
    expect(credentialsSchema.safeParse({ email: "not an email", password: "long enough!" }).success).toBe(false);
    expect(credentialsSchema.safeParse({ email: "a@b.org", password: "short" }).success).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import {
  checkInSendSchema,
  credentialsSchema,
  joinCodeSchema,
  participantAuthSchema,
  promptPushSchema,
  sessionRefSchema,
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

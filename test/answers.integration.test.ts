/**
 * Prompts of every kind and their anonymous answers, with real Socket.IO
 * clients against a real server and database: pushes from every source,
 * answers counted once however often they are retried or changed, a phone's
 * own answer after a reload, reveal and moderation reaching each audience
 * only as far as it may see, and every refusal changing nothing.
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MAX_REFLECTION_ANSWER } from "../lib/library/limits.ts";
import { ANSWER_LIMIT } from "../lib/protocol/limits.ts";
import type { PromptSource } from "../lib/protocol/schemas.ts";
import type { AnswerValue, DisplaySnapshot, PromptResults, PromptView } from "../lib/protocol/views.ts";
import { ManualClock } from "../server/live/clock.ts";
import {
  connected,
  displayClient,
  expectOk,
  facilitatorClient,
  type FacilitatorClient,
  joined,
  joinedPhones,
  liveSession,
  liveSessionsOn,
  nextEvent,
  participantClient,
  rawRequest,
  request,
  serverForThisFile,
  signedUpFacilitator,
  type TestServer,
} from "./helpers/server.ts";

let server!: TestServer;
serverForThisFile((started) => (server = started));

const choice: PromptSource = { kind: "content", content: { kind: "choice", title: "Pick one", body: "Which feels closest?", options: ["Calm", "Curious", "Tired"] } };
const scale: PromptSource = { kind: "content", content: { kind: "scale", title: "Energy", body: "Where is your energy?", labels: { low: "Low", high: "High" } } };
const reflection: PromptSource = { kind: "content", content: { kind: "reflection", title: "A thought", body: "What stays with you?" } };
const newSecret = () => randomBytes(16).toString("base64url");

async function push(console: FacilitatorClient, sessionId: string, source: PromptSource): Promise<PromptView> {
  return expectOk(await request(console, "prompt:push", { sessionId, source }));
}

const phones = (code: string, n: number) => joinedPhones(server, code, n);

/** The console's results once they satisfy `until` (they are coalesced, so a few changes may come as one). */
function resultsWhere(console: FacilitatorClient, until: (results: PromptResults) => boolean): Promise<PromptResults> {
  return nextEvent<{ results: PromptResults }>(console, "results:update", ({ results }) => until(results)).then((p) => p.results);
}

const answerRows = (promptId: string) => server.services.db.answer.findMany({ where: { promptId } });

const display = (cookie: string) => displayClient(server, cookie);

describe("pushing a prompt of every kind", () => {
  it("pushes a technique and typed words as script cards, a built-in template by key and content of each kind", async () => {
    const { sessionId, console } = await liveSession(server);
    const technique = await push(console, sessionId, { kind: "technique", technique: "integration" });
    expect(technique).toMatchObject({ kind: "script", technique: "integration", labels: null, options: null, revealed: false });
    const typed = await push(console, sessionId, { kind: "text", text: "  Breathe out.  " });
    expect(typed).toMatchObject({ kind: "script", technique: null, title: "A prompt from your facilitator", body: "Breathe out." });
    const library = await push(console, sessionId, { kind: "library", key: "readiness-check" });
    expect(library).toMatchObject({ kind: "scale", title: "Readiness to explore", labels: { low: "Not yet", high: "Ready to go deeper" }, options: null });
    const picked = await push(console, sessionId, choice);
    expect(picked).toMatchObject({ kind: "choice", options: ["Calm", "Curious", "Tired"], labels: null });
    const words = await push(console, sessionId, reflection);
    expect(words).toMatchObject({ kind: "reflection", title: "A thought", labels: null, options: null });
    // Stored as pushed, so a reload (or another node) sees the same prompt.
    const rows = await server.services.db.prompt.findMany({ where: { sessionId }, orderBy: { pushedAt: "asc" } });
    expect(rows.map((r) => [r.kind, r.options])).toEqual([
      ["script", null],
      ["script", null],
      ["scale", JSON.stringify({ low: "Not yet", high: "Ready to go deeper" })],
      ["choice", JSON.stringify(["Calm", "Curious", "Tired"])],
      ["reflection", null],
    ]);
    const fresh = await liveSessionsOn(server, new ManualClock(Date.now())).get(sessionId);
    expect(fresh.consoleSnapshot().prompt).toEqual(words);
  });

  it("refuses an unknown built-in key, content out of bounds and a stray field, and pushes nothing", async () => {
    const { sessionId, console } = await liveSession(server);
    const bad: unknown[] = [
      { kind: "library", key: "no-such-prompt" },
      { kind: "content", content: { kind: "choice", title: "One", body: "Only one?", options: ["Alone"] } },
      { kind: "content", content: { kind: "scale", title: "S", body: "B" } },
      { kind: "content", content: { kind: "reflection", title: "T", body: "x".repeat(1001) } },
      { kind: "text", text: "hi", extra: true },
    ];
    for (const source of bad) expect(await rawRequest(console, "prompt:push", { sessionId, source })).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    expect(await server.services.db.prompt.count({ where: { sessionId } })).toBe(0);
  });

  it("accepts the deck item a push came from", async () => {
    const { sessionId, console } = await liveSession(server);
    const ack = await rawRequest(console, "prompt:push", { sessionId, source: choice, deckItemId: "item-1" });
    expect(ack).toMatchObject({ ok: true, data: { kind: "choice" } });
  });
});

describe("answering", () => {
  it("counts a changed answer once, and passes apart, on the console", async () => {
    const { code, sessionId, console } = await liveSession(server);
    const prompt = await push(console, sessionId, choice);
    const [a, b, c] = await phones(code, 3);
    const secrets = [newSecret(), newSecret(), newSecret()];
    expect(expectOk(await request(a, "answer:send", { promptId: prompt.id, secret: secrets[0], answer: { option: 0 } }))).toEqual({ promptId: prompt.id, duplicate: false });
    expectOk(await request(b, "answer:send", { promptId: prompt.id, secret: secrets[1], answer: { option: 1 } }));
    expectOk(await request(c, "answer:send", { promptId: prompt.id, secret: secrets[2], answer: { pass: true } }));
    expectOk(await request(a, "answer:send", { promptId: prompt.id, secret: secrets[0], answer: { option: 2 } }));
    const results = await resultsWhere(console, (r) => r.counts[2] === 1 && r.passed === 1);
    expect(results).toMatchObject({ promptId: prompt.id, kind: "choice", answered: 2, passed: 1, counts: [0, 1, 1], wall: [] });
    expect(await answerRows(prompt.id)).toHaveLength(3);
    // A console opened now starts from the same results.
    expect(expectOk(await request(console, "session:watch", { sessionId })).results).toMatchObject({ answered: 2, passed: 1, counts: [0, 1, 1] });
  });

  it("stores a room answering at once, each phone once, and counts every answer", async () => {
    const { code, sessionId, console } = await liveSession(server);
    const prompt = await push(console, sessionId, scale);
    const room = await phones(code, 40);
    const secrets = room.map(() => newSecret());
    const first = (i: number): AnswerValue => (i % 10 === 0 ? { pass: true } : { value: (i % 5) + 1 });
    const second = (i: number): AnswerValue => (i % 2 ? { value: 3 } : first(i));
    const acks = await Promise.all(room.map((phone, i) => request(phone, "answer:send", { promptId: prompt.id, secret: secrets[i]!, answer: first(i) })));
    expect(acks.every((ack) => ack.ok && !ack.data.duplicate)).toBe(true);
    // Every phone again at once, the odd ones changing their answer to 3.
    const again = await Promise.all(room.map((phone, i) => request(phone, "answer:send", { promptId: prompt.id, secret: secrets[i]!, answer: second(i) })));
    expect(again.map((ack) => ack.ok && ack.data.duplicate)).toEqual(room.map((_, i) => JSON.stringify(first(i)) === JSON.stringify(second(i))));
    expect(await answerRows(prompt.id)).toHaveLength(40);
    const results = await resultsWhere(console, (r) => r.counts[2] === 24);
    expect(results).toMatchObject({ answered: 36, passed: 4, counts: [0, 4, 24, 4, 4] });
  });

  it("counts an answer retried after a lost ack once", async () => {
    const { code, sessionId, console } = await liveSession(server);
    const prompt = await push(console, sessionId, scale);
    const phone = participantClient(server, { code });
    const { resumeToken } = await joined(phone);
    const secret = newSecret();
    // Sent, and the phone is gone before any ack can arrive.
    phone.emit("answer:send", { promptId: prompt.id, secret, answer: { value: 4 } }, () => {});
    phone.disconnect();
    const back = participantClient(server, { code, resumeToken });
    await joined(back);
    const retried = expectOk(await request(back, "answer:send", { promptId: prompt.id, secret, answer: { value: 4 } }));
    expect(retried.promptId).toBe(prompt.id);
    // Twice at once with the same secret, too.
    const both = await Promise.all([1, 2].map(() => request(back, "answer:send", { promptId: prompt.id, secret, answer: { value: 4 } })));
    expect(both.map((ack) => expectOk(ack).duplicate)).toEqual([true, true]);
    expect(await answerRows(prompt.id)).toHaveLength(1);
    const results = await resultsWhere(console, (r) => r.answered === 1);
    expect(results.counts).toEqual([0, 0, 0, 1, 0]);
    expect(expectOk(await request(console, "session:watch", { sessionId })).results).toMatchObject({ answered: 1, passed: 0 });
  });

  it("gives a phone its own answer after a reload, on a new socket, and nobody else's", async () => {
    const { code, sessionId, console } = await liveSession(server);
    const prompt = await push(console, sessionId, reflection);
    const phone = participantClient(server, { code });
    const { resumeToken } = await joined(phone);
    const secret = newSecret();
    expectOk(await request(phone, "answer:send", { promptId: prompt.id, secret, answer: { text: "  It stays with me.  " } }));
    phone.disconnect();
    const reloaded = participantClient(server, { code, resumeToken });
    const snapshot = await joined(reloaded);
    expect(snapshot.prompt).toMatchObject({ id: prompt.id, kind: "reflection" });
    expect(expectOk(await request(reloaded, "answer:mine", { promptId: prompt.id, secret }))).toEqual({ text: "It stays with me." });
    expect(expectOk(await request(reloaded, "answer:mine", { promptId: prompt.id, secret: newSecret() }))).toBeNull();
    // Another phone with the secret would see it too: the secret is the only key, never the participant.
    const [other] = await phones(code, 1);
    expect(expectOk(await request(other, "answer:mine", { promptId: prompt.id, secret: newSecret() }))).toBeNull();
  });

  it("refuses answers of the wrong kind, too long, to a script or to a closed prompt, and stores nothing", async () => {
    const { code, sessionId, console } = await liveSession(server);
    const [phone] = await phones(code, 1);
    const script = await push(console, sessionId, { kind: "technique", technique: "permission" });
    const secret = newSecret();
    const refusedWith = async (payload: unknown, code: string) =>
      expect(await rawRequest(phone, "answer:send", payload)).toMatchObject({ ok: false, error: { code } });
    await refusedWith({ promptId: script.id, secret, answer: { pass: true } }, "BAD_REQUEST");
    const prompt = await push(console, sessionId, choice);
    await refusedWith({ promptId: prompt.id, secret, answer: { option: 3 } }, "BAD_REQUEST");
    await refusedWith({ promptId: prompt.id, secret, answer: { value: 2 } }, "BAD_REQUEST");
    await refusedWith({ promptId: prompt.id, secret, answer: { text: "Calm" } }, "BAD_REQUEST");
    await refusedWith({ promptId: prompt.id, secret, answer: { option: 1, text: "both" } }, "BAD_REQUEST");
    await refusedWith({ promptId: prompt.id, secret: "short", answer: { option: 1 } }, "BAD_REQUEST");
    await refusedWith({ promptId: prompt.id, answer: { option: 1 } }, "BAD_REQUEST");
    const words = await push(console, sessionId, reflection);
    await refusedWith({ promptId: words.id, secret, answer: { text: "x".repeat(MAX_REFLECTION_ANSWER + 1) } }, "BAD_REQUEST");
    await refusedWith({ promptId: words.id, secret, answer: { text: "   " } }, "BAD_REQUEST");
    // The choice closed when the reflection was pushed.
    expect(await rawRequest(phone, "answer:send", { promptId: prompt.id, secret, answer: { option: 1 } })).toEqual({
      ok: false,
      error: { code: "SESSION_NOT_LIVE", message: "That prompt has closed." },
    });
    expect(await server.services.db.answer.count({ where: { sessionId } })).toBe(0);
    // Exactly at the limit is fine.
    expectOk(await request(phone, "answer:send", { promptId: words.id, secret, answer: { text: "x".repeat(MAX_REFLECTION_ANSWER) } }));
  });

  it("limits how fast one participant answers", async () => {
    const { code, sessionId, console } = await liveSession(server);
    const prompt = await push(console, sessionId, scale);
    const [phone] = await phones(code, 1);
    const secret = newSecret();
    const acks = [];
    for (let i = 0; i < ANSWER_LIMIT.burst * 3; i++) acks.push(await rawRequest(phone, "answer:send", { promptId: prompt.id, secret, answer: { value: (i % 5) + 1 } }));
    expect(acks.some((ack) => !ack.ok && ack.error.code === "RATE_LIMITED")).toBe(true);
    expect(await answerRows(prompt.id)).toHaveLength(1);
  });

  it("stores no participant, address or user agent with an answer, and only the secret's hash", async () => {
    const { code, sessionId, console } = await liveSession(server);
    const prompt = await push(console, sessionId, reflection);
    const [phone] = await phones(code, 1);
    const secret = newSecret();
    expectOk(await request(phone, "answer:send", { promptId: prompt.id, secret, answer: { text: "anonymous" } }));
    const columns =
      server.database.config.kind === "sqlite"
        ? (await server.services.db.$queryRawUnsafe<{ name: string }[]>(`PRAGMA table_info("Answer")`)).map((c) => c.name)
        : (await server.services.db.$queryRawUnsafe<{ column_name: string }[]>(`SELECT column_name::text AS column_name FROM information_schema.columns WHERE table_name = 'Answer' AND table_schema = current_schema()`)).map(
            (c) => c.column_name,
          );
    expect(columns.sort()).toEqual(["at", "editHash", "hidden", "highlighted", "id", "promptId", "sessionId", "value"]);
    const rows = await answerRows(prompt.id);
    const participants = await server.services.db.participant.findMany({ where: { sessionId } });
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(secret);
    for (const p of participants) {
      expect(stored).not.toContain(p.id);
      expect(stored).not.toContain(p.tokenHash);
    }
  });

  it("loads the open prompt's answers when a process loads the session", async () => {
    const { code, sessionId, console } = await liveSession(server);
    const prompt = await push(console, sessionId, choice);
    const [a, b] = await phones(code, 2);
    expectOk(await request(a, "answer:send", { promptId: prompt.id, secret: newSecret(), answer: { option: 1 } }));
    expectOk(await request(b, "answer:send", { promptId: prompt.id, secret: newSecret(), answer: { pass: true } }));
    const fresh = await liveSessionsOn(server, new ManualClock(Date.now())).get(sessionId);
    expect(fresh.consoleSnapshot().results).toMatchObject({ promptId: prompt.id, answered: 1, passed: 1, counts: [0, 1, 0] });
  });
});

describe("reveal, moderation and the room display", () => {
  it("reveals results to phones and the display without hidden answers; the console keeps them flagged", async () => {
    const { code, sessionId, console, facilitator } = await liveSession(server);
    const screen = display(facilitator.cookie);
    await connected(screen);
    expect(expectOk(await request(screen, "display:watch", { sessionId }))).toMatchObject({ shows: "prompt", results: null, pulse: null });
    const prompt = await push(console, sessionId, reflection);
    const [a, b, ...others] = await phones(code, 6);
    expectOk(await request(a, "answer:send", { promptId: prompt.id, secret: newSecret(), answer: { text: "Grateful for this room" } }));
    expectOk(await request(b, "answer:send", { promptId: prompt.id, secret: newSecret(), answer: { text: "an unkind remark" } }));
    // Four more: the room's wall shows once the shared k (5) answers can be shown (test/privacy.integration.test.ts).
    for (const [i, other] of others.entries()) expectOk(await request(other, "answer:send", { promptId: prompt.id, secret: newSecret(), answer: { text: `Calm ${i}` } }));
    const results = await resultsWhere(console, (r) => r.answered === 6);
    const unkind = results.wall.find((w) => w.text === "an unkind remark")!;
    const kind = results.wall.find((w) => w.text === "Grateful for this room")!;

    expect(expectOk(await request(console, "answer:moderate", { sessionId, answerId: unkind.id, hidden: true }))).toEqual({ ...unkind, hidden: true });
    expect(expectOk(await request(console, "answer:moderate", { sessionId, answerId: kind.id, highlighted: true }))).toMatchObject({ highlighted: true, hidden: false });
    const flagged = await resultsWhere(console, (r) => r.wall.some((w) => w.hidden) && r.wall.some((w) => w.highlighted));
    expect(flagged.wall).toHaveLength(6);
    expect((await server.services.db.answer.findUniqueOrThrow({ where: { id: unkind.id } })).hidden).toBe(true);

    const phoneHears = nextEvent<{ promptId: string; results: PromptResults } | null>(a, "results:room");
    const screenHears = nextEvent<DisplaySnapshot>(screen, "display:snapshot", (s) => s.results !== null);
    const promptHears = nextEvent<PromptView>(b, "prompt:current", (p) => p?.revealed === true);
    expect(expectOk(await request(console, "prompt:reveal", { sessionId, revealed: true }))).toMatchObject({ id: prompt.id, revealed: true });
    const room = await phoneHears;
    expect(room).toMatchObject({ promptId: prompt.id, results: { answered: 5 } });
    expect(room?.results.wall.find((w) => w.highlighted)).toMatchObject({ text: "Grateful for this room" });
    const shown = await screenHears;
    expect(shown.results!.wall.map((w) => w.text).sort()).toEqual(["Calm 0", "Calm 1", "Calm 2", "Calm 3", "Grateful for this room"]);
    expect(JSON.stringify(shown)).not.toContain("unkind");
    await promptHears;
    // A phone joining now hears the revealed results too, room-safe.
    const late = participantClient(server, { code });
    const lateHears = nextEvent<{ results: PromptResults } | null>(late, "results:room");
    await joined(late);
    expect(JSON.stringify(await lateHears)).not.toContain("unkind");

    // Hiding after the reveal takes the answer off the display at once (and with it the wall: fewer than k left).
    const again = nextEvent<DisplaySnapshot>(screen, "display:snapshot", (s) => s.results?.wall.length === 0);
    expectOk(await request(console, "answer:moderate", { sessionId, answerId: kind.id, hidden: true }));
    expect((await again).results).toMatchObject({ answered: 0, wall: [] });

    const hidden = nextEvent(a, "results:room", (p) => p === null);
    expect(expectOk(await request(console, "prompt:reveal", { sessionId, revealed: false }))).toMatchObject({ revealed: false });
    await hidden;
    expect(expectOk(await request(screen, "display:watch", { sessionId })).results).toBeNull();
  });

  it("refuses to reveal a script or a closed prompt, and to moderate an answer that is not on the open wall", async () => {
    const { code, sessionId, console } = await liveSession(server);
    await push(console, sessionId, { kind: "text", text: "Just read" });
    expect(await request(console, "prompt:reveal", { sessionId, revealed: true })).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    const prompt = await push(console, sessionId, choice);
    const [phone] = await phones(code, 1);
    expectOk(await request(phone, "answer:send", { promptId: prompt.id, secret: newSecret(), answer: { option: 0 } }));
    const [row] = await answerRows(prompt.id);
    // A choice's answer is no wall answer.
    expect(await request(console, "answer:moderate", { sessionId, answerId: row.id, hidden: true })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await rawRequest(console, "answer:moderate", { sessionId, answerId: row.id })).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    expectOk(await request(console, "prompt:close", { sessionId }));
    expect(await request(console, "prompt:reveal", { sessionId, revealed: true })).toMatchObject({ ok: false, error: { code: "SESSION_NOT_LIVE" } });
    expect((await server.services.db.prompt.findUniqueOrThrow({ where: { id: prompt.id } })).revealed).toBe(false);
  });

  it("shows the pulse on the display only when asked, and tells every console", async () => {
    const { code, sessionId, console, facilitator } = await liveSession(server);
    const screen = display(facilitator.cookie);
    await connected(screen);
    expectOk(await request(screen, "display:watch", { sessionId }));
    const second = facilitatorClient(server, facilitator.cookie);
    await connected(second);
    expectOk(await request(second, "session:watch", { sessionId }));
    const told = nextEvent(second, "display:shows");
    const showsPulse = nextEvent<DisplaySnapshot>(screen, "display:snapshot", (s) => s.shows === "pulse");
    expect(expectOk(await request(console, "display:show", { sessionId, shows: "pulse" }))).toEqual({ shows: "pulse" });
    expect(await told).toEqual({ sessionId, shows: "pulse" });
    expect((await showsPulse).pulse).not.toBeNull();
    expect((await server.services.db.session.findUniqueOrThrow({ where: { id: sessionId } })).displayShows).toBe("pulse");
    const [phone] = await phones(code, 1);
    const tapped = nextEvent<{ pulse: { total: Record<string, number> } }>(console, "pulse:update", (p) => (p.pulse.total.moved ?? 0) === 1);
    expectOk(await request(phone, "checkin:send", { id: crypto.randomUUID(), signal: "moved", ageMs: 0 }));
    await tapped;
    // One tap is below the shared k: the display is sent no count of it (test/privacy.integration.test.ts).
    expect(expectOk(await request(screen, "display:watch", { sessionId })).pulse).toMatchObject({ recent: { moved: 0 }, total: { moved: 0 } });
    expect(expectOk(await request(second, "session:watch", { sessionId })).displayShows).toBe("pulse");
    const back = nextEvent<DisplaySnapshot>(screen, "display:snapshot", (s) => s.shows === "results");
    expectOk(await request(console, "display:show", { sessionId, shows: "results" }));
    expect(await back).toMatchObject({ shows: "results", pulse: null, results: null });
    expect(await rawRequest(console, "display:show", { sessionId, shows: "everything" })).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
  });
});

describe("who may do what", () => {
  it("refuses a participant's console events, and a console's or display's participant events", async () => {
    const { code, sessionId, console, facilitator } = await liveSession(server);
    const prompt = await push(console, sessionId, reflection);
    const [phone] = await phones(code, 1);
    expectOk(await request(phone, "answer:send", { promptId: prompt.id, secret: newSecret(), answer: { text: "mine" } }));
    const [row] = await answerRows(prompt.id);
    for (const [event, payload] of [
      ["prompt:reveal", { sessionId, revealed: true }],
      ["answer:moderate", { sessionId, answerId: row.id, hidden: true }],
      ["display:show", { sessionId, shows: "pulse" }],
    ] as const) {
      expect(await rawRequest(phone, event, payload)).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    }
    const screen = display(facilitator.cookie);
    await connected(screen);
    for (const [event, payload] of [
      ["prompt:reveal", { sessionId, revealed: true }],
      ["answer:moderate", { sessionId, answerId: row.id, hidden: true }],
      ["display:show", { sessionId, shows: "pulse" }],
      ["answer:send", { promptId: prompt.id, secret: newSecret(), answer: { text: "display" } }],
    ] as const) {
      expect(await rawRequest(screen, event, payload)).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    }
    for (const event of ["answer:send", "answer:mine"]) {
      expect(await rawRequest(console, event, { promptId: prompt.id, secret: newSecret(), answer: { text: "console" } })).toMatchObject({
        ok: false,
        error: { code: "FORBIDDEN" },
      });
    }
    const after = await server.services.db.answer.findUniqueOrThrow({ where: { id: row.id } });
    expect(after).toMatchObject({ hidden: false, highlighted: false });
    expect((await server.services.db.prompt.findUniqueOrThrow({ where: { id: prompt.id } })).revealed).toBe(false);
    expect((await server.services.db.session.findUniqueOrThrow({ where: { id: sessionId } })).displayShows).toBe("prompt");
    expect(await answerRows(prompt.id)).toHaveLength(1);
  });

  it("treats another facilitator's session as none at all", async () => {
    const { code, sessionId, console } = await liveSession(server);
    const prompt = await push(console, sessionId, reflection);
    const [phone] = await phones(code, 1);
    expectOk(await request(phone, "answer:send", { promptId: prompt.id, secret: newSecret(), answer: { text: "mine" } }));
    const [row] = await answerRows(prompt.id);
    const stranger = await signedUpFacilitator(server);
    const theirs = facilitatorClient(server, stranger.cookie);
    await connected(theirs);
    for (const [event, payload] of [
      ["prompt:reveal", { sessionId, revealed: true }],
      ["answer:moderate", { sessionId, answerId: row.id, hidden: true }],
      ["display:show", { sessionId, shows: "pulse" }],
      ["prompt:push", { sessionId, source: choice }],
    ] as const) {
      expect(await rawRequest(theirs, event, payload)).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    }
    // Their own session cannot reach this answer either.
    const own = await server.services.sessions.create(stranger.facilitator.id, "Theirs");
    expectOk(await request(theirs, "session:start", { sessionId: own.id }));
    await push(theirs, own.id, reflection);
    expect(await request(theirs, "answer:moderate", { sessionId: own.id, answerId: row.id, hidden: true })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await server.services.db.answer.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ hidden: false });
    expect((await server.services.db.prompt.findUniqueOrThrow({ where: { id: prompt.id } })).revealed).toBe(false);
  });
});

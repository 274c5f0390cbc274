/**
 * Anonymity thresholds (issue 9, item 5) with real Socket.IO clients against
 * a real server and database: the room display and the phones never receive
 * a count below the shared k (5) — for the pulse or for revealed results —
 * nor a total that would give one away; a reflection's wall reaches the room
 * only once k answers can be shown; the console's results are exact (it
 * moderates every answer) and the console k is applied where they are drawn.
 * The payloads are checked raw, as they arrive.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { withK } from "../lib/answers.ts";
import type { PromptSource } from "../lib/protocol/schemas.ts";
import type { AnswerValue, DisplaySnapshot, PromptResults, PromptView } from "../lib/protocol/views.ts";
import type { Pulse } from "../lib/pulse.ts";
import {
  connected,
  displayClient,
  expectOk,
  joined,
  joinedPhones,
  liveSession,
  nextEvent,
  type ParticipantClient,
  participantClient,
  request,
  serverForThisFile,
  type TestServer,
} from "./helpers/server.ts";

let server!: TestServer;
serverForThisFile((started) => (server = started));

const SHARED_K = 5;
const choice: PromptSource = { kind: "content", content: { kind: "choice", title: "Pick one", body: "Which feels closest?", options: ["Calm", "Curious", "Tired"] } };
const reflection: PromptSource = { kind: "content", content: { kind: "reflection", title: "A thought", body: "What stays with you?" } };

const phones = (code: string, n: number) => joinedPhones(server, code, n);

async function watchingDisplay(cookie: string, sessionId: string) {
  const screen = displayClient(server, cookie);
  await connected(screen);
  expectOk(await request(screen, "display:watch", { sessionId }));
  return screen;
}

const answer = (phone: ParticipantClient, promptId: string, value: AnswerValue) =>
  request(phone, "answer:send", { promptId, secret: randomBytes(16).toString("base64url"), answer: value }).then(expectOk);

/** Every number in a results payload that is a count: none may be from 1 to k − 1. */
function countsIn(results: PromptResults): number[] {
  return [results.answered, results.passed, ...results.counts];
}
const small = (n: number) => n > 0 && n < SHARED_K;

/** Every count in a pulse payload. */
function pulseCounts(pulse: Pulse): number[] {
  return [...Object.values(pulse.recent), ...Object.values(pulse.total), pulse.recentCount, pulse.totalCount, ...pulse.trend];
}

describe("the room display's pulse", () => {
  it("sends no signal's count below the shared k: five phones' I see! shows, one phone's Overwhelmed does not", async () => {
    const { code, sessionId, console, facilitator } = await liveSession(server);
    const screen = await watchingDisplay(facilitator.cookie, sessionId);
    const six = await phones(code, 6);
    expectOk(await request(console, "display:show", { sessionId, shows: "pulse" }));

    const snapshots: DisplaySnapshot[] = [];
    screen.on("display:snapshot", (s) => snapshots.push(s));
    const seen = nextEvent<DisplaySnapshot>(screen, "display:snapshot", (s) => (s.pulse?.recent["i-see"] ?? 0) >= SHARED_K);
    expectOk(await request(six[5], "checkin:send", { id: randomUUID(), signal: "overwhelmed", ageMs: 0 }));
    for (const phone of six.slice(0, 5)) expectOk(await request(phone, "checkin:send", { id: randomUUID(), signal: "i-see", ageMs: 0 }));
    const shown = await seen;

    expect(shown.pulse!.recent["i-see"]).toBe(5);
    expect(shown.pulse!.recent.overwhelmed).toBe(0);
    expect(shown.pulse!.recentCount).toBe(5); // the sum of what is shown: 6 − 5 would be the lone one
    // Every pulse the display was sent on the way: no count from 1 to 4 anywhere in it.
    for (const s of snapshots) if (s.pulse) expect(pulseCounts(s.pulse).filter(small)).toEqual([]);
    // A fresh watch of the display says the same.
    const watched = expectOk(await request(screen, "display:watch", { sessionId }));
    expect(pulseCounts(watched.pulse!).filter(small)).toEqual([]);
    // The console, the facilitator's own, keeps the exact pulse.
    const exact = expectOk(await request(console, "session:watch", { sessionId }));
    expect(exact.pulse.recent.overwhelmed).toBe(1);
  });
});

describe("revealed results", () => {
  it("gives the display and the phones no option's count below k and no total to subtract from; the console's are exact", async () => {
    const { code, sessionId, console, facilitator } = await liveSession(server);
    const screen = await watchingDisplay(facilitator.cookie, sessionId);
    const prompt: PromptView = expectOk(await request(console, "prompt:push", { sessionId, source: choice }));
    const eight = await phones(code, 8);
    for (const phone of eight.slice(0, 6)) await answer(phone, prompt.id, { option: 0 });
    await answer(eight[6], prompt.id, { option: 1 }); // the lone "Curious"
    await answer(eight[7], prompt.id, { pass: true });
    const consoleResults = await nextEvent<{ results: PromptResults }>(console, "results:update", ({ results }) => results.answered + results.passed === 8);
    expect(consoleResults.results).toMatchObject({ answered: 7, passed: 1, counts: [6, 1, 0] });
    // Drawn on the console with its k: the lone one reads "fewer than 3", the total is left out.
    const drawn = withK(consoleResults.results, 3).shown!;
    expect(drawn.counts[1]).toEqual({ kind: "fewer", k: 3 });
    expect(drawn.answered).toEqual({ kind: "hidden" });

    expectOk(await request(console, "display:show", { sessionId, shows: "results" }));
    const phoneHears = nextEvent<{ promptId: string; results: PromptResults } | null>(eight[0], "results:room", (p) => p !== null);
    const screenHears = nextEvent<DisplaySnapshot>(screen, "display:snapshot", (s) => s.results !== null);
    expectOk(await request(console, "prompt:reveal", { sessionId, revealed: true }));
    for (const results of [(await phoneHears)!.results, (await screenHears).results!]) {
      expect(results.counts).toEqual([6, 0, 0]);
      expect(results.shown).toMatchObject({ k: SHARED_K, counts: [{ kind: "count", count: 6 }, { kind: "fewer", k: SHARED_K }, { kind: "count", count: 0 }] });
      expect(results.shown!.answered).toEqual({ kind: "hidden" });
      expect(countsIn(results).filter(small)).toEqual([]);
      expect(results.answered).toBe(0);
    }
    // A phone joining now hears the same, room-safe.
    const late = participantClient(server, { code });
    const lateHears = nextEvent<{ results: PromptResults } | null>(late, "results:room", (p) => p !== null);
    await joined(late);
    expect(countsIn((await lateHears)!.results).filter(small)).toEqual([]);
  });

  it("withholds a reflection's wall from the room until k answers can be shown, then shows it", async () => {
    const { code, sessionId, console, facilitator } = await liveSession(server);
    const screen = await watchingDisplay(facilitator.cookie, sessionId);
    const prompt: PromptView = expectOk(await request(console, "prompt:push", { sessionId, source: reflection }));
    const five = await phones(code, 5);
    for (const [i, phone] of five.slice(0, 4).entries()) await answer(phone, prompt.id, { text: `thought number ${i}` });
    const four = await nextEvent<{ results: PromptResults }>(console, "results:update", ({ results }) => results.answered === 4);
    expect(four.results.wall).toHaveLength(4); // the console sees every answer it moderates

    expectOk(await request(console, "display:show", { sessionId, shows: "results" }));
    const phoneHears = nextEvent<{ promptId: string; results: PromptResults } | null>(five[4], "results:room", (p) => p !== null);
    const screenHears = nextEvent<DisplaySnapshot>(screen, "display:snapshot", (s) => s.results !== null);
    expectOk(await request(console, "prompt:reveal", { sessionId, revealed: true }));
    for (const results of [(await phoneHears)!.results, (await screenHears).results!]) {
      expect(results.wall).toEqual([]);
      expect(results.shown).toMatchObject({ waiting: true, answered: { kind: "fewer", k: SHARED_K } });
      expect(JSON.stringify(results)).not.toContain("thought number");
      expect(countsIn(results).filter(small)).toEqual([]);
    }

    // The fifth answer: the wall reaches the room.
    const wallOnScreen = nextEvent<DisplaySnapshot>(screen, "display:snapshot", (s) => (s.results?.wall.length ?? 0) === 5);
    const wallOnPhone = nextEvent<{ results: PromptResults } | null>(five[0], "results:room", (p) => (p?.results.wall.length ?? 0) === 5);
    await answer(five[4], prompt.id, { text: "thought number 4" });
    expect((await wallOnScreen).results!.shown).toMatchObject({ waiting: false, answered: { kind: "count", count: 5 } });
    await wallOnPhone;

    // Hiding one on the console takes the room's wall back below k: withheld again.
    const one = four.results.wall[0];
    const withheld = nextEvent<DisplaySnapshot>(screen, "display:snapshot", (s) => s.results?.shown?.waiting === true);
    expectOk(await request(console, "answer:moderate", { sessionId, answerId: one.id, hidden: true }));
    expect((await withheld).results!.wall).toEqual([]);
  });
});

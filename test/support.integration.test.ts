/**
 * "I need support" and facilitator cues with real clients against a real
 * server: private to the session's facilitators (owner and co-facilitators),
 * never to other phones or the room display, the asking phone alone told it
 * was seen, refusals for everyone else, rate limits, nothing in the database,
 * and across two nodes.
 */
import type { Socket } from "socket.io-client";
import { describe, expect, it } from "vitest";
import { NAMESPACES } from "../lib/protocol/events.ts";
import type { CueView, SupportRequestView } from "../lib/protocol/room.ts";
import {
  connected,
  expectOk,
  facilitatorClient,
  joined,
  liveSession,
  nextEvent,
  participantClient,
  rawRequest,
  request,
  serverForThisFile,
  signedUpFacilitator,
  type TestServer,
} from "./helpers/server.ts";
import { twoNodes } from "./helpers/two-nodes.ts";

let server!: TestServer;
serverForThisFile((started) => (server = started));

/** Every event a socket hears, by name (to prove what it never heard). */
function overhear(socket: Socket): string[] {
  const heard: string[] = [];
  socket.onAny((event: string, ...args: unknown[]) => heard.push(`${event} ${JSON.stringify(args)}`));
  return heard;
}

/** Rows in every table: support requests and cues must add none. */
async function rowCounts(on: TestServer) {
  const db = on.services.db;
  return {
    facilitator: await db.facilitator.count(),
    authSession: await db.authSession.count(),
    session: await db.session.count(),
    sessionEvent: await db.sessionEvent.count(),
    prompt: await db.prompt.count(),
    checkIn: await db.checkIn.count(),
    participant: await db.participant.count(),
    answer: await db.answer.count(),
    promptTemplate: await db.promptTemplate.count(),
    sessionTemplate: await db.sessionTemplate.count(),
    coFacilitator: await db.coFacilitator.count(),
    invite: await db.invite.count(),
  };
}

/** The owner's live session with a co-facilitator watching, a room display, and phones. */
async function room(on: TestServer, phones = 2) {
  const owned = await liveSession(on);
  const invite = expectOk(await request(owned.console, "team:invite", { sessionId: owned.sessionId }));
  const co = await signedUpFacilitator(on);
  await on.services.team.accept(invite.token, co.facilitator.id);
  const coConsole = facilitatorClient(on, co.cookie);
  await connected(coConsole);
  expectOk(await request(coConsole, "session:watch", { sessionId: owned.sessionId }));
  const display = facilitatorClient(on, owned.facilitator.cookie, NAMESPACES.display);
  await connected(display);
  expectOk(await rawRequest(display, "display:watch", { sessionId: owned.sessionId }));
  const all = Array.from({ length: phones }, () => participantClient(on, { code: owned.code }));
  await Promise.all(all.map(joined));
  return { ...owned, co, coConsole, display, phones: all };
}

const supportCurrent = (console: Socket, test: (requests: SupportRequestView[]) => boolean) =>
  nextEvent<{ requests: SupportRequestView[] }>(console, "support:current", ({ requests }) => test(requests)).then((p) => p.requests);

describe("I need support", () => {
  it("reaches the owner's and the co-facilitator's consoles, never the other phones or the room display; seen and done reach the asking phone alone", async () => {
    const { console: lead, coConsole, display, phones, sessionId } = await room(server, 3);
    const [asker, ...others] = phones;
    const overheard = [display, ...others].map(overhear);
    const before = await rowCounts(server);

    const onLead = supportCurrent(lead, (r) => r.length === 1);
    const onCo = supportCurrent(coConsole, (r) => r.length === 1);
    const { requestId } = expectOk(await request(asker!, "support:ask", { findMe: "  <img src=x onerror=alert(1)> row 3  " }));
    const [leadList, coList] = await Promise.all([onLead, onCo]);
    expect(leadList).toEqual([{ id: requestId, at: expect.any(Number), findMe: "<img src=x onerror=alert(1)> row 3", seen: false }]);
    expect(coList).toEqual(leadList);
    // A console opening now finds it in its snapshot.
    expect(expectOk(await request(lead, "session:watch", { sessionId })).support).toEqual(leadList);

    const seen = nextEvent<{ requestId: string; done: boolean }>(asker!, "support:seen");
    const handled = expectOk(await request(coConsole, "support:handle", { sessionId, requestId, done: false }));
    expect(handled).toEqual([{ ...leadList[0], seen: true }]);
    expect(await seen).toEqual({ requestId, done: false });

    const done = nextEvent<{ requestId: string; done: boolean }>(asker!, "support:seen", (p) => p.done);
    const leadEmpty = supportCurrent(lead, (r) => r.length === 0);
    expect(expectOk(await request(lead, "support:handle", { sessionId, requestId, done: true }))).toEqual([]);
    expect(await done).toEqual({ requestId, done: true });
    await leadEmpty;

    // A round trip on each overheard socket, so anything sent to them has arrived.
    for (const phone of others) expectOk(await request(phone, "support:mine", {}));
    expectOk(await rawRequest(display, "display:watch", { sessionId }));
    for (const heard of overheard) expect(heard.filter((e) => /support|cue|row 3/.test(e))).toEqual([]);
    expect(await rowCounts(server)).toEqual(before);
  });

  it("one open request per phone: asking again replaces it", async () => {
    const { console: lead, phones } = await room(server, 1);
    const phone = phones[0]!;
    const first = expectOk(await request(phone, "support:ask", { findMe: null }));
    const replaced = supportCurrent(lead, (r) => r.length === 1 && r[0]!.findMe === "Sam");
    const second = expectOk(await request(phone, "support:ask", { findMe: "Sam" }));
    expect((await replaced)[0]!.id).toBe(second.requestId);
    expect(second.requestId).not.toBe(first.requestId);
  });

  it("a phone back with its resume token finds its request, and a cancel leaves the console's list", async () => {
    const { console: lead, code } = await room(server, 0);
    const phone = participantClient(server, { code });
    const { resumeToken } = await joined(phone);
    const { requestId } = expectOk(await request(phone, "support:ask", { findMe: null }));
    phone.disconnect();
    const back = participantClient(server, { code, resumeToken });
    await joined(back);
    expect(expectOk(await request(back, "support:mine", {}))).toEqual({ requestId, seen: false });
    const empty = supportCurrent(lead, (r) => r.length === 0);
    expect(expectOk(await request(back, "support:cancel", { requestId }))).toBeNull();
    await empty;
  });

  it("refuses a find-me text that is too long, and a fourth request within ten minutes", async () => {
    const { phones } = await room(server, 1);
    const phone = phones[0]!;
    const long = await request(phone, "support:ask", { findMe: "x".repeat(61) });
    expect(long.ok ? null : long.error.code).toBe("BAD_REQUEST");
    for (let i = 0; i < 3; i++) expectOk(await request(phone, "support:ask", { findMe: `try ${i}` }));
    const fourth = await request(phone, "support:ask", { findMe: null });
    expect(fourth.ok ? null : fourth.error).toMatchObject({ code: "RATE_LIMITED", message: expect.stringMatching(/facilitator/) });
  });

  it("refuses support:handle and cue:send to phones, the room display and a facilitator of another session", async () => {
    const { sessionId, phones, display } = await room(server, 1);
    const stranger = await liveSession(server, "Someone else's session");
    for (const socket of [phones[0]!, display]) {
      for (const [event, payload] of [
        ["support:handle", { sessionId, requestId: "abc", done: true }],
        ["cue:send", { sessionId, text: "hello" }],
      ] as const) {
        const ack = await rawRequest(socket, event, payload);
        expect(ack.ok ? null : ack.error.code).toBe("FORBIDDEN");
      }
    }
    const handle = await request(stranger.console, "support:handle", { sessionId, requestId: "abc", done: true });
    const cue = await request(stranger.console, "cue:send", { sessionId, text: "hello" });
    expect([handle.ok ? null : handle.error.code, cue.ok ? null : cue.error.code]).toEqual(["NOT_FOUND", "NOT_FOUND"]);
    const ask = await rawRequest(stranger.console, "support:ask", { findMe: null });
    expect(ask.ok ? null : ask.error.code).toBe("FORBIDDEN");
  });
});

describe("cues between facilitators", () => {
  it("a co-facilitator's cue reaches the lead's console, never the phones or the display, and is kept for a console opening later", async () => {
    const { console: lead, coConsole, display, phones, sessionId, co } = await room(server, 2);
    const overheard = [display, ...phones].map(overhear);
    const ownEcho = overhear(coConsole);
    const before = await rowCounts(server);
    const received = nextEvent<{ cue: CueView }>(lead, "cue:received");
    const sent = expectOk(await request(coConsole, "cue:send", { sessionId, text: " 2 minutes left " }));
    expect(sent).toMatchObject({ text: "2 minutes left", fromRole: "co", fromName: co.facilitator.email });
    expect((await received).cue).toEqual(sent);
    expect(expectOk(await request(lead, "session:watch", { sessionId })).cues).toEqual([sent]);

    for (const phone of phones) expectOk(await request(phone, "support:mine", {}));
    expectOk(await rawRequest(display, "display:watch", { sessionId }));
    for (const heard of overheard) expect(heard.filter((e) => /cue|minutes left/.test(e))).toEqual([]);
    expect(ownEcho.filter((e) => e.startsWith("cue:received"))).toEqual([]);
    expect(await rowCounts(server)).toEqual(before);
  });

  it("refuses an empty or too long cue, and too many in a minute", async () => {
    const { console: lead, sessionId } = await room(server, 0);
    for (const text of ["   ", "x".repeat(81)]) {
      const ack = await request(lead, "cue:send", { sessionId, text });
      expect(ack.ok ? null : ack.error.code).toBe("BAD_REQUEST");
    }
    for (let i = 0; i < 10; i++) expectOk(await request(lead, "cue:send", { sessionId, text: `cue ${i}` }));
    const more = await request(lead, "cue:send", { sessionId, text: "one more" });
    expect(more.ok ? null : more.error.code).toBe("RATE_LIMITED");
  });
});

describe("across two nodes", () => {
  const nodes = twoNodes();

  it("a request from a phone on node 2 shows on node 1's console; seen on node 1 reaches the phone on node 2; a cue crosses too", async () => {
    const { a, b } = nodes;
    const { console: lead, sessionId, code, facilitator } = await liveSession(a);
    const phone = participantClient(b, { code });
    await joined(phone);
    const listed = supportCurrent(lead, (r) => r.length === 1);
    const { requestId } = expectOk(await request(phone, "support:ask", { findMe: "seat 12" }));
    expect((await listed)[0]).toMatchObject({ id: requestId, findMe: "seat 12" });
    const seen = nextEvent<{ requestId: string; done: boolean }>(phone, "support:seen");
    expectOk(await request(lead, "support:handle", { sessionId, requestId, done: false }));
    expect(await seen).toEqual({ requestId, done: false });

    // The owner's second console, on node 2, hears a cue sent from node 1.
    const leadOnB = facilitatorClient(b, facilitator.cookie);
    await connected(leadOnB);
    expectOk(await request(leadOnB, "session:watch", { sessionId }));
    const cue = nextEvent<{ cue: CueView }>(leadOnB, "cue:received");
    const sent = expectOk(await request(lead, "cue:send", { sessionId, text: "Check the chat" }));
    expect((await cue).cue).toEqual(sent);
  });
});

/**
 * The palette and the preparations before going live, through real sockets:
 * a palette edit reaches phones and every console at once, check-ins under a
 * removed signal stay counted, and the note and checklist round-trip into
 * the consoles' and the phones' snapshots.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEFAULT_PALETTE, type Signal } from "../lib/content.ts";
import { GO_LIVE_CHECKLIST } from "../lib/library/checklist.ts";
import type { Pulse } from "../lib/pulse.ts";
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

const stored = async (sessionId: string) => {
  const row = await server.services.db.session.findUniqueOrThrow({ where: { id: sessionId } });
  return { palette: JSON.parse(row.palette) as Signal[], confidentialityNote: row.confidentialityNote, checklist: JSON.parse(row.checklist) as string[] };
};

/** A second console on the same session (another tab, or a co-facilitator's). */
async function secondConsole(cookie: string, sessionId: string) {
  const other = facilitatorClient(server, cookie);
  await connected(other);
  expectOk(await request(other, "session:watch", { sessionId }));
  return other;
}

const tap = (phone: ReturnType<typeof participantClient>, signal: string) => request(phone, "checkin:send", { id: randomUUID(), signal, ageMs: 0 });

describe("palette:set", () => {
  it("reaches the phones and every console at once, keys settled by the server and stored", async () => {
    const { sessionId, code, console, facilitator } = await liveSession(server);
    const other = await secondConsole(facilitator.cookie, sessionId);
    const phone = participantClient(server, { code });
    await joined(phone);

    const edited = [
      { key: "moved", emoji: "💗", label: "Touched", meaning: "Something reached me." },
      { emoji: "🌬️", label: "Need air", meaning: "I'd like a window open." },
      ...DEFAULT_PALETTE.filter((s) => s.key === "i-see"),
    ];
    const onPhone = nextEvent<Signal[]>(phone, "palette:current");
    const onOther = nextEvent<{ sessionId: string; palette: Signal[] }>(other, "palette:current");
    const onSelf = nextEvent<{ sessionId: string; palette: Signal[] }>(console, "palette:current");
    const palette = expectOk(await request(console, "palette:set", { sessionId, palette: edited }));

    expect(palette).toEqual([
      { key: "moved", emoji: "💗", label: "Touched", meaning: "Something reached me." },
      { key: "need-air", emoji: "🌬️", label: "Need air", meaning: "I'd like a window open." },
      { key: "i-see", emoji: "💡", label: "I see!" },
    ]);
    expect(await onPhone).toEqual(palette);
    expect(await onOther).toEqual({ sessionId, palette });
    expect(await onSelf).toEqual({ sessionId, palette });
    expect((await stored(sessionId)).palette).toEqual(palette);

    // The new signal can be tapped at once; a phone joining now is sent the new palette.
    expect(expectOk(await tap(phone, "need-air")).duplicate).toBe(false);
    const late = participantClient(server, { code });
    expect((await joined(late)).palette).toEqual(palette);
  });

  it("can be set while the session is a draft, and refuses once it has ended", async () => {
    const facilitator = await signedUpFacilitator(server);
    const { id: sessionId } = await server.services.sessions.create(facilitator.facilitator.id, "Draft palette");
    const console = facilitatorClient(server, facilitator.cookie);
    await connected(console);
    expectOk(await request(console, "session:watch", { sessionId }));
    const palette = expectOk(await request(console, "palette:set", { sessionId, palette: [{ emoji: "🌱", label: "Growing" }] }));
    expect(palette).toEqual([{ key: "growing", emoji: "🌱", label: "Growing" }]);
    expectOk(await request(console, "session:start", { sessionId }));
    expect(expectOk(await request(console, "session:watch", { sessionId })).palette).toEqual(palette);
    expectOk(await request(console, "session:end", { sessionId }));
    const refused = await request(console, "palette:set", { sessionId, palette: DEFAULT_PALETTE.slice() });
    expect(refused).toMatchObject({ ok: false, error: { code: "SESSION_NOT_LIVE" } });
    expect((await stored(sessionId)).palette).toEqual(palette);
  });

  it("refuses 13 signals, repeated keys and bad keys, and changes nothing", async () => {
    const { sessionId, console } = await liveSession(server);
    const thirteen = Array.from({ length: 13 }, (_, i) => ({ emoji: "🌱", label: `Signal ${i + 1}` }));
    const attempts = [
      thirteen,
      [],
      [{ key: "same", emoji: "🌱", label: "A" }, { key: "same", emoji: "🌿", label: "B" }],
      [{ key: "Not a key!", emoji: "🌱", label: "A" }],
      [{ emoji: "🌱🌱", label: "Two emoji" }],
      [{ emoji: "🌱", label: "Line\nbreak" }],
    ];
    for (const palette of attempts) {
      const ack = await rawRequest(console, "palette:set", { sessionId, palette });
      expect(ack, JSON.stringify(palette)).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    }
    expect((await stored(sessionId)).palette).toEqual(DEFAULT_PALETTE);
    expect(expectOk(await request(console, "session:watch", { sessionId })).palette).toEqual(DEFAULT_PALETTE);
  });

  it("is refused to a participant and to the facilitator of another session", async () => {
    const { sessionId, code } = await liveSession(server);
    const phone = participantClient(server, { code });
    await joined(phone);
    // Console events are not offered to phones at all.
    expect(await rawRequest(phone, "palette:set", { sessionId, palette: [{ emoji: "🌱", label: "Mine" }] })).toMatchObject({
      ok: false,
      error: { code: "FORBIDDEN" },
    });
    expect(await rawRequest(phone, "session:prepare", { sessionId, confidentialityNote: "Mine" })).toMatchObject({
      ok: false,
      error: { code: "FORBIDDEN" },
    });

    const stranger = await signedUpFacilitator(server);
    const theirs = facilitatorClient(server, stranger.cookie);
    await connected(theirs);
    expect(await request(theirs, "palette:set", { sessionId, palette: [{ emoji: "🌱", label: "Mine" }] })).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND" },
    });
    expect(await request(theirs, "session:prepare", { sessionId, confidentialityNote: "Mine", checklist: ["privacy"] })).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND" },
    });
    expect(await stored(sessionId)).toEqual({ palette: DEFAULT_PALETTE, confidentialityNote: null, checklist: [] });
  });
});

describe("a removed signal", () => {
  it("can no longer be tapped, and its check-ins stay in the totals, for this console and after a reload", async () => {
    const { sessionId, code, console, facilitator } = await liveSession(server);
    const phone = participantClient(server, { code });
    await joined(phone);
    for (const signal of ["moved", "moved", "i-see"]) expectOk(await tap(phone, signal));

    const withoutMoved = DEFAULT_PALETTE.filter((s) => s.key !== "moved");
    const onPhone = nextEvent<Signal[]>(phone, "palette:current");
    const pulseAfter = nextEvent<{ pulse: Pulse }>(console, "pulse:update", ({ pulse }) => !("moved" in pulse.recent) || pulse.totalCount === 3);
    expectOk(await request(console, "palette:set", { sessionId, palette: withoutMoved }));
    expect((await onPhone).map((s) => s.key)).not.toContain("moved");

    // A phone that had not heard yet (an outbox sending later): refused, as any signal not on the palette.
    expect(await tap(phone, "moved")).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    expect(await server.services.db.checkIn.count({ where: { sessionId, signal: "moved" } })).toBe(2);

    const { pulse } = await pulseAfter;
    expect(pulse.totalCount).toBe(3);
    expect(pulse.total.moved).toBe(2);
    // A console opened now, on a session loaded afresh from the database, counts them too.
    const reloaded = await secondConsole(facilitator.cookie, sessionId);
    const snapshot = expectOk(await request(reloaded, "session:watch", { sessionId }));
    expect(snapshot.pulse.totalCount).toBe(3);
    expect(snapshot.pulse.total.moved).toBe(2);

    // A new signal with the same label does not inherit them; the old key put back shows them again.
    const again = expectOk(
      await request(console, "palette:set", { sessionId, palette: [...withoutMoved, { emoji: "💗", label: "Moved" }] }),
    );
    expect(again.at(-1)?.key).toBe("moved-2");
    const restored = expectOk(await request(console, "palette:set", { sessionId, palette: DEFAULT_PALETTE.slice() }));
    expect(restored.map((s) => s.key)).toContain("moved");
    expect(expectOk(await tap(phone, "moved")).duplicate).toBe(false);
  });
});

describe("session:prepare", () => {
  it("round-trips the note and the checklist, tells every console, and leaves out what is not sent", async () => {
    const { sessionId, console, facilitator } = await liveSession(server);
    const other = await secondConsole(facilitator.cookie, sessionId);
    const keys = GO_LIVE_CHECKLIST.map((item) => item.key);

    const heard = nextEvent<{ sessionId: string; confidentialityNote: string | null; checklist: string[] }>(other, "session:prepared");
    const prepared = expectOk(
      await request(console, "session:prepare", { sessionId, confidentialityNote: "  What is said here stays here.  ", checklist: [keys[5], keys[0]] }),
    );
    expect(prepared).toEqual({ confidentialityNote: "What is said here stays here.", checklist: [keys[0], keys[5]] });
    expect(await heard).toEqual({ sessionId, ...prepared });

    // The checklist alone: the note stays.
    const ticked = expectOk(await request(console, "session:prepare", { sessionId, checklist: [keys[0], keys[5], keys[13]] }));
    expect(ticked).toEqual({ confidentialityNote: "What is said here stays here.", checklist: [keys[0], keys[5], keys[13]] });
    const snapshot = expectOk(await request(other, "session:watch", { sessionId }));
    expect({ note: snapshot.confidentialityNote, checklist: snapshot.checklist }).toEqual({ note: ticked.confidentialityNote, checklist: ticked.checklist });
    expect(await stored(sessionId)).toMatchObject(ticked);

    // null: back to the default words.
    expect(expectOk(await request(console, "session:prepare", { sessionId, confidentialityNote: null })).confidentialityNote).toBeNull();
  });

  it("refuses unknown checklist keys and a note over 500 characters, and changes nothing", async () => {
    const { sessionId, console } = await liveSession(server);
    expectOk(await request(console, "session:prepare", { sessionId, confidentialityNote: "Kept", checklist: ["privacy"] }));
    for (const payload of [{ checklist: ["made-up"] }, { confidentialityNote: "n".repeat(501) }, { checklist: "privacy" }, { note: "x" }]) {
      expect(await rawRequest(console, "session:prepare", { sessionId, ...payload }), JSON.stringify(payload)).toMatchObject({
        ok: false,
        error: { code: "BAD_REQUEST" },
      });
    }
    expect(await stored(sessionId)).toMatchObject({ confidentialityNote: "Kept", checklist: ["privacy"] });
  });

  it("puts the note in a phone's snapshot: null for the default words, the session's own once written", async () => {
    const { sessionId, code, console } = await liveSession(server);
    const first = participantClient(server, { code });
    expect((await joined(first)).confidentialityNote).toBeNull();
    expectOk(await request(console, "session:prepare", { sessionId, confidentialityNote: "Only the group sees this.\n<b>Not bold</b>" }));
    const second = participantClient(server, { code });
    // As written: the phone renders it as text.
    expect((await joined(second)).confidentialityNote).toBe("Only the group sees this.\n<b>Not bold</b>");
  });
});

describe("across two nodes", () => {
  const nodes = twoNodes();

  it("a palette and a note set on one node reach the phones and consoles of the other, which takes taps by the new palette", async () => {
    const { a, b } = nodes;
    const { sessionId, code, console, facilitator } = await liveSession(a);
    const phoneOnB = participantClient(b, { code });
    await joined(phoneOnB);
    const consoleOnB = facilitatorClient(b, facilitator.cookie);
    await connected(consoleOnB);
    expectOk(await request(consoleOnB, "session:watch", { sessionId }));

    const onPhone = nextEvent<Signal[]>(phoneOnB, "palette:current", () => true, 10_000);
    const onConsole = nextEvent<{ palette: Signal[] }>(consoleOnB, "palette:current", () => true, 10_000);
    const palette = expectOk(await request(console, "palette:set", { sessionId, palette: [{ emoji: "🌬️", label: "Need air" }, ...DEFAULT_PALETTE.slice(1)] }));
    expect(await onPhone).toEqual(palette);
    expect((await onConsole).palette).toEqual(palette);
    expect(expectOk(await tap(phoneOnB, "need-air")).duplicate).toBe(false);
    expect(await tap(phoneOnB, "energy-shift")).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });

    const prepared = nextEvent<{ confidentialityNote: string | null; checklist: string[] }>(consoleOnB, "session:prepared", () => true, 10_000);
    expectOk(await request(console, "session:prepare", { sessionId, confidentialityNote: "Stays here.", checklist: ["privacy"] }));
    expect(await prepared).toMatchObject({ confidentialityNote: "Stays here.", checklist: ["privacy"] });
    expect((await joined(participantClient(b, { code }))).confidentialityNote).toBe("Stays here.");
  });
});

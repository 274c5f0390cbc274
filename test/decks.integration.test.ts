/**
 * Decks and templates through real sockets and the real database: a deck
 * changed from one console reaches every console, refusals change nothing,
 * a push from the deck marks its item, and sessions start from practice
 * exercises, session templates and previous sessions with their deck,
 * palette and note.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_PALETTE } from "../lib/content.ts";
import type { DeckItem, NewDeckItem } from "../lib/library/deck.ts";
import { MAX_DECK_LENGTH } from "../lib/library/limits.ts";
import { BUILT_IN_SESSION_TEMPLATES } from "../lib/library/templates.ts";
import { parseDeck } from "../lib/library/deck.ts";
import {
  connected,
  expectOk,
  facilitatorClient,
  type FacilitatorClient,
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

let server!: TestServer;
serverForThisFile((started) => (server = started));

const card = (title: string): NewDeckItem => ({ content: { kind: "script", title, body: `${title}, slowly.` }, from: null, note: null });
const scale: NewDeckItem = {
  content: { kind: "scale", title: "Readiness", body: "How ready are you?", labels: { low: "Not yet", high: "Ready" } },
  from: "readiness-check",
  note: "Before going deeper.",
};
const titles = (deck: DeckItem[]) => deck.map((item) => item.content.title);
const stored = async (sessionId: string) => parseDeck((await server.services.db.session.findUniqueOrThrow({ where: { id: sessionId } })).deck);

/** A facilitator's draft session and a console watching it. */
async function draftSession() {
  const facilitator = await signedUpFacilitator(server);
  const session = await server.services.sessions.create(facilitator.facilitator.id, "Deck practice");
  const console = facilitatorClient(server, facilitator.cookie);
  await connected(console);
  const snapshot = expectOk(await request(console, "session:watch", { sessionId: session.id }));
  return { facilitator, sessionId: session.id, console, snapshot };
}

async function change(console: FacilitatorClient, sessionId: string, deckChange: unknown) {
  return rawRequest(console, "deck:change", { sessionId, change: deckChange });
}

describe("a session's deck", () => {
  it("starts empty, and is changed, ordered and stored by the console before going live", async () => {
    const { sessionId, console, snapshot } = await draftSession();
    expect(snapshot.deck).toEqual([]);
    let deck = expectOk(await request(console, "deck:change", { sessionId, change: { op: "add", items: [card("A"), card("B"), scale] } }));
    expect(titles(deck)).toEqual(["A", "B", "Readiness"]);
    expect(deck[2]).toMatchObject({ from: "readiness-check", note: "Before going deeper.", pushedAt: null });
    deck = expectOk(await request(console, "deck:change", { sessionId, change: { op: "add", items: [card("First")], at: 0 } }));
    deck = expectOk(await request(console, "deck:change", { sessionId, change: { op: "move", itemId: deck[3]!.id, to: 1 } }));
    expect(titles(deck)).toEqual(["First", "Readiness", "A", "B"]);
    deck = expectOk(await request(console, "deck:change", { sessionId, change: { op: "remove", itemId: deck[2]!.id } }));
    expect(titles(deck)).toEqual(["First", "Readiness", "B"]);
    expect(await stored(sessionId)).toEqual(deck);
    // A console that watches later is given the deck in its snapshot.
    expect(expectOk(await request(console, "session:watch", { sessionId })).deck).toEqual(deck);
    deck = expectOk(await request(console, "deck:change", { sessionId, change: { op: "replace", items: [card("Only")] } }));
    expect(titles(await stored(sessionId))).toEqual(["Only"]);
  });

  it("reaches every console of the session at once (deck:current)", async () => {
    const { facilitator, sessionId, console } = await draftSession();
    const second = facilitatorClient(server, facilitator.cookie);
    await connected(second);
    expectOk(await request(second, "session:watch", { sessionId }));
    const heard = nextEvent<{ sessionId: string; deck: DeckItem[] }>(second, "deck:current");
    const deck = expectOk(await request(console, "deck:change", { sessionId, change: { op: "add", items: [card("Shared")] } }));
    expect(await heard).toEqual({ sessionId, deck });
  });

  it.each([
    ["an unknown op", { op: "shuffle" }],
    ["an item not in the deck", { op: "remove", itemId: "nothere" }],
    ["a move of an item not in the deck", { op: "move", itemId: "nothere", to: 0 }],
    ["a choice of one option", { op: "add", items: [{ ...card("x"), content: { kind: "choice", title: "x", body: "y", options: ["only"] } }] }],
    ["a pushed time", { op: "add", items: [{ ...card("x"), pushedAt: 5 }] }],
    ["too many prompts", { op: "add", items: Array.from({ length: MAX_DECK_LENGTH + 1 }, (_, i) => card(`P${i}`)) }],
  ])("refuses %s, and changes nothing", async (_, bad) => {
    const { sessionId, console } = await draftSession();
    const deck = expectOk(await request(console, "deck:change", { sessionId, change: { op: "add", items: [card("Kept")] } }));
    const ack = await change(console, sessionId, bad);
    expect(ack).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    expect(await stored(sessionId)).toEqual(deck);
  });

  it("refuses a deck past its limit even one prompt at a time", async () => {
    const { sessionId, console } = await draftSession();
    expectOk(await request(console, "deck:change", { sessionId, change: { op: "add", items: Array.from({ length: MAX_DECK_LENGTH }, (_, i) => card(`P${i}`)) } }));
    expect(await change(console, sessionId, { op: "add", items: [card("One more")] })).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    expect(await stored(sessionId)).toHaveLength(MAX_DECK_LENGTH);
  });

  it("is refused to a facilitator of another session, who cannot tell it exists", async () => {
    const { sessionId, console } = await draftSession();
    const deck = expectOk(await request(console, "deck:change", { sessionId, change: { op: "add", items: [card("Mine")] } }));
    const stranger = await signedUpFacilitator(server);
    const theirs = facilitatorClient(server, stranger.cookie);
    await connected(theirs);
    expect(await change(theirs, sessionId, { op: "remove", itemId: deck[0]!.id })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await change(theirs, sessionId, { op: "add", items: [card("Theirs")] })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await stored(sessionId)).toEqual(deck);
  });

  it("is not a participant's to change", async () => {
    const { sessionId, code, console } = await liveSession(server);
    const deck = expectOk(await request(console, "deck:change", { sessionId, change: { op: "add", items: [card("Facilitator's")] } }));
    const phone = participantClient(server, { code });
    await joined(phone);
    const ack = await rawRequest(phone, "deck:change", { sessionId, change: { op: "replace", items: [] } });
    expect(ack).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await stored(sessionId)).toEqual(deck);
  });

  it("is refused without a sign-in or with a malformed session id", async () => {
    const { sessionId, console } = await draftSession();
    expect(await rawRequest(console, "deck:change", { sessionId: "../x", change: { op: "replace", items: [] } })).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    expect(await rawRequest(console, "deck:change", { sessionId, change: { op: "replace", items: [] }, extra: 1 })).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
  });

  it("stays as it was once the session has ended", async () => {
    const { sessionId, console } = await liveSession(server);
    const deck = expectOk(await request(console, "deck:change", { sessionId, change: { op: "add", items: [card("Before the end")] } }));
    expectOk(await request(console, "session:end", { sessionId }));
    expect(await change(console, sessionId, { op: "replace", items: [] })).toMatchObject({ ok: false, error: { code: "SESSION_NOT_LIVE" } });
    expect(await stored(sessionId)).toEqual(deck);
  });
});

describe("pushing from the deck", () => {
  it("marks the item pushed, for every console, and Push next goes on after it", async () => {
    const { facilitator, sessionId, console } = await liveSession(server);
    const second = facilitatorClient(server, facilitator.cookie);
    await connected(second);
    expectOk(await request(second, "session:watch", { sessionId }));
    const deck = expectOk(await request(console, "deck:change", { sessionId, change: { op: "add", items: [card("One"), scale, card("Three")] } }));
    const heard = nextEvent<{ deck: DeckItem[] }>(second, "deck:current", ({ deck }) => deck[1]?.pushedAt !== null);
    const prompt = expectOk(await request(console, "prompt:push", { sessionId, source: { kind: "content", content: deck[1]!.content }, deckItemId: deck[1]!.id }));
    expect(prompt).toMatchObject({ kind: "scale", title: "Readiness", labels: { low: "Not yet", high: "Ready" } });
    const marked = (await heard).deck;
    expect(marked.map((item) => item.pushedAt !== null)).toEqual([false, true, false]);
    expect(marked[1]!.pushedAt).toBe(prompt.pushedAt);
    expect(await stored(sessionId)).toEqual(marked);
  });

  it("pushes a built-in template by key and marks its item", async () => {
    const { sessionId, console } = await liveSession(server);
    const deck = expectOk(await request(console, "deck:change", { sessionId, change: { op: "add", items: [scale] } }));
    const prompt = expectOk(await request(console, "prompt:push", { sessionId, source: { kind: "library", key: "readiness-check" }, deckItemId: deck[0]!.id }));
    expect(prompt.kind).toBe("scale");
    expect((await stored(sessionId))[0]!.pushedAt).toBe(prompt.pushedAt);
  });

  it("a push naming an item removed meanwhile still pushes, and the deck is unchanged", async () => {
    const { sessionId, console } = await liveSession(server);
    const deck = expectOk(await request(console, "deck:change", { sessionId, change: { op: "add", items: [card("Stays")] } }));
    expectOk(await request(console, "prompt:push", { sessionId, source: { kind: "text", text: "Typed" }, deckItemId: "removedmeanwhile" }));
    expect(await stored(sessionId)).toEqual(deck);
  });
});

describe("own templates", () => {
  const reflection = { kind: "reflection", title: "What stayed", body: "What stays with you?", phase: "after", note: "At the close." } as const;

  it("are created, listed, edited, duplicated and deleted by their owner only", async () => {
    const { templates } = server.services;
    const owner = (await signedUpFacilitator(server)).facilitator.id;
    const stranger = (await signedUpFacilitator(server)).facilitator.id;
    const now = new Date();
    const created = await templates.create(owner, reflection, now);
    expect(created).toMatchObject({ own: true, template: reflection });
    expect(created.ref).toMatch(/^mine:/);
    const choice = await templates.create(owner, { kind: "choice", title: "Pick", body: "Which?", options: ["One", "Two"], phase: "during", note: "Any time." }, now);
    expect((await templates.list(owner)).map((e) => e.ref).sort()).toEqual([created.ref, choice.ref].sort());
    expect(await templates.list(stranger)).toEqual([]);

    const id = created.ref.slice("mine:".length);
    const edited = await templates.update(owner, id, { ...reflection, title: "What stays" }, new Date(now.getTime() + 1000));
    expect(edited.template.title).toBe("What stays");
    await expect(templates.update(stranger, id, reflection, now)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(templates.remove(stranger, id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(templates.duplicate(stranger, created.ref, "Stolen", now)).rejects.toMatchObject({ code: "NOT_FOUND" });

    const copy = await templates.duplicate(owner, created.ref, "Copy of What stays", now);
    expect(copy.template).toEqual({ ...edited.template, title: "Copy of What stays" });
    const builtIn = await templates.duplicate(owner, "commitment", "My commitment", now);
    expect(builtIn.template).toMatchObject({ kind: "scale", title: "My commitment", labels: { low: "Still deciding", high: "Fully committed" } });
    await expect(templates.duplicate(owner, "no-such-template", "x", now)).rejects.toMatchObject({ code: "NOT_FOUND" });

    await templates.remove(owner, id);
    expect((await templates.list(owner)).map((e) => e.ref)).not.toContain(created.ref);
    await expect(templates.remove(owner, id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("starting a session from somewhere", () => {
  it("from a practice exercise: its deck, in order, with the default palette", async () => {
    const owner = (await signedUpFacilitator(server)).facilitator.id;
    const exercise = BUILT_IN_SESSION_TEMPLATES[2]!;
    const session = await server.services.templates.createSession(owner, "Integration practice", { kind: "exercise", key: exercise.key });
    const row = await server.services.db.session.findUniqueOrThrow({ where: { id: session.id } });
    const deck = parseDeck(row.deck);
    expect(deck.map((item) => item.from)).toEqual(exercise.deck);
    expect(deck.every((item) => item.pushedAt === null && item.note)).toBe(true);
    expect(JSON.parse(row.palette)).toEqual(DEFAULT_PALETTE);
    await expect(server.services.templates.createSession(owner, "x", { kind: "exercise", key: "no-such-exercise" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("from a previous session, or a session template saved from it: the same deck, palette and note, nothing pushed", async () => {
    const { facilitator, sessionId, console } = await liveSession(server);
    const owner = facilitator.facilitator.id;
    const palette = [DEFAULT_PALETTE[0], { ...DEFAULT_PALETTE[1]!, label: "Renamed" }];
    await server.services.db.session.update({ where: { id: sessionId }, data: { palette: JSON.stringify(palette), confidentialityNote: "Stays in the room." } });
    const deck = expectOk(await request(console, "deck:change", { sessionId, change: { op: "add", items: [card("One"), scale] } }));
    expectOk(await request(console, "prompt:push", { sessionId, source: { kind: "content", content: deck[0]!.content }, deckItemId: deck[0]!.id }));

    const expectCopied = async (id: string) => {
      const row = await server.services.db.session.findUniqueOrThrow({ where: { id } });
      const copied = parseDeck(row.deck);
      expect(copied.map(({ content, from, note }) => ({ content, from, note }))).toEqual(deck.map(({ content, from, note }) => ({ content, from, note })));
      expect(copied.every((item) => item.pushedAt === null && !deck.some((d) => d.id === item.id))).toBe(true);
      expect(JSON.parse(row.palette)).toEqual(palette);
      expect(row).toMatchObject({ confidentialityNote: "Stays in the room.", status: "draft", ownerId: owner });
    };
    await expectCopied((await server.services.templates.createSession(owner, "Again", { kind: "session", id: sessionId })).id);

    const saved = await server.services.templates.saveSession(owner, sessionId, "My practice", "Two prompts.", new Date());
    expect(saved).toMatchObject({ title: "My practice", description: "Two prompts.", deck: ["One", "Readiness"] });
    expect((await server.services.templates.listSessionTemplates(owner)).map((t) => t.id)).toEqual([saved.id]);
    await expectCopied((await server.services.templates.createSession(owner, "From my template", { kind: "template", id: saved.id })).id);

    // Nobody else's session or template is anyone's to start from, save or delete.
    const stranger = (await signedUpFacilitator(server)).facilitator.id;
    await expect(server.services.templates.createSession(stranger, "x", { kind: "session", id: sessionId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(server.services.templates.createSession(stranger, "x", { kind: "template", id: saved.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(server.services.templates.saveSession(stranger, sessionId, "x", "", new Date())).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(server.services.templates.removeSessionTemplate(stranger, saved.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await server.services.templates.removeSessionTemplate(owner, saved.id);
    expect(await server.services.templates.listSessionTemplates(owner)).toEqual([]);
  });

  it("blank: no deck, the default palette", async () => {
    const owner = (await signedUpFacilitator(server)).facilitator.id;
    const session = await server.services.templates.createSession(owner, "Blank", { kind: "blank" });
    const row = await server.services.db.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(row.deck).toBe("[]");
    expect(JSON.parse(row.palette)).toEqual(DEFAULT_PALETTE);
  });
});

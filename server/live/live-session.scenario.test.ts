/**
 * The live session driven directly: a manual clock, an outbound that records
 * what each audience would hear, and stores in memory. No network, no waiting.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_PALETTE } from "../../lib/content";
import { AppError } from "../../lib/protocol/errors";
import { contentOfSource } from "../domain/sessions";
import type { PromptSource } from "../../lib/protocol/schemas";
import type { PromptView } from "../../lib/protocol/views";
import { PulseCounter } from "../../lib/pulse-counter";
import { ManualClock } from "./clock";
import { LiveSession, type CheckInStore, type SessionRecord, type SessionStore } from "./live-session";
import type { LiveOutbound } from "./outbound";

type Heard = { audience: "phones" | "consoles" | "displays"; event: string; args: unknown[] };

function recordingOutbound() {
  const heard: Heard[] = [];
  const disconnected: number[] = [];
  const outbound: LiveOutbound = {
    toPhones: (_id, event, ...args) => void heard.push({ audience: "phones", event, args }),
    toConsoles: (_id, event, ...args) => void heard.push({ audience: "consoles", event, args }),
    toDisplays: (_id, event, ...args) => void heard.push({ audience: "displays", event, args }),
    toPhoneSocket: () => {},
    toConsolesExcept: () => {},
    disconnectPhones: () => void disconnected.push(heard.length),
  };
  const of = (audience: Heard["audience"], event: string) => heard.filter((h) => h.audience === audience && h.event === event);
  return { outbound, heard, disconnected, of };
}

/** The database's rules, in memory: conditional status writes, one open prompt. */
function memoryStore(record: SessionRecord) {
  const stored = new Map<string, { signal: string; at: Date }>();
  let prompts = 0;
  let open: PromptView | null = null;
  /** How the next prompt's write goes: refused (the session ended elsewhere), or held until a promise settles. */
  let nextPromptWrite: { refuse: boolean; hold: Promise<void> | null } = { refuse: false, hold: null };
  const sessions: SessionStore = {
    async start(_id, now) {
      if (record.status === "draft") record = { ...record, status: "live", joinCode: "K7M3QX", startedAt: now };
      if (record.status === "ended") throw new AppError("BAD_REQUEST", "This session has ended; create a new one.");
      return record;
    },
    async end(_id, now) {
      await Promise.resolve();
      if (record.status !== "ended") record = { ...record, status: "ended", endedAt: now };
      return record;
    },
    pushPrompt(id, source: PromptSource, now) {
      prompts += 1;
      const content = contentOfSource(source);
      const prompt: PromptView = {
        id: `${id}-p${prompts}`,
        kind: content.kind,
        technique: content.technique ?? null,
        title: content.title,
        body: content.body,
        labels: content.kind === "scale" ? content.labels : null,
        options: content.kind === "choice" ? content.options : null,
        revealed: false,
        pushedAt: now.getTime(),
      };
      const { refuse, hold } = nextPromptWrite;
      nextPromptWrite = { refuse: false, hold: null };
      const stored = (async () => {
        await (hold ?? Promise.resolve());
        if (record.status !== "live" || refuse) throw new AppError("SESSION_NOT_LIVE");
        open = prompt;
      })();
      return { prompt, stored };
    },
    async closePrompt() {
      if (record.status !== "live") throw new AppError("SESSION_NOT_LIVE");
      open = null;
    },
    async reveal(_id, promptId, revealed) {
      await Promise.resolve();
      if (record.status !== "live" || open?.id !== promptId) throw new AppError("SESSION_NOT_LIVE", "That prompt has closed.");
      open = { ...open, revealed };
      return open;
    },
    async setDisplayShows() {
      await Promise.resolve();
    },
  };
  const checkIns: CheckInStore = {
    async write({ clientId, signal, at }) {
      await Promise.resolve();
      if (stored.has(clientId)) return { duplicate: true };
      stored.set(clientId, { signal, at });
      return { duplicate: false };
    },
  };
  const promptWrites = {
    refuseNext: () => void (nextPromptWrite = { refuse: true, hold: null }),
    holdNext: () => {
      let release = () => {};
      nextPromptWrite = { refuse: false, hold: new Promise<void>((resolve) => (release = resolve)) };
      return release;
    },
  };
  return { sessions, checkIns, stored, promptWrites };
}

function liveSession(status: "draft" | "live" = "live") {
  const clock = new ManualClock();
  const record: SessionRecord = {
    id: "s1",
    title: "Breakthrough practice",
    status,
    joinCode: status === "live" ? "K7M3QX" : null,
    startedAt: status === "live" ? new Date(clock.now() - 60 * 60_000) : null,
    endedAt: null,
  };
  const out = recordingOutbound();
  const store = memoryStore(record);
  const pulse = new PulseCounter(DEFAULT_PALETTE.map((s) => s.key), clock.now());
  const session = new LiveSession(
    { record, palette: [...DEFAULT_PALETTE], prompt: null, pulse, participants: 0 },
    { clock, outbound: out.outbound, sessions: store.sessions, checkIns: store.checkIns },
  );
  return { clock, session, ...out, store };
}

let tapId = 0;
const tap = (signal: string, ageMs = 0) => ({ clientId: `tap-${++tapId}`, signal, ageMs });

describe("a live session, without a network", () => {
  it("coalesces a burst of check-ins: one pulse at once, then one for the rest", async () => {
    const { clock, session, of } = liveSession();
    await session.checkIn(tap("i-see"));
    await clock.advance(0);
    expect(of("consoles", "pulse:update")).toHaveLength(1);
    for (let i = 0; i < 20; i++) await session.checkIn(tap(i % 2 ? "moved" : "i-see"));
    await clock.advance(199);
    expect(of("consoles", "pulse:update")).toHaveLength(1);
    await clock.advance(1);
    const pulses = of("consoles", "pulse:update");
    expect(pulses).toHaveLength(2);
    const last = pulses[1].args[0] as { pulse: { totalCount: number; recent: Record<string, number> } };
    expect(last.pulse.totalCount).toBe(21);
    expect(last.pulse.recent).toMatchObject({ "i-see": 11, moved: 10 });
  });

  it("counts a phone with two tabs as one person present, until both have gone", async () => {
    const { clock, session, of } = liveSession();
    session.arrive("p1");
    session.arrive("p1");
    session.arrive("p2");
    expect(session.present).toBe(2);
    session.depart("p1");
    expect(session.present).toBe(2);
    session.depart("p1");
    expect(session.present).toBe(1);
    await clock.advance(0);
    // The room display hears the count, coalesced with the pulse.
    const displays = of("displays", "display:snapshot");
    expect((displays.at(-1)!.args[0] as { present: number }).present).toBe(1);
  });

  it("stores a retried tap once and counts it once", async () => {
    const { session, store } = liveSession();
    const first = await session.checkIn({ clientId: "same", signal: "moved", ageMs: 0 });
    const again = await session.checkIn({ clientId: "same", signal: "moved", ageMs: 0 });
    expect([first.duplicate, again.duplicate]).toEqual([false, true]);
    expect(store.stored.size).toBe(1);
    expect(session.currentPulse().total.moved).toBe(1);
  });

  it("places a late offline tap in its own minute, never before the session started", async () => {
    const { clock, session, store } = liveSession();
    await session.checkIn({ clientId: "late", signal: "moved", ageMs: 5 * 60_000 });
    await session.checkIn({ clientId: "ancient", signal: "moved", ageMs: 20 * 60 * 60_000 });
    expect(store.stored.get("late")!.at.getTime()).toBe(clock.now() - 5 * 60_000);
    expect(store.stored.get("ancient")!.at.getTime()).toBe(clock.now() - 60 * 60_000);
    const pulse = session.currentPulse();
    expect(pulse.recent.moved).toBe(0);
    expect(pulse.total.moved).toBe(2);
  });

  it("lets the one-minute window decay on screen when nobody taps", async () => {
    const { clock, session, of } = liveSession();
    await session.checkIn(tap("need-silence"));
    await clock.advance(0);
    await clock.advance(61_000);
    session.tick();
    await clock.advance(0);
    const last = of("consoles", "pulse:update").at(-1)!.args[0] as { pulse: { recent: Record<string, number>; total: Record<string, number> } };
    expect(last.pulse.recent["need-silence"]).toBe(0);
    expect(last.pulse.total["need-silence"]).toBe(1);
  });

  it("refuses taps that are not on the palette, and every tap once it has ended", async () => {
    const { session } = liveSession();
    await expect(session.checkIn(tap("not-a-signal"))).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await session.end();
    await expect(session.checkIn(tap("moved"))).rejects.toMatchObject({ code: "SESSION_NOT_LIVE" });
  });

  it("says goodbye to phones, then closes their sockets a moment later", async () => {
    const { clock, session, of, disconnected } = liveSession();
    await session.end();
    expect(of("phones", "session:ended")).toHaveLength(1);
    expect(disconnected).toHaveLength(0);
    await clock.advance(250);
    expect(disconnected).toHaveLength(1);
    expect(of("consoles", "session:state").at(-1)!.args[0]).toMatchObject({ status: "ended", joinCode: null });
  });

  it("runs facilitator actions one at a time: a prompt pushed as the session ends never reaches it", async () => {
    const { session, of } = liveSession();
    const [ended, pushed] = await Promise.allSettled([session.end(), session.pushPrompt({ kind: "text", text: "too late" })]);
    expect(ended.status).toBe("fulfilled");
    expect(pushed).toMatchObject({ status: "rejected", reason: { code: "SESSION_NOT_LIVE" } });
    expect(of("phones", "prompt:current")).toHaveLength(0);
  });

  it("a double Go live gives one code and tells the consoles", async () => {
    const { session, of } = liveSession("draft");
    const [a, b] = await Promise.all([session.start(), session.start()]);
    expect(a.joinCode).toBe("K7M3QX");
    expect(b.joinCode).toBe(a.joinCode);
    expect(of("consoles", "session:state").length).toBeGreaterThan(0);
  });

  it("sends a pushed prompt to every audience, and a newcomer sees it", async () => {
    const { session, of } = liveSession();
    const prompt = await session.pushPrompt({ kind: "text", text: "What did you notice?" });
    expect(of("phones", "prompt:current")[0].args[0]).toEqual(prompt);
    expect(of("consoles", "prompt:current")[0].args[0]).toEqual({ sessionId: "s1", prompt });
    expect((of("displays", "display:snapshot").at(-1)!.args[0] as { prompt: PromptView }).prompt).toEqual(prompt);
    expect(session.phoneView("token").prompt).toEqual(prompt);
    await session.closePrompt();
    expect(session.phoneView("token").prompt).toBeNull();
  });

  it("admits new participants up to its cap", () => {
    const clock = new ManualClock();
    const record: SessionRecord = { id: "s", title: "t", status: "live", joinCode: "K7M3QX", startedAt: new Date(), endedAt: null };
    const store = memoryStore(record);
    const session = new LiveSession(
      { record, palette: [...DEFAULT_PALETTE], prompt: null, pulse: new PulseCounter([], clock.now()), participants: 1 },
      { clock, outbound: recordingOutbound().outbound, ...store, maxParticipants: 2 },
    );
    expect(session.admitsNewParticipant()).toBe(true);
    session.participantCreated();
    expect(session.admitsNewParticipant()).toBe(false);
  });

  it("a throw inside a timer is logged, never thrown out of it", async () => {
    const clock = new ManualClock();
    let ran = false;
    clock.after(10, () => {
      throw new Error("boom");
    });
    clock.after(20, () => {
      ran = true;
    });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      await clock.advance(30);
    } finally {
      console.error = original;
    }
    expect(ran).toBe(true);
    expect(errors).toHaveLength(1);
  });

  it("counts everyone present on every node once, and drops a node that stops saying so", async () => {
    const { clock, session } = liveSession();
    session.arrive("here");
    session.fromPeer({ kind: "presence", node: "b", full: ["p1", "p2", "p3"] });
    expect(session.present).toBe(4);
    session.fromPeer({ kind: "presence", node: "b", departed: ["p3"] });
    expect(session.present).toBe(3);
    // Node b dies; its phone p1 reconnects here before b's word expires: still one person.
    session.arrive("p1");
    expect(session.present).toBe(3);
    await clock.advance(13_000);
    session.tick();
    expect(session.present).toBe(2);
  });

  it("counts another node's check-ins once, skipping those the database already gave while loading", () => {
    const { session } = liveSession();
    session.loadedWith(new Set(["seen"]));
    session.fromPeer({ kind: "checkins", taps: [["seen", "moved", Date.now(), "p1", null], ["new", "moved", Date.now(), "p2", null]] });
    session.doneLoading();
    session.fromPeer({ kind: "checkins", taps: [["later", "i-see", Date.now(), "p3", null]] });
    expect(session.currentPulse().total).toMatchObject({ moved: 1, "i-see": 1 });
  });

  it("applies another node's prompt to its phones, and ignores an older change arriving late", async () => {
    const { clock, session, of } = liveSession();
    const record = { id: "s1", title: "Breakthrough practice", status: "live" as const, joinCode: "K7M3QX", startedAt: clock.now() - 1_000, endedAt: null };
    const prompt = (id: string): PromptView => ({
      id,
      kind: "script",
      technique: null,
      title: "t",
      body: id,
      labels: null,
      options: null,
      revealed: false,
      pushedAt: clock.now(),
    });
    session.fromPeer({ kind: "state", change: "prompt", record, prompt: prompt("newer"), at: clock.now() });
    session.fromPeer({ kind: "state", change: "prompt", record, prompt: prompt("older"), at: clock.now() - 500 });
    expect(session.phoneView("t").prompt?.id).toBe("newer");
    expect(of("phones", "prompt:current").map((h) => (h.args[0] as PromptView).id)).toEqual(["newer"]);
  });

  it("tells its peers what it does: a pushed prompt, stored check-ins in a batch, its present count", async () => {
    const clock = new ManualClock();
    const record: SessionRecord = { id: "s", title: "t", status: "live", joinCode: "K7M3QX", startedAt: new Date(clock.now() - 60_000), endedAt: null };
    const told: unknown[] = [];
    const session = new LiveSession(
      { record, palette: [...DEFAULT_PALETTE], prompt: null, pulse: new PulseCounter(DEFAULT_PALETTE.map((s) => s.key), clock.now()), participants: 0 },
      { clock, outbound: recordingOutbound().outbound, ...memoryStore(record), peers: { node: "a", publish: (_id, event) => void told.push(event) } },
    );
    await session.pushPrompt({ kind: "text", text: "hello" });
    await session.checkIn(tap("moved"));
    await session.checkIn(tap("i-see"));
    session.arrive("p");
    await clock.advance(300);
    const kinds = told.map((e) => (e as { kind: string }).kind);
    expect(kinds).toEqual(expect.arrayContaining(["state", "checkins", "presence"]));
    expect((told.find((e) => (e as { kind: string }).kind === "checkins") as { taps: unknown[] }).taps).toHaveLength(2);
  });
});

describe("answers to the open prompt, without a network", () => {
  const choice: PromptSource = { kind: "content", content: { kind: "choice", title: "Pick", body: "Which one?", options: ["Yes", "No", "Not sure"] } };
  const reflection: PromptSource = { kind: "content", content: { kind: "reflection", title: "Words", body: "What stays with you?" } };
  const secret = (n: number) => `secret-${String(n).padStart(16, "0")}`;
  type Results = { answered: number; passed: number; counts: number[]; wall: { text: string; hidden: boolean }[] };
  const lastResults = (of: ReturnType<typeof liveSession>["of"]) => (of("consoles", "results:update").at(-1)!.args[0] as { results: Results }).results;

  it("takes a prompt whose write is refused back from the room, and keeps the answers of the one before", async () => {
    const { session, of, store } = liveSession();
    const first = await session.pushPrompt(choice);
    await session.answer({ promptId: first.id, secret: secret(1), answer: { option: 0 } });
    await session.answer({ promptId: first.id, secret: secret(2), answer: { option: 1 } });
    store.promptWrites.refuseNext();
    await expect(session.pushPrompt(reflection)).rejects.toMatchObject({ code: "SESSION_NOT_LIVE" });
    // The phones had it while it was being written; now they have the one before again.
    const heard = of("phones", "prompt:current").map((h) => (h.args[0] as PromptView | null)?.id);
    expect(heard).toEqual([first.id, `s1-p2`, first.id]);
    expect(of("consoles", "prompt:current").at(-1)!.args[0]).toEqual({ sessionId: "s1", prompt: first });
    expect(session.phoneView("token").prompt).toEqual(first);
    expect(session.consoleSnapshot().results).toMatchObject({ answered: 2, counts: [1, 1, 0] });
    await expect(session.answer({ promptId: "s1-p2", secret: secret(3), answer: { text: "too soon" } })).rejects.toMatchObject({ code: "SESSION_NOT_LIVE" });
  });

  it("reaches the phones while the prompt is written, and answers to it wait until it is stored", async () => {
    const { session, of, store } = liveSession();
    const release = store.promptWrites.holdNext();
    const pushing = session.pushPrompt(choice);
    await Promise.resolve();
    const prompt = of("phones", "prompt:current").at(-1)!.args[0] as PromptView;
    expect(prompt.options).toEqual(["Yes", "No", "Not sure"]);
    let answered = false;
    const answering = session.answer({ promptId: prompt.id, secret: secret(1), answer: { option: 2 } }).then((ack) => ((answered = true), ack));
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    release();
    expect(await pushing).toEqual(prompt);
    expect(await answering).toEqual({ promptId: prompt.id, duplicate: false });
  });

  it("counts a changed answer once, and sends the consoles the results coalesced", async () => {
    const { clock, session, of } = liveSession();
    const prompt = await session.pushPrompt(choice);
    await clock.advance(200);
    const sentBefore = of("consoles", "results:update").length;
    expect(await session.answer({ promptId: prompt.id, secret: secret(1), answer: { option: 0 } })).toEqual({ promptId: prompt.id, duplicate: false });
    await clock.advance(0);
    // The first change goes out at once, the rest together once the coalescing window has passed.
    expect(of("consoles", "results:update").length - sentBefore).toBe(1);
    await session.answer({ promptId: prompt.id, secret: secret(2), answer: { option: 1 } });
    await session.answer({ promptId: prompt.id, secret: secret(1), answer: { option: 2 } });
    await clock.advance(199);
    expect(of("consoles", "results:update").length - sentBefore).toBe(1);
    await clock.advance(1);
    expect(of("consoles", "results:update").length - sentBefore).toBe(2);
    expect(lastResults(of)).toMatchObject({ answered: 2, passed: 0, counts: [0, 1, 1] });
    expect(session.consoleSnapshot().results).toMatchObject({ answered: 2, counts: [0, 1, 1] });
  });

  it("counts passes apart, and a pass changed to an answer moves over", async () => {
    const { clock, session, of } = liveSession();
    const prompt = await session.pushPrompt(choice);
    await session.answer({ promptId: prompt.id, secret: secret(1), answer: { pass: true } });
    await session.answer({ promptId: prompt.id, secret: secret(2), answer: { pass: true } });
    await clock.advance(200);
    expect(lastResults(of)).toMatchObject({ answered: 0, passed: 2 });
    await session.answer({ promptId: prompt.id, secret: secret(2), answer: { option: 0 } });
    await clock.advance(200);
    expect(lastResults(of)).toMatchObject({ answered: 1, passed: 1, counts: [1, 0, 0] });
  });

  it("says a retry with the same secret and answer is a duplicate, and changes nothing", async () => {
    const { session } = liveSession();
    const prompt = await session.pushPrompt(choice);
    await session.answer({ promptId: prompt.id, secret: secret(1), answer: { option: 1 } });
    expect(await session.answer({ promptId: prompt.id, secret: secret(1), answer: { option: 1 } })).toEqual({ promptId: prompt.id, duplicate: true });
    expect(session.consoleSnapshot().results).toMatchObject({ answered: 1, counts: [0, 1, 0] });
    expect(await session.myAnswer(prompt.id, secret(1))).toEqual({ option: 1 });
    expect(await session.myAnswer(prompt.id, secret(9))).toBeNull();
  });

  it("refuses answers to a closed prompt, to a script, and answers that do not fit the prompt", async () => {
    const { session } = liveSession();
    const script = await session.pushPrompt({ kind: "text", text: "Read this" });
    await expect(session.answer({ promptId: script.id, secret: secret(1), answer: { pass: true } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(session.reveal(true)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const prompt = await session.pushPrompt(choice);
    await expect(session.answer({ promptId: prompt.id, secret: secret(1), answer: { option: 3 } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(session.answer({ promptId: prompt.id, secret: secret(1), answer: { text: "yes" } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(session.answer({ promptId: script.id, secret: secret(1), answer: { pass: true } })).rejects.toMatchObject({
      code: "SESSION_NOT_LIVE",
      message: "That prompt has closed.",
    });
    await session.closePrompt();
    await expect(session.answer({ promptId: prompt.id, secret: secret(1), answer: { option: 0 } })).rejects.toMatchObject({ code: "SESSION_NOT_LIVE" });
    expect(await session.myAnswer(prompt.id, secret(1))).toBeNull();
  });

  it("shows results to phones and the display only once revealed, room-safe, and hides them again", async () => {
    const { clock, session, of } = liveSession();
    const prompt = await session.pushPrompt(reflection);
    await session.answer({ promptId: prompt.id, secret: secret(1), answer: { text: "kept" } });
    await session.answer({ promptId: prompt.id, secret: secret(2), answer: { text: "unkind words" } });
    // The room's wall waits for the shared k (5) visible answers: four more.
    for (let i = 4; i < 8; i++) await session.answer({ promptId: prompt.id, secret: secret(i), answer: { text: `also ${i}` } });
    await clock.advance(200);
    const id = session.consoleSnapshot().results!.wall.find((a) => a.text === "unkind words")!.id;
    expect(await session.moderate(id, { hidden: true })).toMatchObject({ id, text: "unkind words", hidden: true, highlighted: false });
    await clock.advance(200);
    expect(of("phones", "results:room")).toHaveLength(0);
    expect(session.displaySnapshot().results).toBeNull();
    expect(JSON.stringify(of("displays", "display:snapshot"))).not.toContain("unkind");

    const revealed = await session.reveal(true);
    expect(revealed).toMatchObject({ id: prompt.id, revealed: true });
    expect(of("phones", "prompt:current").at(-1)!.args[0]).toMatchObject({ revealed: true });
    const room = of("phones", "results:room").at(-1)!.args[0] as { promptId: string; results: Results };
    expect(room.promptId).toBe(prompt.id);
    expect(room.results).toMatchObject({ answered: 5 });
    expect(room.results.wall.map((a) => a.text)).toContain("kept");
    expect(session.displaySnapshot().results).toMatchObject({ answered: 5 });
    // Still the console's: every answer, the hidden one flagged.
    expect(session.consoleSnapshot().results!.wall).toHaveLength(6);

    // A new answer while revealed reaches phones and the display; a hidden one never does.
    await session.answer({ promptId: prompt.id, secret: secret(3), answer: { text: "new" } });
    await session.answer({ promptId: prompt.id, secret: secret(2), answer: { text: "unkind again" } });
    await clock.advance(200);
    const wall = (of("phones", "results:room").at(-1)!.args[0] as { results: Results }).results.wall.map((a) => a.text);
    expect(wall).toHaveLength(6);
    expect(wall[0]).toBe("new");
    expect(JSON.stringify(of("displays", "display:snapshot"))).not.toContain("unkind");
    expect(JSON.stringify(of("phones", "results:room"))).not.toContain("unkind");

    await session.reveal(false);
    expect(of("phones", "results:room").at(-1)!.args[0]).toBeNull();
    expect(session.displaySnapshot().results).toBeNull();
  });

  it("tells phones of revealed results at most once a second, the consoles five times as often", async () => {
    const { clock, session, of } = liveSession();
    const prompt = await session.pushPrompt(choice);
    await session.reveal(true);
    await clock.advance(1_000);
    const phonesBefore = of("phones", "results:room").length;
    const consolesBefore = of("consoles", "results:update").length;
    for (let i = 0; i < 10; i++) {
      // One option for all: parts under the shared k (5) would read "fewer than 5" and withhold the total.
      await session.answer({ promptId: prompt.id, secret: secret(i), answer: { option: 0 } });
      await clock.advance(200);
    }
    expect(of("consoles", "results:update").length - consolesBefore).toBe(10);
    // Two seconds of answers: at once, then one a second.
    expect(of("phones", "results:room").length - phonesBefore).toBe(3);
    await clock.advance(1_000);
    expect((of("phones", "results:room").at(-1)!.args[0] as { results: Results }).results).toMatchObject({ answered: 10 });
  });

  it("starts each prompt with no answers, and clears revealed results from phones when it changes", async () => {
    const { clock, session, of } = liveSession();
    const first = await session.pushPrompt(choice);
    await session.answer({ promptId: first.id, secret: secret(1), answer: { option: 0 } });
    await session.reveal(true);
    const second = await session.pushPrompt(choice);
    await clock.advance(200);
    expect(of("phones", "results:room").at(-1)!.args[0]).toBeNull();
    expect(session.consoleSnapshot().results).toMatchObject({ promptId: second.id, answered: 0, passed: 0 });
    expect(lastResults(of)).toMatchObject({ answered: 0 });
  });

  it("puts the pulse on the display only while the display shows it", async () => {
    const { clock, session, of } = liveSession();
    expect(session.displaySnapshot()).toMatchObject({ shows: "prompt", pulse: null });
    expect(await session.showOnDisplay("pulse")).toEqual({ shows: "pulse" });
    expect(of("consoles", "display:shows").at(-1)!.args[0]).toEqual({ sessionId: "s1", shows: "pulse" });
    expect(session.consoleSnapshot().displayShows).toBe("pulse");
    await clock.advance(200);
    for (let p = 1; p <= 5; p++) session.arrive(`p${p}`);
    await clock.advance(200);
    const before = of("displays", "display:snapshot").length;
    const moved = () => (of("displays", "display:snapshot").at(-1)!.args[0] as { pulse: { recent: Record<string, number> } }).pulse.recent.moved;
    await session.checkIn({ ...tap("moved"), phone: "p1" });
    await clock.advance(200);
    expect(of("displays", "display:snapshot").length).toBe(before + 1);
    // One phone is below the shared k (5): the display's pulse says nothing of it.
    expect(moved()).toBe(0);
    for (let p = 2; p <= 5; p++) await session.checkIn({ ...tap("moved"), phone: `p${p}` });
    await clock.advance(200);
    expect(moved()).toBe(5);
    await session.showOnDisplay("results");
    await session.checkIn(tap("moved"));
    await clock.advance(200);
    expect(session.displaySnapshot().pulse).toBeNull();
    expect(of("displays", "display:snapshot").at(-1)!.args[0]).toMatchObject({ shows: "results", pulse: null });
  });

  it("counts another node's answers once, and takes its moderation and display choice", async () => {
    const { clock, session } = liveSession();
    const prompt = await session.pushPrompt(reflection);
    const answer = { id: "a1", value: { text: "from b" }, hidden: false, highlighted: false, at: clock.now() };
    session.fromPeer({ kind: "answers", promptId: prompt.id, answers: [answer] });
    session.fromPeer({ kind: "answers", promptId: prompt.id, answers: [answer] });
    session.fromPeer({ kind: "answers", promptId: "another-prompt", answers: [{ ...answer, id: "a2" }] });
    expect(session.consoleSnapshot().results).toMatchObject({ answered: 1 });
    session.fromPeer({ kind: "moderated", promptId: prompt.id, answerId: "a1", hidden: true, highlighted: false });
    expect(session.consoleSnapshot().results!.wall[0]).toMatchObject({ hidden: true });
    session.fromPeer({ kind: "shows", shows: "results", at: clock.now() });
    session.fromPeer({ kind: "shows", shows: "pulse", at: clock.now() - 10 });
    expect(session.displaySnapshot().shows).toBe("results");
  });

  it("tells its peers each stored answer once, in a batch, and not a duplicate", async () => {
    const clock = new ManualClock();
    const record: SessionRecord = { id: "s", title: "t", status: "live", joinCode: "K7M3QX", startedAt: new Date(clock.now() - 60_000), endedAt: null };
    const told: { kind: string; answers?: unknown[] }[] = [];
    const session = new LiveSession(
      { record, palette: [...DEFAULT_PALETTE], prompt: null, pulse: new PulseCounter(DEFAULT_PALETTE.map((s) => s.key), clock.now()), participants: 0 },
      { clock, outbound: recordingOutbound().outbound, ...memoryStore(record), peers: { node: "a", publish: (_id, event) => void told.push(event) } },
    );
    const prompt = await session.pushPrompt(choice);
    await session.answer({ promptId: prompt.id, secret: secret(1), answer: { option: 0 } });
    await session.answer({ promptId: prompt.id, secret: secret(1), answer: { option: 0 } });
    await session.answer({ promptId: prompt.id, secret: secret(2), answer: { pass: true } });
    expect(told.filter((e) => e.kind === "answers")).toHaveLength(0);
    await clock.advance(25);
    const batches = told.filter((e) => e.kind === "answers");
    expect(batches).toHaveLength(1);
    expect(batches[0].answers).toHaveLength(2);
    expect(JSON.stringify(batches[0])).not.toContain("secret-");
  });
});

/**
 * Support requests and facilitator cues on a manual clock: who hears what,
 * replacing, seen and done, a request dropping after its phone left, cues
 * kept ten minutes, and two nodes telling each other.
 */
import { describe, expect, it } from "vitest";
import { AppError } from "../../lib/protocol/errors";
import { ManualClock } from "./clock";
import { CUES_KEPT, CUES_PER_MINUTE, LiveSupport, SUPPORT_DROP_MS, type SupportPeerEvent } from "./live-support";
import type { LiveOutbound } from "./outbound";
import type { LivePeers } from "./peers";

type Heard = { to: string; event: string; payload: unknown };

function node(name: string, clock = new ManualClock(), live = true) {
  const heard: Heard[] = [];
  const published: SupportPeerEvent[] = [];
  const outbound: LiveOutbound = {
    toPhones: (_id, event, ...args) => void heard.push({ to: "phones", event, payload: args[0] }),
    toConsoles: (_id, event, ...args) => void heard.push({ to: "consoles", event, payload: args[0] }),
    toDisplays: (_id, event, ...args) => void heard.push({ to: "displays", event, payload: args[0] }),
    toPhoneSocket: (socketId, event, ...args) => void heard.push({ to: `socket:${socketId}`, event, payload: args[0] }),
    toConsolesExcept: (_id, except, event, ...args) => void heard.push({ to: `consoles-but:${except}`, event, payload: args[0] }),
    disconnectPhones: () => {},
  };
  const peers: LivePeers = { node: name, publish: (_id, event) => void published.push(event as SupportPeerEvent) };
  const support = new LiveSupport("s1", { clock, outbound, peers, live: () => live });
  const of = (to: string, event?: string) => heard.filter((h) => h.to === to && (!event || h.event === event));
  return { clock, support, heard, published, of };
}

describe("support requests", () => {
  it("reach the consoles only; the find-me text is kept as typed", () => {
    const { support, heard, of, clock } = node("n1");
    const { requestId } = support.ask({ participantId: "p1", socketId: "sock1", findMe: "<b>row 3</b>" });
    expect(support.open).toEqual([{ id: requestId, at: clock.now(), findMe: "<b>row 3</b>", seen: false }]);
    expect(of("consoles", "support:current").at(-1)?.payload).toEqual({ sessionId: "s1", requests: support.open });
    expect(heard.filter((h) => h.to !== "consoles")).toEqual([]);
  });

  it("asking again replaces the phone's open request; another phone's stays", async () => {
    const { support, clock } = node("n1");
    const first = support.ask({ participantId: "p1", socketId: "sock1", findMe: null });
    const other = support.ask({ participantId: "p2", socketId: "sock2", findMe: "Sam" });
    await clock.advance(5_000);
    const second = support.ask({ participantId: "p1", socketId: "sock1", findMe: "by the door" });
    expect(support.open.map((r) => r.id)).toEqual([other.requestId, second.requestId]);
    expect(second.requestId).not.toBe(first.requestId);
    expect(support.open[1]).toMatchObject({ findMe: "by the door", at: clock.now() });
  });

  it("seen tells the asking socket alone and keeps the request; done removes it and tells the socket", () => {
    const { support, of } = node("n1");
    const { requestId } = support.ask({ participantId: "p1", socketId: "sock1", findMe: null });
    support.ask({ participantId: "p2", socketId: "sock2", findMe: null });
    expect(support.handle(requestId, false).find((r) => r.id === requestId)?.seen).toBe(true);
    expect(of("socket:sock1", "support:seen").map((h) => h.payload)).toEqual([{ requestId, done: false }]);
    expect(of("socket:sock2")).toEqual([]);
    expect(of("phones")).toEqual([]);
    expect(support.handle(requestId, true).map((r) => r.id)).not.toContain(requestId);
    expect(of("socket:sock1", "support:seen").at(-1)?.payload).toEqual({ requestId, done: true });
    // Handled twice (two facilitators clicking Done): nothing more happens.
    const told = of("socket:sock1").length;
    support.handle(requestId, true);
    expect(of("socket:sock1").length).toBe(told);
  });

  it("a phone cancels only its own request", () => {
    const { support } = node("n1");
    const { requestId } = support.ask({ participantId: "p1", socketId: "sock1", findMe: null });
    expect(support.cancel("p2", requestId)).toBeNull();
    expect(support.open).toHaveLength(1);
    support.cancel("p1", requestId);
    expect(support.open).toEqual([]);
  });

  it("a request whose phone left waits ten minutes, then drops; a phone back in time finds it on its new socket", async () => {
    const { support, clock, of } = node("n1");
    const gone = support.ask({ participantId: "p1", socketId: "sock1", findMe: null });
    const back = support.ask({ participantId: "p2", socketId: "sock2", findMe: null });
    support.left("sock1");
    support.left("sock2");
    await clock.advance(SUPPORT_DROP_MS - 1_000);
    expect(support.mine("p2", "sock2b")).toEqual({ requestId: back.requestId, seen: false });
    expect(support.open).toHaveLength(2);
    await clock.advance(1_000);
    expect(support.open.map((r) => r.id)).toEqual([back.requestId]);
    expect(support.mine("p1", "sock1b")).toBeNull();
    await clock.advance(SUPPORT_DROP_MS);
    expect(support.open.map((r) => r.id)).toEqual([back.requestId]);
    support.handle(back.requestId, false);
    expect(of("socket:sock2b", "support:seen")).toHaveLength(1);
    expect(of("socket:sock2", "support:seen")).toHaveLength(0);
  });

  it("an ended session takes no requests", () => {
    const { support } = node("n1", new ManualClock(), false);
    expect(() => support.ask({ participantId: "p1", socketId: "s", findMe: null })).toThrow(AppError);
  });

  it("crosses nodes: asked on node 2, listed on node 1; seen on node 1 reaches the phone through node 2", () => {
    const clock = new ManualClock();
    const n1 = node("n1", clock);
    const n2 = node("n2", clock);
    const { requestId } = n2.support.ask({ participantId: "p1", socketId: "sock1", findMe: "seat 12" });
    for (const event of n2.published) n1.support.fromPeer(event);
    expect(n1.support.open).toEqual(n2.support.open);
    expect(n1.of("consoles", "support:current")).toHaveLength(1);
    n1.support.handle(requestId, false);
    for (const event of n1.published) n2.support.fromPeer(event);
    expect(n2.of("socket:sock1", "support:seen").map((h) => h.payload)).toEqual([{ requestId, done: false }]);
    expect(n2.support.open[0]?.seen).toBe(true);
    // A node that loads the session later is told on hello.
    const n3 = node("n3", clock);
    n1.published.length = 0;
    n1.support.helloFromPeer();
    for (const event of n1.published) n3.support.fromPeer(event);
    expect(n3.support.open).toEqual(n1.support.open);
  });
});

describe("facilitator cues", () => {
  const from = { facilitatorId: "f2", fromName: "co@example.org", fromRole: "co" as const, socketId: "console2" };

  it("go to every console but the sender's socket, never to phones or the display", () => {
    const { support, heard } = node("n1");
    const cue = support.cue({ ...from, text: "2 minutes left" });
    expect(cue).toMatchObject({ fromName: "co@example.org", fromRole: "co", text: "2 minutes left" });
    expect(heard).toEqual([{ to: "consoles-but:console2", event: "cue:received", payload: { sessionId: "s1", cue } }]);
  });

  it("are kept ten minutes, the last ten of them", async () => {
    const { support, clock } = node("n1");
    const early = support.cue({ ...from, text: "early" });
    await clock.advance(9 * 60_000);
    expect(support.recentCues).toEqual([early]);
    await clock.advance(60_000);
    expect(support.recentCues).toEqual([]);
    for (let i = 0; i < CUES_KEPT + 2; i++) {
      await clock.advance(10_000);
      support.cue({ ...from, facilitatorId: `f${i}`, text: `cue ${i}` });
    }
    expect(support.recentCues.map((c) => c.text)).toEqual(Array.from({ length: CUES_KEPT }, (_, i) => `cue ${i + 2}`));
  });

  it("are rate-limited per facilitator", async () => {
    const { support, clock } = node("n1");
    for (let i = 0; i < CUES_PER_MINUTE; i++) support.cue({ ...from, text: `c${i}` });
    expect(() => support.cue({ ...from, text: "one more" })).toThrow(expect.objectContaining({ code: "RATE_LIMITED" }));
    expect(() => support.cue({ ...from, facilitatorId: "f1", text: "the lead" })).not.toThrow();
    await clock.advance(60_000);
    expect(() => support.cue({ ...from, text: "later" })).not.toThrow();
  });

  it("cross nodes once each", () => {
    const clock = new ManualClock();
    const n1 = node("n1", clock);
    const n2 = node("n2", clock);
    const cue = n1.support.cue({ ...from, text: "Check the chat" });
    for (const event of n1.published) {
      n2.support.fromPeer(event);
      n2.support.fromPeer(event);
    }
    expect(n2.support.recentCues).toEqual([cue]);
    expect(n2.of("consoles-but:console2", "cue:received")).toHaveLength(1);
  });
});

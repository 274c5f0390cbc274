/**
 * The live journey on a real deployment: PostgreSQL, Redis, two Attune
 * processes and nginx configured from deploy/nginx/, every client going
 * through nginx from an address of its own. The console sits on node 1;
 * phones sit on both nodes. Join, push, check-ins, a reload, the end.
 * Then reading the room (issue 9) in a session of its own: taps from both
 * nodes fire one moment (each phone once, stored once), a silence, need more
 * time, a support request and a cue cross between the nodes.
 */
import { describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { withPostgres } from "../helpers/database.ts";
import { FacilitatorConsole, Phone, RoomDisplay, facilitatorWithSession } from "./clients.ts";
import { httpGet, httpRequest, type Cluster, type ClusterNode } from "./cluster.ts";
import {
  expectEveryAckStoredOnce,
  liveSessionOn,
  outboxesEmpty,
  phonesOn,
  throughNginx,
  track,
  useCluster,
  type LiveOnCluster,
} from "./scenario.ts";
import { waitUntil } from "./wait.ts";

const started = useCluster("journey");
let cluster: Cluster;
let live: LiveOnCluster;
let onNode1: Phone[];
let onNode2: Phone[];
let promptId: string;
// Reading the room's own session, its consoles (node 1 and node 2), phones and display.
let room: LiveOnCluster;
let roomConsoleOn2: FacilitatorConsole;
let roomPhones1: Phone[];
let roomPhones2: Phone[];
let roomDisplay: RoomDisplay;

describe("one live session across two nodes behind nginx", () => {
  it("nginx and both nodes are ready, and nginx spreads client addresses over both nodes", async () => {
    cluster = started();
    for (const node of cluster.nodes) expect((await httpGet(`${node.url}/readyz`)).body).toBe("ready");
    expect((await httpGet(`${cluster.origin}/readyz`)).status).toBe(200);
    // Sticky by address: the same address always reaches the same node.
    const address = cluster.nextAddress();
    const first = await cluster.nodeFor(address);
    for (let i = 0; i < 3; i++) {
      const probe = await httpGet(`${cluster.origin}/healthz`, { localAddress: address });
      expect(probe.status).toBe(200);
    }
    expect(cluster.accessLogLines((l) => l.startsWith(`${address} `) && !l.includes(`upstream=${first.upstream}/`))).toEqual([]);
  });

  it("phones on both nodes join, and the console on node 1 counts all of them", async () => {
    started();
    live = await liveSessionOn(cluster, cluster.nodes[0]!, "Cluster journey");
    onNode1 = await phonesOn(cluster, cluster.nodes[0]!, 2, live.code);
    // One phone on node 2 without long-polling, as websocket-only clients would connect.
    onNode2 = [...(await phonesOn(cluster, cluster.nodes[1]!, 1, live.code)), ...(await phonesOn(cluster, cluster.nodes[1]!, 1, live.code, ["websocket"]))];
    await live.console.pulseWhere((p) => p.present === 4, "4 present");
  });

  it("a prompt pushed on node 1 reaches the phones on both nodes", async () => {
    started();
    const pushed = await live.console.request("prompt:push", { sessionId: live.sessionId, source: { kind: "technique", technique: "gentle-nudge" } });
    if (!pushed.ok) throw new Error(pushed.error.message);
    promptId = pushed.data.id;
    const everyone = [...onNode1, ...onNode2];
    await waitUntil(() => everyone.every((p) => p.prompt?.id === promptId), { timeoutMs: 10_000, what: "the prompt on every phone" });
  });

  it("check-ins from both nodes are stored once each and the console counts each once", async () => {
    started();
    const everyone = [...onNode1, ...onNode2];
    for (const phone of everyone) for (const signal of ["energy-shift", "i-see", "moved"]) phone.tap(signal);
    await outboxesEmpty(everyone);
    for (const phone of everyone) expect(phone.acked.size).toBe(3);
    expect(await expectEveryAckStoredOnce(cluster, live.sessionId, everyone)).toBe(12);
    await live.console.pulseWhere((p) => p.totalCount === 12, "12 check-ins");
    expect(live.console.pulse!.total).toMatchObject({ "energy-shift": 4, "i-see": 4, moved: 4 });
  });

  it("a phone that reloads comes back with its resume token to the current prompt, and is still one person", async () => {
    started();
    const phone = onNode2[0]!;
    const token = phone.resumeToken;
    const snapshot = await phone.reload();
    expect(snapshot.resumeToken).toBe(token);
    expect(snapshot.prompt?.id).toBe(promptId);
    expect(snapshot.session.status).toBe("live");
    // A tap after the reload counts like any other.
    phone.tap("going-deeper");
    await outboxesEmpty([phone]);
    await live.console.pulseWhere((p) => p.totalCount === 13 && p.present === 4, "13 check-ins, still 4 present");
    // A phone joining later, on node 2, is shown the current prompt too.
    const late = await phonesOn(cluster, cluster.nodes[1]!, 1, live.code);
    expect(late[0]!.snapshots[0]!.prompt?.id).toBe(promptId);
    onNode2.push(...late);
    await live.console.pulseWhere((p) => p.present === 5, "5 present");
  });

  it("a co-facilitator on node 2 joins by invitation, pushes to the owner's console on node 1, and removal cuts them off there", async () => {
    started();
    const invite = await live.console.request("team:invite", { sessionId: live.sessionId });
    if (!invite.ok) throw new Error(invite.error.message);
    const [address] = await cluster.addressesOn(cluster.nodes[1]!, 1);
    const place = throughNginx(cluster, address!);
    const { cookie } = await facilitatorWithSession(place, "The co-facilitator's own");
    // Accepted through nginx on node 2; the owner's console on node 1 hears of it.
    const accepted = await httpRequest(`${place.url}/api/invites/accept`, {
      method: "POST",
      headers: { origin: place.origin, "content-type": "application/json", cookie },
      localAddress: place.address,
      body: JSON.stringify({ token: invite.data.token }),
    });
    expect(accepted.status, accepted.body).toBe(200);
    const co = track(new FacilitatorConsole(place, cookie, live.sessionId));
    await co.ready();
    // Node 2 to node 1, and back.
    const fromCo = await co.request("prompt:push", { sessionId: live.sessionId, source: { kind: "text", text: "From the co-facilitator on node 2" } });
    if (!fromCo.ok) throw new Error(fromCo.error.message);
    await waitUntil(() => live.console.prompt?.id === fromCo.data.id, { timeoutMs: 10_000, what: "the co-facilitator's push on the owner's console" });
    const fromOwner = await live.console.request("prompt:push", { sessionId: live.sessionId, source: { kind: "technique", technique: "integration" } });
    if (!fromOwner.ok) throw new Error(fromOwner.error.message);
    await waitUntil(() => co.prompt?.id === fromOwner.data.id, { timeoutMs: 10_000, what: "the owner's push on the co-facilitator's console" });

    const watched = await live.console.request("session:watch", { sessionId: live.sessionId });
    if (!watched.ok) throw new Error(watched.error.message);
    const [member] = watched.data.team.coFacilitators;
    const team = await live.console.request("team:remove", { sessionId: live.sessionId, facilitatorId: member!.id });
    expect(team.ok && team.data.coFacilitators).toEqual([]);
    await waitUntil(() => co.closedBy !== null, { timeoutMs: 10_000, what: "the co-facilitator's console on node 2 cut off" });
    expect(co.accessEnded).toBe(true);
    const back = track(new FacilitatorConsole(place, cookie, live.sessionId));
    const refused = await back.request("prompt:close", { sessionId: live.sessionId });
    expect(refused.ok || refused.error.code).toBe("NOT_FOUND");
  });

  it("phones on both nodes answer a choice pushed on node 1: the console counts every answer once, and a reveal reaches the display on node 2", async () => {
    started();
    const [address] = await cluster.addressesOn(cluster.nodes[1]!, 1);
    const screen = track(new RoomDisplay(throughNginx(cluster, address!), live.cookie, live.sessionId));
    await waitUntil(() => screen.snapshot !== null, { timeoutMs: 10_000, what: "the room display on node 2 watching" });
    const pushed = await live.console.request("prompt:push", {
      sessionId: live.sessionId,
      source: { kind: "content", content: { kind: "choice", title: "Where are you?", body: "Where are you right now?", options: ["Here", "Elsewhere", "Both"] } },
    });
    if (!pushed.ok) throw new Error(pushed.error.message);
    const choice = pushed.data;
    const everyone = [...onNode1, ...onNode2];
    await waitUntil(() => everyone.every((p) => p.prompt?.id === choice.id), { timeoutMs: 10_000, what: "the choice on every phone" });
    // Each phone answers; the first two change their minds, the last passes, and one retries as after a lost ack.
    const secrets = everyone.map(() => randomBytes(16).toString("base64url"));
    const answered = (i: number) => (i === everyone.length - 1 ? { pass: true as const } : { option: i % 2 });
    for (const [i, phone] of everyone.entries()) {
      const ack = await phone.answer(choice.id, secrets[i]!, answered(i));
      if (!ack.ok) throw new Error(ack.error.message);
    }
    for (const i of [0, 1]) {
      const ack = await everyone[i]!.answer(choice.id, secrets[i]!, { option: 2 });
      if (!ack.ok) throw new Error(ack.error.message);
    }
    const retried = await everyone[2]!.answer(choice.id, secrets[2]!, answered(2));
    expect(retried.ok && retried.data.duplicate).toBe(true);
    const n = everyone.length;
    // Phones 0 and 1 chose "Both"; the rest alternate "Here"/"Elsewhere"; the last passed.
    const expected = [0, 0, 2];
    for (let i = 2; i < n - 1; i++) expected[i % 2] += 1;
    // The changes made on node 2 reach node 1 a batch after the first answers: wait for the counts themselves.
    const settled = () =>
      live.console.results?.promptId === choice.id &&
      live.console.results.answered === n - 1 &&
      live.console.results.passed === 1 &&
      JSON.stringify(live.console.results.counts) === JSON.stringify(expected);
    await waitUntil(settled, {
      timeoutMs: 10_000,
      what: "every answer on the console on node 1",
      seen: () => JSON.stringify(live.console.results),
    });
    expect(live.console.results!.counts).toEqual(expected);
    // One row per phone in PostgreSQL, whatever the changes and the retry.
    const { rows } = await withPostgres(cluster.databaseUrl, (client) => client.query(`SELECT count(*)::int AS n FROM "Answer" WHERE "promptId" = $1`, [choice.id]));
    expect(rows[0].n).toBe(n);
    const revealed = await live.console.request("prompt:reveal", { sessionId: live.sessionId, revealed: true });
    expect(revealed.ok && revealed.data.revealed).toBe(true);
    await waitUntil(() => screen.snapshot?.results?.promptId === choice.id, { timeoutMs: 10_000, what: "the revealed results on the display on node 2" });
    // The room sees them with the shared k (5, lib/anonymity.ts): four answers and a pass are each "fewer than 5",
    // and nothing below k is in the payload.
    expect(screen.snapshot!.results).toMatchObject({
      answered: 0,
      passed: 0,
      counts: [0, 0, 0],
      shown: { k: 5, answered: { kind: "fewer", k: 5 }, passed: { kind: "fewer", k: 5 } },
    });
    await waitUntil(() => onNode2.every((p) => p.roomResults?.promptId === choice.id), { timeoutMs: 10_000, what: "the revealed results on the phones on node 2" });
  });

  it("the deck changed on node 1 reaches a console on node 2, and a push from the deck there is marked on node 1", async () => {
    started();
    const [address] = await cluster.addressesOn(cluster.nodes[1]!, 1);
    const second = track(new FacilitatorConsole(throughNginx(cluster, address!), live.cookie, live.sessionId));
    await second.ready();
    const script = (title: string) => ({ content: { kind: "script" as const, title, body: `${title}.` }, from: null, note: null });
    const added = await live.console.request("deck:change", { sessionId: live.sessionId, change: { op: "add", items: [script("First"), script("Second")] } });
    if (!added.ok) throw new Error(added.error.message);
    await waitUntil(() => second.deck.length === 2, { timeoutMs: 10_000, what: "the deck on node 2's console" });
    const moved = await second.request("deck:change", { sessionId: live.sessionId, change: { op: "move", itemId: added.data[1]!.id, to: 0 } });
    if (!moved.ok) throw new Error(moved.error.message);
    await waitUntil(() => live.console.deck[0]?.id === added.data[1]!.id, { timeoutMs: 10_000, what: "node 2's move on node 1's console" });
    const item = moved.data[0]!;
    const pushed = await second.request("prompt:push", { sessionId: live.sessionId, source: { kind: "content", content: item.content }, deckItemId: item.id });
    if (!pushed.ok) throw new Error(pushed.error.message);
    await waitUntil(() => live.console.deck[0]?.pushedAt === pushed.data.pushedAt, { timeoutMs: 10_000, what: "the pushed item marked on node 1's console" });
  });

  it("a palette set on node 1 reaches the phones and a console on node 2, which taps its new signal; the checklist follows", async () => {
    started();
    const [address] = await cluster.addressesOn(cluster.nodes[1]!, 1);
    const second = track(new FacilitatorConsole(throughNginx(cluster, address!), live.cookie, live.sessionId));
    await second.ready();
    const set = await live.console.request("palette:set", {
      sessionId: live.sessionId,
      palette: [{ emoji: "🌬️", label: "Need air", meaning: "A window, please." }, { key: "i-see", emoji: "💡", label: "I see!" }],
    });
    if (!set.ok) throw new Error(set.error.message);
    const keys = (palette: { key: string }[]) => palette.map((s) => s.key).join(",");
    await waitUntil(() => [...onNode1, ...onNode2].every((p) => keys(p.palette) === "need-air,i-see"), { timeoutMs: 10_000, what: "the new palette on every phone" });
    await waitUntil(() => keys(second.palette) === "need-air,i-see", { timeoutMs: 10_000, what: "the new palette on node 2's console" });
    onNode2[0]!.tap("need-air");
    await outboxesEmpty(onNode2, 10_000);
    await waitUntil(() => (live.console.pulse?.recent["need-air"] ?? 0) === 1, { timeoutMs: 10_000, what: "the new signal counted on node 1's console" });
    const ticked = await second.request("session:prepare", { sessionId: live.sessionId, checklist: ["privacy"] });
    if (!ticked.ok) throw new Error(ticked.error.message);
    await waitUntil(() => live.console.checklist.join() === "privacy", { timeoutMs: 10_000, what: "node 2's tick on node 1's console" });
  });

  // ---- reading the room across nodes (issue 9), in a session of its own: the radar mutes a kind of cue for a while
  // after one, and the session above has had its taps.
  it("reading the room: taps from phones on both nodes fire one moment, each phone counted once and in its group, seen by consoles on both nodes and stored once", async () => {
    started();
    const [node1, node2] = cluster.nodes as [ClusterNode, ClusterNode];
    room = await liveSessionOn(cluster, node1, "Reading the room across nodes");
    const [address] = await cluster.addressesOn(node2, 1);
    roomConsoleOn2 = track(new FacilitatorConsole(throughNginx(cluster, address!), room.cookie, room.sessionId));
    await roomConsoleOn2.ready();
    roomPhones1 = await phonesOn(cluster, node1, 3, room.code);
    roomPhones2 = await phonesOn(cluster, node2, 3, room.code);
    // Those on node 1 are in the room, those on node 2 remote (where:set, as the phone's welcome sends it).
    for (const [phones, where] of [[roomPhones1, "room"], [roomPhones2, "remote"]] as const) {
      for (const phone of phones) expect(await phone.request("where:set", { where })).toEqual({ ok: true, data: { where } });
    }
    const groupPresent = (c: FacilitatorConsole, group: string) => {
      const shown = c.reading?.weather.find((g) => g.group === group)?.present;
      return shown?.kind === "count" ? shown.count : null;
    };
    await waitUntil(() => groupPresent(room.console, "room") === 3 && groupPresent(room.console, "remote") === 3, {
      timeoutMs: 10_000,
      what: "3 in the room and 3 remote on node 1's console",
      seen: () => JSON.stringify(room.console.reading?.weather.map((g) => [g.group, g.present])),
    });
    // Bins are 5 s of the servers' clock, by when each tap was made: taps made early in one bin are in that bin on
    // both nodes whatever the peer delay, so both radars start the moment at the same time.
    await waitUntil(() => Date.now() % 5_000 < 1_500, { timeoutMs: 6_000, intervalMs: 10, what: "the start of a 5 s bin" });
    // Six phones, seven taps: the first phone on node 2 taps two moment signals, and counts once.
    for (const phone of roomPhones1) phone.tap("i-see");
    for (const phone of roomPhones2) phone.tap("moved");
    roomPhones2[0]!.tap("energy-shift");
    const everyone = [...roomPhones1, ...roomPhones2];
    await outboxesEmpty(everyone, 10_000);
    const happening = (c: FacilitatorConsole) => c.reading?.moment?.phase === "happening" && c.reading.moment.confirmedAt !== null;
    for (const [c, node] of [[room.console, "node 1"], [roomConsoleOn2, "node 2"]] as const) {
      await waitUntil(() => happening(c), { timeoutMs: 15_000, what: `the moment happening on ${node}'s console`, seen: () => JSON.stringify(c.reading?.moment ?? null) });
    }
    const [one, two] = [room.console.reading!.moment!, roomConsoleOn2.reading!.moment!];
    expect(one.evidence.phones).toBe(6);
    expect(two.evidence.phones).toBe(6);
    expect(one.evidence.bySignal).toEqual({ "i-see": 3, moved: 3, "energy-shift": 1 });
    // The same moment on both nodes: one start, so one stored row (its id is the session, the kind and the start).
    expect(two.startedAt).toBe(one.startedAt);
    const moments = () =>
      withPostgres(cluster.databaseUrl, (client) =>
        client.query(`SELECT "data" FROM "SessionEvent" WHERE "sessionId" = $1 AND "kind" = 'moment'`, [room.sessionId]),
      ).then((r) => r.rows as { data: unknown }[]);
    await waitUntil(async () => (await moments()).length > 0, { timeoutMs: 10_000, what: "the moment stored" });
    const stored = await moments();
    expect(stored).toHaveLength(1);
    // Room-level figures only: when, and the evidence's counts; no phone, participant or address.
    const data = stored[0]!.data;
    const fields = typeof data === "string" ? (JSON.parse(data) as object) : (data as object);
    expect(Object.keys(fields).sort()).toEqual(["confirmedAt", "evidence", "startedAt"]);
    // Neither the phones nor a display ever hear the reading.
    for (const phone of everyone) expect(phone.heard.filter((e) => e.startsWith("room:"))).toEqual([]);
  });

  it("a silence started on node 1 reaches the phones and the display on node 2 with the same end; need more time from node 2 reaches node 1", async () => {
    started();
    const [node2] = [cluster.nodes[1]!];
    const [address] = await cluster.addressesOn(node2, 1);
    roomDisplay = track(new RoomDisplay(throughNginx(cluster, address!), room.cookie, room.sessionId));
    await waitUntil(() => roomDisplay.snapshot !== null, { timeoutMs: 10_000, what: "the room display on node 2 watching" });
    const held = await room.console.request("silence:start", { sessionId: room.sessionId, durationMs: 60_000 });
    if (!held.ok) throw new Error(held.error.message);
    const { endsAt } = held.data;
    const everyone = [...roomPhones1, ...roomPhones2];
    await waitUntil(() => everyone.every((p) => p.silence?.endsAt === endsAt), {
      timeoutMs: 10_000,
      what: "the silence, with node 1's end, on every phone",
      seen: () => JSON.stringify(everyone.map((p) => p.silence?.endsAt ?? null)),
    });
    await waitUntil(() => roomDisplay.snapshot?.silence?.endsAt === endsAt, { timeoutMs: 10_000, what: "the silence on the display on node 2" });
    await waitUntil(() => roomConsoleOn2.silence?.endsAt === endsAt, { timeoutMs: 10_000, what: "the silence on node 2's console" });
    const asked = await roomPhones2[1]!.request("silence:more", {});
    expect(asked).toEqual({ ok: true, data: { asked: true } });
    await waitUntil(() => room.console.silence?.moreTime.kind === "someone", {
      timeoutMs: 10_000,
      what: "someone asked for more time, on node 1's console",
      seen: () => JSON.stringify(room.console.silence?.moreTime),
    });
    const ended = await room.console.request("silence:end", { sessionId: room.sessionId });
    expect(ended.ok).toBe(true);
    await waitUntil(() => everyone.every((p) => p.silence === null) && roomDisplay.snapshot?.silence === null, {
      timeoutMs: 10_000,
      what: "the silence ended on every phone and the display",
    });
  });

  it("a support request from a phone on node 2 reaches the console on node 1; seen goes back to that phone only, never the display", async () => {
    started();
    const asker = roomPhones2[2]!;
    const asked = await asker.request("support:ask", { findMe: "Seat 3, near the door" });
    if (!asked.ok) throw new Error(asked.error.message);
    const { requestId } = asked.data;
    for (const [c, node] of [[room.console, "node 1"], [roomConsoleOn2, "node 2"]] as const) {
      await waitUntil(() => c.support.some((r) => r.id === requestId && r.findMe === "Seat 3, near the door" && !r.seen), {
        timeoutMs: 10_000,
        what: `the request on ${node}'s console`,
        seen: () => JSON.stringify(c.support),
      });
    }
    const handled = await room.console.request("support:handle", { sessionId: room.sessionId, requestId, done: false });
    expect(handled.ok && handled.data.find((r) => r.id === requestId)?.seen).toBe(true);
    await waitUntil(() => asker.supportSeen.some((s) => s.requestId === requestId && !s.done), { timeoutMs: 10_000, what: "seen on the asking phone on node 2" });
    await waitUntil(() => roomConsoleOn2.support.some((r) => r.id === requestId && r.seen), { timeoutMs: 10_000, what: "seen on node 2's console" });
    const others = [...roomPhones1, ...roomPhones2].filter((p) => p !== asker);
    for (const phone of others) {
      expect(phone.supportSeen).toEqual([]);
      expect(phone.heard.filter((e) => e.startsWith("support:"))).toEqual([]);
    }
    expect(roomDisplay.heard.filter((e) => !e.startsWith("display:"))).toEqual([]);
    expect(JSON.stringify(roomDisplay.snapshot)).not.toContain("Seat 3");
  });

  it("a cue sent from a console on node 2 reaches the console on node 1, and no phone or display", async () => {
    started();
    const sent = await roomConsoleOn2.request("cue:send", { sessionId: room.sessionId, text: "2 minutes left" });
    if (!sent.ok) throw new Error(sent.error.message);
    await waitUntil(() => room.console.cues.some((c) => c.id === sent.data.id && c.text === "2 minutes left"), {
      timeoutMs: 10_000,
      what: "the cue on node 1's console",
      seen: () => JSON.stringify(room.console.cues),
    });
    for (const phone of [...roomPhones1, ...roomPhones2]) expect(phone.heard).not.toContain("cue:received");
    expect(roomDisplay.heard).not.toContain("cue:received");
    const ended = await room.console.request("session:end", { sessionId: room.sessionId });
    expect(ended.ok).toBe(true);
  });

  it("ending on node 1 ends every phone, and the code stops working through nginx", async () => {
    started();
    const ended = await live.console.request("session:end", { sessionId: live.sessionId });
    expect(ended.ok).toBe(true);
    const everyone = [...onNode1, ...onNode2];
    await waitUntil(() => everyone.every((p) => p.ended), { timeoutMs: 10_000, what: "session:ended on every phone" });
    const again = track(new Phone(throughNginx(cluster, cluster.nextAddress()), live.code));
    await waitUntil(() => again.refusals.length > 0, { timeoutMs: 10_000, what: "a join after the end refused" });
    expect(again.refusals).toContain("SESSION_NOT_LIVE");
  });

  it("no Socket.IO request was refused for an unknown session id: long-polling stayed on its node", () => {
    started();
    const socketIo = cluster.accessLogLines((l) => l.includes("/socket.io/"));
    expect(socketIo.some((l) => l.includes("transport=polling"))).toBe(true);
    expect(socketIo.some((l) => l.includes("transport=websocket"))).toBe(true);
    expect(socketIo.filter((l) => /" 400 /.test(l))).toEqual([]);
  });
});

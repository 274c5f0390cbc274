/**
 * The live journey on a real deployment: PostgreSQL, Redis, two Attune
 * processes and nginx configured from deploy/nginx/, every client going
 * through nginx from an address of its own. The console sits on node 1;
 * phones sit on both nodes. Join, push, check-ins, a reload, the end.
 */
import { describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { withPostgres } from "../helpers/database.ts";
import { FacilitatorConsole, Phone, RoomDisplay, facilitatorWithSession } from "./clients.ts";
import { httpGet, httpRequest, type Cluster } from "./cluster.ts";
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
    expect(screen.snapshot!.results).toMatchObject({ answered: n - 1, passed: 1, counts: expected });
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

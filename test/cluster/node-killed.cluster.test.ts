/**
 * Fault: one of two nodes is killed (SIGKILL, no drain) in the middle of a
 * session while its phones are tapping. Its phones reach the other node
 * through nginx, are sent a full snapshot, and resend what was not
 * acknowledged; every acknowledged check-in is stored exactly once.
 */
import { describe, expect, it } from "vitest";
import { delay } from "./cluster.ts";
import { expectEveryAckStoredOnce, outboxesEmpty, sessionAcrossNodes, summary, tapStream, useCluster } from "./scenario.ts";
import { waitUntil } from "./wait.ts";

const started = useCluster("node-killed");

describe("a node killed mid-session", () => {
  it("its phones move to the other node through nginx, get a full snapshot, resend, and every acknowledged check-in is stored once", async () => {
    const cluster = started();
    const { live, node1, node2, onNode1: survivors, onNode2: movers, everyone } = await sessionAcrossNodes(cluster, "Node killed");
    const pushed = await live.console.request("prompt:push", { sessionId: live.sessionId, source: { kind: "technique", technique: "reflection" } });
    if (!pushed.ok) throw new Error(pushed.error.message);
    await waitUntil(() => everyone.every((p) => p.prompt?.id === pushed.data.id), { timeoutMs: 10_000, what: "the prompt on every phone" });

    const stream = tapStream(everyone);
    await delay(2_000);
    const snapshotsBefore = movers.map((p) => p.snapshots.length);
    const killedAt = Date.now();
    await node2.stop("SIGKILL");

    // Back on node 1: a new snapshot each, with the session and the current prompt.
    const movedIn = await waitUntil(() => movers.every((p, i) => p.snapshots.length > snapshotsBefore[i]!), {
      timeoutMs: 15_000,
      what: "a new snapshot on every phone of the killed node",
      seen: () => summary(movers),
    });
    for (const phone of movers) {
      const snapshot = phone.snapshots.at(-1)!;
      expect(snapshot.session.status).toBe("live");
      expect(snapshot.palette.length).toBeGreaterThan(0);
      expect(snapshot.prompt?.id).toBe(pushed.data.id);
    }
    // Nobody on node 1 noticed.
    for (const phone of survivors) expect(phone.drops).toBe(0);
    expect(live.console.drops).toBe(0);

    await delay(2_000);
    stream.stop();
    const drained = await outboxesEmpty(everyone);

    // Every tap answered "stored", and each is in PostgreSQL once.
    for (const phone of everyone) expect(phone.acked.size, phone.describe()).toBe(phone.tapped.length);
    const rows = await expectEveryAckStoredOnce(cluster, live.sessionId, everyone);
    expect(rows).toBe(everyone.reduce((n, p) => n + p.tapped.length, 0));

    // The console counts each once, and the present count settles on the six phones.
    const counted = await live.console.pulseWhere((p) => p.totalCount === rows, `${rows} check-ins`, 10_000);
    const presentAgain = await live.console.pulseWhere((p) => p.present === 6, "6 present again", 30_000);
    const resent = movers.reduce((n, p) => n + (p.unanswered.disconnected ?? 0) + (p.unanswered.timeout ?? 0), 0);
    // nginx marked the dead node failed and sent its clients on: passive health at work.
    const refused = cluster.accessLogLines((l) => l.includes(`upstream=${node2.upstream}, ${node1.upstream}`)).length;
    console.log(
      `[cluster] node killed: ${rows} check-ins from ${everyone.length} phones, ${resent} unanswered on the killed node and sent again; ` +
        `its phones had a new snapshot ${movedIn + 0} ms after the kill (${Date.now() - killedAt} ms ago now); outboxes empty ${drained} ms after the taps stopped; ` +
        `console total right after ${counted} ms; present back to 6 after ${presentAgain} ms more (shown since the kill: ${live.console.presentShownSince(killedAt).join(" → ")}); ` +
        `${refused} requests nginx moved from node 2 to node 1`,
    );
  });
});

/**
 * Fault: a rolling restart of both nodes (SIGTERM one, start it again, then
 * the other) while every phone keeps tapping. Each stopping node drains its
 * queue and closes its transports; its phones and the console reconnect
 * through nginx to the node still up. Zero acknowledged check-ins lost.
 */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { delay } from "./cluster.ts";
import { expectEveryAckStoredOnce, outboxesEmpty, sessionAcrossNodes, summary, tapStream, useCluster } from "./scenario.ts";
import { waitUntil } from "./wait.ts";

const started = useCluster("rolling-restart");

describe("a rolling restart of both nodes during a tap stream", () => {
  it("loses no acknowledged check-in, stores each once, and the console and phones carry on", async () => {
    const cluster = started();
    const { live, node1, node2, onNode1, onNode2, everyone } = await sessionAcrossNodes(cluster, "Rolling restart");
    const pushed = await live.console.request("prompt:push", { sessionId: live.sessionId, source: { kind: "technique", technique: "permission" } });
    if (!pushed.ok) throw new Error(pushed.error.message);

    const stream = tapStream(everyone);
    await delay(1_500);
    const steps: string[] = [];
    for (const [node, itsPhones] of [
      [node1, onNode1],
      [node2, onNode2],
    ] as const) {
      const snapshotsBefore = itsPhones.map((p) => p.snapshots.length);
      const drainedIn = await node.stop("SIGTERM");
      // Its phones are back (on the other node) before it is.
      const movedIn = await waitUntil(() => itsPhones.every((p, i) => p.snapshots.length > snapshotsBefore[i]!), {
        // Within nginx's fail_timeout (deploy/nginx/attune.conf) and Socket.IO's reconnection delay.
        timeoutMs: 6_000,
        what: `a new snapshot on every phone of ${node.name} after its SIGTERM`,
        seen: () => summary(itsPhones),
      });
      const began = Date.now();
      await node.start();
      steps.push(`${node.name}: stopped in ${drainedIn} ms, its phones back ${movedIn} ms later, restarted in ${Date.now() - began} ms`);
      await delay(1_000); // taps keep coming with both nodes up again
    }
    stream.stop();
    await outboxesEmpty(everyone);

    // Zero acknowledged check-ins lost: every tap answered "stored", and each is in PostgreSQL once.
    for (const phone of everyone) expect(phone.acked.size, phone.describe()).toBe(phone.tapped.length);
    const rows = await expectEveryAckStoredOnce(cluster, live.sessionId, everyone);
    expect(rows).toBe(everyone.reduce((n, p) => n + p.tapped.length, 0));
    for (const phone of everyone) expect(phone.prompt?.id).toBe(pushed.data.id);

    // The console (its node restarted under it) watches again and counts every check-in once.
    expect(live.console.watches).toBeGreaterThan(1);
    const counted = await live.console.pulseWhere((p) => p.totalCount === rows, `${rows} check-ins`, 15_000);
    const present = await live.console.pulseWhere((p) => p.present === 6, "6 present", 30_000);
    const resent = everyone.reduce((n, p) => n + (p.unanswered.disconnected ?? 0) + (p.unanswered.timeout ?? 0), 0);
    const noNode = fs.readFileSync(cluster.errorLog, "utf8").split("\n").filter((l) => l.includes("no live upstreams")).length;
    const busy = everyone.reduce((n, p) => n + (p.unanswered.BUSY ?? 0) + (p.unanswered.INTERNAL ?? 0), 0);
    console.log(
      `[cluster] rolling restart: ${steps.join("; ")}. ${rows} check-ins from ${everyone.length} phones, all stored once; ` +
        `${resent} sends unanswered (resent), ${busy} pushed back; nginx had no live node for ${noNode} requests; console total right after ${counted} ms, 6 present after ${present} ms more ` +
        `(watched ${live.console.watches} times; present shown: ${live.console.presentShownSince(0).join(" → ")})`,
    );
  });
});

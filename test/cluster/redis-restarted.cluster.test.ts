/**
 * Fault: Redis restarts (losing everything: it keeps no data) during a session
 * spread over two nodes, with taps flowing. Fan-out between the nodes resumes,
 * nothing acknowledged is lost, and the present count is right again within
 * seconds.
 */
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { delay, httpGet } from "./cluster.ts";
import { expectEveryAckStoredOnce, liveSessionOn, outboxesEmpty, phonesOn, sessionAcrossNodes, summary, tapStream, useCluster } from "./scenario.ts";
import { waitUntil } from "./wait.ts";

const started = useCluster("redis-restarted");

/** Nodes subscribed to the adapter's Pub/Sub channel for the main namespace, which carries serverSideEmit. */
async function subscribedNodes(): Promise<number> {
  const redis = new Redis(started().redis.url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on("error", () => {});
  try {
    await redis.connect();
    const [, count] = (await redis.pubsub("NUMSUB", PEER_CHANNEL)) as [string, number];
    return Number(count);
  } catch {
    return 0;
  } finally {
    redis.disconnect();
  }
}

/** @socket.io/redis-streams-adapter publishes serverSideEmit (Attune's peer events) on this channel. */
const PEER_CHANNEL = "socket.io#/#";

describe("Redis restarted during a two-node session", () => {
  it("no phone is disconnected, nothing acknowledged is lost, fan-out resumes, and the present count recovers within seconds", async () => {
    const cluster = started();
    const { live, onNode2, everyone } = await sessionAcrossNodes(cluster, "Redis restarted");
    expect(await subscribedNodes()).toBe(2);

    const stream = tapStream(everyone);
    await delay(1_500);
    const restartedAt = Date.now();
    await cluster.redis.restart();
    const outageMs = Date.now() - restartedAt;
    // Both nodes subscribed again (ioredis reconnects on its own, after 200 ms at first).
    const resubscribed = await waitUntil(async () => (await subscribedNodes()) === 2, { timeoutMs: 10_000, what: "both nodes subscribed to Redis again" });

    // A prompt pushed on node 1 now reaches the phones on node 2.
    const pushed = await live.console.request("prompt:push", { sessionId: live.sessionId, source: { kind: "text", text: "After the Redis restart" } });
    if (!pushed.ok) throw new Error(pushed.error.message);
    const fannedOut = await waitUntil(() => onNode2.every((p) => p.prompt?.id === pushed.data.id), {
      timeoutMs: 10_000,
      what: "the prompt pushed on node 1 on node 2's phones",
      seen: () => summary(onNode2),
    });
    const presentAgain = await live.console.pulseWhere((p) => p.present === 6, "6 present after the restart", 20_000);

    await delay(1_500);
    stream.stop();
    await outboxesEmpty(everyone);
    for (const phone of everyone) expect(phone.acked.size, phone.describe()).toBe(phone.tapped.length);
    // Redis carries no socket: nobody was disconnected.
    for (const phone of everyone) expect(phone.drops, phone.describe()).toBe(0);
    const rows = await expectEveryAckStoredOnce(cluster, live.sessionId, everyone);
    expect(rows).toBe(everyone.reduce((n, p) => n + p.tapped.length, 0));
    for (const node of cluster.nodes) expect((await httpGet(`${node.url}/readyz`)).status).toBe(200);
    // Every stored check-in, wherever it was stored, is counted on the console on node 1.
    await live.console.pulseWhere((p) => p.totalCount === rows, `all ${rows} check-ins on the console`, 10_000);
    console.log(
      `[cluster] Redis restarted: down for ${outageMs} ms, both nodes subscribed again ${resubscribed} ms later; a prompt pushed on node 1 then reached node 2's phones in ${fannedOut} ms; ` +
        `present 6 on the console ${presentAgain} ms after that (shown since the restart: ${live.console.presentShownSince(restartedAt).join(" → ")}); ` +
        `${rows} check-ins stored once each; the console on node 1 counts ${live.console.pulse?.totalCount} of them`,
    );
  });

  // Peer events once went over Socket.IO's serverSideEmit, which the Redis Streams adapter sends
  // over Pub/Sub: what a node published while another's subscriber reconnected was lost. They now
  // go through a Redis stream read from the last id seen (server/realtime/peer-stream.ts).
  it("a prompt and check-ins published while the other node's Redis subscription reconnects still reach it", async () => {
    const cluster = started();
    const [node1, node2] = cluster.nodes as [typeof cluster.nodes[0], typeof cluster.nodes[0]];
    const live = await liveSessionOn(cluster, node1, "Subscription lost");
    const onNode1 = await phonesOn(cluster, node1, 1, live.code);
    const onNode2 = await phonesOn(cluster, node2, 2, live.code);
    await live.console.pulseWhere((p) => p.present === 3, "3 present");
    await waitUntil(async () => (await subscribedNodes()) === 2, { timeoutMs: 10_000, what: "both nodes subscribed" });
    // What a Redis failover or a network blip does to the subscriber connections, and only to them.
    const admin = new Redis(cluster.redis.url);
    try {
      await admin.client("KILL", "TYPE", "pubsub");
    } finally {
      admin.disconnect();
    }
    const pushed = await live.console.request("prompt:push", { sessionId: live.sessionId, source: { kind: "text", text: "While resubscribing" } });
    if (!pushed.ok) throw new Error(pushed.error.message);
    for (const phone of onNode2) phone.tap("i-see");
    await outboxesEmpty(onNode2);
    await waitUntil(async () => (await subscribedNodes()) === 2, { timeoutMs: 10_000, what: "both nodes subscribed again" });
    const rows = await expectEveryAckStoredOnce(cluster, live.sessionId, [...onNode1, ...onNode2]);
    expect(rows).toBe(2);
    await waitUntil(() => onNode2.every((p) => p.prompt?.id === pushed.data.id), {
      timeoutMs: 5_000,
      what: "the prompt pushed on node 1 on node 2's phones",
    });
    await live.console.pulseWhere((p) => p.totalCount === 2, "the 2 check-ins stored on node 2", 5_000);
  });
});

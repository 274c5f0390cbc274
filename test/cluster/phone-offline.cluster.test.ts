/**
 * Fault: a phone goes offline and comes back several times, each time from
 * another network, so nginx sends it to the other node. It taps while online,
 * just before the network goes (the answer is lost on the way) and while
 * offline; the facilitator pushes prompts while it is away, once at the very
 * moment it comes back. Each tap is stored once, and the phone never shows an
 * older prompt over a newer one: each connection's snapshot carries the
 * newest prompt, and what follows it only moves forward.
 */
import { describe, expect, it } from "vitest";
import type { Phone } from "./clients.ts";
import type { ClusterNode } from "./cluster.ts";
import { expectEveryAckStoredOnce, liveSessionOn, outboxesEmpty, phonesOn, summary, useCluster } from "./scenario.ts";
import { waitUntil } from "./wait.ts";

const started = useCluster("phone-offline");

const CYCLES = 4;

describe("a phone offline through several connect/disconnect cycles across nodes", () => {
  it("stores each tap once, and never shows an older prompt over a newer one", async () => {
    const cluster = started();
    const [node1, node2] = cluster.nodes as [ClusterNode, ClusterNode];
    const live = await liveSessionOn(cluster, node1, "Offline cycles");
    // One phone starts on each node: one with Socket.IO's default transports, one WebSocket only.
    const [first] = await phonesOn(cluster, node1, 1, live.code);
    const [second] = await phonesOn(cluster, node2, 1, live.code, ["websocket"]);
    const phones = [first!, second!];
    await live.console.pulseWhere((p) => p.present === 2, "2 present");
    const visits = new Map<Phone, string[]>(phones.map((p, i) => [p, [[node1, node2][i]!.name]]));
    const palette = first!.snapshots[0]!.palette.map((s) => s.key);
    const tapOn = (phone: Phone, n: number) => Array.from({ length: n }, (_, i) => phone.tap(palette[i % palette.length]!));

    const pushed: string[] = [];
    const push = async (text: string) => {
      const ack = await live.console.request("prompt:push", { sessionId: live.sessionId, source: { kind: "text", text } });
      if (!ack.ok) throw new Error(`prompt:push: ${ack.error.message}`);
      pushed.push(ack.data.id);
      return ack.data.id;
    };
    await push("Before anyone leaves");
    await waitUntil(() => phones.every((p) => p.prompt?.id === pushed.at(-1)), { timeoutMs: 10_000, what: "the first prompt on both phones" });

    const offlineStatus: string[] = [];
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      for (const phone of phones) {
        tapOn(phone, 2);
        await outboxesEmpty([phone], 10_000);
        // A tap, and the network goes at once: it may reach the node, whose answer then finds no phone.
        tapOn(phone, 1);
        phone.goOffline();
        tapOn(phone, 3);
        const status = phone.status();
        expect(status.phase, phone.describe()).toBe("offline");
        offlineStatus.push(status.message);
      }
      // The facilitator moves on while both phones are away; in one cycle, at the moment they come back.
      const racing = cycle === 3;
      const pushing = push(`While away, cycle ${cycle}`);
      if (!racing) await pushing;
      await Promise.all(
        phones.map(async (phone) => {
          const was = visits.get(phone)!.at(-1);
          const target = was === node1.name ? node2 : node1;
          const [address] = await cluster.addressesOn(target, 1);
          const snapshot = await phone.backOnline(address!);
          visits.get(phone)!.push((await cluster.nodeFor(phone.address)).name);
          // A full snapshot each time: the session, the palette, and the newest prompt pushed before it.
          expect(snapshot.session.status).toBe("live");
          expect(snapshot.palette.map((s) => s.key)).toEqual(palette);
          if (!racing) expect(snapshot.prompt?.id, phone.describe()).toBe(pushed.at(-1));
        }),
      );
      await pushing;
      await waitUntil(() => phones.every((p) => p.prompt?.id === pushed.at(-1)), {
        timeoutMs: 10_000,
        what: `the newest prompt on both phones after cycle ${cycle}`,
        seen: () => phones.map((p) => `${p.name}: ${p.prompt?.id}`).join("; "),
      });
      await outboxesEmpty(phones, 15_000);
    }

    // Each phone went back and forth between the nodes.
    for (const [phone, went] of visits) {
      expect(went.length, phone.name).toBe(CYCLES + 1);
      for (let i = 1; i < went.length; i++) expect(went[i], `${phone.name}: ${went.join(" → ")}`).not.toBe(went[i - 1]);
    }
    // Prompts shown only moved forward (none, before the first push), and the newest is on screen.
    for (const phone of phones) {
      const order = phone.promptsShown.map((id) => (id === null ? -1 : pushed.indexOf(id)));
      const forward = order.every((n, i) => (i === 0 ? n >= -1 : n >= 0 && n >= order[i - 1]!));
      expect(forward, `${phone.name} showed ${order.join(" → ")} (-1: none)`).toBe(true);
      expect(phone.prompt?.id).toBe(pushed.at(-1));
    }
    // Every tap answered "stored" and in PostgreSQL once; resends of taps whose answer was lost found them stored.
    for (const phone of phones) expect(phone.acked.size, phone.describe()).toBe(phone.tapped.length);
    const rows = await expectEveryAckStoredOnce(cluster, live.sessionId, phones);
    expect(rows).toBe(phones.reduce((n, p) => n + p.tapped.length, 0));
    // The console counts each once, however often it was sent, and both phones as present once.
    const counted = await live.console.pulseWhere((p) => p.totalCount === rows, `${rows} check-ins`, 10_000);
    const present = await live.console.pulseWhere((p) => p.present === 2, "2 present", 20_000);
    expect(offlineStatus.every((m) => /^Saved — will send when you are back online \(\d+ waiting\)\.$/.test(m)), offlineStatus.join(" | ")).toBe(true);

    const resentStored = phones.reduce((n, p) => n + p.duplicates, 0);
    console.log(
      `[cluster] phone offline: ${CYCLES} cycles for 2 phones (${[...visits].map(([p, went]) => `${p.name}: ${went.join(" → ")}`).join("; ")}); ` +
        `${rows} check-ins stored once each, ${resentStored} resends of taps whose answer was lost found stored already; ` +
        `prompts shown: ${phones.map((p) => p.promptsShown.map((id) => (id === null ? "none" : pushed.indexOf(id) + 1)).join(" → ")).join(" | ")} of ${pushed.length} pushed; ` +
        `offline the phones showed "${offlineStatus[0]}"; console total right after ${counted} ms, 2 present after ${present} ms more\n${summary(phones)}`,
    );
  });
});

/**
 * Fault: PostgreSQL slow, then restarted, during a session spread over two
 * nodes with every phone tapping. Acknowledgements wait instead of lying (a
 * tap is answered "stored" only once it is), the phones say they are still
 * sending, nothing is lost or stored twice once the database is back, a write
 * that fails is answered with an error the phone acts on (it keeps the tap
 * and tries again), and the nodes stay up: /healthz 200 throughout, /readyz
 * 503 while the database is down and 200 after.
 *
 * This file has a PostgreSQL server of its own (`ownPostgres`), so stopping
 * it touches no other test.
 */
import fs from "node:fs";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { ERROR_OUTCOMES } from "../../lib/outbox.ts";
import { ERROR_CODES } from "../../lib/protocol/errors.ts";
import type { Phone } from "./clients.ts";
import { delay, type Cluster } from "./cluster.ts";
import { watchHealth } from "./health.ts";
import { expectEveryAckStoredOnce, outboxesEmpty, sessionAcrossNodes, summary, tapStream, useCluster } from "./scenario.ts";
import { waitUntil } from "./wait.ts";

const started = useCluster("postgres-faults", { ownPostgres: true });

/** How long the check-in table is held: below the phone's 5 s wait for an answer, so the answers are late, not missing. */
const LOCK_MS = 3_000;
/** How long PostgreSQL stays down. */
const DOWN_MS = 4_000;

/** Taps made in [from, to), with when each was answered "stored" (undefined: never). */
function tapsMadeBetween(phones: Phone[], from: number, to: number) {
  return phones.flatMap((p) =>
    p.tapped
      .filter((id) => p.tappedAt.get(id)! >= from && p.tappedAt.get(id)! < to)
      .map((id) => ({ phone: p.name, id, tappedAt: p.tappedAt.get(id)!, ackedAt: p.ackedAt.get(id) })),
  );
}

/** The phone's status lines, as the participant page words them while taps are on their way. */
const SENDING = /^Sending(?: (\d+) more)?(?: in a moment)?…$/;

async function expectAllStoredOnce(cluster: Cluster, sessionId: string, phones: Phone[]): Promise<number> {
  for (const phone of phones) expect(phone.acked.size, phone.describe()).toBe(phone.tapped.length);
  const rows = await expectEveryAckStoredOnce(cluster, sessionId, phones);
  expect(rows).toBe(phones.reduce((n, p) => n + p.tapped.length, 0));
  return rows;
}

function nodeLogLines(cluster: Cluster, match: RegExp): string[] {
  return cluster.nodes.flatMap((n) => fs.readFileSync(n.logFile, "utf8").split("\n").filter((l) => match.test(l)));
}

describe("PostgreSQL slow or restarted during a two-node session", () => {
  it("slow: while a lock holds the check-in table, answers wait, the phones say they are sending, and every tap is stored once when it lifts", async () => {
    const cluster = started();
    const { live, everyone } = await sessionAcrossNodes(cluster, "PostgreSQL slow", 2);
    const health = watchHealth(cluster.nodes);
    const stream = tapStream(everyone);
    await delay(1_000);

    // An admin's transaction holds the table (a long migration or VACUUM FULL does the same): every insert waits behind it.
    const admin = new pg.Client({ connectionString: cluster.databaseUrl });
    await admin.connect();
    let status: ReturnType<Phone["status"]>[];
    let lockedAt: number;
    let releasing: number;
    try {
      await admin.query("BEGIN");
      await admin.query(`LOCK TABLE "CheckIn" IN ACCESS EXCLUSIVE MODE`);
      lockedAt = Date.now();
      await delay(LOCK_MS - 300);
      status = everyone.map((p) => p.status());
      await delay(300);
      releasing = Date.now();
      await admin.query("COMMIT");
    } finally {
      await admin.end();
    }
    await delay(1_000);
    stream.stop();
    const drained = await outboxesEmpty(everyone);
    await health.stop();

    // While it was held, every phone had taps on their way and said so.
    for (const [i, s] of status.entries()) {
      expect(s.phase, everyone[i]!.describe()).toBe("sending");
      expect(s.waiting).toBeGreaterThanOrEqual(3);
      expect(s.message).toMatch(SENDING);
    }
    // The answers waited: no tap made while the table was held was answered "stored" before it lifted.
    const duringLock = tapsMadeBetween(everyone, lockedAt, releasing);
    expect(duringLock.length).toBeGreaterThanOrEqual(everyone.length * 5);
    const early = duringLock.filter((t) => t.ackedAt !== undefined && t.ackedAt < releasing);
    expect(early).toEqual([]);
    const waited = duringLock.map((t) => t.ackedAt! - t.tappedAt);
    // Late, not missing: nothing timed out, failed or was sent twice.
    for (const phone of everyone) expect({ phone: phone.name, unanswered: phone.unanswered, duplicates: phone.duplicates }).toEqual({ phone: phone.name, unanswered: {}, duplicates: 0 });
    const rows = await expectAllStoredOnce(cluster, live.sessionId, everyone);
    await live.console.pulseWhere((p) => p.totalCount === rows, `all ${rows} check-ins on the console`, 10_000);

    // A slow table is not an unready node: nothing else waits on it.
    expect(health.samples.filter((s) => s.healthz !== 200 || s.readyz !== 200)).toEqual([]);
    console.log(
      `[cluster] PostgreSQL slow: the check-in table held for ${releasing - lockedAt} ms; ${duringLock.length} taps made meanwhile were answered ` +
        `${Math.min(...waited)}–${Math.max(...waited)} ms after the tap, all after the lock lifted; phones showed ${status.map((s) => `"${s.message}"`).join(", ")}; ` +
        `outboxes empty ${drained} ms after the taps stopped; ${rows} check-ins stored once each; /healthz and /readyz 200 in all ${health.samples.length} samples`,
    );
  });

  it("restarted: answers wait or fail clearly while it is down, the nodes stay up, the pool reconnects, and nothing is lost or doubled", async () => {
    const cluster = started();
    const { live, everyone } = await sessionAcrossNodes(cluster, "PostgreSQL restarted", 2);
    const pids = cluster.nodes.map((n) => n.pid);
    const health = watchHealth(cluster.nodes);
    const stream = tapStream(everyone);
    await delay(1_500);

    const stopping = Date.now();
    await cluster.postgres.stopServer(); // fast: connections cut, what is running rolled back
    const downAt = Date.now();
    const notReady = await waitUntil(() => cluster.nodes.every((n) => health.samples.some((s) => s.node === n.name && s.at >= downAt && s.readyz === 503)), {
      timeoutMs: 5_000,
      what: "/readyz 503 on both nodes with PostgreSQL down",
    });
    // The facilitator's writes fail too, with an answer, not a hang.
    const pushBegan = Date.now();
    const push = await live.console.request("prompt:push", { sessionId: live.sessionId, source: { kind: "text", text: "While the database is down" } });
    const pushAnsweredIn = Date.now() - pushBegan;
    await delay(Math.max(0, DOWN_MS - (Date.now() - downAt)));
    const status = everyone.map((p) => p.status());
    const starting = Date.now();
    await cluster.postgres.startServer();
    const upIn = Date.now() - starting;
    const readyAgain = await waitUntil(() => cluster.nodes.every((n) => health.samples.some((s) => s.node === n.name && s.at >= starting + upIn && s.readyz === 200)), {
      timeoutMs: 10_000,
      what: "/readyz 200 on both nodes with PostgreSQL back",
    });
    await delay(1_500);
    stream.stop();
    const drained = await outboxesEmpty(everyone, 45_000);
    await health.stop();

    // Never a crash: the same processes, answering /healthz all along.
    expect(cluster.nodes.map((n) => n.pid)).toEqual(pids);
    expect(health.samples.filter((s) => s.healthz !== 200)).toEqual([]);
    const readyAfter = health.samples.filter((s) => s.at >= starting + upIn + readyAgain);
    expect(readyAfter.filter((s) => s.readyz !== 200)).toEqual([]);
    const notReadySays = [...new Set(health.samples.filter((s) => s.readyz === 503).map((s) => s.readyzSays))];

    // While it was down every phone had taps waiting, and said it was sending them.
    for (const [i, s] of status.entries()) {
      expect(s.waiting, everyone[i]!.describe()).toBeGreaterThan(0);
      expect(s.message).toMatch(SENDING);
    }
    // Answers did not lie: nothing was answered "stored" while there was nowhere to store it
    // (half a second's slack for an answer already on its way when the server went).
    const ackedWhileDown = everyone.flatMap((p) => [...p.ackedAt].filter(([, at]) => at > downAt + 500 && at < starting));
    expect(ackedWhileDown).toEqual([]);
    // A failed write is an error the phone acts on: it keeps the tap and sends it again later.
    // The check-in writer says BUSY (server/domain/checkin-writer.ts), not "something went wrong".
    const errors = [...new Set(everyone.flatMap((p) => [...p.errorsSeen]))];
    for (const error of errors) {
      const code = error.split(":")[0] as (typeof ERROR_CODES)[number];
      expect(ERROR_CODES).toContain(code);
      expect(ERROR_OUTCOMES[code], error).toBe("backoff");
    }
    expect(errors.map((e) => e.split(":")[0])).toContain("BUSY");
    // One line per batch, not a stack trace per tap.
    expect(nodeLogLines(cluster, /check-in\(s\) not stored, the database is unavailable/).length).toBeGreaterThan(0);
    expect(nodeLogLines(cluster, /a check-in could not be stored/)).toEqual([]);
    expect(push.ok).toBe(false);
    expect(pushAnsweredIn).toBeLessThan(5_000);

    // Back: every tap stored exactly once, and counted once on the console.
    const rows = await expectAllStoredOnce(cluster, live.sessionId, everyone);
    await live.console.pulseWhere((p) => p.totalCount === rows, `all ${rows} check-ins on the console`, 10_000);
    for (const phone of everyone) expect(phone.drops, phone.describe()).toBe(0);
    const duringOutage = tapsMadeBetween(everyone, stopping, starting).length;
    const failedAnswers = everyone.reduce((n, p) => n + Object.values(p.unanswered).reduce((a, b) => a + b, 0), 0);
    const duplicates = everyone.reduce((n, p) => n + p.duplicates, 0);
    const logged = nodeLogLines(cluster, /\[attune\]/).length;
    console.log(
      `[cluster] PostgreSQL restarted: stopped in ${downAt - stopping} ms, down ${starting - downAt} ms, up again in ${upIn} ms; /readyz 503 on both nodes ${notReady} ms after the stop ` +
        `(${notReadySays.map((s) => `"${s}"`).join(", ")}), 200 again ${readyAgain} ms after the start; /healthz 200 in all ${health.samples.length} samples, the same pids; ` +
        `${duringOutage} taps made while it was down; ${failedAnswers} sends answered with an error (${errors.map((e) => `"${e}"`).join(", ")}), ${duplicates} resends found stored already; ` +
        `phones showed ${status.map((s) => `"${s.message}"`).join(", ")}; a prompt pushed meanwhile was refused in ${pushAnsweredIn} ms (${push.ok ? "ok?!" : `${push.error.code}: ${push.error.message}`}); ` +
        `outboxes empty ${drained} ms after the taps stopped; ${rows} check-ins stored once each and counted once on the console; ${logged} [attune] lines in the nodes' logs\n${summary(everyone)}`,
    );
  });
});

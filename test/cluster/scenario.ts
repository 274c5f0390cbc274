/**
 * What every cluster test starts from, and what each one checks at its end:
 * a live session whose console sits on a chosen node, phones placed on
 * nodes through nginx, a steady stream of taps, and the question of whether
 * every acknowledged check-in is in PostgreSQL exactly once.
 */
import { afterAll, beforeAll, expect, inject, onTestFailed } from "vitest";
import { withPostgres } from "../helpers/database.ts";
import { startThrowawayPostgres, type ThrowawayPostgres } from "../helpers/postgres.ts";
import { FacilitatorConsole, Phone, facilitatorWithSession, type ClientPlace } from "./clients.ts";
import { Cluster, type ClusterNode } from "./cluster.ts";
import { waitUntil } from "./wait.ts";

export interface LiveOnCluster {
  console: FacilitatorConsole;
  sessionId: string;
  code: string;
  /** The node nginx sends the console to. */
  consoleNode: ClusterNode;
  /** The facilitator's sign-in cookie (for a room display, say). */
  cookie: string;
}

/**
 * A cluster for one test file: started before its tests, stopped (with every
 * client) after them; a failed test prints the end of every log.
 *
 * `ownPostgres`: the file gets a PostgreSQL server of its own
 * (`cluster.postgres`), which its tests may stop and start without touching
 * the run's shared one.
 */
export function useCluster(label: string, { ownPostgres = false } = {}): () => Cluster {
  let cluster: Cluster | undefined;
  let postgres: ThrowawayPostgres | undefined;
  beforeAll(async () => {
    postgres = ownPostgres ? await startThrowawayPostgres() : undefined;
    cluster = await Cluster.start(postgres?.adminUrl ?? inject("clusterPostgresAdminUrl"), { label, postgres });
  });
  afterAll(async () => {
    closeAllClients();
    // A test that failed with its server down: up again, so the cluster's database can be dropped.
    if (postgres && !(await answers(postgres.adminUrl))) await postgres.startServer().catch(() => {});
    await cluster?.stop();
    postgres?.stop();
  });
  return () => {
    if (!cluster) throw new Error("the cluster has not started");
    const started = cluster;
    onTestFailed(() => console.log(started.report()));
    return started;
  };
}

/**
 * A live session with its console on node 1 (through nginx) and `perNode`
 * phones on each of the two nodes, all counted present on the console.
 */
export async function sessionAcrossNodes(cluster: Cluster, title: string, perNode = 3) {
  const [node1, node2] = cluster.nodes as [ClusterNode, ClusterNode];
  const live = await liveSessionOn(cluster, node1, title);
  const onNode1 = await phonesOn(cluster, node1, perNode, live.code);
  const onNode2 = await phonesOn(cluster, node2, perNode, live.code);
  const everyone = [...onNode1, ...onNode2];
  await live.console.pulseWhere((p) => p.present === everyone.length, `${everyone.length} present`);
  return { live, node1, node2, onNode1, onNode2, everyone };
}

const answers = (url: string) => withPostgres(url, (client) => client.query("SELECT 1")).then(() => true, () => false);

/** Every client a test opened, closed at its end. */
const opened: { close(): void }[] = [];

export function closeAllClients(): void {
  for (const client of opened.splice(0)) client.close();
}

/** A place behind nginx: a fresh source address, and nginx's origin. */
export function throughNginx(cluster: Cluster, address: string): ClientPlace {
  return { url: cluster.origin, origin: cluster.origin, address };
}

/**
 * A facilitator signs up and creates a session through nginx, and opens the
 * console from an address nginx sends to `node`; the console takes the session live.
 */
export async function liveSessionOn(cluster: Cluster, node: ClusterNode, title: string): Promise<LiveOnCluster> {
  const [address] = await cluster.addressesOn(node, 1);
  const place = throughNginx(cluster, address!);
  const { cookie, session } = await facilitatorWithSession(place, title);
  const console = new FacilitatorConsole(place, cookie, session.id);
  opened.push(console);
  await console.ready();
  const started = await console.request("session:start", { sessionId: session.id });
  if (!started.ok) throw new Error(`session:start: ${started.error.code} ${started.error.message}`);
  return { console, sessionId: session.id, code: started.data.joinCode!, consoleNode: node, cookie };
}

/** `count` phones that nginx sends to `node` (each from its own address), joined. */
export async function phonesOn(cluster: Cluster, node: ClusterNode, count: number, code: string, transports?: ("polling" | "websocket")[]): Promise<Phone[]> {
  const addresses = await cluster.addressesOn(node, count);
  const phones = addresses.map((address) => new Phone(throughNginx(cluster, address), code, transports));
  opened.push(...phones);
  await Promise.all(phones.map((phone) => phone.joined()));
  return phones;
}

export function track<T extends { close(): void }>(client: T): T {
  opened.push(client);
  return client;
}

/**
 * Every phone taps every `everyMs` until stopped (or for `maxMs` at most),
 * cycling through the palette, as a busy room would.
 */
export function tapStream(phones: Phone[], { everyMs = 400, maxMs = 60_000 } = {}) {
  let turn = 0;
  const palette = phones[0]!.snapshots[0]!.palette.map((s) => s.key);
  const timer = setInterval(() => {
    turn += 1;
    phones.forEach((phone, i) => phone.tap(palette[(turn + i) % palette.length]!));
  }, everyMs);
  const cap = setTimeout(() => clearInterval(timer), maxMs);
  return {
    stop() {
      clearInterval(timer);
      clearTimeout(cap);
    },
  };
}

/** Waits until no phone has a tap waiting: every one answered "stored". */
export async function outboxesEmpty(phones: Phone[], timeoutMs = 30_000): Promise<number> {
  return waitUntil(() => phones.every((p) => p.waiting === 0), {
    timeoutMs,
    what: "every phone's outbox to empty",
    seen: () => phones.filter((p) => p.waiting > 0).map((p) => p.describe()).join("\n"),
  });
}

/**
 * The stored rows against the phones' own records: every acknowledged id in
 * PostgreSQL exactly once, and no row for an id no phone tapped. Returns the
 * number of rows.
 */
export async function expectEveryAckStoredOnce(cluster: Cluster, sessionId: string, phones: Phone[]): Promise<number> {
  const stored = await cluster.storedCheckIns(sessionId);
  const tapped = new Set(phones.flatMap((p) => p.tapped));
  const acked = phones.flatMap((p) => [...p.acked]);
  const missing = acked.filter((id) => !stored.has(id));
  const repeated = [...stored].filter(([, rows]) => rows !== 1);
  const strangers = [...stored.keys()].filter((id) => !tapped.has(id));
  expect({ missing, repeated, strangers }).toEqual({ missing: [], repeated: [], strangers: [] });
  return stored.size;
}

export function summary(phones: Phone[]): string {
  return phones.map((p) => p.describe()).join("\n");
}

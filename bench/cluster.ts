/**
 * The cluster phase of the benchmark (`npm run bench -- --cluster`): the
 * production build on PostgreSQL, first as one node on its own, then as two
 * nodes behind nginx sharing Redis, with the same N phones.
 *
 * - One node: `node dist/server.mjs` on a database of the throwaway PostgreSQL
 *   server, no Redis, no nginx; the phones connect to it directly.
 * - The cluster: test/cluster/cluster.ts's deployment (two nodes, Redis, nginx
 *   configured from deploy/nginx/). The console sits on node 1; half the phones
 *   come from source addresses nginx sends to node 1, half from addresses it
 *   sends to node 2 (read from nginx's access log, never assumed).
 *
 * Measured: joins, push → every phone (per node too), each process's memory
 * and CPU (nodes, nginx, Redis, PostgreSQL, read from /proc), a quiet stretch
 * (presence heartbeats only), then sustained check-ins into PostgreSQL
 * through the cluster with tap-to-console per node of origin, and what
 * crossed Redis in each stretch (commandstats, bytes, the peer stream's
 * entries by kind).
 *
 * Phones are plain Socket.IO clients in this process, WebSocket only (as the
 * other phases), `PHONES_PER_ADDRESS` to a source address: the join gate
 * admits 150 new participants per address in a burst.
 */
import { spawnSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { io, type Socket } from "socket.io-client";
import {
  NAMESPACES,
  PROTOCOL_VERSION,
  type ConsoleClientEvents,
  type ConsolePushes,
  type ParticipantClientEvents,
  type ParticipantPushes,
} from "../lib/protocol/events.ts";
import { request } from "../lib/protocol/registry.ts";
import type { PromptView } from "../lib/protocol/views.ts";
import type { Cluster, ClusterNode } from "../test/cluster/cluster.ts";
import type { BroadcastResult, JoinResult } from "./run.ts";
import { goLiveAndWatch } from "./live.ts";
import { ms, sleep, summarize, type Summary } from "./stats.ts";

type Phone = Socket<ParticipantPushes, ParticipantClientEvents>;
type Console = Socket<ConsolePushes, ConsoleClientEvents>;

/** What the phase needs from bench/run.ts. */
export interface ClusterKit {
  clients: number;
  rounds: number;
  warmup: number;
  /** Check-ins a second offered through the cluster, and for how long. */
  rate: number;
  seconds: number;
  log(message: string): void;
  connectAll(count: number, make: () => Phone, readyEvent: string): Promise<{ sockets: Phone[]; result: JoinResult }>;
  broadcastRounds(phones: Phone[], push: () => void): Promise<Omit<BroadcastResult, "pushErrors">>;
}

/** Below the join gate's burst of 150 new participants per address. */
const PHONES_PER_ADDRESS = 100;
/** A phone taps at most this often (the server allows 4 a second). */
const PER_PHONE_MAX = 2.5;
const QUIET_S = 10;
const ACK_TIMEOUT_MS = 20_000;
const PEER_STREAM = "attune:live";
/** @socket.io/redis-streams-adapter's default stream. */
const ADAPTER_STREAM = "socket.io";
const ROOT = path.resolve(import.meta.dirname, "..");

// ---- processes: CPU and memory from /proc -----------------------------------

const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux

function statFields(pid: number): string[] | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return text.slice(text.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** A process and its descendants (nginx's worker, PostgreSQL's backends). */
function family(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = Number(statFields(Number(entry))?.[1]);
    if (!Number.isFinite(parent)) continue;
    children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const all: number[] = [];
  const visit = (p: number) => {
    all.push(p);
    for (const c of children.get(p) ?? []) visit(c);
  };
  visit(pid);
  return all;
}

/**
 * CPU time used so far, ms (user + system), by these processes and the
 * children they have reaped (PostgreSQL's backends come and go).
 */
function cpuMs(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    const f = statFields(pid);
    if (f) ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  }
  return ticks * TICK_MS;
}

function rssMiB(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

function findProcess(match: (cmdline: string) => boolean): number | null {
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (match(fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " "))) return Number(entry);
    } catch {
      // gone
    }
  }
  return null;
}

/** CPU time the whole machine has been busy, ms (all cores; steal counts as busy for others). */
function machineBusyMs(): number {
  const [, ...ticks] = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = ticks;
  void idle;
  void iowait;
  return (user + nice + system + irq + softirq + steal) * TICK_MS;
}

/**
 * Named groups of processes whose CPU is read at the start and end of a
 * stretch; "elsewhere" is the rest of the machine (other engineers' work on
 * a shared machine shows there).
 */
class CpuWatch {
  private readonly start = new Map<string, number>();
  private readonly began = performance.now();
  private readonly busy = machineBusyMs();
  constructor(private readonly groups: Record<string, () => number[]>) {
    for (const [name, pids] of Object.entries(groups)) this.start.set(name, cpuMs(pids()));
  }
  /** Per group: CPU used, ms, and as % of one core over the stretch. */
  take(): Record<string, { ms: number; pct: number }> {
    const wall = performance.now() - this.began;
    const out: Record<string, { ms: number; pct: number }> = {};
    let ours = 0;
    for (const [name, pids] of Object.entries(this.groups)) {
      const used = cpuMs(pids()) - (this.start.get(name) ?? 0);
      ours += used;
      out[name] = { ms: used, pct: (used / wall) * 100 };
    }
    const elsewhere = Math.max(0, machineBusyMs() - this.busy - ours);
    out.elsewhere = { ms: elsewhere, pct: (elsewhere / wall) * 100 };
    out.wall = { ms: wall, pct: 100 };
    return out;
  }
}

// ---- Redis: what crossed it ---------------------------------------------------

interface RedisSnapshot {
  commands: Record<string, number>;
  inputBytes: number;
  outputBytes: number;
  /** Last id of the peer stream, and entries ever added to each stream. */
  peerLastId: string;
  added: Record<string, number>;
}

async function redisSnapshot(redis: Redis): Promise<RedisSnapshot> {
  const commands: Record<string, number> = {};
  for (const line of (await redis.info("commandstats")).split("\n")) {
    const m = /^cmdstat_([^:]+):calls=(\d+)/.exec(line.trim());
    if (m) commands[m[1]] = Number(m[2]);
  }
  const stats = await redis.info("stats");
  const stat = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, "m").exec(stats)?.[1] ?? NaN);
  const added: Record<string, number> = {};
  let peerLastId = "0-0";
  for (const stream of [PEER_STREAM, ADAPTER_STREAM]) {
    const info = (await redis.call("XINFO", "STREAM", stream).catch(() => null)) as (string | number)[] | null;
    if (!info) {
      added[stream] = 0;
      continue;
    }
    const field = (k: string) => info[info.indexOf(k) + 1];
    added[stream] = Number(field("entries-added"));
    if (stream === PEER_STREAM) peerLastId = String(field("last-generated-id"));
  }
  return { commands, inputBytes: stat("total_net_input_bytes"), outputBytes: stat("total_net_output_bytes"), peerLastId, added };
}

interface PeerKind {
  entries: number;
  bytes: number;
  /** Check-ins carried (checkins), or participant ids (presence). */
  items: number;
}

interface RedisWindow {
  seconds: number;
  /** Calls per second of each command that was called. */
  commandsPerSecond: Record<string, number>;
  inputBytesPerSecond: number;
  outputBytesPerSecond: number;
  /** Entries appended per second: the peer stream and the adapter's stream. */
  peerEntriesPerSecond: number;
  adapterEntriesPerSecond: number;
  /** The peer stream's entries in the stretch, by event kind (bytes: the entry's fields). */
  peerKinds: Record<string, PeerKind>;
}

async function redisWindow(redis: Redis, before: RedisSnapshot, seconds: number): Promise<RedisWindow> {
  const after = await redisSnapshot(redis);
  const commandsPerSecond: Record<string, number> = {};
  for (const [name, calls] of Object.entries(after.commands)) {
    const d = calls - (before.commands[name] ?? 0);
    // The benchmark's own INFO and XINFO and XRANGE calls are left out.
    if (d > 0 && !["info", "xinfo|stream", "xinfo", "xrange"].includes(name)) commandsPerSecond[name] = d / seconds;
  }
  const peerKinds: Record<string, PeerKind> = {};
  let from = `(${before.peerLastId}`;
  for (let page = 0; page < 1_000; page++) {
    const entries = (await redis.xrange(PEER_STREAM, from, after.peerLastId, "COUNT", 5_000)) as [string, string[]][];
    for (const [id, fields] of entries) {
      from = `(${id}`;
      const e = fields[fields.indexOf("e") + 1] ?? "{}";
      const event = JSON.parse(e) as { kind: string; taps?: unknown[]; full?: unknown[]; arrived?: unknown[]; departed?: unknown[] };
      const kind = event.kind === "presence" ? (event.full ? "presence (everyone)" : "presence (changes)") : event.kind;
      const k = (peerKinds[kind] ??= { entries: 0, bytes: 0, items: 0 });
      k.entries += 1;
      k.bytes += fields.reduce((n, f) => n + Buffer.byteLength(f), 0);
      k.items += event.taps?.length ?? (event.full?.length ?? 0) + (event.arrived?.length ?? 0) + (event.departed?.length ?? 0);
    }
    if (entries.length < 5_000) break;
  }
  return {
    seconds,
    commandsPerSecond,
    inputBytesPerSecond: (after.inputBytes - before.inputBytes) / seconds,
    outputBytesPerSecond: (after.outputBytes - before.outputBytes) / seconds,
    peerEntriesPerSecond: (after.added[PEER_STREAM] - before.added[PEER_STREAM]) / seconds,
    adapterEntriesPerSecond: (after.added[ADAPTER_STREAM] - before.added[ADAPTER_STREAM]) / seconds,
    peerKinds,
  };
}

// ---- results -------------------------------------------------------------------

export interface NodeFigures {
  name: string;
  phones: number;
  rssBeforeMiB: number;
  rssAfterMiB: number;
  /** Server RSS added per joined phone. */
  rssPerPhoneKiB: number;
  /** Push rounds: what this node's phones saw. */
  push: Summary;
  /** CPU this node used per push (warm-up included), ms, and per phone it holds, µs. */
  cpuPerPushMs: number;
  cpuPerPushPerPhoneUs: number;
}

export interface ClusterCheckIns {
  rate: number;
  seconds: number;
  sent: number;
  acked: number;
  stored: number;
  lost: number;
  duplicates: number;
  unexpected: number;
  duplicateAcks: number;
  refused: Record<string, number>;
  unanswered: number;
  offeredPerSecond: number;
  storedPerSecond: number;
  /** Per node of origin: ack and tap → console (the console is on node 1). */
  perNode: { name: string; sent: number; acked: number; ack: Summary; tapToConsole: Summary }[];
  ack: Summary;
  tapToConsole: Summary;
  /** The console's last totals against the rows stored. */
  consoleTotal: number;
  postgres: { rowsPerSecond: number; peakRowsPerSecond: number; commitsPerSecond: number; rowsPerCommit: number };
  /** Per process group, CPU ms per check-in and % of one core. */
  cpu: Record<string, { ms: number; pct: number }>;
}

export interface ClusterResult {
  kind: "cluster";
  phones: number;
  single: { join: JoinResult; broadcast: BroadcastResult; node: NodeFigures; pushCpu: Record<string, { ms: number; pct: number }> };
  cluster: {
    join: JoinResult;
    broadcast: BroadcastResult;
    nodes: NodeFigures[];
    /** Push rounds: CPU per process group (% of a core) and per push (ms). */
    pushCpu: Record<string, { ms: number; pct: number }>;
    redis: { quiet: RedisWindow; push: RedisWindow; checkIns: RedisWindow };
    quietCpu: Record<string, { ms: number; pct: number }>;
    checkIns: ClusterCheckIns;
  };
}

// ---- clients --------------------------------------------------------------------

const agents = new Map<string, http.Agent>();
function fromAddress(origin: string, address: string) {
  let agent = agents.get(address);
  if (!agent) agents.set(address, (agent = new http.Agent({ localAddress: address })));
  // engine.io-client hands these to `ws` (and to http for polling) in Node.
  return { agent: agent as unknown as string, localAddress: address, extraHeaders: { origin } };
}

interface Place {
  url: string;
  origin: string;
}

async function openConsole(place: Place, address: string, facilitatorWithSession: (p: { url: string; origin: string; address: string }, title: string) => Promise<{ cookie: string; session: { id: string } }>) {
  const { cookie, session } = await facilitatorWithSession({ ...place, address }, "Cluster benchmark");
  const socket: Console = io(place.url + NAMESPACES.console, {
    ...fromAddress(place.origin, address),
    extraHeaders: { origin: place.origin, cookie },
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    auth: { v: PROTOCOL_VERSION },
  });
  return { socket, sessionId: session.id, code: await goLiveAndWatch(socket, session.id) };
}

/**
 * Joins `count` phones, the i-th from `addressOf(i)`; returns them with the
 * node each sits on and the session's palette.
 */
async function joinPhones(kit: ClusterKit, place: Place, code: string, count: number, addressOf: (i: number) => { address: string; node: number }) {
  const nodeOf = new Map<Phone, number>();
  let palette: string[] = [];
  let i = 0;
  const { sockets, result } = await kit.connectAll(
    count,
    () => {
      const { address, node } = addressOf(i++);
      const socket: Phone = io(place.url + NAMESPACES.participant, {
        ...fromAddress(place.origin, address),
        transports: ["websocket"],
        forceNew: true,
        reconnection: false,
        auth: { v: PROTOCOL_VERSION, code },
      });
      socket.once("session:snapshot", (s) => {
        if (palette.length === 0) palette = s.palette.map((p) => p.key);
      });
      nodeOf.set(socket, node);
      return socket;
    },
    "session:snapshot",
  );
  return { sockets, result, nodeOf, palette };
}

/** Push rounds from the console, with every phone's arrival also kept per node, and each node's CPU. */
async function pushRounds(kit: ClusterKit, consoleSocket: Console, sessionId: string, phones: Phone[], nodeOf: Map<Phone, number>, nodeCount: number) {
  const perNode: number[][] = Array.from({ length: nodeCount }, () => []);
  let t0 = 0;
  let round = -1;
  const listeners = phones.map((p) => {
    const node = nodeOf.get(p) ?? 0;
    const on = (prompt: PromptView | null) => {
      if (prompt !== null && round >= kit.warmup) perNode[node].push(performance.now() - t0);
    };
    p.on("prompt:current", on);
    return [p, on] as const;
  });
  let pushErrors = 0;
  const cast = await kit.broadcastRounds(phones, () => {
    t0 = performance.now();
    round += 1;
    void request(consoleSocket, "prompt:push", { sessionId, source: { kind: "technique", technique: "gentle-nudge" } }, 15_000).then((ack) => {
      if (!ack.ok) pushErrors += 1;
    });
  });
  for (const [p, on] of listeners) p.off("prompt:current", on);
  return { broadcast: { ...cast, pushErrors }, perNode: perNode.map((s) => summarize(s)), pushes: round + 1 };
}

function closePhones(phones: Phone[], consoleSocket: Console): void {
  for (const p of phones) p.disconnect();
  consoleSocket.disconnect();
}

// ---- the phase --------------------------------------------------------------------

export async function runCluster(kit: ClusterKit): Promise<ClusterResult> {
  // test/helpers/database.ts (imported by test/cluster/cluster.ts) asks vitest for
  // the run's database when it loads; outside vitest there is no run to ask.
  if (!("__vitest_worker__" in globalThis)) {
    Object.defineProperty(globalThis, "__vitest_worker__", { value: { providedContext: {} }, configurable: true, writable: true, enumerable: false });
  }
  const { Cluster: ClusterClass, ClusterNode: NodeClass } = await import("../test/cluster/cluster.ts");
  const { facilitatorWithSession } = await import("../test/cluster/clients.ts");
  const { startThrowawayPostgres } = await import("../test/helpers/postgres.ts");
  const { withPostgres } = await import("../test/helpers/database.ts");
  const { freePort } = await import("../test/helpers/redis.ts");

  // nginx's throwaway configuration allows 1024 connections per worker: two per phone (client and node side).
  const nginxConfig = ClusterClass.prototype.nginxConfig;
  const connections = Math.max(1024, kit.clients * 2 + 512);
  ClusterClass.prototype.nginxConfig = function (this: Cluster) {
    return nginxConfig
      .call(this)
      .replace(/worker_connections \d+;/, `worker_connections ${connections};`)
      .replace(/^worker_processes 1;$/m, `worker_processes 1;\nworker_rlimit_nofile ${connections + 256};`);
  };

  kit.log("building the production app if it is stale (node scripts/start.mjs --build-only)");
  const build = spawnSync(process.execPath, [path.join(ROOT, "scripts", "start.mjs"), "--build-only"], { cwd: ROOT, stdio: ["ignore", 2, 2] });
  if (build.status !== 0) throw new Error("the production build failed");

  const postgres = await startThrowawayPostgres();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attune-bench-cluster-"));
  const cleanups: (() => Promise<void> | void)[] = [() => postgres.stop(), () => fs.rmSync(dir, { recursive: true, force: true })];
  try {
    const postmaster = await withPostgres(postgres.adminUrl, async (c) => {
      const dataDir = (await c.query<{ data_directory: string }>("SHOW data_directory")).rows[0].data_directory;
      return Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    });

    // ---- one node, PostgreSQL, no Redis, no nginx ----
    const single = await (async () => {
      const database = `attune_bench_single_${randomBytes(4).toString("hex")}`;
      await withPostgres(postgres.adminUrl, (c) => c.query(`CREATE DATABASE ${database}`));
      cleanups.unshift(() => withPostgres(postgres.adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)).then(() => {}));
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const node: ClusterNode = new NodeClass("single node", port, {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: process.env.HOME ?? dir,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        HOST: "127.0.0.1",
        PORT: String(port),
        DATABASE_URL: Object.assign(new URL(postgres.adminUrl), { pathname: `/${database}` }).toString(),
        PUBLIC_ORIGIN: url,
      }, path.join(dir, "single.log"));
      await node.start();
      cleanups.unshift(() => node.stop("SIGKILL").then(() => {}));
      const place = { url, origin: url };
      // Any loopback address reaches the node; spread phones over them for the join gate.
      const address = (i: number) => `127.1.${1 + Math.floor(i / PHONES_PER_ADDRESS)}.1`;
      const live = await openConsole(place, "127.1.0.1", facilitatorWithSession);
      kit.log(`single node: ${kit.clients} phones straight to ${url}`);
      const rssBefore = rssMiB(node.pid!);
      const phones = await joinPhones(kit, place, live.code, kit.clients, (i) => ({ address: address(i), node: 0 }));
      await sleep(500);
      const rssAfter = rssMiB(node.pid!);
      const cpu = new CpuWatch({ node: () => [node.pid!], postgres: () => family(postmaster), bench: () => [process.pid] });
      const rounds = await pushRounds(kit, live.socket, live.sessionId, phones.sockets, phones.nodeOf, 1);
      const used = cpu.take();
      closePhones(phones.sockets, live.socket);
      await node.stop("SIGTERM").catch(() => {});
      const joined = phones.result.joined;
      return {
        join: phones.result,
        broadcast: rounds.broadcast,
        pushCpu: Object.fromEntries(Object.entries(used).map(([k, v]) => [k, { ms: v.ms / rounds.pushes, pct: v.pct }])),
        node: {
          name: node.name,
          phones: joined,
          rssBeforeMiB: rssBefore,
          rssAfterMiB: rssAfter,
          rssPerPhoneKiB: ((rssAfter - rssBefore) * 1024) / Math.max(1, joined),
          push: rounds.perNode[0],
          cpuPerPushMs: used.node.ms / rounds.pushes,
          cpuPerPushPerPhoneUs: (used.node.ms * 1000) / rounds.pushes / Math.max(1, joined),
        },
      };
    })();
    kit.log(`single node: push p99 ${ms(single.broadcast.latency.p99)} ms, ${ms(single.node.rssPerPhoneKiB)} KiB RSS a phone`);

    // ---- two nodes behind nginx, Redis ----
    const cluster = await ClusterClass.start(postgres.adminUrl, { label: "bench" });
    cleanups.unshift(() => cluster.stop());
    const [node1, node2] = cluster.nodes as [ClusterNode, ClusterNode];
    const redis = new Redis(cluster.redis.url, { lazyConnect: false, maxRetriesPerRequest: 3 });
    cleanups.unshift(() => void redis.disconnect());
    const redisPid = findProcess((c) => c.startsWith("redis-server") && c.includes(`:${cluster.redis.port}`));
    const nginxPid = Number(fs.readFileSync(path.join(cluster.dir, "nginx.pid"), "utf8").trim());
    const groups = {
      "node 1": () => (node1.pid ? [node1.pid] : []),
      "node 2": () => (node2.pid ? [node2.pid] : []),
      nginx: () => family(nginxPid),
      redis: () => (redisPid ? [redisPid] : []),
      postgres: () => family(postmaster),
      bench: () => [process.pid],
    };

    const place = { url: cluster.origin, origin: cluster.origin };
    const perNode = [Math.ceil(kit.clients / 2), Math.floor(kit.clients / 2)];
    const addresses = await Promise.all(
      [node1, node2].map(async (n, j) => cluster.addressesOn(n, Math.max(1, Math.ceil(perNode[j] / PHONES_PER_ADDRESS)))),
    );
    const [consoleAddress] = await cluster.addressesOn(node1, 1);
    const live = await openConsole(place, consoleAddress, facilitatorWithSession);
    kit.log(`cluster: console on node 1, ${perNode[0]} phones to node 1 and ${perNode[1]} to node 2 through nginx on ${cluster.origin}`);
    const pulses: { at: number; total: Record<string, number>; present: number }[] = [];
    live.socket.on("pulse:update", ({ pulse }) => pulses.push({ at: performance.now(), total: { ...pulse.total }, present: pulse.present }));

    const rssBefore = [node1, node2].map((n) => rssMiB(n.pid!));
    // Alternate nodes, so a slow node shows in both halves of the join.
    const placed = (i: number) => {
      const node = i % 2;
      const k = Math.floor(i / 2);
      return { address: addresses[node][Math.min(addresses[node].length - 1, Math.floor(k / PHONES_PER_ADDRESS))], node };
    };
    const phones = await joinPhones(kit, place, live.code, kit.clients, placed);
    if (phones.sockets.length === 0) throw new Error("no phone could join the cluster");
    await sleep(500);
    const rssAfter = [node1, node2].map((n) => rssMiB(n.pid!));
    const onNode = [0, 1].map((j) => phones.sockets.filter((s) => phones.nodeOf.get(s) === j).length);

    // A quiet stretch: the phones connected, nobody pushing or tapping; heartbeats only.
    kit.log(`cluster: ${QUIET_S} s quiet (presence heartbeats only)`);
    const quietRedis = await redisSnapshot(redis);
    const quietCpuWatch = new CpuWatch(groups);
    await sleep(QUIET_S * 1000);
    const quietCpu = quietCpuWatch.take();
    const quiet = await redisWindow(redis, quietRedis, quietCpu.wall.ms / 1000);

    // Push rounds.
    const pushRedis = await redisSnapshot(redis);
    const pushCpuWatch = new CpuWatch(groups);
    const rounds = await pushRounds(kit, live.socket, live.sessionId, phones.sockets, phones.nodeOf, 2);
    const pushCpu = pushCpuWatch.take();
    const push = await redisWindow(redis, pushRedis, pushCpu.wall.ms / 1000);
    const nodes: NodeFigures[] = [node1, node2].map((n, j) => ({
      name: n.name,
      phones: onNode[j],
      rssBeforeMiB: rssBefore[j],
      rssAfterMiB: rssAfter[j],
      rssPerPhoneKiB: ((rssAfter[j] - rssBefore[j]) * 1024) / Math.max(1, onNode[j]),
      push: rounds.perNode[j],
      cpuPerPushMs: pushCpu[n.name].ms / rounds.pushes,
      cpuPerPushPerPhoneUs: (pushCpu[n.name].ms * 1000) / rounds.pushes / Math.max(1, onNode[j]),
    }));
    kit.log(`cluster: push p99 ${ms(rounds.broadcast.latency.p99)} ms (node 1 ${ms(nodes[0].push.p99)}, node 2 ${ms(nodes[1].push.p99)})`);
    await sleep(300);

    const checkIns = await sustained(kit, {
      phones: phones.sockets,
      nodeOf: phones.nodeOf,
      palette: phones.palette,
      pulses,
      redis,
      groups,
      storedCheckIns: () => cluster.storedCheckIns(live.sessionId),
      countRows: () => withPostgres(cluster.databaseUrl, async (c) => Number((await c.query(`SELECT count(*) AS n FROM "CheckIn" WHERE "sessionId" = $1`, [live.sessionId])).rows[0].n)),
      commits: () =>
        withPostgres(cluster.databaseUrl, async (c) => Number((await c.query(`SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()`)).rows[0].xact_commit)),
    });

    closePhones(phones.sockets, live.socket);
    return {
      kind: "cluster",
      phones: kit.clients,
      single,
      cluster: {
        join: phones.result,
        broadcast: rounds.broadcast,
        nodes,
        pushCpu: Object.fromEntries(Object.entries(pushCpu).map(([k, v]) => [k, { ms: v.ms / rounds.pushes, pct: v.pct }])),
        redis: { quiet, push, checkIns: checkIns.redis },
        quietCpu,
        checkIns: checkIns.result,
      },
    };
  } finally {
    for (const step of cleanups) await Promise.resolve(step()).catch((error) => kit.log(`cleaning up: ${(error as Error).message}`));
  }
}

interface Tap {
  node: number;
  sentAt: number;
  ackAt: number;
  outcome: "pending" | "ok" | "duplicate" | string;
  id: string;
}

/**
 * `kit.rate` check-ins a second for `kit.seconds`, round-robin over the
 * phones of both nodes. Node 1's phones tap one signal and node 2's another,
 * so the console's per-signal totals time each node's taps apart: the k-th
 * acknowledged tap of a node is on the console from the first pulse whose
 * total for that node's signal reaches k.
 */
async function sustained(
  kit: ClusterKit,
  ctx: {
    phones: Phone[];
    nodeOf: Map<Phone, number>;
    palette: string[];
    pulses: { at: number; total: Record<string, number> }[];
    redis: Redis;
    groups: Record<string, () => number[]>;
    storedCheckIns: () => Promise<Map<string, number>>;
    countRows: () => Promise<number>;
    commits: () => Promise<number>;
  },
): Promise<{ result: ClusterCheckIns; redis: RedisWindow }> {
  const { phones, nodeOf, palette, pulses } = ctx;
  if (palette.length < 2) throw new Error("the palette needs two signals");
  const signalOf = (node: number) => palette[node];
  const rate = Math.min(kit.rate, Math.floor(phones.length * PER_PHONE_MAX));
  if (rate < kit.rate) kit.log(`check-in rate capped at ${rate}/s (${phones.length} phones x ${PER_PHONE_MAX}/s)`);
  const total = Math.round(rate * kit.seconds);
  const base = [0, 1].map((j) => pulses.at(-1)?.total[signalOf(j)] ?? 0);
  kit.log(`cluster: ${rate} check-ins/s for ${kit.seconds} s into PostgreSQL through both nodes`);

  const taps: Tap[] = [];
  let pending = 0;
  const send = (phone: Phone) => {
    const node = nodeOf.get(phone) ?? 0;
    const tap: Tap = { node, sentAt: performance.now(), ackAt: NaN, outcome: "pending", id: randomUUID() };
    taps.push(tap);
    pending += 1;
    phone.timeout(ACK_TIMEOUT_MS).emit("checkin:send", { id: tap.id, signal: signalOf(node), ageMs: 0 }, (err, ack) => {
      pending -= 1;
      tap.ackAt = performance.now();
      tap.outcome = err ? "TIMEOUT" : !ack.ok ? ack.error.code : ack.data.duplicate ? "duplicate" : "ok";
    });
  };

  const rowsBefore = await ctx.countRows();
  const commitsBefore = await ctx.commits();
  const redisBefore = await redisSnapshot(ctx.redis);
  const cpu = new CpuWatch(ctx.groups);
  const rowSamples: { at: number; rows: number }[] = [{ at: performance.now(), rows: rowsBefore }];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      await sleep(1_000);
      rowSamples.push({ at: performance.now(), rows: await ctx.countRows() });
    }
  })();

  const start = performance.now();
  let next = 0;
  while (next < total && performance.now() - start < kit.seconds * 1000 + 5_000) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
    for (; next < due; next++) send(phones[next % phones.length]);
    await sleep(5);
  }
  const sendEnd = performance.now();
  // Every ack, then the console counting every acked tap of each node (coalesced pulses: a moment more).
  const until = performance.now() + ACK_TIMEOUT_MS + 2_000;
  while (pending > 0 && performance.now() < until) await sleep(10);
  const okOf = (j: number) => taps.filter((t) => t.node === j && t.outcome === "ok");
  const shown = () => [0, 1].every((j) => (pulses.at(-1)?.total[signalOf(j)] ?? 0) - base[j] >= okOf(j).length);
  const shownBy = performance.now() + 5_000;
  while (!shown() && performance.now() < shownBy) await sleep(10);
  const used = cpu.take();
  sampling = false;
  await sampler;
  const redis = await redisWindow(ctx.redis, redisBefore, used.wall.ms / 1000);
  const commitsAfter = await ctx.commits();
  const rowsAfter = await ctx.countRows();

  const perNode = [0, 1].map((j) => {
    const ok = okOf(j).sort((a, b) => a.ackAt - b.ackAt);
    const signal = signalOf(j);
    const samples: number[] = [];
    let p = 0;
    for (let k = 1; k <= ok.length; k++) {
      while (p < pulses.length && (pulses[p].at < start || (pulses[p].total[signal] ?? 0) - base[j] < k)) p++;
      if (p === pulses.length) break;
      samples.push(pulses[p].at - ok[k - 1].sentAt);
    }
    const mine = taps.filter((t) => t.node === j);
    return {
      name: `node ${j + 1}`,
      sent: mine.length,
      acked: ok.length,
      ack: summarize(mine.filter((t) => t.outcome !== "pending" && t.outcome !== "TIMEOUT").map((t) => t.ackAt - t.sentAt)),
      tapToConsole: summarize(samples),
      samples,
    };
  });

  const stored = await ctx.storedCheckIns();
  const sentIds = new Set(taps.map((t) => t.id));
  const ok = taps.filter((t) => t.outcome === "ok");
  const refused: Record<string, number> = {};
  for (const t of taps) if (t.outcome !== "ok" && t.outcome !== "duplicate" && t.outcome !== "pending") refused[t.outcome] = (refused[t.outcome] ?? 0) + 1;
  const lastAck = ok.reduce((m, t) => Math.max(m, t.ackAt), start);
  let peak = 0;
  for (let i = 1; i < rowSamples.length; i++) {
    const dt = (rowSamples[i].at - rowSamples[i - 1].at) / 1000;
    peak = Math.max(peak, (rowSamples[i].rows - rowSamples[i - 1].rows) / dt);
  }
  const written = rowsAfter - rowsBefore;
  const commits = commitsAfter - commitsBefore;
  const seconds = used.wall.ms / 1000;
  const result: ClusterCheckIns = {
    rate,
    seconds: kit.seconds,
    sent: taps.length,
    acked: ok.length,
    stored: stored.size,
    lost: ok.filter((t) => !stored.has(t.id)).length,
    duplicates: [...stored.values()].filter((n) => n > 1).length,
    unexpected: [...stored.keys()].filter((id) => !sentIds.has(id)).length,
    duplicateAcks: taps.filter((t) => t.outcome === "duplicate").length,
    refused,
    unanswered: pending,
    offeredPerSecond: taps.length / Math.max(1e-3, (sendEnd - start) / 1000),
    storedPerSecond: ok.length / Math.max(1e-3, (lastAck - start) / 1000),
    perNode: perNode.map(({ samples: _samples, ...rest }) => rest),
    ack: summarize(taps.filter((t) => t.outcome !== "pending" && t.outcome !== "TIMEOUT").map((t) => t.ackAt - t.sentAt)),
    tapToConsole: summarize(perNode.flatMap((n) => n.samples)),
    consoleTotal: [0, 1].reduce((n, j) => n + (pulses.at(-1)?.total[signalOf(j)] ?? 0) - base[j], 0),
    postgres: {
      rowsPerSecond: written / seconds,
      peakRowsPerSecond: peak,
      // pg_stat_database counts every transaction of the database, the benchmark's own count queries included.
      commitsPerSecond: commits / seconds,
      rowsPerCommit: written / Math.max(1, commits),
    },
    cpu: Object.fromEntries(Object.entries(used).map(([k, v]) => [k, { ms: v.ms / Math.max(1, ok.length), pct: v.pct }])),
  };
  kit.log(
    `cluster: ${result.acked}/${result.sent} acked, ${result.stored} stored, lost ${result.lost}, duplicates ${result.duplicates}; ` +
      `tap -> console p99 ${ms(result.tapToConsole.p99)} ms (node 1 ${ms(perNode[0].tapToConsole.p99)}, node 2 ${ms(perNode[1].tapToConsole.p99)})`,
  );
  return { result, redis };
}

// ---- report --------------------------------------------------------------------

const pad = (s: string | number, n: number) => String(s).padStart(n);
const row = (label: string, s: Summary) => `  ${label.padEnd(40)}${pad(ms(s.p50), 9)}${pad(ms(s.p95), 9)}${pad(ms(s.p99), 9)}${pad(ms(s.max), 9)}${pad(s.n, 9)}`;
const rate = (n: number) => (n >= 100 ? ms(n, 0) : ms(n, 1));
const kib = (bytes: number) => `${ms(bytes / 1024, 1)} KiB`;
const cpuLine = (c: Record<string, { ms: number; pct: number }>, unit: string) =>
  Object.entries(c)
    .filter(([k]) => k !== "wall")
    .map(([k, v]) => `${k} ${ms(v.pct, 0)}% (${ms(v.ms, 2)} ${unit})`)
    .join(", ");

function redisLines(label: string, w: RedisWindow): string[] {
  const commands = Object.entries(w.commandsPerSecond)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${rate(v)}`)
    .join(", ");
  const kinds = Object.entries(w.peerKinds)
    .map(([k, v]) => `${k} ${rate(v.entries / w.seconds)}/s (${kib(v.bytes / w.seconds)}/s, ${rate(v.items / w.seconds)} items/s)`)
    .join("; ");
  return [
    `  ${label} (${w.seconds.toFixed(1)} s): in ${kib(w.inputBytesPerSecond)}/s, out ${kib(w.outputBytesPerSecond)}/s; ` +
      `${PEER_STREAM} +${rate(w.peerEntriesPerSecond)} entries/s, ${ADAPTER_STREAM} +${rate(w.adapterEntriesPerSecond)}/s`,
    `    commands/s: ${commands || "none"}`,
    `    peer events: ${kinds || "none"}`,
  ];
}

/** The cluster's lines in the report, and what it failed. */
export function clusterReport(r: ClusterResult, bareP99: number, inProcessP99: number): { lines: string[]; failed: string[] } {
  const c = r.cluster;
  const k = c.checkIns;
  const failed: string[] = [];
  if (k.lost) failed.push(`cluster: ${k.lost} acknowledged check-ins missing from PostgreSQL`);
  if (k.duplicates) failed.push(`cluster: ${k.duplicates} check-ins stored more than once`);
  if (k.unexpected) failed.push(`cluster: ${k.unexpected} stored check-ins never sent`);
  if (k.duplicateAcks) failed.push(`cluster: ${k.duplicateAcks} fresh check-ins acknowledged as duplicates`);
  if (k.consoleTotal !== k.acked) failed.push(`cluster: the console on node 1 counted ${k.consoleTotal} of ${k.acked} acked check-ins`);
  if (c.broadcast.missed || r.single.broadcast.missed) failed.push(`prompts not delivered: cluster ${c.broadcast.missed}, single node ${r.single.broadcast.missed}`);
  const p99 = (s: Summary) => ms(s.p99);
  const header = `  ${"".padEnd(40)}${pad("p50", 9)}${pad("p95", 9)}${pad("p99", 9)}${pad("max", 9)}${pad("n", 9)}`;
  const nodeLine = (n: NodeFigures) =>
    `  ${n.name}: ${n.phones} phones; RSS ${ms(n.rssBeforeMiB, 0)} -> ${ms(n.rssAfterMiB, 0)} MiB (${ms(n.rssPerPhoneKiB, 1)} KiB a phone); ` +
    `CPU ${ms(n.cpuPerPushMs, 1)} ms a push (${ms(n.cpuPerPushPerPhoneUs, 1)} µs a phone)`;
  const lines = [
    `Cluster (production build on PostgreSQL; ${r.phones} phones, WebSocket): one node alone, then two nodes behind nginx with Redis`,
    `  joins: one node ${r.single.join.joined}/${r.single.join.wanted} in ${r.single.join.seconds.toFixed(2)} s (p99 ${p99(r.single.join.latency)} ms); ` +
      `cluster ${c.join.joined}/${c.join.wanted} in ${c.join.seconds.toFixed(2)} s (p99 ${p99(c.join.latency)} ms, failed ${c.join.failed})` +
      (c.join.failed ? ` ${JSON.stringify(c.join.errors)}` : ""),
    "  push -> phone receives (ms)",
    header,
    row("one node (separate process)", r.single.broadcast.latency),
    row("cluster: all phones", c.broadcast.latency),
    ...c.nodes.map((n) => row(`cluster: phones on ${n.name}${n.name === "node 1" ? " (console's)" : ""}`, n.push)),
    row("one node: last phone per round", r.single.broadcast.roundMax),
    row("cluster: last phone per round", c.broadcast.roundMax),
    `  p99 ratios: cluster / bare Socket.IO ${(c.broadcast.latency.p99 / bareP99).toFixed(2)}x, one node / bare ${(r.single.broadcast.latency.p99 / bareP99).toFixed(2)}x, ` +
      `cluster / one node ${(c.broadcast.latency.p99 / r.single.broadcast.latency.p99).toFixed(2)}x, in-process Attune / bare ${(inProcessP99 / bareP99).toFixed(2)}x`,
    `  missed deliveries: one node ${r.single.broadcast.missed}, cluster ${c.broadcast.missed}; push errors ${r.single.broadcast.pushErrors} / ${c.broadcast.pushErrors}`,
    nodeLine(r.single.node),
    ...c.nodes.map(nodeLine),
    `  CPU during push rounds, % of a core (ms a push): one node: ${cpuLine(r.single.pushCpu, "ms")}`,
    `    cluster: ${cpuLine(c.pushCpu, "ms")}`,
    `  CPU while quiet, % of a core: ${cpuLine(c.quietCpu, "ms in all")}`,
    `  check-ins: ${k.rate}/s offered for ${k.seconds} s over both nodes; sent ${k.sent}, acked ${k.acked}, stored ${k.stored}; ` +
      `lost ${k.lost}, duplicates ${k.duplicates}, unexpected ${k.unexpected}, duplicate acks ${k.duplicateAcks}; ` +
      `refused ${JSON.stringify(k.refused)}, unanswered ${k.unanswered}; console on node 1 counted ${k.consoleTotal}`,
    `  offered ${ms(k.offeredPerSecond, 0)}/s, stored ${ms(k.storedPerSecond, 0)}/s; PostgreSQL ${ms(k.postgres.rowsPerSecond, 0)} rows/s ` +
      `(busiest second ${ms(k.postgres.peakRowsPerSecond, 0)}), ${ms(k.postgres.commitsPerSecond, 1)} commits/s, ${ms(k.postgres.rowsPerCommit, 1)} rows a commit`,
    header,
    row("check-ins: ack, all", k.ack),
    ...k.perNode.map((n) => row(`check-ins: ack, phones on ${n.name}`, n.ack)),
    row("check-ins: tap -> console (node 1), all", k.tapToConsole),
    ...k.perNode.map((n) => row(`tap -> console, tapped on ${n.name}`, n.tapToConsole)),
    `  CPU during check-ins, % of a core (ms a check-in): ${cpuLine(k.cpu, "ms")}`,
    "  Redis, what crossed it:",
    ...redisLines("quiet", c.redis.quiet),
    ...redisLines("push rounds", c.redis.push),
    ...redisLines("check-ins", c.redis.checkIns),
  ];
  return { lines, failed };
}

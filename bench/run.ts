/**
 * Attune load benchmark: push latency against a bare Socket.IO baseline and a
 * raw `ws` floor (the same Socket.IO phones; and once more with plain `ws`
 * phones, "floor-light"), a join storm, check-in throughput, durability and
 * tap-to-console time, a reconnect storm (the server restarted with every
 * phone connected), the phone page's JavaScript, and on request a soak (a
 * steady rate of check-ins for minutes) and the cluster.
 *
 *   npm run bench                              # 2,000 phones, about 2 minutes on 2 cores
 *   npm run bench -- --participants 500        # smaller and quicker
 *   npm run bench --json                       # one JSON object on stdout (npm's banner goes to stderr)
 *   npm run -s bench -- --json --soak 60       # the same with "--" (-s keeps npm's banner off stdout)
 *   npm run bench -- --soak 600                # then 1,000 check-ins a second for 10 minutes
 *   npm run bench -- --cluster                 # then one node and two nodes behind nginx on PostgreSQL and Redis (bench/cluster.ts)
 *
 * The parent process forks one child per phase (the ws floor, the ws floor
 * with light phones, bare Socket.IO, Socket.IO with Attune's options, Attune,
 * then the soak) so each phase starts from a clean heap. In the first five the
 * child runs only the server (and the console's one socket); the phones live
 * in generator processes (bench/fleet.ts), so the server's memory, CPU and
 * event-loop figures are its own. The soak and the cluster phase still hold
 * their phones in the benchmark's process. Times cross processes as
 * wall-clock milliseconds.
 * Everything listens on 127.0.0.1. With --json the human-readable report goes
 * to stderr and stdout carries the one JSON object only: its headline fields
 * (participants, fanout, baseline.fanout, fanout_ratio_p99, checkins,
 * mem_per_participant_kb, event_loop_p99_ms, join, reconnect,
 * participant_js_gzip_kb, bars) first, every figure under `phases`.
 *
 * Options: --participants N (phones; env BENCH_CLIENTS), --soak S (seconds;
 * env BENCH_SOAK_S), --soak-rate R (check-ins a second, 1000 by default, at
 * most 2.5 per phone; env BENCH_SOAK_RATE), --cluster (env BENCH_CLUSTER=1; its
 * check-ins: BENCH_CLUSTER_RATE a second, 1000 by default, for BENCH_CLUSTER_S
 * seconds, 30 by default), --json.
 * Options (env): BENCH_ROUNDS, BENCH_WARMUP, BENCH_CHECKINS, BENCH_RATE,
 * BENCH_SUSTAIN_S, BENCH_CONNECT_BATCH (the soak's joins), BENCH_GENERATORS (phone
 * processes, 2), BENCH_JOIN_IN_FLIGHT (phones connecting at once in each, 250),
 * BENCH_FLOOR=0 (skip both ws floors), BENCH_FLOOR_LIGHT=0 (skip the floor
 * with plain `ws` phones only), BENCH_RECONNECT=0 (skip the reconnect storm),
 * BENCH_DIRECT=1 (diagnosis: also Socket.IO with frames written straight to each
 * WebSocket), BENCH_BURST_S (the burst's spread, 2 s), BENCH_CPU_PROF=attune,baseline (those
 * phases' processes write a V8 CPU profile into BENCH_CPU_PROF_DIR),
 * BENCH_TIMEOUT_S, BENCH_JSON (also
 * write the results to that file), BENCH_STRICT=1 (exit 1 when a quality bar
 * is missed, not only a correctness check), BENCH_MATCHED=0 (skip the baseline
 * with Attune's Socket.IO options, which tells server options from app code),
 * BENCH_MATCHED_OPTIONS (JSON overriding those options, for diagnosis).
 * Exit codes: 0 ok, 1 a check failed, 2 timeout or crash.
 */
import { execFileSync, fork, type ChildProcess } from "node:child_process";
import { randomBytes, randomFillSync, randomUUID } from "node:crypto";
import fs from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo, Socket as NetSocket } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Server, type ServerOptions } from "socket.io";
import { io, type Socket } from "socket.io-client";
import { Encoder, PacketType } from "socket.io-parser";
import { WebSocketServer, type WebSocket } from "ws";
import { techniqueByKey } from "../lib/content.ts";
import {
  NAMESPACES,
  PROTOCOL_VERSION,
  type ConsoleClientEvents,
  type ConsolePushes,
  type ParticipantClientEvents,
  type ParticipantPushes,
} from "../lib/protocol/events.ts";
import { TAP_LIMIT } from "../lib/protocol/limits.ts";
import { DEFAULT_PALETTE } from "../lib/content.ts";
import { request } from "../lib/protocol/registry.ts";
import { MAX_MESSAGE_BYTES } from "../lib/protocol/schemas.ts";
import type { PromptView } from "../lib/protocol/views.ts";
import { pulseHorizonMs } from "../lib/pulse.ts";
import type { AttuneServer } from "../server/app.ts";
import { textFrame } from "../server/realtime/frame-fan-out.ts";
import {
  CpuMeter,
  GcMonitor,
  LatencyHistogram,
  LoopMonitor,
  ms,
  openFileLimit,
  settledMemory,
  sleep,
  slope,
  summarize,
  type CpuShare,
  type GcStats,
  type LoopDelay,
  type Memory,
  type Summary,
} from "./stats.ts";
import type { ClusterResult } from "./cluster.ts";
import { Fleet, wallNow, type JoinOutcome, type JoinSpec, type TapRecords } from "./fleet.ts";
import { goLiveAndWatch } from "./live.ts";
import { phoneRouteWeight, type PageWeight } from "./page-weight.ts";

// ---- configuration -------------------------------------------------------

const USAGE = "usage: npm run bench -- [--participants N] [--soak SECONDS] [--soak-rate PER_SECOND] [--cluster] [--json]";

/** Command-line options; only the parent reads them and hands them to its children as BENCH_* variables. */
function parseCli(): { participants?: string; soak?: string; "soak-rate"?: string; cluster?: boolean; json?: boolean } {
  if (process.env.BENCH_PHASE) return {};
  try {
    const { values } = parseArgs({
      options: {
        participants: { type: "string" },
        soak: { type: "string" },
        "soak-rate": { type: "string" },
        cluster: { type: "boolean" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    // `npm run bench --json` (no "--"): npm takes --json as its own setting, sends its
    // banner to stderr instead of stdout, and tells the script in npm_config_json.
    if (values.json === undefined && process.env.npm_config_json === "true") values.json = true;
    return values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
}

const cli = parseCli();

/** A number from the command line, else the environment, else the default. */
function setting(name: string, given: string | undefined, fallback: number, min: number, max: number): number {
  const raw = given ?? process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${name} must be a number in [${min}, ${max}], got "${raw}"`);
  return n;
}
const intEnv = (name: string, fallback: number, min: number, max: number) => setting(name, undefined, fallback, min, max);

const CLIENTS = Math.floor(setting("BENCH_CLIENTS", cli.participants, 2_000, 1, 20_000));
const ROUNDS = Math.floor(intEnv("BENCH_ROUNDS", 100, 1, 1_000));
const WARMUP = Math.floor(intEnv("BENCH_WARMUP", 5, 0, 100));
const CHECKINS = Math.floor(intEnv("BENCH_CHECKINS", 5_000, 0, 1_000_000));
const RATE = Math.floor(intEnv("BENCH_RATE", 1_000, 0, 100_000));
const SUSTAIN_S = intEnv("BENCH_SUSTAIN_S", 10, 0, 120);
/** The burst's check-ins are sent within this many seconds (issue 10: 5,000 in 2 s); 0 sends them all at once. */
const BURST_S = intEnv("BENCH_BURST_S", 2, 0, 60);
/** Phases whose process is profiled (--cpu-prof into BENCH_CPU_PROF_DIR, else the working directory), e.g. "attune,baseline". */
const CPU_PROF = new Set((process.env.BENCH_CPU_PROF ?? "").split(",").filter(Boolean));
const CONNECT_BATCH = Math.floor(intEnv("BENCH_CONNECT_BATCH", 50, 1, 5_000));
/** Seconds of soak after the other phases; 0 skips it. */
const SOAK_S = setting("BENCH_SOAK_S", cli.soak, 0, 0, 24 * 3_600);
const SOAK_RATE = setting("BENCH_SOAK_RATE", cli["soak-rate"], 1_000, 1, 100_000);
const JSON_OUT = cli.json === true;
/** Also the cluster phase (bench/cluster.ts). */
const CLUSTER = cli.cluster === true || process.env.BENCH_CLUSTER === "1";
const CLUSTER_RATE = intEnv("BENCH_CLUSTER_RATE", 1_000, 1, 100_000);
const CLUSTER_S = intEnv("BENCH_CLUSTER_S", 30, 1, 3_600);
const TIMEOUT_S = intEnv(
  "BENCH_TIMEOUT_S",
  Math.round(300 + CLIENTS * 0.15 + (SOAK_S > 0 ? SOAK_S + 120 + CLIENTS * 0.03 : 0) + (CLUSTER ? 300 + CLUSTER_S + CLIENTS * 0.1 : 0)),
  10,
  48 * 3_600,
);
const STRICT = process.env.BENCH_STRICT === "1";
/** Also run the baseline with Attune's Socket.IO options (its heartbeats). */
const MATCHED = process.env.BENCH_MATCHED !== "0";
/** The raw `ws` floor with the baselines' Socket.IO phones (BENCH_FLOOR=0 skips it and the light floor). */
const FLOOR = process.env.BENCH_FLOOR !== "0";
/** The raw `ws` floor with plain `ws` phones (BENCH_FLOOR_LIGHT=0 skips it). */
const FLOOR_LIGHT = FLOOR && process.env.BENCH_FLOOR_LIGHT !== "0";
/** Diagnosis: also bare Socket.IO with each push's frame written straight to every phone's WebSocket (BENCH_DIRECT=1). */
const DIRECT = process.env.BENCH_DIRECT === "1";
/** The reconnect storm at the end of the Attune phase (BENCH_RECONNECT=0 skips it). */
const RECONNECT = process.env.BENCH_RECONNECT !== "0";

/** Tap limits enforced by the server per phone (lib/protocol/limits.ts). */
const TAP_BURST = TAP_LIMIT.burst;
const TAP_PER_SECOND = TAP_LIMIT.perSecond;
/**
 * The signals the load taps, in turn: a phone's successive taps go round the
 * default palette, as people's do, since the server also limits each phone's
 * taps of one signal (server/live/live-room.ts SIGNAL_TAP_LIMIT: 15, then one a
 * second) — one signal hammered is what that limit refuses.
 */
const TAP_SIGNALS: readonly string[] = DEFAULT_PALETTE.map((s) => s.key);
const QUALITY_BAR = 1.5;
const ROUND_GAP_MS = 100;
const ROUND_TIMEOUT_MS = 15_000;
const JOIN_TIMEOUT_MS = 20_000;
const ACK_TIMEOUT_MS = 20_000;

// ---- shared between phases ---------------------------------------------

export interface BroadcastResult {
  latency: Summary;
  /** Per round, the time until the last phone had it. */
  roundMax: Summary;
  missed: number;
  pushErrors: number;
  payloadBytes: number;
  /** GC pauses while the rounds ran (server and clients share the heap). */
  gc: GcStats;
  /** CPU while the rounds ran: this process, and other work on the machine. */
  cpu: CpuShare;
}

export interface JoinResult {
  wanted: number;
  joined: number;
  failed: number;
  errors: Record<string, number>;
  seconds: number;
  latency: Summary;
  /** Connection attempts the clients retried on their own before joining (the fleet's phones). */
  retries?: number;
}

interface BaselineResult {
  kind: "baseline";
  /**
   * "bare": Socket.IO defaults; "matched": the options server/app.ts gives Attune's server; "floor": raw `ws`, one
   * pre-built frame, the same Socket.IO phones; "floor-light": the same server with plain `ws` phones; "direct": BENCH_DIRECT.
   */
  options: "bare" | "matched" | "floor" | "floor-light" | "direct";
  join: JoinResult;
  broadcast: BroadcastResult;
  loop: { join: LoopDelay; broadcast: LoopDelay };
  memory: { before: Memory; after: Memory; rssPerClientKiB: number; heapPerClientKiB: number };
}

interface CheckInPhase {
  sent: number;
  ok: number;
  duplicateAcks: number;
  rateLimited: number;
  errors: number;
  timeouts: number;
  ack: Summary;
  tapToConsole: Summary;
  /** Burst: from the first tap sent until the console's pulse counted them all. */
  allVisibleMs: number;
  seconds: number;
  offeredPerSecond: number;
  storedPerSecond: number;
}

interface AttuneResult {
  kind: "attune";
  join: JoinResult;
  broadcast: BroadcastResult;
  burst: CheckInPhase & { perPhone: number; sendLoopMs: number };
  sustained: CheckInPhase & { targetPerSecond: number };
  db: { count: number; expected: number; lost: number; unexpected: number; duplicateRows: number; pulseTotal: number };
  /** The reconnect storm (null when skipped with BENCH_RECONNECT=0). */
  reconnect: ReconnectResult | null;
  loop: { join: LoopDelay; broadcast: LoopDelay; burst: LoopDelay; sustained: LoopDelay; whole: LoopDelay };
  memory: { before: Memory; after: Memory; rssPerClientKiB: number; heapPerClientKiB: number };
}

type PhaseResult = BaselineResult | AttuneResult | SoakResult | ClusterResult;
type ChildMessage = { type: "result"; result: PhaseResult } | { type: "error"; message: string };

const log = (phase: string, message: string) => process.stderr.write(`[bench:${phase}] ${message}\n`);

/** A prompt view of the same shape and size as the one Attune sends for "gentle-nudge". */
function samplePrompt(): PromptView {
  const t = techniqueByKey("gentle-nudge");
  return { id: randomBytes(12).toString("base64url"), kind: "script", technique: t.key, title: t.name, body: t.script, labels: null, options: null, revealed: false, pushedAt: Date.now() };
}

// Socket.IO's typed sockets differ per namespace; the helpers below only need this much.
type AnySocket = Socket<any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Connects `count` phones, `batch` at a time; a phone has joined when `readyEvent` arrives. */
async function connectAll<S extends AnySocket>(phase: string, count: number, make: () => S, readyEvent: string): Promise<{ sockets: S[]; result: JoinResult }> {
  const sockets: S[] = [];
  const errors: Record<string, number> = {};
  const times: number[] = [];
  let failed = 0;
  const started = performance.now();
  let lastLog = started;
  for (let i = 0; i < count; i += CONNECT_BATCH) {
    const size = Math.min(CONNECT_BATCH, count - i);
    await Promise.all(
      Array.from({ length: size }, async () => {
        const socket = make();
        const t0 = performance.now();
        try {
          await new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error("join timed out")), JOIN_TIMEOUT_MS);
            socket.once(readyEvent, () => {
              clearTimeout(timer);
              resolve();
            });
            socket.once("connect_error", (err: Error & { data?: { code?: string } }) => {
              clearTimeout(timer);
              reject(new Error(err.data?.code ?? err.message));
            });
            socket.once("disconnect", (reason: string) => {
              clearTimeout(timer);
              reject(new Error(`disconnected: ${reason}`));
            });
          });
          times.push(performance.now() - t0);
          sockets.push(socket);
        } catch (error) {
          failed += 1;
          const key = (error as Error).message.slice(0, 80);
          errors[key] = (errors[key] ?? 0) + 1;
          socket.disconnect();
        }
      }),
    );
    if (performance.now() - lastLog > 2_000) {
      lastLog = performance.now();
      log(phase, `joined ${sockets.length}/${count} (${failed} failed)`);
    }
  }
  // Only the ready event was awaited once; drop the join-time listeners.
  for (const s of sockets) {
    s.off("connect_error");
    s.off("disconnect");
  }
  const seconds = (performance.now() - started) / 1000;
  log(phase, `joined ${sockets.length}/${count} in ${seconds.toFixed(1)} s (${failed} failed)`);
  return { sockets, result: { wanted: count, joined: sockets.length, failed, errors, seconds, latency: summarize(times) } };
}

/**
 * Push rounds: `push` is called at t0 and every phone records performance.now() - t0
 * when its `prompt:current` arrives. Rounds run one at a time, a short gap apart.
 */
async function broadcastRounds(phase: string, phones: AnySocket[], push: () => void): Promise<Omit<BroadcastResult, "pushErrors">> {
  const samples: number[] = [];
  const roundMax: number[] = [];
  let missed = 0;
  let payloadBytes = 0;
  let active = false;
  let recording = false;
  let t0 = 0;
  let got = 0;
  let last = 0;
  let allIn: (() => void) | null = null;
  const onPrompt = (prompt: PromptView | null) => {
    if (!active || prompt === null) return;
    const dt = performance.now() - t0;
    if (payloadBytes === 0) payloadBytes = Buffer.byteLength(JSON.stringify(prompt));
    got += 1;
    last = dt;
    if (recording) samples.push(dt);
    if (got >= phones.length) allIn?.();
  };
  for (const p of phones) p.on("prompt:current", onPrompt);
  const gcMonitor = new GcMonitor().start();
  const cpuMeter = new CpuMeter();
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    recording = round >= WARMUP;
    got = 0;
    last = 0;
    const done = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), ROUND_TIMEOUT_MS);
      allIn = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
    active = true;
    t0 = performance.now();
    push();
    const complete = await done;
    active = false;
    allIn = null;
    if (!complete) log(phase, `round ${round}: only ${got}/${phones.length} phones had the prompt after ${ROUND_TIMEOUT_MS} ms`);
    if (recording) {
      missed += phones.length - got;
      roundMax.push(last);
    }
    await sleep(ROUND_GAP_MS);
  }
  for (const p of phones) p.off("prompt:current", onPrompt);
  const cpu = cpuMeter.take();
  const gc = await gcMonitor.stop();
  const latency = summarize(samples);
  log(phase, `${ROUNDS} rounds x ${phones.length} phones: p50 ${ms(latency.p50)} ms, p99 ${ms(latency.p99)} ms, max ${ms(latency.max)} ms`);
  return { latency, roundMax: summarize(roundMax), missed, payloadBytes, gc, cpu };
}

function perClientKiB(before: Memory, after: Memory, clients: number) {
  return {
    rssPerClientKiB: clients ? (after.rss - before.rss) / 1024 / clients : NaN,
    heapPerClientKiB: clients ? (after.heapUsed + after.external - before.heapUsed - before.external) / 1024 / clients : NaN,
  };
}

function closeAll(sockets: AnySocket[]): void {
  for (const s of sockets) s.disconnect();
}

// ---- the phones, in their own processes (bench/fleet.ts) ------------------

/** Generator processes for the phones: two, one a core, unless BENCH_GENERATORS says otherwise. */
const GENERATORS = Math.floor(intEnv("BENCH_GENERATORS", 2, 1, 16));
/** Phones connecting at once in each generator during a join storm. */
const JOIN_IN_FLIGHT = Math.floor(intEnv("BENCH_JOIN_IN_FLIGHT", 250, 1, 20_000));
const RECONNECT_TIMEOUT_MS = 90_000;

function joinResult(o: JoinOutcome): JoinResult {
  return { wanted: o.wanted, joined: o.joined, failed: o.failed, errors: o.errors, seconds: o.seconds, latency: summarize(Array.from(o.latencies)), retries: o.retries };
}

/** Push rounds with the phones in the fleet: `push` at t0, each phone's arrival time against it. */
async function fleetRounds(phase: string, fleet: Fleet, push: () => void, payloadBytes: number): Promise<Omit<BroadcastResult, "pushErrors">> {
  const t0: number[] = [];
  const gcMonitor = new GcMonitor().start();
  const cpuMeter = new CpuMeter();
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    t0.push(wallNow());
    push();
    if (!(await fleet.waitRound(round, ROUND_TIMEOUT_MS))) log(phase, `round ${round}: not every phone had the prompt after ${ROUND_TIMEOUT_MS} ms`);
    await sleep(ROUND_GAP_MS);
  }
  const cpu = cpuMeter.take();
  const gc = await gcMonitor.stop();
  const arrivals = await fleet.arrivals();
  const samples: number[] = [];
  const roundMax: number[] = [];
  let missed = 0;
  for (let round = WARMUP; round < WARMUP + ROUNDS; round++) {
    let got = 0;
    let last = 0;
    for (const times of arrivals.get(round) ?? []) {
      for (const t of times) {
        const dt = t - t0[round];
        samples.push(dt);
        last = Math.max(last, dt);
      }
      got += times.length;
    }
    missed += Math.max(0, fleet.phones - got);
    roundMax.push(last);
  }
  const latency = summarize(samples);
  log(phase, `${ROUNDS} rounds x ${fleet.phones} phones: p50 ${ms(latency.p50)} ms, p99 ${ms(latency.p99)} ms, max ${ms(latency.max)} ms`);
  return { latency, roundMax: summarize(roundMax), missed, payloadBytes, gc, cpu };
}

/** The server process's RSS and heap after a full GC, and the same per phone. */
function serverMemory(before: Memory, after: Memory, phones: number) {
  return { before, after, ...perClientKiB(before, after, phones) };
}

// ---- phase 0: the raw ws floors -----------------------------------------

/** The namespace the baselines' phones join, and so the floor's. */
const PHONES_NSP = "/phones";
/**
 * The heartbeat the floor announces: the floor sends no pings, and a client
 * closes only when pingInterval + pingTimeout pass without one
 * (engine.io-client's setTimeout, which must stay under 2^31 - 1 ms). About
 * 23 days together: longer than any phase.
 */
const FLOOR_HEARTBEAT_MS = 1_000_000_000;
/** Socket.IO's own encoder, so the floor's text is exactly what Socket.IO would send. */
const socketIoEncoder = new Encoder();

/** One Socket.IO packet for the phones' namespace inside an engine.io message ("4"), as text. */
function engineMessage(type: PacketType, data: unknown): string {
  const [encoded] = socketIoEncoder.encode({ type, nsp: PHONES_NSP, data });
  return `4${encoded as string}`;
}

/**
 * Just enough Engine.IO v4 and Socket.IO v5 on a plain `ws` connection for an
 * unmodified socket.io-client (WebSocket only) to join "/phones" and hear
 * "ready": engine.io's open packet, then the answer to the namespace's
 * connect. Everything else the client sends (a close) is ignored.
 */
function speakSocketIo(ws: WebSocket): void {
  const sid = () => randomBytes(15).toString("base64url");
  // maxPayload: engine.io's default; the client reads it only on long-polling.
  ws.send(`0${JSON.stringify({ sid: sid(), upgrades: [], pingInterval: FLOOR_HEARTBEAT_MS, pingTimeout: FLOOR_HEARTBEAT_MS, maxPayload: 1_000_000 })}`);
  ws.on("message", (data, isBinary) => {
    // "40/phones," then the handshake's auth, if any.
    if (isBinary || !data.toString().startsWith(`40${PHONES_NSP},`)) return;
    ws.send(engineMessage(PacketType.CONNECT, { sid: sid() }));
    ws.send(engineMessage(PacketType.EVENT, ["ready"]));
  });
}

/**
 * What Node itself can do: a plain `ws` server, one frame built once per push
 * (the prompt Attune sends) and written to every socket's TCP socket as it is.
 * No Socket.IO server, no acks, no rooms.
 *
 * "floor": the phones are the baselines' Socket.IO clients, so the server
 * speaks just enough of their protocol to let them join, and the frame is
 * `prompt:current` as Socket.IO encodes it: the same phones decode the same
 * bytes, and the floor differs from the baselines in the server alone.
 * "floor-light": the phones are plain `ws` clients that read a prompt's id
 * with one regular expression, and the frame is the prompt's JSON: the
 * server's floor with the lightest phones, which on a machine the phones
 * share with the server also measures the clients.
 */
async function runFloor(phones: "socket.io" | "light"): Promise<BaselineResult> {
  const phase = phones === "light" ? "floor-light" : "floor";
  const http = createServer((_req, res) => {
    res.statusCode = 404;
    res.end();
  });
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false, clientTracking: true, ...(phones === "socket.io" ? { path: "/socket.io/" } : {}) });
  if (phones === "socket.io") wss.on("connection", speakSocketIo);
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const spec: JoinSpec =
    phones === "light"
      ? { kind: "ws", url: `ws://127.0.0.1:${port}`, inFlight: JOIN_IN_FLIGHT, timeoutMs: JOIN_TIMEOUT_MS }
      : { kind: "socket.io", url: `http://127.0.0.1:${port}${PHONES_NSP}`, readyEvent: "ready", inFlight: JOIN_IN_FLIGHT, timeoutMs: JOIN_TIMEOUT_MS };
  const frameText =
    phones === "light"
      ? () => JSON.stringify({ ...samplePrompt(), pushedAt: Date.now() })
      : () => engineMessage(PacketType.EVENT, ["prompt:current", { ...samplePrompt(), pushedAt: Date.now() }]);
  log(phase, `raw ws on port ${port}, ${phones === "light" ? "plain ws phones" : "Socket.IO phones"}, ${CLIENTS} phones`);
  const fleet = await Fleet.start(GENERATORS);
  try {
    const before = await settledMemory();
    const joinLoop = new LoopMonitor().start();
    const join = joinResult(await fleet.join(spec, CLIENTS));
    const joinDelay = joinLoop.stop();
    const after = await settledMemory();
    log(phase, `joined ${join.joined}/${join.wanted} in ${join.seconds.toFixed(2)} s (failed ${join.failed})`);
    const castLoop = new LoopMonitor().start();
    const cast = await fleetRounds(
      phase,
      fleet,
      () => {
        const frame = textFrame(frameText());
        for (const client of wss.clients) (client as unknown as { _socket: NetSocket })._socket.write(frame);
      },
      Buffer.byteLength(JSON.stringify(samplePrompt())),
    );
    const castDelay = castLoop.stop();
    return {
      kind: "baseline",
      options: phones === "light" ? "floor-light" : "floor",
      join,
      broadcast: { ...cast, pushErrors: 0 },
      loop: { join: joinDelay, broadcast: castDelay },
      memory: serverMemory(before, after, join.joined),
    };
  } finally {
    await fleet.close();
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    await new Promise<void>((resolve) => http.close(() => resolve()));
  }
}

// ---- phase 1: bare Socket.IO ------------------------------------------

/** The Socket.IO options startAttune uses (server/app.ts), for the matched baseline. */
const ATTUNE_SERVER_OPTIONS: Partial<ServerOptions> = {
  pingInterval: 10_000,
  pingTimeout: 8_000,
  // No connection-state recovery: server/app.ts turned it off.
  // Diagnosis: BENCH_MATCHED_OPTIONS='{"pingInterval":25000}' changes one option at a time.
  ...(JSON.parse(process.env.BENCH_MATCHED_OPTIONS || "{}") as Partial<ServerOptions>),
};

/**
 * Diagnosis of Socket.IO's own path (BENCH_DIRECT=1): a broadcast as the
 * in-memory adapter encodes it (one packet, one WebSocket frame), but the
 * frame written straight to each phone's WebSocket sender wherever engine.io
 * has nothing queued for it, skipping engine.io's per-socket packet, buffer
 * and events. The phones are unchanged Socket.IO clients. This leans on
 * engine.io's and ws's internals; it measures how close Socket.IO could come
 * to the raw floor, it is not how Attune sends.
 */
function directBroadcast(nsp: ReturnType<Server["of"]>, room: string, event: string, payload: unknown): void {
  type Conn = { readyState: string; writeBuffer: unknown[]; transport: { name: string; writable: boolean; socket?: { _sender?: { sendFrame(list: Buffer[], cb?: () => void): void } } } };
  const encoder = (nsp.adapter as unknown as { encoder: { encode(packet: unknown): (string | Buffer)[] } }).encoder;
  const [encoded] = encoder.encode({ type: 2, data: [event, payload], nsp: nsp.name });
  const frame = [textFrame(`4${encoded as string}`)];
  for (const id of nsp.adapter.rooms.get(room) ?? []) {
    const socket = nsp.sockets.get(id);
    if (!socket) continue;
    const conn = socket.conn as unknown as Conn;
    const sender = conn.transport.socket?._sender;
    if (conn.readyState === "open" && conn.transport.name === "websocket" && conn.transport.writable && conn.writeBuffer.length === 0 && sender) sender.sendFrame(frame);
    else socket.emit(event, payload);
  }
}

async function runBaseline(options: "bare" | "matched" | "direct"): Promise<BaselineResult> {
  const phase = options === "bare" ? "baseline" : `baseline-${options}`;
  const http = createServer((_req, res) => {
    res.statusCode = 404;
    res.end();
  });
  const server = new Server(http, { maxHttpBufferSize: MAX_MESSAGE_BYTES, ...(options === "matched" ? ATTUNE_SERVER_OPTIONS : {}) });
  const phonesNsp = server.of("/phones");
  const controlNsp = server.of("/control");
  phonesNsp.on("connection", (socket) => {
    void socket.join("room");
    socket.emit("ready");
  });
  controlNsp.on("connection", (socket) => {
    // The same shape as Attune's prompt:push: one client asks, the server fans out to a room, then acks.
    socket.on("push", (ack: (ok: boolean) => void) => {
      if (options === "direct") directBroadcast(phonesNsp, "room", "prompt:current", { ...samplePrompt(), pushedAt: Date.now() });
      else phonesNsp.to("room").emit("prompt:current", { ...samplePrompt(), pushedAt: Date.now() });
      ack(true);
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(0, "127.0.0.1", () => resolve());
  });
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  log(phase, `${options === "bare" ? "bare Socket.IO" : options === "matched" ? "Socket.IO with Attune's options" : "Socket.IO, frames written straight to each WebSocket"} on ${url}, ${CLIENTS} phones`);

  const control: AnySocket = io(`${url}/control`, { transports: ["websocket"], forceNew: true, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    control.once("connect", () => resolve());
    control.once("connect_error", reject);
  });

  const fleet = await Fleet.start(GENERATORS);
  try {
    const before = await settledMemory();
    const joinLoop = new LoopMonitor().start();
    const join = joinResult(await fleet.join({ kind: "socket.io", url: `${url}/phones`, readyEvent: "ready", inFlight: JOIN_IN_FLIGHT, timeoutMs: JOIN_TIMEOUT_MS }, CLIENTS));
    const joinDelay = joinLoop.stop();
    const after = await settledMemory();
    log(phase, `joined ${join.joined}/${join.wanted} in ${join.seconds.toFixed(2)} s (failed ${join.failed})`);

    let pushErrors = 0;
    const castLoop = new LoopMonitor().start();
    const cast = await fleetRounds(
      phase,
      fleet,
      () => {
        control.timeout(ROUND_TIMEOUT_MS).emit("push", (err: Error | null) => {
          if (err) pushErrors += 1;
        });
      },
      Buffer.byteLength(JSON.stringify(samplePrompt())),
    );
    const castDelay = castLoop.stop();
    return { kind: "baseline", options, join, broadcast: { ...cast, pushErrors }, loop: { join: joinDelay, broadcast: castDelay }, memory: serverMemory(before, after, join.joined) };
  } finally {
    await fleet.close();
    control.disconnect();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

// ---- phase 2: Attune --------------------------------------------------

type Phone = Socket<ParticipantPushes, ParticipantClientEvents>;
type Console = Socket<ConsolePushes, ConsoleClientEvents>;

interface Tap {
  id: string;
  sentAt: number;
  ackAt: number;
  outcome: "pending" | "ok" | "duplicate" | "rate-limited" | "error" | "timeout";
}

interface PulseSeen {
  at: number;
  total: number;
}

/** The fleet's tap records as the tally reads them. */
function tapsOf(r: TapRecords): Tap[] {
  const outcomes: Tap["outcome"][] = ["pending", "ok", "duplicate", "rate-limited", "error", "timeout"];
  return r.id.map((id, i) => ({ id, sentAt: r.sentAt[i], ackAt: r.ackAt[i], outcome: outcomes[r.outcome[i]] }));
}

/**
 * Tap-to-console per tap. The pulse counts stored check-ins, and taps are stored
 * (and acked) in batch order, so the k-th tap to be acked is on the console from
 * the first pulse whose count reaches base + k.
 */
function tapToConsole(taps: Tap[], pulses: PulseSeen[], base: number, since: number): { samples: number[]; allVisibleAt: number } {
  const ok = taps.filter((t) => t.outcome === "ok").sort((a, b) => a.ackAt - b.ackAt);
  const seen = pulses.filter((p) => p.at >= since);
  const samples: number[] = [];
  let j = 0;
  for (let k = 1; k <= ok.length; k++) {
    while (j < seen.length && seen[j].total - base < k) j++;
    if (j === seen.length) break;
    samples.push(seen[j].at - ok[k - 1].sentAt);
  }
  const all = seen.find((p) => p.total - base >= ok.length);
  return { samples, allVisibleAt: all ? all.at : NaN };
}

function tally(taps: Tap[], pulses: PulseSeen[], base: number, since: number, started: number): CheckInPhase {
  const count = (o: Tap["outcome"]) => taps.filter((t) => t.outcome === o).length;
  const ok = taps.filter((t) => t.outcome === "ok");
  const { samples, allVisibleAt } = tapToConsole(taps, pulses, base, since);
  const lastSent = taps.reduce((m, t) => Math.max(m, t.sentAt), started);
  const lastAck = ok.reduce((m, t) => Math.max(m, t.ackAt), started);
  const sendSeconds = (lastSent - started) / 1000;
  return {
    sent: taps.length,
    ok: ok.length,
    duplicateAcks: count("duplicate"),
    rateLimited: count("rate-limited"),
    errors: count("error"),
    timeouts: count("timeout") + count("pending"),
    ack: summarize(taps.filter((t) => t.outcome !== "timeout" && t.outcome !== "pending").map((t) => t.ackAt - t.sentAt)),
    tapToConsole: summarize(samples),
    allVisibleMs: allVisibleAt - started,
    seconds: (lastAck - started) / 1000,
    offeredPerSecond: sendSeconds > 0 ? taps.length / sendSeconds : NaN,
    storedPerSecond: lastAck > started ? ok.length / ((lastAck - started) / 1000) : NaN,
  };
}

async function settle(phase: string, taps: Tap[], pulses: PulseSeen[], base: number): Promise<void> {
  const deadline = performance.now() + ACK_TIMEOUT_MS + 2_000;
  while (taps.some((t) => t.outcome === "pending") && performance.now() < deadline) await sleep(10);
  const ok = taps.filter((t) => t.outcome === "ok").length;
  // Pulses are coalesced (200 ms); give the console a moment to show the last batch.
  const shown = () => (pulses.at(-1)?.total ?? 0) - base >= ok;
  const until = performance.now() + 5_000;
  while (!shown() && performance.now() < until) await sleep(10);
  if (!shown()) log(phase, `console pulse shows ${(pulses.at(-1)?.total ?? 0) - base} of ${ok} stored check-ins after 5 s`);
}

/** An Attune server with one live session, its console connected and watching. */
interface LiveBench {
  server: AttuneServer;
  sessionId: string;
  code: string;
  consoleSocket: Console;
  /** Connects `count` phones to the session with its join code, in this process (the soak's phones). */
  joinPhones(count: number): Promise<{ sockets: Phone[]; result: JoinResult }>;
  /** Stops the server as a deploy would (server.close()) and starts it again on the same port and database. */
  restart(): Promise<{ downMs: number }>;
  close(phones: Phone[]): Promise<void>;
}

async function openLiveBench(phase: string, databaseFile: string): Promise<LiveBench> {
  const { startAttune } = await import("../server/app.ts");
  const { parseEnv } = await import("../server/env.ts");
  const { AUTH_COOKIE } = await import("../server/auth/accounts.ts");
  // Every phone joins from 127.0.0.1: lift the per-address budget for new participants.
  const { DEFAULT_JOIN_LIMITS } = await import("../server/realtime/join-gate.ts");
  const start = (port: number) =>
    startAttune(
      parseEnv({ NODE_ENV: "test", PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: `file:${databaseFile}`, MAX_PARTICIPANTS_PER_SESSION: "1000000" }),
      { withNext: false, joinLimits: { ...DEFAULT_JOIN_LIMITS, freshJoinBurst: 1_000_000 } },
    );

  let server = await start(0);
  const { services } = server;
  log(phase, `Attune on ${server.url}, ${CLIENTS} phones`);

  const signed = await services.accounts.signUp(`bench-${Date.now()}@example.org`, "correct horse battery");
  const session = await services.sessions.create(signed.facilitator.id, "Benchmark session");
  const consoleSocket: Console = io(server.url + NAMESPACES.console, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    extraHeaders: { cookie: `${AUTH_COOKIE}=${signed.token}` },
    auth: { v: PROTOCOL_VERSION },
  });
  const code = await goLiveAndWatch(consoleSocket, session.id);
  const stop = async (s: AttuneServer) => {
    await s.close();
    await new Promise<void>((resolve) => s.http.close(() => resolve()));
  };

  const bench: LiveBench = {
    server,
    sessionId: session.id,
    code,
    consoleSocket,
    joinPhones: (count) =>
      connectAll(
        phase,
        count,
        (): Phone => io(server.url + NAMESPACES.participant, { transports: ["websocket"], forceNew: true, reconnection: false, auth: { v: PROTOCOL_VERSION, code } }),
        "session:snapshot",
      ),
    async restart() {
      const port = Number(new URL(server.url).port);
      const t0 = performance.now();
      consoleSocket.disconnect();
      await stop(server);
      server = await start(port);
      bench.server = server;
      return { downMs: performance.now() - t0 };
    },
    async close(phones) {
      closeAll(phones);
      consoleSocket.disconnect();
      await stop(server);
    },
  };
  return bench;
}

/** Phones reconnecting after a restart: all, and how long until the last was back with the current prompt. */
export interface ReconnectResult {
  wanted: number;
  back: number;
  failed: number;
  /** From the moment the server began to stop until the last phone was back. */
  seconds: number;
  /** The server's own down time: stop (drain, close) and start again. */
  downSeconds: number;
  /** Per phone, from the stop to back (ms). */
  latency: Summary;
}

async function runAttune(dir: string): Promise<AttuneResult> {
  const phase = "attune";
  const bench = await openLiveBench(phase, path.join(dir, "bench.db"));
  const { consoleSocket } = bench;
  const { services } = bench.server;
  const session = { id: bench.sessionId };
  const fleet = await Fleet.start(GENERATORS);
  try {
    const pulses: PulseSeen[] = [];
    consoleSocket.on("pulse:update", ({ pulse }) => pulses.push({ at: wallNow(), total: pulse.totalCount }));

    const whole = new LoopMonitor().start();
    const before = await settledMemory();
    // The join storm: every phone at once, JOIN_IN_FLIGHT connecting at a time in each generator.
    const joinLoop = new LoopMonitor().start();
    const join = joinResult(
      await fleet.join(
        {
          kind: "socket.io",
          url: bench.server.url + NAMESPACES.participant,
          auth: { v: PROTOCOL_VERSION, code: bench.code },
          readyEvent: "session:snapshot",
          inFlight: JOIN_IN_FLIGHT,
          timeoutMs: JOIN_TIMEOUT_MS,
        },
        CLIENTS,
      ),
    );
    const joinDelay = joinLoop.stop();
    log(phase, `join storm: ${join.joined}/${join.wanted} in ${join.seconds.toFixed(2)} s (failed ${join.failed}${join.failed ? ` ${JSON.stringify(join.errors)}` : ""})`);
    const after = await settledMemory();
    if (join.joined === 0) throw new Error("no phone could join");
    await sleep(400); // let the presence pulse go out

    // Broadcast: the console pushes, every phone times its prompt:current.
    let pushErrors = 0;
    let lastPrompt: string | null = null;
    const castLoop = new LoopMonitor().start();
    const cast = await fleetRounds(
      phase,
      fleet,
      () => {
        void request(consoleSocket, "prompt:push", { sessionId: session.id, source: { kind: "technique", technique: "gentle-nudge" } }, ROUND_TIMEOUT_MS).then((ack) => {
          if (!ack.ok) pushErrors += 1;
          else lastPrompt = ack.data.id;
        });
      },
      Buffer.byteLength(JSON.stringify(samplePrompt())),
    );
    const castDelay = castLoop.stop();
    await sleep(300);

    // Burst: K taps at once, spread across phones within the per-phone burst allowance.
    const phones = fleet.phones;
    const burstK = Math.min(CHECKINS, phones * TAP_BURST);
    if (burstK < CHECKINS) log(phase, `burst capped at ${burstK} (${TAP_BURST} per phone x ${phones} phones)`);
    const perPhone = Math.ceil(burstK / phones);
    const base0 = await services.db.checkIn.count({ where: { sessionId: session.id } });
    const burstLoop = new LoopMonitor().start();
    const burstStart = wallNow();
    const burstTaps = tapsOf(await fleet.taps(burstK, BURST_S > 0 ? burstK / BURST_S : 0, TAP_SIGNALS, ACK_TIMEOUT_MS));
    await settle(phase, burstTaps, pulses, base0);
    const burstDelay = burstLoop.stop();
    const burst = { ...tally(burstTaps, pulses, base0, burstStart, burstStart), perPhone, sendLoopMs: 0 };
    log(phase, `burst ${burst.ok}/${burst.sent} stored, ack p99 ${ms(burst.ack.p99)} ms, all on console after ${ms(burst.allVisibleMs)} ms`);

    // Let every phone's tap bucket refill before the sustained phase.
    await sleep(Math.ceil((perPhone / TAP_PER_SECOND) * 1000) + 250);

    // Sustained: a steady rate, round-robin over phones, below each phone's 4/s.
    const maxRate = Math.floor(phones * TAP_PER_SECOND * 0.85);
    const targetPerSecond = Math.min(RATE, maxRate);
    if (targetPerSecond < RATE) log(phase, `sustained rate capped at ${targetPerSecond}/s (${phones} phones x ${TAP_PER_SECOND}/s x 0.85)`);
    const base1 = await services.db.checkIn.count({ where: { sessionId: session.id } });
    const sustainLoop = new LoopMonitor().start();
    const sustainStart = wallNow();
    const sustainTaps = tapsOf(await fleet.taps(Math.round(targetPerSecond * SUSTAIN_S), targetPerSecond, TAP_SIGNALS, ACK_TIMEOUT_MS));
    await settle(phase, sustainTaps, pulses, base1);
    const sustainDelay = sustainLoop.stop();
    const sustained = { ...tally(sustainTaps, pulses, base1, sustainStart, sustainStart), targetPerSecond };
    log(phase, `sustained ${sustained.ok}/${sustained.sent} stored at ${ms(sustained.storedPerSecond, 0)}/s, tap-to-console p99 ${ms(sustained.tapToConsole.p99)} ms`);
    const wholeDelay = whole.stop();
    const cpuAfterLoad = new CpuMeter();

    // Durability: every acked tap is a row, once; nothing else is.
    await services.checkIns.drain();
    const count = await services.db.checkIn.count({ where: { sessionId: session.id } });
    const rows = await services.db.checkIn.findMany({ where: { sessionId: session.id }, select: { clientId: true } });
    const inDb = new Set(rows.map((r) => r.clientId));
    const allTaps = [...burstTaps, ...sustainTaps];
    const sentIds = new Set(allTaps.map((t) => t.id));
    const okIds = allTaps.filter((t) => t.outcome === "ok").map((t) => t.id);
    const db = {
      count,
      expected: base0 + okIds.length,
      lost: okIds.filter((id) => !inDb.has(id)).length,
      unexpected: [...inDb].filter((id) => !sentIds.has(id)).length,
      duplicateRows: rows.length - inDb.size,
      pulseTotal: pulses.at(-1)?.total ?? 0,
    };
    void cpuAfterLoad;

    // The reconnect storm: the server stops as a deploy stops it and starts again;
    // every phone must be back with the current prompt.
    let reconnect: ReconnectResult | null = null;
    const promptId = lastPrompt ?? services.live.peek(session.id)?.consoleSnapshot().prompt?.id ?? null;
    if (RECONNECT && promptId) {
      await fleet.armBack(promptId);
      const t0 = wallNow();
      const { downMs } = await bench.restart();
      log(phase, `restarted in ${(downMs / 1000).toFixed(2)} s; waiting for ${fleet.phones} phones`);
      const back = await fleet.awaitBack(RECONNECT_TIMEOUT_MS);
      const times = Array.from(back.times, (t) => t - t0);
      reconnect = {
        wanted: back.wanted,
        back: back.back,
        failed: back.wanted - back.back,
        seconds: back.back === back.wanted && times.length ? Math.max(...times) / 1000 : NaN,
        downSeconds: downMs / 1000,
        latency: summarize(times),
      };
      log(phase, `reconnect storm: ${back.back}/${back.wanted} back with the current prompt; the last after ${ms(reconnect.seconds, 2)} s`);
    }

    return {
      kind: "attune",
      join,
      broadcast: { ...cast, pushErrors },
      burst,
      sustained,
      db,
      reconnect,
      loop: { join: joinDelay, broadcast: castDelay, burst: burstDelay, sustained: sustainDelay, whole: wholeDelay },
      memory: serverMemory(before, after, join.joined),
    };
  } finally {
    await fleet.close();
    await bench.close([]);
  }
}

// ---- phase 4: soak ----------------------------------------------------

const SOAK_WINDOW_S = 10;
/** A soak phone taps at most this often: well under TAP_LIMIT.perSecond, so the tap limit never refuses one. */
const SOAK_PER_PHONE_MAX = 2.5;
/** After the last tap: every ack has arrived or timed out by then. */
const SOAK_DRAIN_MS = ACK_TIMEOUT_MS + 5_000;
const MEMORY_SAMPLE_MS = 1_000;
const LOOP_BAR_MS = 50;
const TAP_TO_CONSOLE_BAR_MS = 250;
/** Heap growth after warm-up that still counts as flat. */
const FLAT_MIB_PER_MIN = 1;
const MIB = 2 ** 20;

/** One stretch of the soak (a 10 s window, a minute, or the whole run). */
interface SoakSpan {
  /** Seconds since the first tap. */
  from: number;
  to: number;
  /** Taps were still being sent (false: the drain after the last one). */
  sending: boolean;
  sent: number;
  /** Acknowledged as stored (fresh). */
  acked: number;
  /** Fresh taps acknowledged as duplicates (must be 0). */
  duplicateAcks: number;
  /** Refused by the server, by error code; TIMEOUT: no ack within the ack timeout. */
  refused: Record<string, number>;
  ack: Summary;
  tapToConsole: Summary;
  pulses: number;
  loop: LoopDelay;
  gc: GcStats;
  /** Memory at the end of the span, and the lowest heap seen in it (after the collections it had). */
  heapUsedMiB: number;
  heapFloorMiB: number;
  rssMiB: number;
  externalMiB: number;
  /** The most check-ins waiting in the server's writer at once. */
  writerQueueMax: number;
  /** What one pulse costs the server (LiveSession.currentPulse), in µs; the highest measurement in the span. */
  pulseCostUs: number;
  load1: number;
  /** Who used the CPU: this process (server and clients), and everything else on the machine. */
  cpu: CpuShare;
}

interface SoakResult {
  kind: "soak";
  seconds: number;
  phones: number;
  targetPerSecond: number;
  perPhonePerSecond: number;
  join: JoinResult;
  windows: SoakSpan[];
  minutes: SoakSpan[];
  whole: SoakSpan;
  checkins: {
    sent: number;
    acked: number;
    /** Rows of this session in the database at the end. */
    stored: number;
    /** Acknowledged but not stored (must be 0). */
    lost: number;
    /** Stored more than once (must be 0). */
    duplicates: number;
    duplicateAcks: number;
    refused: Record<string, number>;
    refusedTotal: number;
    /** Refused or timed out, yet stored: not lost, but the phone would send it again. */
    storedUnacked: number;
    /** Stored but never sent (must be 0). */
    unexpected: number;
    /** Still without an answer when the drain ended. */
    pending: number;
    offeredPerSecond: number;
    storedPerSecond: number;
    lastPulseTotal: number;
  };
  loop: { worstWindowP99: number; worstWindowFrom: number; worstWindowMax: number; barMs: number; met: boolean };
  tapToConsole: { worstWindowP99: number; barMs: number; met: boolean };
  memory: {
    settledBefore: Memory;
    settledAfter: Memory;
    /** Heap floor in minute 2–3 and over the last two whole minutes, MiB. */
    earlyHeapMiB: number | null;
    lateHeapMiB: number | null;
    /** (late − early) per minute between their midpoints. */
    heapSlopeMiBPerMin: number | null;
    /** Least-squares slope of the 10 s windows' heap floor from minute 2 on. */
    heapTrendMiBPerMin: number | null;
    /** The slope as bytes kept per check-in stored. */
    bytesPerCheckIn: number | null;
    flat: boolean | null;
    /** Whether the soak ran as long as the pulse's horizon (after which the pulse holds no more history). */
    horizonReached: boolean;
  };
}

/** Counts and timings over one stretch of the soak; `close` reports it and starts the next. */
class SoakMeter {
  sent = 0;
  acked = 0;
  duplicateAcks = 0;
  pulses = 0;
  writerQueueMax = 0;
  pulseCostUs = NaN;
  refused = new Map<string, number>();
  readonly ack = new LatencyHistogram();
  readonly tapToConsole = new LatencyHistogram();
  private readonly loop = new LoopMonitor();
  private readonly gc = new GcMonitor();
  private readonly cpu = new CpuMeter();
  private heapFloor = Infinity;
  private memory: NodeJS.MemoryUsage | null = null;

  start(): this {
    this.loop.start();
    this.gc.start();
    this.cpu.take();
    return this;
  }

  stop(): void {
    this.loop.stop();
    void this.gc.stop();
  }

  refuse(code: string): void {
    this.refused.set(code, (this.refused.get(code) ?? 0) + 1);
  }

  sampleMemory(m: NodeJS.MemoryUsage): void {
    this.memory = m;
    this.heapFloor = Math.min(this.heapFloor, m.heapUsed);
  }

  close(from: number, to: number, sending: boolean): SoakSpan {
    const m = this.memory ?? process.memoryUsage();
    const span: SoakSpan = {
      from,
      to,
      sending,
      sent: this.sent,
      acked: this.acked,
      duplicateAcks: this.duplicateAcks,
      refused: Object.fromEntries(this.refused),
      ack: this.ack.summary(),
      tapToConsole: this.tapToConsole.summary(),
      pulses: this.pulses,
      loop: this.loop.stop(),
      gc: this.gc.take(),
      heapUsedMiB: m.heapUsed / MIB,
      heapFloorMiB: Math.min(this.heapFloor, m.heapUsed) / MIB,
      rssMiB: m.rss / MIB,
      externalMiB: (m.external + m.arrayBuffers) / MIB,
      writerQueueMax: this.writerQueueMax,
      pulseCostUs: this.pulseCostUs,
      load1: os.loadavg()[0],
      cpu: this.cpu.take(),
    };
    this.sent = this.acked = this.duplicateAcks = this.pulses = this.writerQueueMax = 0;
    this.pulseCostUs = NaN;
    this.refused = new Map();
    this.ack.reset();
    this.tapToConsole.reset();
    this.heapFloor = Infinity;
    this.memory = null;
    this.loop.start();
    return span;
  }
}

/** A tap's outcome in the soak's per-tap table (one byte a tap). */
const enum Outcome {
  Pending = 0,
  Acked = 1,
  Duplicate = 2,
  Refused = 3,
}

/** The lower-case UUID of 16 bytes at `offset`, as the server stores it. */
function uuidAt(bytes: Buffer, offset: number): string {
  const h = bytes.toString("hex", offset, offset + 16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * A steady rate of fresh check-ins into one session for `seconds`, round-robin
 * over the phones and evenly spaced, with the console watching; reported per
 * 10 s window and per minute. The per-tap bookkeeping lives in typed arrays
 * sized (and touched) up front, and latencies in histograms, so the
 * benchmark's own memory stays flat and the heap figures are the server's and
 * the sockets'.
 */
async function runSoak(dir: string): Promise<SoakResult> {
  const phase = "soak";
  const bench = await openLiveBench(phase, path.join(dir, "soak.db"));
  const { services } = bench.server;
  const { sessionId } = bench;
  const { sockets: phones, result: join } = await bench.joinPhones(CLIENTS);
  if (phones.length === 0) throw new Error("no phone could join");

  const maxRate = phones.length * SOAK_PER_PHONE_MAX;
  const targetPerSecond = Math.min(SOAK_RATE, maxRate);
  if (targetPerSecond < SOAK_RATE) log(phase, `rate capped at ${targetPerSecond}/s (${phones.length} phones x ${SOAK_PER_PHONE_MAX}/s); add phones with --participants`);
  const total = Math.round(targetPerSecond * SOAK_S);
  log(phase, `${targetPerSecond} check-ins/s for ${SOAK_S} s from ${phones.length} phones (${(targetPerSecond / phones.length).toFixed(2)}/s each)`);

  // Every tap's id, send time and outcome; the k-th acked tap's send time (ack order).
  const ids = Buffer.allocUnsafe(total * 16);
  randomFillSync(ids);
  const sentAt = new Float64Array(total).fill(NaN);
  const outcome = new Uint8Array(total).fill(Outcome.Pending);
  const ackedSentAt = new Float64Array(total).fill(0);

  await sleep(400); // let the presence pulses go out
  const base = await services.db.checkIn.count({ where: { sessionId } });
  const before = await settledMemory();

  const window = new SoakMeter().start();
  const minute = new SoakMeter().start();
  const whole = new SoakMeter().start();
  const meters = [window, minute, whole];
  const windows: SoakSpan[] = [];
  const minutes: SoakSpan[] = [];

  // Tap-to-console, as in the short phases: the k-th acked tap is on the console
  // from the first pulse whose total reaches base + k. Pulses and acks come on
  // different sockets, so either may arrive first.
  let acked = 0;
  let matched = 0;
  let shown = 0;
  let lastPulseTotal = base;
  const recentPulses: PulseSeen[] = [];
  const onShown = (sentTime: number, at: number) => {
    for (const m of meters) m.tapToConsole.record(at - sentTime);
    matched += 1;
  };
  bench.consoleSocket.on("pulse:update", ({ pulse }) => {
    const at = performance.now();
    lastPulseTotal = pulse.totalCount;
    shown = pulse.totalCount - base;
    recentPulses.push({ at, total: pulse.totalCount });
    if (recentPulses.length > 64) recentPulses.shift();
    for (const m of meters) m.pulses += 1;
    while (matched < acked && matched < shown) onShown(ackedSentAt[matched], at);
  });

  let pending = 0;
  const sendTap = (i: number) => {
    const offset = i * 16;
    ids[offset + 6] = (ids[offset + 6] & 0x0f) | 0x40; // version 4
    ids[offset + 8] = (ids[offset + 8] & 0x3f) | 0x80; // RFC 4122 variant
    const sent = performance.now();
    sentAt[i] = sent;
    pending += 1;
    for (const m of meters) m.sent += 1;
    phones[i % phones.length].timeout(ACK_TIMEOUT_MS).emit("checkin:send", { id: uuidAt(ids, offset), signal: TAP_SIGNALS[Math.floor(i / phones.length) % TAP_SIGNALS.length], ageMs: 0 }, (err, ack) => {
      const now = performance.now();
      pending -= 1;
      if (err || !ack.ok) {
        outcome[i] = Outcome.Refused;
        const code = err ? "TIMEOUT" : ack.ok ? "" : ack.error.code;
        for (const m of meters) m.refuse(code);
        return;
      }
      for (const m of meters) m.ack.record(now - sent);
      if (ack.data.duplicate) {
        outcome[i] = Outcome.Duplicate;
        for (const m of meters) m.duplicateAcks += 1;
        return;
      }
      outcome[i] = Outcome.Acked;
      for (const m of meters) m.acked += 1;
      ackedSentAt[acked] = sent;
      acked += 1;
      // Counted by a pulse that came before its ack: timed by the first pulse that reached it.
      if (acked <= shown && matched === acked - 1) onShown(sent, recentPulses.find((p) => p.total - base >= acked)?.at ?? now);
    });
  };

  // The cheapest of five batches: a collection or a context switch lands in one batch, not in all.
  const pulseCostUs = () => {
    const live = services.live.peek(sessionId);
    if (!live) return NaN;
    let best = Infinity;
    for (let batch = 0; batch < 5; batch++) {
      const t0 = performance.now();
      for (let i = 0; i < 20; i++) live.currentPulse();
      best = Math.min(best, ((performance.now() - t0) * 1000) / 20);
    }
    return best;
  };

  const start = performance.now();
  const sendUntil = SOAK_S * 1000 + 5_000; // a slow loop may fall behind; it does not catch up for ever
  let next = 0;
  let sending = true;
  let windowFrom = 0;
  let minuteFrom = 0;
  let nextMemorySample = 0;
  for (;;) {
    const elapsed = performance.now() - start;
    if (sending) {
      const due = Math.min(total, Math.floor((elapsed / 1000) * targetPerSecond));
      for (; next < due; next++) sendTap(next);
      if (next >= total || elapsed > sendUntil) sending = false;
    }
    const queued = services.checkIns.queued;
    for (const m of meters) m.writerQueueMax = Math.max(m.writerQueueMax, queued);
    if (elapsed >= nextMemorySample) {
      nextMemorySample += MEMORY_SAMPLE_MS;
      const m = process.memoryUsage();
      for (const meter of meters) meter.sampleMemory(m);
    }
    const done = !sending && pending === 0 && matched >= acked;
    const timedOut = !done && elapsed > SOAK_S * 1000 + SOAK_DRAIN_MS;
    if (timedOut) log(phase, `drain timed out: ${pending} taps unanswered, console shows ${shown} of ${acked} acked`);
    const finished = done || timedOut;
    const now = elapsed / 1000;
    if (now >= windowFrom + SOAK_WINDOW_S || finished) {
      const cost = pulseCostUs();
      for (const m of meters) m.pulseCostUs = Math.max(Number.isNaN(m.pulseCostUs) ? 0 : m.pulseCostUs, cost);
      const w = window.close(windowFrom, now, sending || windowFrom < SOAK_S);
      windows.push(w);
      windowFrom = now;
      const refused = Object.values(w.refused).reduce((a, b) => a + b, 0);
      log(
        phase,
        `${now.toFixed(0).padStart(4)} s: sent ${w.sent}, acked ${w.acked}, refused ${refused}; ack p99 ${ms(w.ack.p99)} ms, ` +
          `tap->console p99 ${ms(w.tapToConsole.p99)} ms; loop p99 ${ms(w.loop.p99)} / max ${ms(w.loop.max)} ms; ` +
          `heap ${ms(w.heapUsedMiB, 0)} MiB (floor ${ms(w.heapFloorMiB, 0)}), rss ${ms(w.rssMiB, 0)} MiB; queue max ${w.writerQueueMax}; ` +
          `cpu here ${ms(w.cpu.selfPct, 0)}%, elsewhere ${ms(w.cpu.othersPct, 0)}%; load ${w.load1.toFixed(2)}`,
      );
    }
    if (now >= minuteFrom + 60 || finished) {
      minutes.push(minute.close(minuteFrom, now, sending || minuteFrom < SOAK_S));
      minuteFrom = now;
    }
    if (finished) break;
    await sleep(5);
  }
  const seconds = (performance.now() - start) / 1000;
  const wholeSpan = whole.close(0, seconds, false);
  for (const m of meters) m.stop();
  const lastSentAt = next > 0 ? sentAt[next - 1] : start;

  // Durability: every acked tap is a row, once; nothing else is.
  await services.checkIns.drain();
  const after = await settledMemory();
  const rows = await services.db.$queryRaw<{ clientId: string }[]>`SELECT "clientId" FROM "CheckIn" WHERE "sessionId" = ${sessionId}`;
  const inDb = new Set(rows.map((r) => r.clientId));
  let lost = 0;
  let storedUnacked = 0;
  let sentStored = 0;
  for (let i = 0; i < next; i++) {
    const stored = inDb.has(uuidAt(ids, i * 16));
    if (stored) sentStored += 1;
    if (outcome[i] === Outcome.Acked && !stored) lost += 1;
    if ((outcome[i] === Outcome.Refused || outcome[i] === Outcome.Pending) && stored) storedUnacked += 1;
  }
  const refusedTotal = Object.values(wholeSpan.refused).reduce((a, b) => a + b, 0);
  await bench.close(phones);

  const worst = windows.reduce((w, x) => (x.loop.p99 > w.loop.p99 ? x : w), windows[0]);
  const worstTapToConsole = Math.max(...windows.map((w) => (Number.isFinite(w.tapToConsole.p99) ? w.tapToConsole.p99 : 0)));
  return {
    kind: "soak",
    seconds,
    phones: phones.length,
    targetPerSecond,
    perPhonePerSecond: targetPerSecond / phones.length,
    join,
    windows,
    minutes,
    whole: wholeSpan,
    checkins: {
      sent: next,
      acked,
      stored: rows.length,
      lost,
      duplicates: rows.length - inDb.size,
      duplicateAcks: wholeSpan.duplicateAcks,
      refused: wholeSpan.refused,
      refusedTotal,
      storedUnacked,
      unexpected: inDb.size - sentStored - base,
      pending,
      offeredPerSecond: next / Math.max(1e-3, (lastSentAt - start) / 1000),
      storedPerSecond: acked / Math.max(1e-3, seconds),
      lastPulseTotal,
    },
    loop: { worstWindowP99: worst.loop.p99, worstWindowFrom: worst.from, worstWindowMax: worst.loop.max, barMs: LOOP_BAR_MS, met: worst.loop.p99 < LOOP_BAR_MS },
    tapToConsole: { worstWindowP99: worstTapToConsole, barMs: TAP_TO_CONSOLE_BAR_MS, met: worstTapToConsole < TAP_TO_CONSOLE_BAR_MS },
    memory: { settledBefore: before, settledAfter: after, ...heapTrend(windows, minutes, acked / Math.max(1e-3, seconds / 60)), horizonReached: SOAK_S * 1000 >= pulseHorizonMs() },
  };
}

/**
 * Whether the heap is flat once warm: the heap floor of minute 2–3 against
 * that of the last two whole minutes (needs four whole minutes), and the
 * trend of the 10 s windows' floors from minute 2 on.
 */
function heapTrend(windows: SoakSpan[], minutes: SoakSpan[], checkInsPerMinute: number) {
  const whole = minutes.filter((m) => m.sending && m.to - m.from >= 59);
  const none = { earlyHeapMiB: null, lateHeapMiB: null, heapSlopeMiBPerMin: null, heapTrendMiBPerMin: null, bytesPerCheckIn: null, flat: null };
  if (whole.length < 4) return none;
  const early = whole[2];
  const late = whole.slice(Math.max(3, whole.length - 2));
  const lateHeapMiB = late.reduce((s, m) => s + m.heapFloorMiB, 0) / late.length;
  const mid = (spans: SoakSpan[]) => spans.reduce((s, m) => s + (m.from + m.to) / 2, 0) / spans.length / 60;
  const heapSlopeMiBPerMin = (lateHeapMiB - early.heapFloorMiB) / (mid(late) - mid([early]));
  const trend = slope(windows.filter((w) => w.sending && w.from >= 120).map((w) => ({ x: (w.from + w.to) / 120, y: w.heapFloorMiB })));
  return {
    earlyHeapMiB: early.heapFloorMiB,
    lateHeapMiB,
    heapSlopeMiBPerMin,
    heapTrendMiBPerMin: Number.isFinite(trend) ? trend : null,
    bytesPerCheckIn: (heapSlopeMiBPerMin * MIB) / checkInsPerMinute,
    flat: heapSlopeMiBPerMin < FLAT_MIB_PER_MIN,
  };
}

// ---- phase 5: the cluster (bench/cluster.ts) ----------------------------

async function runClusterPhase(): Promise<ClusterResult> {
  const { runCluster } = await import("./cluster.ts");
  return runCluster({
    clients: CLIENTS,
    rounds: ROUNDS,
    warmup: WARMUP,
    rate: CLUSTER_RATE,
    seconds: CLUSTER_S,
    log: (message) => log("cluster", message),
    connectAll: (count, make, readyEvent) => connectAll("cluster", count, make, readyEvent),
    broadcastRounds: (phones, push) => broadcastRounds("cluster", phones, push),
  });
}

// ---- child entry ------------------------------------------------------

async function child(phaseName: string): Promise<void> {
  const budget = Number(process.env.BENCH_CHILD_TIMEOUT_MS) || TIMEOUT_S * 1000;
  setTimeout(() => {
    log(phaseName, `timed out after ${Math.round(budget / 1000)} s`);
    process.exit(2);
  }, budget).unref();
  try {
    const dir = () => process.env.BENCH_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), "attune-bench-"));
    const result: PhaseResult =
      phaseName === "floor"
        ? await runFloor("socket.io")
        : phaseName === "floor-light"
        ? await runFloor("light")
        : phaseName === "baseline"
        ? await runBaseline("bare")
        : phaseName === "baseline-direct"
        ? await runBaseline("direct")
        : phaseName === "baseline-matched"
          ? await runBaseline("matched")
          : phaseName === "soak"
            ? await runSoak(dir())
            : phaseName === "cluster"
              ? await runClusterPhase()
              : await runAttune(dir());
    await new Promise<void>((resolve) => process.send!({ type: "result", result } satisfies ChildMessage, () => resolve()));
    process.exit(0);
  } catch (error) {
    const message = (error as Error)?.stack ?? String(error);
    await new Promise<void>((resolve) => process.send!({ type: "error", message } satisfies ChildMessage, () => resolve()));
    process.exit(2);
  }
}

// ---- the one JSON object ----------------------------------------------------

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The bars of issue 10, on this machine with the generator included. */
const BARS = {
  fanoutRatioP99: QUALITY_BAR,
  floorRatioP99: 1.25,
  tapToConsoleP99Ms: 250,
  memPerParticipantKb: 50,
  eventLoopP99Ms: 50,
  joinFailedShare: 0.01,
  joinSeconds: 10,
  reconnectSeconds: 30,
} as const;

const round = (n: number, digits = 1) => (Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : null);

function fanout(r: BaselineResult | AttuneResult) {
  const l = r.broadcast.latency;
  return { p50_ms: round(l.p50), p95_ms: round(l.p95), p99_ms: round(l.p99), max_ms: round(l.max), last_phone_p50_ms: round(r.broadcast.roundMax.p50), missed: r.broadcast.missed };
}

/** kB (1,024 bytes) of server RSS per joined phone, after a full GC before and after the joins. */
const memKb = (r: BaselineResult | AttuneResult) => round(r.memory.rssPerClientKiB);

function serverSide(r: BaselineResult) {
  return {
    fanout: fanout(r),
    join: { wanted: r.join.wanted, joined: r.join.joined, failed: r.join.failed, seconds: round(r.join.seconds, 2), p99_ms: round(r.join.latency.p99) },
    mem_per_participant_kb: memKb(r),
    event_loop_p99_ms: round(Math.max(r.loop.join.p99, r.loop.broadcast.p99)),
  };
}

function currentCommit(): string | null {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

/**
 * The headline figures, snake_case, as issue 10 names them: the Attune phase's
 * server (its own process; the phones in generators), against the bare
 * Socket.IO baseline and the raw `ws` floor of the same run (the same
 * Socket.IO phones; `floor_light`: the floor with plain `ws` phones). Check-ins come
 * from the soak when one ran (its phones share the server's process), else
 * from the Attune phase's burst and sustained stretch.
 */
function summary(floor: BaselineResult | null, floorLight: BaselineResult | null, b: BaselineResult, m: BaselineResult | null, a: AttuneResult, soak: SoakResult | null, page: PageWeight | null) {
  const burstAndSustained = [a.burst, a.sustained];
  const checkins = soak
    ? {
        source: "soak",
        sent: soak.checkins.sent,
        stored: soak.checkins.stored,
        lost: soak.checkins.lost,
        duplicates: soak.checkins.duplicates,
        p99_ms: round(soak.whole.tapToConsole.p99),
        ack_p99_ms: round(soak.whole.ack.p99),
        rate_per_s: round(soak.checkins.storedPerSecond, 0),
      }
    : {
        source: "burst+sustained",
        sent: a.burst.sent + a.sustained.sent,
        stored: a.db.count,
        lost: a.db.lost,
        duplicates: a.db.duplicateRows,
        p99_ms: round(Math.max(...burstAndSustained.map((p) => p.tapToConsole.p99))),
        ack_p99_ms: round(Math.max(...burstAndSustained.map((p) => p.ack.p99))),
        rate_per_s: round(a.sustained.storedPerSecond, 0),
      };
  const ratio = a.broadcast.latency.p99 / b.broadcast.latency.p99;
  const floorRatio = floor ? a.broadcast.latency.p99 / floor.broadcast.latency.p99 : NaN;
  const floorLightRatio = floorLight ? a.broadcast.latency.p99 / floorLight.broadcast.latency.p99 : NaN;
  const loopP99 = Math.max(a.loop.join.p99, a.loop.broadcast.p99, a.loop.burst.p99, a.loop.sustained.p99);
  const rc = a.reconnect;
  const bars = {
    fanout_ratio_p99: ratio <= BARS.fanoutRatioP99,
    // The issue sets this bar at 10,000 phones; below that it is a figure, not a bar (null).
    floor_ratio_p99: floor && CLIENTS >= 10_000 ? floorRatio <= BARS.floorRatioP99 : null,
    checkins_none_lost_or_duplicated: checkins.lost === 0 && checkins.duplicates === 0,
    checkins_p99: (checkins.p99_ms ?? Infinity) < BARS.tapToConsoleP99Ms,
    mem_per_participant: (memKb(a) ?? Infinity) < BARS.memPerParticipantKb,
    event_loop_p99: loopP99 < BARS.eventLoopP99Ms,
    join_failed: a.join.failed / a.join.wanted < BARS.joinFailedShare,
    join_seconds: a.join.seconds <= BARS.joinSeconds,
    reconnect_seconds: rc ? rc.failed === 0 && rc.seconds <= BARS.reconnectSeconds : null,
    phone_ships_no_console_code: page ? page.consoleChunks.length === 0 && page.consoleModules.length === 0 : null,
  };
  return {
    participants: CLIENTS,
    commit: currentCommit(),
    fanout: fanout(a),
    baseline: serverSide(b),
    matched: m ? serverSide(m) : null,
    floor: floor ? serverSide(floor) : null,
    floor_light: floorLight ? serverSide(floorLight) : null,
    fanout_ratio_p99: round(ratio, 3),
    fanout_ratio_floor_p99: round(floorRatio, 3),
    baseline_ratio_floor_p99: floor ? round(b.broadcast.latency.p99 / floor.broadcast.latency.p99, 3) : null,
    fanout_ratio_floor_light_p99: round(floorLightRatio, 3),
    baseline_ratio_floor_light_p99: floorLight ? round(b.broadcast.latency.p99 / floorLight.broadcast.latency.p99, 3) : null,
    checkins,
    mem_per_participant_kb: memKb(a),
    heap_per_participant_kb: round(a.memory.heapPerClientKiB),
    event_loop_p99_ms: round(loopP99),
    event_loop_max_ms: round(Math.max(a.loop.join.max, a.loop.broadcast.max, a.loop.burst.max, a.loop.sustained.max)),
    join: {
      wanted: a.join.wanted,
      joined: a.join.joined,
      failed: a.join.failed,
      seconds: round(a.join.seconds, 2),
      p50_ms: round(a.join.latency.p50),
      p99_ms: round(a.join.latency.p99),
      in_flight: JOIN_IN_FLIGHT * GENERATORS,
      errors: a.join.errors,
    },
    reconnect: rc
      ? { wanted: rc.wanted, back: rc.back, failed: rc.failed, seconds: round(rc.seconds, 2), server_down_seconds: round(rc.downSeconds, 2), p50_s: round(rc.latency.p50 / 1000, 2) }
      : { wanted: 0, back: 0, failed: 0, seconds: null, server_down_seconds: null, p50_s: null },
    participant_js_gzip_kb: page?.totalGzipKb ?? null,
    participant_js: page
      ? {
          next_gzip_kb: page.nextGzipKb,
          attune_gzip_kb: page.attuneGzipKb,
          lazy_gzip_kb: page.lazyGzipKb,
          console_chunks: page.consoleChunks,
          console_modules: page.consoleModules,
          build_id: page.buildId,
          built_at: page.builtAt,
        }
      : null,
    bars,
  };
}

// ---- parent: run the phases, report ------------------------------------

/** The soak's lines in the report (one row a minute), and what it failed. */
function soakReport(s: SoakResult): { lines: string[]; failed: string[] } {
  const c = s.checkins;
  const mem = s.memory;
  const failed: string[] = [];
  if (c.lost) failed.push(`soak: ${c.lost} acknowledged check-ins missing from the database`);
  if (c.duplicates) failed.push(`soak: ${c.duplicates} check-ins stored more than once`);
  if (c.duplicateAcks) failed.push(`soak: ${c.duplicateAcks} fresh check-ins acknowledged as duplicates`);
  if (c.unexpected) failed.push(`soak: ${c.unexpected} stored check-ins that were never sent`);
  if (c.pending) failed.push(`soak: ${c.pending} check-ins without an answer after the drain`);
  if (c.lastPulseTotal !== c.stored) failed.push(`soak: console pulse shows ${c.lastPulseTotal}, database holds ${c.stored}`);
  if (STRICT && !s.loop.met) failed.push(`soak: event-loop p99 ${ms(s.loop.worstWindowP99)} ms in the worst window (bar < ${s.loop.barMs} ms)`);
  if (STRICT && !s.tapToConsole.met) failed.push(`soak: tap-to-console p99 ${ms(s.tapToConsole.worstWindowP99)} ms in the worst window (bar < ${s.tapToConsole.barMs} ms)`);
  if (STRICT && mem.flat === false) failed.push(`soak: heap grows ${ms(mem.heapSlopeMiBPerMin ?? NaN, 2)} MiB/min after warm-up`);

  const cell = (v: string | number, n: number) => pad(v, n);
  const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, "0")}`;
  const refusedText = (r: Record<string, number>) => Object.entries(r).map(([code, n]) => `${code} ${n}`).join(", ") || "none";
  const rows = s.minutes.map((m) => {
    const refused = Object.values(m.refused).reduce((x, y) => x + y, 0);
    const span = `${clock(m.from)}-${clock(m.to)}${m.sending ? "" : " drain"}`;
    return (
      `  ${span.padEnd(11)}${cell(m.sent, 7)}${cell(m.acked, 7)}${cell(refused, 5)}${cell(ms(m.ack.p99), 8)}${cell(ms(m.tapToConsole.p99), 8)}` +
      `${cell(`${ms(m.loop.p99)}/${ms(m.loop.max)}`, 13)}${cell(ms(m.heapFloorMiB), 8)}${cell(ms(m.heapUsedMiB), 8)}${cell(ms(m.rssMiB), 8)}` +
      `${cell(m.writerQueueMax, 7)}${cell(ms(m.pulseCostUs), 7)}${cell(`${ms(m.cpu.selfPct, 0)}/${ms(m.cpu.othersPct, 0)}`, 10)}${cell(m.load1.toFixed(2), 6)}`
    );
  });
  const mib = (n: number | null, digits = 1) => (n === null ? "n/a" : ms(n, digits));
  const lines = [
    `Soak: ${s.targetPerSecond} check-ins/s offered for ${SOAK_S} s into one session, ${s.phones} phones (${s.perPhonePerSecond.toFixed(2)}/s each), console watching`,
    `  joined ${s.join.joined}/${s.join.wanted} (failed ${s.join.failed}); ran ${s.seconds.toFixed(1)} s with the drain`,
    `  ${"m:ss".padEnd(11)}${cell("sent", 7)}${cell("acked", 7)}${cell("ref.", 5)}${cell("ack99", 8)}${cell("t2c99", 8)}${cell("loop p99/max", 13)}` +
      `${cell("heapLo", 8)}${cell("heap", 8)}${cell("rss", 8)}${cell("queue", 7)}${cell("pulse", 7)}${cell("cpu %", 10)}${cell("load", 6)}`,
    `  ${"".padEnd(11)}${cell("", 7)}${cell("", 7)}${cell("", 5)}${cell("ms", 8)}${cell("ms", 8)}${cell("ms", 13)}${cell("MiB", 8)}${cell("MiB", 8)}${cell("MiB", 8)}${cell("max", 7)}${cell("µs", 7)}${cell("here/else", 10)}${cell("1 min", 6)}`,
    ...rows,
    `  check-ins: sent ${c.sent}, acked ${c.acked}, stored ${c.stored}; lost ${c.lost}, duplicates ${c.duplicates}, duplicate acks ${c.duplicateAcks}, ` +
      `unexpected ${c.unexpected}; refused ${c.refusedTotal} (${refusedText(c.refused)}), of which stored anyway ${c.storedUnacked}; unanswered ${c.pending}`,
    `  offered ${ms(c.offeredPerSecond, 0)}/s, stored ${ms(c.storedPerSecond, 0)}/s; last pulse total ${c.lastPulseTotal}`,
    `  ack p50 / p99 / max ${ms(s.whole.ack.p50)} / ${ms(s.whole.ack.p99)} / ${ms(s.whole.ack.max)} ms; ` +
      `tap -> console p50 / p99 / max ${ms(s.whole.tapToConsole.p50)} / ${ms(s.whole.tapToConsole.p99)} / ${ms(s.whole.tapToConsole.max)} ms ` +
      `(worst 10 s window p99 ${ms(s.tapToConsole.worstWindowP99)} ms, bar < ${s.tapToConsole.barMs} ms: ${s.tapToConsole.met ? "MET" : "MISSED"})`,
    `  event loop: whole soak p99 ${ms(s.whole.loop.p99)} ms, max ${ms(s.whole.loop.max)} ms; worst 10 s window p99 ${ms(s.loop.worstWindowP99)} ms ` +
      `(from ${s.loop.worstWindowFrom.toFixed(0)} s, max ${ms(s.loop.worstWindowMax)} ms; bar < ${s.loop.barMs} ms: ${s.loop.met ? "MET" : "MISSED"})`,
    `  CPU: this process ${ms(s.whole.cpu.selfPct, 0)}% of one core, the rest of the machine ${ms(s.whole.cpu.othersPct, 0)}% (steal ${ms(s.whole.cpu.stealPct, 0)}%)`,
    `  GC: ${s.whole.gc.count} pauses, ${ms(s.whole.gc.totalMs, 0)} ms in all, longest ${ms(s.whole.gc.maxMs)} ms; ${s.whole.gc.major} major (longest ${ms(s.whole.gc.majorMaxMs)} ms)`,
    `  heap floor: minute 2-3 ${mib(mem.earlyHeapMiB)} MiB, last two minutes ${mib(mem.lateHeapMiB)} MiB; slope ${mib(mem.heapSlopeMiBPerMin, 2)} MiB/min ` +
      `(trend of the 10 s windows ${mib(mem.heapTrendMiBPerMin, 2)} MiB/min; ${mib(mem.bytesPerCheckIn, 1)} B per check-in); ` +
      `flat (< ${FLAT_MIB_PER_MIN} MiB/min): ${mem.flat === null ? "not measured (needs 4 whole minutes)" : mem.flat ? "yes" : "NO"}` +
      `; pulse horizon (${pulseHorizonMs() / 60_000} min) ${mem.horizonReached ? "reached" : "not reached"}`,
    `  settled (after a full GC) before / after: heap ${ms(mem.settledBefore.heapUsed / MIB)} / ${ms(mem.settledAfter.heapUsed / MIB)} MiB, ` +
      `RSS ${ms(mem.settledBefore.rss / MIB)} / ${ms(mem.settledAfter.rss / MIB)} MiB`,
  ];
  return { lines, failed };
}

let running: ChildProcess | null = null;

const PHASES = ["floor", "floor-light", "baseline", "baseline-matched", "baseline-direct", "attune", "soak", "cluster"] as const;
type PhaseName = (typeof PHASES)[number];

function runPhase(phaseName: PhaseName, dir: string, deadline: number): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const remaining = Math.max(5_000, deadline - Date.now() - 2_000);
    const proc = fork(fileURLToPath(import.meta.url), [], {
      env: {
        ...process.env,
        // The command line's settings, as the children read them.
        BENCH_CLIENTS: String(CLIENTS),
        BENCH_SOAK_S: String(SOAK_S),
        BENCH_SOAK_RATE: String(SOAK_RATE),
        BENCH_CLUSTER: CLUSTER ? "1" : "0",
        BENCH_PHASE: phaseName,
        BENCH_DIR: dir,
        BENCH_CHILD_TIMEOUT_MS: String(remaining),
      },
      execArgv: [
        ...process.execArgv,
        "--expose-gc",
        ...(CPU_PROF.has(phaseName) ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR ?? process.cwd()}`] : []),
      ],
      // A child's stdout goes to stderr: with --json, stdout carries the one JSON object only.
      stdio: ["ignore", 2, "inherit", "ipc"],
    });
    running = proc;
    let result: PhaseResult | null = null;
    let failure: string | null = null;
    proc.on("message", (m: ChildMessage) => {
      if (m.type === "result") result = m.result;
      else failure = m.message;
    });
    proc.on("exit", (code, signal) => {
      running = null;
      if (result) resolve(result);
      else reject(new Error(failure ?? `${phaseName} exited with ${code ?? signal} before reporting`));
    });
  });
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
/** Wide enough for the longest row label ("floor: raw ws, one pre-built frame, Socket.IO phones"). */
const LABEL_WIDTH = 54;
function row(label: string, s: Summary): string {
  return `  ${label.padEnd(LABEL_WIDTH)}${pad(ms(s.p50), 9)}${pad(ms(s.p95), 9)}${pad(ms(s.p99), 9)}${pad(ms(s.max), 9)}${pad(s.n, 9)}`;
}
const header = `  ${"".padEnd(LABEL_WIDTH)}${pad("p50", 9)}${pad("p95", 9)}${pad("p99", 9)}${pad("max", 9)}${pad("n", 9)}`;
const gcRow = (label: string, g: GcStats) =>
  `  GC during rounds, ${`${label}:`.padEnd(9)} ${g.count} pauses, ${ms(g.totalMs, 0)} ms in all, longest ${ms(g.maxMs)} ms; ${g.major} major (longest ${ms(g.majorMaxMs)} ms)`;
const cpuText = (c: CpuShare) => `${ms(c.selfPct, 0)} / ${ms(c.othersPct, 0)}`;
const loopRow = (label: string, d: LoopDelay) => `  ${label.padEnd(40)}p50 ${ms(d.p50)} ms, p99 ${ms(d.p99)} ms, max ${ms(d.max)} ms`;

function report(
  f: BaselineResult | null,
  fl: BaselineResult | null,
  b: BaselineResult,
  m: BaselineResult | null,
  a: AttuneResult,
  soak: SoakResult | null,
  cluster: { lines: string[]; failed: string[] } | null,
  page: PageWeight | null,
  wallSeconds: number,
  loadAtStart: number[],
): { text: string; failed: string[]; ratio: number } {
  const ratio = a.broadcast.latency.p99 / b.broadcast.latency.p99;
  const ratios = (x: Summary, y: Summary) =>
    `p50 ${(x.p50 / y.p50).toFixed(2)}x, p95 ${(x.p95 / y.p95).toFixed(2)}x, p99 ${(x.p99 / y.p99).toFixed(2)}x`;
  const failed: string[] = [];
  if (a.db.lost) failed.push(`${a.db.lost} acknowledged check-ins missing from the database`);
  if (a.db.duplicateRows) failed.push(`${a.db.duplicateRows} duplicated check-in rows`);
  if (a.db.unexpected) failed.push(`${a.db.unexpected} unexpected check-in rows`);
  if (a.db.count !== a.db.expected) failed.push(`database holds ${a.db.count} check-ins, expected ${a.db.expected}`);
  if (a.db.pulseTotal !== a.db.count) failed.push(`console pulse shows ${a.db.pulseTotal}, database holds ${a.db.count}`);
  if (a.broadcast.missed || b.broadcast.missed || m?.broadcast.missed)
    failed.push(`prompts not delivered: attune ${a.broadcast.missed}, baseline ${b.broadcast.missed}, matched ${m?.broadcast.missed ?? "-"}`);
  if (a.burst.duplicateAcks + a.sustained.duplicateAcks) failed.push("fresh check-ins acknowledged as duplicates");
  if (f?.broadcast.missed) failed.push(`prompts not delivered by the ws floor: ${f.broadcast.missed}`);
  if (fl?.broadcast.missed) failed.push(`prompts not delivered by the ws floor with light phones: ${fl.broadcast.missed}`);
  if (a.reconnect && a.reconnect.failed) failed.push(`${a.reconnect.failed} phones not back with the current prompt within ${RECONNECT_TIMEOUT_MS / 1000} s of a restart`);
  if (page && (page.consoleChunks.length || page.consoleModules.length))
    failed.push(`the phone route ships console code: ${[...page.consoleModules, ...page.consoleChunks].join(", ")}`);
  if (STRICT && !(ratio <= QUALITY_BAR)) failed.push(`Attune p99 is ${ratio.toFixed(2)}x baseline (bar ${QUALITY_BAR}x)`);
  const soakSection = soak ? soakReport(soak) : null;
  if (soakSection) failed.push(...soakSection.failed);
  if (cluster) failed.push(...cluster.failed);

  const kib = (n: number) => `${ms(n, 1)} KiB`;
  const lines = [
    "",
    `Attune benchmark — ${CLIENTS} phones, ${ROUNDS} rounds (+${WARMUP} warm-up), Node ${process.version}, ${os.cpus().length} CPU(s), ${os.platform()} ${os.arch()}`,
    // Other work on the machine shows up as tail latency in every phase; the load average tells.
    `load average at start ${loadAtStart.map((l) => l.toFixed(2)).join(" ")}, at end ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`,
    `wall time ${wallSeconds.toFixed(1)} s; prompt payload ${a.broadcast.payloadBytes} B (baseline ${b.broadcast.payloadBytes} B)`,
    "",
    `Joins (a storm: every phone at once, ${JOIN_IN_FLIGHT} connecting at a time in each of ${GENERATORS} generator processes)`,
    ...(f ? [`  floor:    ${f.join.joined}/${f.join.wanted} in ${f.join.seconds.toFixed(2)} s (failed ${f.join.failed}); join p99 ${ms(f.join.latency.p99)} ms`] : []),
    ...(fl ? [`  floor, light phones: ${fl.join.joined}/${fl.join.wanted} in ${fl.join.seconds.toFixed(2)} s (failed ${fl.join.failed}); join p99 ${ms(fl.join.latency.p99)} ms`] : []),
    `  baseline: ${b.join.joined}/${b.join.wanted} in ${b.join.seconds.toFixed(2)} s (failed ${b.join.failed}); join p99 ${ms(b.join.latency.p99)} ms`,
    ...(m ? [`  matched:  ${m.join.joined}/${m.join.wanted} in ${m.join.seconds.toFixed(2)} s (failed ${m.join.failed}); join p99 ${ms(m.join.latency.p99)} ms`] : []),
    `  attune:   ${a.join.joined}/${a.join.wanted} in ${a.join.seconds.toFixed(2)} s (failed ${a.join.failed}); join p99 ${ms(a.join.latency.p99)} ms` +
      (a.join.failed ? ` errors ${JSON.stringify(a.join.errors)}` : ""),
    "",
    "Broadcast latency, push -> phone receives (ms)",
    header,
    ...(f ? [row("floor: raw ws, one pre-built frame, Socket.IO phones", f.broadcast.latency)] : []),
    ...(fl ? [row("floor, light phones: plain ws, one regex each", fl.broadcast.latency)] : []),
    row("baseline: bare Socket.IO", b.broadcast.latency),
    ...(m ? [row("baseline: Attune's Socket.IO options", m.broadcast.latency)] : []),
    row("attune: prompt:push -> prompt:current", a.broadcast.latency),
    row("baseline: last phone per round", b.broadcast.roundMax),
    ...(m ? [row("matched: last phone per round", m.broadcast.roundMax)] : []),
    row("attune: last phone per round", a.broadcast.roundMax),
    `  ratio attune/baseline: ${ratios(a.broadcast.latency, b.broadcast.latency)}  (bar p99 <= ${QUALITY_BAR}x: ${ratio <= QUALITY_BAR ? "MET" : "MISSED"})`,
    ...(f
      ? [
          `  ratio attune/floor:    ${ratios(a.broadcast.latency, f.broadcast.latency)}  (bar at 10,000 phones p99 <= ${BARS.floorRatioP99}x)`,
          `  ratio baseline/floor:  ${ratios(b.broadcast.latency, f.broadcast.latency)}`,
        ]
      : []),
    ...(fl
      ? [
          `  ratio attune/floor with light phones: ${ratios(a.broadcast.latency, fl.broadcast.latency)}`,
          ...(f ? [`  ratio floor/floor with light phones (the phones alone): ${ratios(f.broadcast.latency, fl.broadcast.latency)}`] : []),
        ]
      : []),
    `  ratio attune/baseline of the median round (time to the last phone): ${(a.broadcast.roundMax.p50 / b.broadcast.roundMax.p50).toFixed(2)}x`,
    ...(m
      ? [
          `  ratio matched/baseline (options alone): ${ratios(m.broadcast.latency, b.broadcast.latency)}`,
          `  ratio attune/matched (app code alone):  ${ratios(a.broadcast.latency, m.broadcast.latency)}`,
        ]
      : []),
    `  missed deliveries: ${f ? `floor ${f.broadcast.missed}, ` : ""}${fl ? `floor, light phones ${fl.broadcast.missed}, ` : ""}baseline ${b.broadcast.missed}, attune ${a.broadcast.missed}; push errors: baseline ${b.broadcast.pushErrors}, attune ${a.broadcast.pushErrors}`,
    gcRow("baseline", b.broadcast.gc),
    ...(m ? [gcRow("matched", m.broadcast.gc)] : []),
    gcRow("attune", a.broadcast.gc),
    `  CPU during rounds, the server's process / the rest of the machine, the phones included (% of one core): baseline ${cpuText(b.broadcast.cpu)}` +
      `${m ? `, matched ${cpuText(m.broadcast.cpu)}` : ""}, attune ${cpuText(a.broadcast.cpu)}`,
    "",
    `Check-ins: burst of ${a.burst.sent} within ${BURST_S} s (${a.burst.perPhone} per phone at most), then ${a.sustained.targetPerSecond}/s for ${SUSTAIN_S} s`,
    header,
    row("burst: ack", a.burst.ack),
    row("burst: tap -> console pulse", a.burst.tapToConsole),
    row("sustained: ack", a.sustained.ack),
    row("sustained: tap -> console pulse", a.sustained.tapToConsole),
    `  burst: ${a.burst.ok}/${a.burst.sent} stored; all on the console ${ms(a.burst.allVisibleMs, 0)} ms after the first tap; ` +
      `rate-limited ${a.burst.rateLimited}, errors ${a.burst.errors}, timeouts ${a.burst.timeouts}`,
    `  sustained: ${a.sustained.ok}/${a.sustained.sent} stored; offered ${ms(a.sustained.offeredPerSecond, 0)}/s, stored ${ms(a.sustained.storedPerSecond, 0)}/s; ` +
      `rate-limited ${a.sustained.rateLimited}, errors ${a.sustained.errors}, timeouts ${a.sustained.timeouts}`,
    `  database: ${a.db.count} rows, expected ${a.db.expected}; lost ${a.db.lost}, duplicated ${a.db.duplicateRows}, unexpected ${a.db.unexpected}; last pulse total ${a.db.pulseTotal}`,
    "",
    ...(a.reconnect
      ? [
          `Reconnect storm: the server stopped (drain, close) and started again on its port and database with ${a.reconnect.wanted} phones connected`,
          `  back with the current prompt: ${a.reconnect.back}/${a.reconnect.wanted}; the last after ${ms(a.reconnect.seconds, 2)} s ` +
            `(median ${ms(a.reconnect.latency.p50 / 1000, 2)} s; the server was down ${ms(a.reconnect.downSeconds, 2)} s; bar <= ${BARS.reconnectSeconds} s)`,
          "",
        ]
      : []),
    ...(page
      ? [
          `Phone page /j/[code], production build ${page.buildId} (${page.builtAt}): JavaScript ${ms(page.totalGzipKb)} kB gzipped`,
          `  Next.js and React ${ms(page.nextGzipKb)} kB, Attune ${ms(page.attuneGzipKb)} kB; of the total ${ms(page.lazyGzipKb)} kB loads after start (import())`,
          `  console code on the phone: ${page.consoleChunks.length + page.consoleModules.length === 0 ? "none" : [...page.consoleModules, ...page.consoleChunks].join(", ")}`,
          "",
        ]
      : ["Phone page: no production build in .next (npm run build), not measured", ""]),
    "Event-loop delay of the server's process (the phones run in their own processes)",
    loopRow("baseline: joining", b.loop.join),
    loopRow("baseline: broadcast rounds", b.loop.broadcast),
    ...(m ? [loopRow("matched: broadcast rounds", m.loop.broadcast)] : []),
    loopRow("attune: joining", a.loop.join),
    loopRow("attune: broadcast rounds", a.loop.broadcast),
    loopRow("attune: check-in burst", a.loop.burst),
    loopRow("attune: sustained check-ins", a.loop.sustained),
    loopRow("attune: whole phase", a.loop.whole),
    "",
    ...(soakSection ? [...soakSection.lines, ""] : []),
    ...(cluster ? [...cluster.lines, ""] : []),
    "Server memory per connected phone (RSS and heap after a full GC; the phones are elsewhere)",
    ...(f ? [`  floor:    RSS ${kib(f.memory.rssPerClientKiB)}, heap+external ${kib(f.memory.heapPerClientKiB)}`] : []),
    ...(fl ? [`  floor, light phones: RSS ${kib(fl.memory.rssPerClientKiB)}, heap+external ${kib(fl.memory.heapPerClientKiB)}`] : []),
    `  baseline: RSS ${kib(b.memory.rssPerClientKiB)}, heap+external ${kib(b.memory.heapPerClientKiB)}  (RSS ${(b.memory.before.rss / 2 ** 20).toFixed(0)} -> ${(b.memory.after.rss / 2 ** 20).toFixed(0)} MiB)`,
    ...(m
      ? [`  matched:  RSS ${kib(m.memory.rssPerClientKiB)}, heap+external ${kib(m.memory.heapPerClientKiB)}  (RSS ${(m.memory.before.rss / 2 ** 20).toFixed(0)} -> ${(m.memory.after.rss / 2 ** 20).toFixed(0)} MiB)`]
      : []),
    `  attune:   RSS ${kib(a.memory.rssPerClientKiB)}, heap+external ${kib(a.memory.heapPerClientKiB)}  (RSS ${(a.memory.before.rss / 2 ** 20).toFixed(0)} -> ${(a.memory.after.rss / 2 ** 20).toFixed(0)} MiB)`,
    "",
    failed.length ? `FAILED: ${failed.join("; ")}` : "All checks passed.",
    "",
  ];
  return { text: lines.join("\n"), failed, ratio };
}

async function parent(): Promise<void> {
  const wallStart = Date.now();
  const loadAtStart = os.loadavg();
  const deadline = wallStart + TIMEOUT_S * 1000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attune-bench-"));
  const cleanup = () => {
    if (running?.pid) {
      try {
        process.kill(running.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.on("exit", cleanup);
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => process.exit(2));
  const timer = setTimeout(() => {
    process.stderr.write(`[bench] global timeout of ${TIMEOUT_S} s reached; stopping\n`);
    process.exit(2);
  }, TIMEOUT_S * 1000);

  // The server holds one socket a phone and each generator its share; the soak and the cluster phase
  // still hold both ends of every phone in one process. Plus the database and a few spare.
  const limit = await openFileLimit();
  const needed = (SOAK_S > 0 || CLUSTER ? CLIENTS * 2 : CLIENTS) + 256;
  if (limit !== null && limit < needed) {
    process.stderr.write(`[bench] open-files limit is ${limit}, ${CLIENTS} phones need about ${needed}: raise it (ulimit -n ${needed}) or lower BENCH_CLIENTS\n`);
    process.exit(2);
  }
  process.stderr.write(`[bench] ${CLIENTS} phones; open-files limit ${limit ?? "unknown"}; timeout ${TIMEOUT_S} s; temp dir ${dir}\n`);

  try {
    const floor = FLOOR ? ((await runPhase("floor", dir, deadline)) as BaselineResult) : null;
    const floorLight = FLOOR_LIGHT ? ((await runPhase("floor-light", dir, deadline)) as BaselineResult) : null;
    const baseline = (await runPhase("baseline", dir, deadline)) as BaselineResult;
    const matched = MATCHED ? ((await runPhase("baseline-matched", dir, deadline)) as BaselineResult) : null;
    const direct = DIRECT ? ((await runPhase("baseline-direct", dir, deadline)) as BaselineResult) : null;
    const attune = (await runPhase("attune", dir, deadline)) as AttuneResult;
    const soak = SOAK_S > 0 ? ((await runPhase("soak", dir, deadline)) as SoakResult) : null;
    const cluster = CLUSTER ? ((await runPhase("cluster", dir, deadline)) as ClusterResult) : null;
    const clusterSection = cluster
      ? (await import("./cluster.ts")).clusterReport(cluster, baseline.broadcast.latency.p99, attune.broadcast.latency.p99)
      : null;
    const pageWeight = phoneRouteWeight(ROOT);
    const { text, failed, ratio } = report(floor, floorLight, baseline, matched, attune, soak, clusterSection, pageWeight, (Date.now() - wallStart) / 1000, loadAtStart);
    (JSON_OUT ? process.stderr : process.stdout).write(text);
    const config = {
      participants: CLIENTS,
      rounds: ROUNDS,
      warmup: WARMUP,
      checkins: CHECKINS,
      rate: RATE,
      sustainSeconds: SUSTAIN_S,
      connectBatch: CONNECT_BATCH,
      matched: MATCHED,
      floor: FLOOR,
      floorLight: FLOOR_LIGHT,
      soakSeconds: SOAK_S,
      soakRate: SOAK_RATE,
      cluster: CLUSTER,
      clusterRate: CLUSTER_RATE,
      clusterSeconds: CLUSTER_S,
      node: process.version,
      cpus: os.cpus().length,
    };
    const machine = { loadAverageAtStart: loadAtStart, loadAverageAtEnd: os.loadavg(), wallSeconds: (Date.now() - wallStart) / 1000 };
    const all = {
      ...summary(floor, floorLight, baseline, matched, attune, soak, pageWeight),
      ...(direct ? { direct: { ...serverSide(direct), ratio_floor_p99: floor ? round(direct.broadcast.latency.p99 / floor.broadcast.latency.p99, 3) : null } } : {}),
      failed,
      config,
      machine,
      ratioP99: ratio,
      phases: { floor, floorLight, baseline, matched, direct, attune, soak, cluster },
    };
    if (process.env.BENCH_JSON) fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify(all, null, 2));
    if (JSON_OUT) await new Promise<void>((resolve) => process.stdout.write(`${JSON.stringify(all)}\n`, () => resolve()));
    clearTimeout(timer);
    process.exit(failed.length ? 1 : 0);
  } catch (error) {
    process.stderr.write(`[bench] ${(error as Error).message}\n`);
    process.exit(2);
  }
}

const phaseEnv = PHASES.find((p) => p === process.env.BENCH_PHASE);
if (phaseEnv) void child(phaseEnv);
else void parent();

/**
 * Attune load benchmark: broadcast latency against a bare Socket.IO baseline,
 * then check-in throughput, durability and tap-to-console time.
 *
 *   npx tsx bench/run.ts                      # 500 phones, about 50 s on 2 cores
 *   BENCH_CLIENTS=2000 npx tsx bench/run.ts   # about 65 s; 5000 takes about 100 s
 *
 * The parent process forks one child per phase (bare Socket.IO baseline,
 * baseline with Attune's Socket.IO options, then Attune) so each phase starts
 * from a clean heap; within a child the server and all its clients share one
 * process and one clock (performance.now()). Everything listens on 127.0.0.1.
 *
 * Options (env): BENCH_CLIENTS, BENCH_ROUNDS, BENCH_WARMUP, BENCH_CHECKINS,
 * BENCH_RATE, BENCH_SUSTAIN_S, BENCH_CONNECT_BATCH, BENCH_TIMEOUT_S,
 * BENCH_JSON (also write the results there), BENCH_STRICT=1 (exit 1 when the
 * quality bar is missed), BENCH_MATCHED=0 (skip the baseline with Attune's
 * Socket.IO options, which tells server options from app code),
 * BENCH_MATCHED_OPTIONS (JSON overriding those options, for diagnosis).
 * Exit codes: 0 ok, 1 a check failed, 2 timeout or crash.
 */
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Server, type ServerOptions } from "socket.io";
import { io, type Socket } from "socket.io-client";
import { techniqueByKey } from "../lib/content.ts";
import {
  NAMESPACES,
  PROTOCOL_VERSION,
  type ConsoleClientEvents,
  type ConsolePushes,
  type ParticipantClientEvents,
  type ParticipantPushes,
} from "../lib/protocol/events.ts";
import { request } from "../lib/protocol/registry.ts";
import { MAX_MESSAGE_BYTES } from "../lib/protocol/schemas.ts";
import type { PromptView } from "../lib/protocol/views.ts";
import { GcMonitor, LoopMonitor, ms, openFileLimit, settledMemory, sleep, summarize, type GcStats, type LoopDelay, type Memory, type Summary } from "./stats.ts";

// ---- configuration -------------------------------------------------------

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${name} must be a number in [${min}, ${max}], got "${raw}"`);
  return n;
}

const CLIENTS = Math.floor(intEnv("BENCH_CLIENTS", 500, 1, 20_000));
const ROUNDS = Math.floor(intEnv("BENCH_ROUNDS", 100, 1, 1_000));
const WARMUP = Math.floor(intEnv("BENCH_WARMUP", 5, 0, 100));
const CHECKINS = Math.floor(intEnv("BENCH_CHECKINS", 2000, 0, 1_000_000));
const RATE = Math.floor(intEnv("BENCH_RATE", 800, 0, 100_000));
const SUSTAIN_S = intEnv("BENCH_SUSTAIN_S", 5, 0, 120);
const CONNECT_BATCH = Math.floor(intEnv("BENCH_CONNECT_BATCH", 50, 1, 5_000));
const TIMEOUT_S = intEnv("BENCH_TIMEOUT_S", Math.round(180 + CLIENTS * 0.06), 10, 3_600);
const STRICT = process.env.BENCH_STRICT === "1";
/** Also run the baseline with Attune's Socket.IO options (heartbeats, connection-state recovery). */
const MATCHED = process.env.BENCH_MATCHED !== "0";

/** Tap limits enforced by the server per phone (server/realtime/sockets.ts). */
const TAP_BURST = 20;
const TAP_PER_SECOND = 4;
const QUALITY_BAR = 1.5;
const ROUND_GAP_MS = 100;
const ROUND_TIMEOUT_MS = 15_000;
const JOIN_TIMEOUT_MS = 20_000;
const ACK_TIMEOUT_MS = 20_000;

// ---- shared between phases ---------------------------------------------

interface BroadcastResult {
  latency: Summary;
  /** Per round, the time until the last phone had it. */
  roundMax: Summary;
  missed: number;
  pushErrors: number;
  payloadBytes: number;
  /** GC pauses while the rounds ran (server and clients share the heap). */
  gc: GcStats;
}

interface JoinResult {
  wanted: number;
  joined: number;
  failed: number;
  errors: Record<string, number>;
  seconds: number;
  latency: Summary;
}

interface BaselineResult {
  kind: "baseline";
  /** "bare": Socket.IO defaults; "matched": the options server/app.ts gives Attune's server. */
  options: "bare" | "matched";
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
  loop: { join: LoopDelay; broadcast: LoopDelay; burst: LoopDelay; sustained: LoopDelay; whole: LoopDelay };
  memory: { before: Memory; after: Memory; rssPerClientKiB: number; heapPerClientKiB: number };
}

type ChildMessage = { type: "result"; result: BaselineResult | AttuneResult } | { type: "error"; message: string };

const log = (phase: string, message: string) => process.stderr.write(`[bench:${phase}] ${message}\n`);

/** A prompt view of the same shape and size as the one Attune sends for "gentle-nudge". */
function samplePrompt(): PromptView {
  const t = techniqueByKey("gentle-nudge");
  return { id: randomBytes(12).toString("base64url"), kind: "technique", technique: t.key, title: t.name, body: t.script, pushedAt: Date.now() };
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
  const gc = await gcMonitor.stop();
  const latency = summarize(samples);
  log(phase, `${ROUNDS} rounds x ${phones.length} phones: p50 ${ms(latency.p50)} ms, p99 ${ms(latency.p99)} ms, max ${ms(latency.max)} ms`);
  return { latency, roundMax: summarize(roundMax), missed, payloadBytes, gc };
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

// ---- phase 1: bare Socket.IO ------------------------------------------

/** The Socket.IO options startAttune uses (server/app.ts), for the matched baseline. */
const ATTUNE_SERVER_OPTIONS: Partial<ServerOptions> = {
  pingInterval: 10_000,
  pingTimeout: 8_000,
  connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
  // Diagnosis: BENCH_MATCHED_OPTIONS='{"connectionStateRecovery":null}' drops or changes one option at a time.
  ...(JSON.parse(process.env.BENCH_MATCHED_OPTIONS || "{}") as Partial<ServerOptions>),
};

async function runBaseline(options: "bare" | "matched"): Promise<BaselineResult> {
  const phase = options === "bare" ? "baseline" : "baseline-matched";
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
      phonesNsp.to("room").emit("prompt:current", { ...samplePrompt(), pushedAt: Date.now() });
      ack(true);
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(0, "127.0.0.1", () => resolve());
  });
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  log(phase, `${options === "bare" ? "bare Socket.IO" : "Socket.IO with Attune's options"} on ${url}, ${CLIENTS} phones`);

  const control: AnySocket = io(`${url}/control`, { transports: ["websocket"], forceNew: true, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    control.once("connect", () => resolve());
    control.once("connect_error", reject);
  });

  const before = await settledMemory();
  const joinLoop = new LoopMonitor().start();
  const { sockets, result: join } = await connectAll(phase, CLIENTS, () => io(`${url}/phones`, { transports: ["websocket"], forceNew: true, reconnection: false }), "ready");
  const joinDelay = joinLoop.stop();
  const after = await settledMemory();

  let pushErrors = 0;
  const castLoop = new LoopMonitor().start();
  const cast = await broadcastRounds(phase, sockets, () => {
    control.timeout(ROUND_TIMEOUT_MS).emit("push", (err: Error | null) => {
      if (err) pushErrors += 1;
    });
  });
  const castDelay = castLoop.stop();

  closeAll(sockets);
  control.disconnect();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    kind: "baseline",
    options,
    join,
    broadcast: { ...cast, pushErrors },
    loop: { join: joinDelay, broadcast: castDelay },
    memory: { before, after, ...perClientKiB(before, after, join.joined) },
  };
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

function sendTap(phone: Phone, taps: Tap[]): void {
  const tap: Tap = { id: randomUUID(), sentAt: performance.now(), ackAt: NaN, outcome: "pending" };
  taps.push(tap);
  phone.timeout(ACK_TIMEOUT_MS).emit("checkin:send", { id: tap.id, signal: "i-see", ageMs: 0 }, (err, ack) => {
    tap.ackAt = performance.now();
    if (err) tap.outcome = "timeout";
    else if (!ack.ok) tap.outcome = ack.error.code === "RATE_LIMITED" ? "rate-limited" : "error";
    else tap.outcome = ack.data.duplicate ? "duplicate" : "ok";
  });
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
  // Pulses are coalesced (250 ms); give the console a moment to show the last batch.
  const shown = () => (pulses.at(-1)?.total ?? 0) - base >= ok;
  const until = performance.now() + 5_000;
  while (!shown() && performance.now() < until) await sleep(10);
  if (!shown()) log(phase, `console pulse shows ${(pulses.at(-1)?.total ?? 0) - base} of ${ok} stored check-ins after 5 s`);
}

async function runAttune(dir: string): Promise<AttuneResult> {
  const phase = "attune";
  const { startAttune } = await import("../server/app.ts");
  const { parseEnv } = await import("../server/env.ts");
  const { AUTH_COOKIE } = await import("../server/auth/accounts.ts");

  const env = parseEnv({ NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1", DATABASE_URL: `file:${path.join(dir, "bench.db")}` });
  // Every phone joins from 127.0.0.1: lift the per-address budget for new participants.
  const { DEFAULT_JOIN_LIMITS } = await import("../server/realtime/join-gate.ts");
  const server = await startAttune(env, { withNext: false, joinLimits: { ...DEFAULT_JOIN_LIMITS, freshJoinBurst: 1_000_000 } });
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
  await new Promise<void>((resolve, reject) => {
    consoleSocket.once("connect", () => resolve());
    consoleSocket.once("connect_error", reject);
  });
  const started = await request(consoleSocket, "session:start", { sessionId: session.id }, 10_000);
  if (!started.ok || !started.data.joinCode) throw new Error(`session:start failed: ${JSON.stringify(started)}`);
  const watched = await request(consoleSocket, "session:watch", { sessionId: session.id }, 10_000);
  if (!watched.ok) throw new Error(`session:watch failed: ${JSON.stringify(watched)}`);
  const code = started.data.joinCode;

  const pulses: PulseSeen[] = [];
  consoleSocket.on("pulse:update", ({ pulse }) => pulses.push({ at: performance.now(), total: pulse.totalCount }));

  const whole = new LoopMonitor().start();
  const before = await settledMemory();
  const joinLoop = new LoopMonitor().start();
  const { sockets: phones, result: join } = await connectAll(
    phase,
    CLIENTS,
    (): Phone => io(server.url + NAMESPACES.participant, { transports: ["websocket"], forceNew: true, reconnection: false, auth: { v: PROTOCOL_VERSION, code } }),
    "session:snapshot",
  );
  const joinDelay = joinLoop.stop();
  const after = await settledMemory();
  if (phones.length === 0) throw new Error("no phone could join");
  await sleep(400); // let the presence pulse go out

  // Broadcast: the console pushes, every phone times its prompt:current.
  let pushErrors = 0;
  const castLoop = new LoopMonitor().start();
  const cast = await broadcastRounds(phase, phones, () => {
    void request(consoleSocket, "prompt:push", { sessionId: session.id, source: { kind: "technique", technique: "gentle-nudge" } }, ROUND_TIMEOUT_MS).then(
      (ack) => {
        if (!ack.ok) pushErrors += 1;
      },
    );
  });
  const castDelay = castLoop.stop();
  await sleep(300);

  // Burst: K taps at once, spread across phones within the per-phone burst allowance.
  const burstK = Math.min(CHECKINS, phones.length * TAP_BURST);
  if (burstK < CHECKINS) log(phase, `burst capped at ${burstK} (${TAP_BURST} per phone x ${phones.length} phones)`);
  const perPhone = Math.ceil(burstK / phones.length);
  const base0 = await services.db.checkIn.count({ where: { sessionId: session.id } });
  const burstTaps: Tap[] = [];
  const burstLoop = new LoopMonitor().start();
  const burstStart = performance.now();
  for (let i = 0; i < burstK; i++) sendTap(phones[i % phones.length], burstTaps);
  // The phones' side of the burst runs on this same loop; its length is part of the loop delay below.
  const sendLoopMs = performance.now() - burstStart;
  await settle(phase, burstTaps, pulses, base0);
  const burstDelay = burstLoop.stop();
  const burst = { ...tally(burstTaps, pulses, base0, burstStart, burstStart), perPhone, sendLoopMs };
  log(phase, `burst ${burst.ok}/${burst.sent} stored, ack p99 ${ms(burst.ack.p99)} ms, all on console after ${ms(burst.allVisibleMs)} ms`);

  // Let every phone's tap bucket refill before the sustained phase.
  await sleep(Math.ceil((perPhone / TAP_PER_SECOND) * 1000) + 250);

  // Sustained: a steady rate, round-robin over phones, below each phone's 4/s.
  const maxRate = Math.floor(phones.length * TAP_PER_SECOND * 0.85);
  const targetPerSecond = Math.min(RATE, maxRate);
  if (targetPerSecond < RATE) log(phase, `sustained rate capped at ${targetPerSecond}/s (${phones.length} phones x ${TAP_PER_SECOND}/s x 0.85)`);
  const base1 = await services.db.checkIn.count({ where: { sessionId: session.id } });
  const sustainTaps: Tap[] = [];
  const sustainLoop = new LoopMonitor().start();
  const sustainStart = performance.now();
  const total = Math.round(targetPerSecond * SUSTAIN_S);
  let next = 0;
  while (next < total && performance.now() - sustainStart < SUSTAIN_S * 1000 + 5_000) {
    const due = Math.min(total, Math.floor(((performance.now() - sustainStart) / 1000) * targetPerSecond));
    for (; next < due; next++) sendTap(phones[next % phones.length], sustainTaps);
    await sleep(5);
  }
  await settle(phase, sustainTaps, pulses, base1);
  const sustainDelay = sustainLoop.stop();
  const sustained = { ...tally(sustainTaps, pulses, base1, sustainStart, sustainStart), targetPerSecond };
  log(phase, `sustained ${sustained.ok}/${sustained.sent} stored at ${ms(sustained.storedPerSecond, 0)}/s, tap-to-console p99 ${ms(sustained.tapToConsole.p99)} ms`);
  const wholeDelay = whole.stop();

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

  closeAll(phones);
  consoleSocket.disconnect();
  await server.close();
  await new Promise<void>((resolve) => server.http.close(() => resolve()));
  return {
    kind: "attune",
    join,
    broadcast: { ...cast, pushErrors },
    burst,
    sustained,
    db,
    loop: { join: joinDelay, broadcast: castDelay, burst: burstDelay, sustained: sustainDelay, whole: wholeDelay },
    memory: { before, after, ...perClientKiB(before, after, join.joined) },
  };
}

// ---- child entry ------------------------------------------------------

async function child(phaseName: string): Promise<void> {
  const budget = Number(process.env.BENCH_CHILD_TIMEOUT_MS) || TIMEOUT_S * 1000;
  setTimeout(() => {
    log(phaseName, `timed out after ${Math.round(budget / 1000)} s`);
    process.exit(2);
  }, budget).unref();
  try {
    const result =
      phaseName === "baseline"
        ? await runBaseline("bare")
        : phaseName === "baseline-matched"
          ? await runBaseline("matched")
          : await runAttune(process.env.BENCH_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), "attune-bench-")));
    await new Promise<void>((resolve) => process.send!({ type: "result", result } satisfies ChildMessage, () => resolve()));
    process.exit(0);
  } catch (error) {
    const message = (error as Error)?.stack ?? String(error);
    await new Promise<void>((resolve) => process.send!({ type: "error", message } satisfies ChildMessage, () => resolve()));
    process.exit(2);
  }
}

// ---- parent: run both phases, report ------------------------------------

let running: ChildProcess | null = null;

type PhaseName = "baseline" | "baseline-matched" | "attune";

function runPhase(phaseName: PhaseName, dir: string, deadline: number): Promise<BaselineResult | AttuneResult> {
  return new Promise((resolve, reject) => {
    const remaining = Math.max(5_000, deadline - Date.now() - 2_000);
    const proc = fork(fileURLToPath(import.meta.url), [], {
      env: { ...process.env, BENCH_PHASE: phaseName, BENCH_DIR: dir, BENCH_CHILD_TIMEOUT_MS: String(remaining) },
      execArgv: [...process.execArgv, "--expose-gc"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    running = proc;
    let result: BaselineResult | AttuneResult | null = null;
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
function row(label: string, s: Summary): string {
  return `  ${label.padEnd(40)}${pad(ms(s.p50), 9)}${pad(ms(s.p95), 9)}${pad(ms(s.p99), 9)}${pad(ms(s.max), 9)}${pad(s.n, 9)}`;
}
const header = `  ${"".padEnd(40)}${pad("p50", 9)}${pad("p95", 9)}${pad("p99", 9)}${pad("max", 9)}${pad("n", 9)}`;
const gcRow = (label: string, g: GcStats) =>
  `  GC during rounds, ${`${label}:`.padEnd(9)} ${g.count} pauses, ${ms(g.totalMs, 0)} ms in all, longest ${ms(g.maxMs)} ms; ${g.major} major (longest ${ms(g.majorMaxMs)} ms)`;
const loopRow = (label: string, d: LoopDelay) => `  ${label.padEnd(40)}p50 ${ms(d.p50)} ms, p99 ${ms(d.p99)} ms, max ${ms(d.max)} ms`;

function report(b: BaselineResult, m: BaselineResult | null, a: AttuneResult, wallSeconds: number, loadAtStart: number[]): { text: string; failed: string[]; ratio: number } {
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
  if (STRICT && !(ratio <= QUALITY_BAR)) failed.push(`Attune p99 is ${ratio.toFixed(2)}x baseline (bar ${QUALITY_BAR}x)`);

  const kib = (n: number) => `${ms(n, 1)} KiB`;
  const lines = [
    "",
    `Attune benchmark — ${CLIENTS} phones, ${ROUNDS} rounds (+${WARMUP} warm-up), Node ${process.version}, ${os.cpus().length} CPU(s), ${os.platform()} ${os.arch()}`,
    // Other work on the machine shows up as tail latency in every phase; the load average tells.
    `load average at start ${loadAtStart.map((l) => l.toFixed(2)).join(" ")}, at end ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`,
    `wall time ${wallSeconds.toFixed(1)} s; prompt payload ${a.broadcast.payloadBytes} B (baseline ${b.broadcast.payloadBytes} B)`,
    "",
    "Joins",
    `  baseline: ${b.join.joined}/${b.join.wanted} in ${b.join.seconds.toFixed(2)} s (failed ${b.join.failed}); join p99 ${ms(b.join.latency.p99)} ms`,
    ...(m ? [`  matched:  ${m.join.joined}/${m.join.wanted} in ${m.join.seconds.toFixed(2)} s (failed ${m.join.failed}); join p99 ${ms(m.join.latency.p99)} ms`] : []),
    `  attune:   ${a.join.joined}/${a.join.wanted} in ${a.join.seconds.toFixed(2)} s (failed ${a.join.failed}); join p99 ${ms(a.join.latency.p99)} ms` +
      (a.join.failed ? ` errors ${JSON.stringify(a.join.errors)}` : ""),
    "",
    "Broadcast latency, push -> phone receives (ms)",
    header,
    row("baseline: bare Socket.IO", b.broadcast.latency),
    ...(m ? [row("baseline: Attune's Socket.IO options", m.broadcast.latency)] : []),
    row("attune: prompt:push -> prompt:current", a.broadcast.latency),
    row("baseline: last phone per round", b.broadcast.roundMax),
    ...(m ? [row("matched: last phone per round", m.broadcast.roundMax)] : []),
    row("attune: last phone per round", a.broadcast.roundMax),
    `  ratio attune/baseline: ${ratios(a.broadcast.latency, b.broadcast.latency)}  (bar p99 <= ${QUALITY_BAR}x: ${ratio <= QUALITY_BAR ? "MET" : "MISSED"})`,
    `  ratio attune/baseline of the median round (time to the last phone): ${(a.broadcast.roundMax.p50 / b.broadcast.roundMax.p50).toFixed(2)}x`,
    ...(m
      ? [
          `  ratio matched/baseline (options alone): ${ratios(m.broadcast.latency, b.broadcast.latency)}`,
          `  ratio attune/matched (app code alone):  ${ratios(a.broadcast.latency, m.broadcast.latency)}`,
        ]
      : []),
    `  missed deliveries: baseline ${b.broadcast.missed}, attune ${a.broadcast.missed}; push errors: baseline ${b.broadcast.pushErrors}, attune ${a.broadcast.pushErrors}`,
    gcRow("baseline", b.broadcast.gc),
    ...(m ? [gcRow("matched", m.broadcast.gc)] : []),
    gcRow("attune", a.broadcast.gc),
    "",
    `Check-ins: burst of ${a.burst.sent} (${a.burst.perPhone} per phone at most), then ${a.sustained.targetPerSecond}/s for ${SUSTAIN_S} s`,
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
    "Event-loop delay (whole process: server and all clients share it)",
    loopRow("baseline: joining", b.loop.join),
    loopRow("baseline: broadcast rounds", b.loop.broadcast),
    ...(m ? [loopRow("matched: broadcast rounds", m.loop.broadcast)] : []),
    loopRow("attune: joining", a.loop.join),
    loopRow("attune: broadcast rounds", a.loop.broadcast),
    loopRow("attune: check-in burst", a.loop.burst),
    `  ${"".padEnd(40)}(of which the phones' own send loop: ${ms(a.burst.sendLoopMs)} ms)`,
    loopRow("attune: sustained check-ins", a.loop.sustained),
    loopRow("attune: whole phase", a.loop.whole),
    "",
    "Memory per connected phone (server + client side, same process)",
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

  // Each phone is two sockets in this process tree (client end and server end), plus the database and a few spare.
  const limit = await openFileLimit();
  const needed = CLIENTS * 2 + 256;
  if (limit !== null && limit < needed) {
    process.stderr.write(`[bench] open-files limit is ${limit}, ${CLIENTS} phones need about ${needed}: raise it (ulimit -n ${needed}) or lower BENCH_CLIENTS\n`);
    process.exit(2);
  }
  process.stderr.write(`[bench] ${CLIENTS} phones; open-files limit ${limit ?? "unknown"}; timeout ${TIMEOUT_S} s; temp dir ${dir}\n`);

  try {
    const baseline = (await runPhase("baseline", dir, deadline)) as BaselineResult;
    const matched = MATCHED ? ((await runPhase("baseline-matched", dir, deadline)) as BaselineResult) : null;
    const attune = (await runPhase("attune", dir, deadline)) as AttuneResult;
    const { text, failed, ratio } = report(baseline, matched, attune, (Date.now() - wallStart) / 1000, loadAtStart);
    process.stdout.write(text);
    if (process.env.BENCH_JSON) {
      const config = { CLIENTS, ROUNDS, WARMUP, CHECKINS, RATE, SUSTAIN_S, CONNECT_BATCH, MATCHED, node: process.version, cpus: os.cpus().length };
      fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify({ config, ratioP99: ratio, failed, baseline, matched, attune }, null, 2));
    }
    clearTimeout(timer);
    process.exit(failed.length ? 1 : 0);
  } catch (error) {
    process.stderr.write(`[bench] ${(error as Error).message}\n`);
    process.exit(2);
  }
}

const phaseEnv = process.env.BENCH_PHASE;
if (phaseEnv === "baseline" || phaseEnv === "baseline-matched" || phaseEnv === "attune") void child(phaseEnv);
else void parent();

/**
 * The benchmark's phones, apart from the server under test: a fleet of child
 * processes (the generators), each holding its share of the phones, driven
 * over IPC by the process that runs the server. Server memory, CPU and
 * event-loop figures are then the server's own, and 10,000 phones fit the
 * 20,000 open files a process may have (each generator holds only its phones'
 * ends).
 *
 * Times cross processes as wall-clock milliseconds with sub-millisecond
 * resolution (performance.timeOrigin + performance.now()): the processes share
 * one machine and one clock.
 *
 * Phones are Socket.IO clients as the real phone makes them (WebSocket only,
 * the resume token sent back on every reconnect, the client's default
 * reconnection delays), also against the raw `ws` floor (which speaks just
 * enough of their protocol), or for the light floor plain `ws` clients.
 */
import { fork, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { io, type Socket } from "socket.io-client";
import WebSocket from "ws";

/** Wall-clock ms, comparable across the benchmark's processes. */
export const wallNow = (): number => performance.timeOrigin + performance.now();

// Socket.IO's typed sockets differ per namespace; the fleet only needs this much.
type AnySocket = Socket<any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface JoinSpec {
  /** "socket.io": a Socket.IO client on `url`; "ws": a plain WebSocket on `url` (the light floor's phones). */
  kind: "socket.io" | "ws";
  url: string;
  /** Socket.IO handshake auth; a resume token is added once the server gave one. */
  auth?: Record<string, unknown>;
  /** A Socket.IO phone has joined when this event arrives ("session:snapshot" for Attune). */
  readyEvent?: string;
  /** Phones connecting at once in each generator (the storm's width). */
  inFlight: number;
  timeoutMs: number;
}

export interface JoinOutcome {
  wanted: number;
  joined: number;
  failed: number;
  errors: Record<string, number>;
  /** Retries the clients made on their own (connect errors before they joined). */
  retries: number;
  /** Wall-clock seconds from the first phone's start to the last one in (or given up). */
  seconds: number;
  /** Each joined phone's time from its start to ready, ms. */
  latencies: Float64Array;
}

export interface TapRecords {
  id: string[];
  sentAt: Float64Array;
  ackAt: Float64Array;
  /** 0 pending (no answer), 1 stored, 2 duplicate, 3 rate-limited, 4 other error, 5 timeout. */
  outcome: Uint8Array;
}

export const TAP = { pending: 0, ok: 1, duplicate: 2, rateLimited: 3, error: 4, timeout: 5 } as const;

export interface BackOutcome {
  wanted: number;
  back: number;
  /** Wall-clock time each phone was back with the expected prompt. */
  times: Float64Array;
  /** Phones whose socket never dropped (the restart did not reach them). */
  neverLeft: number;
}

type Command =
  | { op: "join"; spec: JoinSpec; count: number }
  | { op: "arrivals" }
  | { op: "taps"; count: number; perSecond: number; signals: readonly string[]; ackTimeoutMs: number }
  | { op: "arm-back"; promptId: string }
  | { op: "await-back"; timeoutMs: number }
  | { op: "close" };

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };
type Note = { note: "round"; ordinal: number };

// ---- the controller (in the server's process) ---------------------------

/** The phones, spread over `size` generator processes. */
export class Fleet {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  /** Per round ordinal, how many generators have every phone's prompt. */
  private readonly roundsDone = new Map<number, number>();
  private roundWaiter: { ordinal: number; resolve(): void } | null = null;
  /** Phones per generator, once joined. */
  private shares: number[];

  private constructor(private readonly procs: ChildProcess[]) {
    this.shares = procs.map(() => 0);
    for (const proc of procs) {
      proc.on("message", (m: Reply | Note) => {
        if ("note" in m) {
          const n = (this.roundsDone.get(m.ordinal) ?? 0) + 1;
          this.roundsDone.set(m.ordinal, n);
          if (this.roundWaiter && this.roundWaiter.ordinal === m.ordinal && n >= this.active()) this.roundWaiter.resolve();
          return;
        }
        const w = this.waiting.get(m.id);
        if (!w) return;
        this.waiting.delete(m.id);
        if (m.ok) w.resolve(m.value);
        else w.reject(new Error(m.message));
      });
      proc.on("exit", (code) => {
        for (const w of this.waiting.values()) w.reject(new Error(`a phone generator exited (${code})`));
        this.waiting.clear();
      });
    }
  }

  /** Forks `size` generators; they inherit this process's loader (tsx). */
  static async start(size: number): Promise<Fleet> {
    const file = fileURLToPath(import.meta.url);
    const procs = Array.from({ length: size }, () =>
      fork(file, [], {
        env: { ...process.env, BENCH_FLEET_GENERATOR: "1" },
        execArgv: process.execArgv.filter((a) => a !== "--expose-gc" && !a.startsWith("--cpu-prof")),
        serialization: "advanced",
        stdio: ["ignore", 2, "inherit", "ipc"],
      }),
    );
    await Promise.all(procs.map((p) => new Promise<void>((resolve, reject) => {
      p.once("spawn", () => resolve());
      p.once("error", reject);
    })));
    return new Fleet(procs);
  }

  get pids(): number[] {
    return this.procs.map((p) => p.pid ?? -1);
  }

  private active(): number {
    return this.shares.filter((n) => n > 0).length;
  }

  private call<T>(proc: ChildProcess, command: Command): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      proc.send({ id, ...command });
    });
  }

  private all<T>(command: (share: number, i: number) => Command | null): Promise<(T | null)[]> {
    return Promise.all(
      this.procs.map((p, i) => {
        const c = command(this.shares[i], i);
        return c ? this.call<T>(p, c) : Promise.resolve(null);
      }),
    );
  }

  /** Joins `count` phones, split evenly over the generators, all starting at once. */
  async join(spec: JoinSpec, count: number): Promise<JoinOutcome> {
    const split = this.procs.map((_, i) => Math.floor(count / this.procs.length) + (i < count % this.procs.length ? 1 : 0));
    const started = wallNow();
    const parts = await Promise.all(this.procs.map((p, i) => (split[i] ? this.call<JoinOutcome>(p, { op: "join", spec, count: split[i] }) : null)));
    const done = parts.filter((p): p is JoinOutcome => p !== null);
    this.shares = parts.map((p) => p?.joined ?? 0);
    const errors: Record<string, number> = {};
    for (const p of done) for (const [k, v] of Object.entries(p.errors)) errors[k] = (errors[k] ?? 0) + v;
    const latencies = new Float64Array(done.reduce((n, p) => n + p.latencies.length, 0));
    let at = 0;
    for (const p of done) {
      latencies.set(p.latencies, at);
      at += p.latencies.length;
    }
    return {
      wanted: count,
      joined: done.reduce((n, p) => n + p.joined, 0),
      failed: done.reduce((n, p) => n + p.failed, 0),
      retries: done.reduce((n, p) => n + p.retries, 0),
      errors,
      seconds: (wallNow() - started) / 1000,
      latencies,
    };
  }

  get phones(): number {
    return this.shares.reduce((a, b) => a + b, 0);
  }

  /**
   * Waits until every phone has the `ordinal`-th distinct prompt since the
   * phones joined (each generator counts prompts by id), or the timeout.
   */
  waitRound(ordinal: number, timeoutMs: number): Promise<boolean> {
    if ((this.roundsDone.get(ordinal) ?? 0) >= this.active()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.roundWaiter = null;
        resolve(false);
      }, timeoutMs);
      this.roundWaiter = {
        ordinal,
        resolve: () => {
          clearTimeout(timer);
          this.roundWaiter = null;
          resolve(true);
        },
      };
    });
  }

  /** Every prompt arrival so far: per prompt ordinal, the wall-clock times the phones had it. */
  async arrivals(): Promise<Map<number, Float64Array[]>> {
    const parts = await this.all<[number, Float64Array][]>((share) => (share ? { op: "arrivals" } : null));
    const out = new Map<number, Float64Array[]>();
    for (const part of parts) for (const [ordinal, times] of part ?? []) out.set(ordinal, [...(out.get(ordinal) ?? []), times]);
    return out;
  }

  /**
   * `count` fresh check-ins, round-robin over the phones: all at once
   * (perSecond 0) or evenly spaced at `perSecond`; resolves when every one
   * has its answer or timed out.
   */
  async taps(count: number, perSecond: number, signals: readonly string[], ackTimeoutMs: number): Promise<TapRecords> {
    const total = this.phones;
    const counts = this.shares.map((share) => Math.floor((count * share) / total));
    let rest = count - counts.reduce((a, b) => a + b, 0);
    for (let i = 0; rest > 0; i = (i + 1) % counts.length) if (this.shares[i]) (counts[i]++, rest--);
    const parts = await this.all<TapRecords>((share, i) =>
      share && counts[i] ? { op: "taps", count: counts[i], perSecond: (perSecond * share) / total, signals, ackTimeoutMs } : null,
    );
    const done = parts.filter((p): p is TapRecords => p !== null);
    const n = done.reduce((s, p) => s + p.id.length, 0);
    const out: TapRecords = { id: [], sentAt: new Float64Array(n), ackAt: new Float64Array(n), outcome: new Uint8Array(n) };
    let at = 0;
    for (const p of done) {
      out.id.push(...p.id);
      out.sentAt.set(p.sentAt, at);
      out.ackAt.set(p.ackAt, at);
      out.outcome.set(p.outcome, at);
      at += p.id.length;
    }
    return out;
  }

  /** From now on, each phone notes when it is back (a new snapshot after a drop) with prompt `promptId`. */
  async armBack(promptId: string): Promise<void> {
    await this.all((share) => (share ? { op: "arm-back", promptId } : null));
  }

  /** Waits until every phone is back (or the timeout), and says when each came back. */
  async awaitBack(timeoutMs: number): Promise<BackOutcome> {
    const parts = (await this.all<BackOutcome>((share) => (share ? { op: "await-back", timeoutMs } : null))).filter((p): p is BackOutcome => p !== null);
    const times = new Float64Array(parts.reduce((n, p) => n + p.times.length, 0));
    let at = 0;
    for (const p of parts) {
      times.set(p.times, at);
      at += p.times.length;
    }
    return {
      wanted: parts.reduce((n, p) => n + p.wanted, 0),
      back: parts.reduce((n, p) => n + p.back, 0),
      neverLeft: parts.reduce((n, p) => n + p.neverLeft, 0),
      times,
    };
  }

  /** Disconnects every phone and ends the generators. */
  async close(): Promise<void> {
    await Promise.all(
      this.procs.map(
        (p) =>
          new Promise<void>((resolve) => {
            if (p.exitCode !== null || p.signalCode !== null) return resolve();
            const timer = setTimeout(() => p.kill("SIGKILL"), 10_000);
            p.once("exit", () => {
              clearTimeout(timer);
              resolve();
            });
            void this.call(p, { op: "close" }).catch(() => undefined);
          }),
      ),
    );
  }

  /** Ends the generators at once (the benchmark is stopping). */
  kill(): void {
    for (const p of this.procs) if (p.exitCode === null) p.kill("SIGKILL");
  }
}

// ---- a generator (a child process) ----------------------------------------

interface Phone {
  socket: AnySocket | null;
  ws: WebSocket | null;
  resumeToken?: string;
  /** Dropped since armBack, and not yet back with the expected prompt. */
  away: boolean;
  backAt: number;
}

function generator(): void {
  const phones: Phone[] = [];
  /** prompt id -> its ordinal (order of first arrival) and the phones' arrival times. */
  const prompts = new Map<string, { ordinal: number; times: number[] }>();
  let back: { promptId: string; wanted: number; done: number; onAll: (() => void) | null } | null = null;

  const onPrompt = (id: string | undefined) => {
    if (!id) return;
    const at = wallNow();
    let p = prompts.get(id);
    if (!p) {
      p = { ordinal: prompts.size, times: [] };
      prompts.set(id, p);
    }
    p.times.push(at);
    if (p.times.length === phones.length) process.send!({ note: "round", ordinal: p.ordinal } satisfies Note);
  };

  const onSnapshot = (phone: Phone, snapshot: { resumeToken?: string; prompt?: { id?: string } | null }) => {
    if (snapshot.resumeToken) phone.resumeToken = snapshot.resumeToken;
    if (back && phone.away && snapshot.prompt?.id === back.promptId) {
      phone.away = false;
      phone.backAt = wallNow();
      back.done += 1;
      if (back.done >= back.wanted) back.onAll?.();
    }
  };

  function connectOne(spec: JoinSpec): Promise<{ phone: Phone | null; error?: string; retries: number }> {
    return new Promise((resolve) => {
      let retries = 0;
      let settled = false;
      const phone: Phone = { socket: null, ws: null, away: false, backAt: NaN };
      const finish = (ok: boolean, error?: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (!ok) {
          phone.socket?.disconnect();
          phone.ws?.terminate();
        }
        resolve({ phone: ok ? phone : null, error, retries });
      };
      const timer = setTimeout(() => finish(false, "join timed out"), spec.timeoutMs);
      if (spec.kind === "ws") {
        const ws = new WebSocket(spec.url, { perMessageDeflate: false });
        phone.ws = ws;
        ws.on("message", (data) => {
          // The light floor's frame: {"id":"…",…}; the id is all a phone reads.
          const text = data.toString();
          const m = /"id":"([^"]+)"/.exec(text);
          onPrompt(m?.[1]);
        });
        ws.once("open", () => finish(true));
        ws.once("error", (e) => finish(false, e.message));
        ws.once("close", () => finish(false, "closed"));
        return;
      }
      const socket: AnySocket = io(spec.url, {
        transports: ["websocket"],
        forceNew: true,
        // As the phone: the resume token goes back on every reconnect.
        auth: (cb) => cb({ ...spec.auth, ...(phone.resumeToken ? { resumeToken: phone.resumeToken } : {}) }),
      });
      phone.socket = socket;
      socket.on("prompt:current", (prompt: { id?: string } | null) => onPrompt(prompt?.id));
      socket.on(spec.readyEvent ?? "ready", (snapshot: { resumeToken?: string; prompt?: { id?: string } | null }) => {
        onSnapshot(phone, snapshot ?? {});
        finish(true);
      });
      socket.on("disconnect", () => {
        if (back && !phone.away && Number.isNaN(phone.backAt)) phone.away = true;
      });
      socket.on("connect_error", (err: Error & { data?: { code?: string } }) => {
        // A refusal by the server is final (the client does not retry it); a transport error is retried.
        if (err.data?.code) return finish(false, err.data.code);
        retries += 1;
      });
    });
  }

  async function join(spec: JoinSpec, count: number): Promise<JoinOutcome> {
    const started = wallNow();
    const errors: Record<string, number> = {};
    const latencies: number[] = [];
    let failed = 0;
    let retries = 0;
    let next = 0;
    const worker = async () => {
      while (next < count) {
        next += 1;
        const t0 = wallNow();
        const r = await connectOne(spec);
        retries += r.retries;
        if (r.phone) {
          phones.push(r.phone);
          latencies.push(wallNow() - t0);
        } else {
          failed += 1;
          const key = (r.error ?? "unknown").slice(0, 80);
          errors[key] = (errors[key] ?? 0) + 1;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(spec.inFlight, count) }, worker));
    return { wanted: count, joined: phones.length, failed, errors, retries, seconds: (wallNow() - started) / 1000, latencies: Float64Array.from(latencies) };
  }

  async function taps(count: number, perSecond: number, signals: readonly string[], ackTimeoutMs: number): Promise<TapRecords> {
    const rec: TapRecords = { id: [], sentAt: new Float64Array(count), ackAt: new Float64Array(count).fill(NaN), outcome: new Uint8Array(count) };
    let answered = 0;
    let allAnswered: (() => void) | null = null;
    const send = (i: number) => {
      const id = randomUUID();
      rec.id.push(id);
      rec.sentAt[i] = wallNow();
      phones[i % phones.length].socket!.timeout(ackTimeoutMs).emit(
        "checkin:send",
        // A phone's successive taps go round the palette (the server limits each phone's taps per signal).
        { id, signal: signals[Math.floor(i / phones.length) % signals.length], ageMs: 0 },
        (err: Error | null, ack: { ok: boolean; data?: { duplicate?: boolean }; error?: { code?: string } }) => {
          rec.ackAt[i] = wallNow();
          rec.outcome[i] = err
            ? TAP.timeout
            : ack.ok
              ? ack.data?.duplicate
                ? TAP.duplicate
                : TAP.ok
              : ack.error?.code === "RATE_LIMITED"
                ? TAP.rateLimited
                : TAP.error;
          answered += 1;
          if (answered === count) allAnswered?.();
        },
      );
    };
    const done = new Promise<void>((resolve) => (allAnswered = resolve));
    if (perSecond <= 0) for (let i = 0; i < count; i++) send(i);
    else {
      const start = performance.now();
      let i = 0;
      // Bounded: a slow loop falls behind, it does not send for ever.
      const until = start + (count / perSecond) * 1000 + 5_000;
      while (i < count && performance.now() < until) {
        const due = Math.min(count, Math.floor(((performance.now() - start) / 1000) * perSecond) + 1);
        for (; i < due; i++) send(i);
        await new Promise((r) => setTimeout(r, 5));
      }
      if (i < count) {
        // Not sent in time: recorded as never answered.
        rec.id.push(...Array.from({ length: count - i }, () => ""));
        answered += count - i;
        if (answered === count) allAnswered!();
      }
    }
    await Promise.race([done, new Promise((r) => setTimeout(r, ackTimeoutMs + 2_000))]);
    return rec;
  }

  function armBack(promptId: string): void {
    back = { promptId, wanted: phones.length, done: 0, onAll: null };
    for (const p of phones) {
      p.away = false;
      p.backAt = NaN;
    }
  }

  async function awaitBack(timeoutMs: number): Promise<BackOutcome> {
    const b = back!;
    if (b.done < b.wanted) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        b.onAll = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    const times = Float64Array.from(phones.filter((p) => !Number.isNaN(p.backAt)).map((p) => p.backAt));
    const neverLeft = phones.filter((p) => Number.isNaN(p.backAt) && !p.away).length;
    back = null;
    return { wanted: b.wanted, back: times.length, times, neverLeft };
  }

  process.on("message", (m: { id: number } & Command) => {
    const answer = (p: Promise<unknown> | unknown) =>
      Promise.resolve(p).then(
        (value) => process.send!({ id: m.id, ok: true, value } satisfies Reply),
        (error: unknown) => process.send!({ id: m.id, ok: false, message: (error as Error)?.stack ?? String(error) } satisfies Reply),
      );
    switch (m.op) {
      case "join":
        return void answer(join(m.spec, m.count));
      case "arrivals":
        return void answer([...prompts.values()].map((p) => [p.ordinal, Float64Array.from(p.times)] as [number, Float64Array]));
      case "taps":
        return void answer(taps(m.count, m.perSecond, m.signals, m.ackTimeoutMs));
      case "arm-back":
        return void answer(armBack(m.promptId));
      case "await-back":
        return void answer(awaitBack(m.timeoutMs));
      case "close":
        for (const p of phones) {
          p.socket?.disconnect();
          p.ws?.terminate();
        }
        return void answer(null).then(() => process.exit(0));
    }
  });
  // The server's process went away: so do its phones.
  process.on("disconnect", () => process.exit(0));
}

if (process.env.BENCH_FLEET_GENERATOR === "1") generator();

/**
 * Small helpers for the benchmark: percentiles, event-loop delay, memory, timeouts.
 */
import {
  constants as perfConstants,
  createHistogram,
  monitorEventLoopDelay,
  PerformanceObserver,
  type IntervalHistogram,
  type RecordableHistogram,
} from "node:perf_hooks";
import { readFileSync } from "node:fs";
import v8 from "node:v8";
import vm from "node:vm";

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

const NO_SAMPLES: Summary = { n: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN };

/** Nearest-rank percentiles of a list of milliseconds. */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) return { ...NO_SAMPLES };
  const sorted = Float64Array.from(samples).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  let sum = 0;
  for (const v of sorted) sum += v;
  return { n: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1], mean: sum / sorted.length };
}

const HISTOGRAM_MAX_US = 600_000_000;

/**
 * Latencies in ms kept as a histogram (1 µs to 10 min, three significant
 * digits), for runs too long to keep every sample: its memory does not grow
 * with the samples, so it does not show up in a memory measurement.
 */
export class LatencyHistogram {
  private readonly h: RecordableHistogram = createHistogram({ lowest: 1, highest: HISTOGRAM_MAX_US, figures: 3 });
  record(msec: number): void {
    this.h.record(Math.min(HISTOGRAM_MAX_US, Math.max(1, Math.round(msec * 1000))));
  }
  add(other: LatencyHistogram): void {
    this.h.add(other.h);
  }
  reset(): void {
    this.h.reset();
  }
  summary(): Summary {
    if (this.h.count === 0) return { ...NO_SAMPLES };
    const at = (p: number) => this.h.percentile(p) / 1000;
    return { n: this.h.count, p50: at(50), p95: at(95), p99: at(99), max: this.h.max / 1000, mean: this.h.mean / 1000 };
  }
}

/** The least-squares slope of y over x; NaN with fewer than two distinct x. */
export function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? NaN : num / den;
}

export function ms(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "n/a";
}

export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

const LOOP_RESOLUTION_MS = 10;

/**
 * Event-loop delay over one stretch of the run, in ms (whole process: server and
 * clients). Node records the whole interval between its sampling timer's runs, so
 * the sampling period is taken off to leave the delay itself.
 */
export class LoopMonitor {
  private readonly h: IntervalHistogram = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  start(): this {
    this.h.reset();
    this.h.enable();
    return this;
  }
  stop(): LoopDelay {
    this.h.disable();
    const toMs = (ns: number) => Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS);
    const out = { p50: toMs(this.h.percentile(50)), p99: toMs(this.h.percentile(99)), max: toMs(this.h.max) };
    this.h.reset();
    return out;
  }
}

let gcFn: (() => void) | null | undefined;
/** A full GC when it can be had (--expose-gc, or the flag set at run time). */
export function collectGarbage(): void {
  if (gcFn === undefined) {
    const g = (globalThis as { gc?: () => void }).gc;
    if (typeof g === "function") gcFn = g;
    else {
      try {
        v8.setFlagsFromString("--expose-gc");
        gcFn = vm.runInNewContext("gc") as () => void;
      } catch {
        gcFn = null;
      }
    }
  }
  gcFn?.();
}

export interface Memory {
  rss: number;
  heapUsed: number;
  external: number;
}

export async function settledMemory(): Promise<Memory> {
  for (let i = 0; i < 3; i++) {
    collectGarbage();
    await sleep(50);
  }
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external + m.arrayBuffers };
}

export function sleep(msec: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, msec));
}

/** Resolves when `check` is true, polling; false after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs: number, everyMs = 5): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) return false;
    await sleep(everyMs);
  }
  return true;
}

export interface CpuShare {
  /** This process, in % of one core. */
  selfPct: number;
  /** Every other process on the machine, in % of one core (NaN without /proc/stat). */
  othersPct: number;
  /** Time the hypervisor gave to other guests, in % of one core (NaN without /proc/stat). */
  stealPct: number;
}

/** The machine's CPU time from /proc/stat (Linux), in ms; null elsewhere. */
function machineCpuMs(): { busy: number; steal: number } | null {
  try {
    const [user, nice, system, , , irq, softirq, steal] = readFileSync("/proc/stat", "utf8").split("\n", 1)[0].trim().split(/\s+/).slice(1).map(Number);
    // /proc/stat counts in USER_HZ, 100 a second on Linux.
    return { busy: (user + nice + system + irq + softirq) * 10, steal: steal * 10 };
  } catch {
    return null;
  }
}

/**
 * Who used the CPU over a stretch of the run: this process, or other work on
 * the machine (a shared machine's other tests show up as tail latency here).
 */
export class CpuMeter {
  private self = process.cpuUsage();
  private machine = machineCpuMs();
  private at = performance.now();

  /** The shares since the meter was made or last taken. */
  take(): CpuShare {
    const self = process.cpuUsage();
    const machine = machineCpuMs();
    const at = performance.now();
    const wall = at - this.at;
    const selfMs = (self.user - this.self.user + self.system - this.self.system) / 1000;
    const share: CpuShare = {
      selfPct: (100 * selfMs) / wall,
      othersPct: machine && this.machine ? (100 * Math.max(0, machine.busy - this.machine.busy - selfMs)) / wall : NaN,
      stealPct: machine && this.machine ? (100 * (machine.steal - this.machine.steal)) / wall : NaN,
    };
    this.self = self;
    this.machine = machine;
    this.at = at;
    return share;
  }
}

/** The open-files limit from /proc (Linux); null elsewhere. */
export async function openFileLimit(): Promise<number | null> {
  try {
    const { readFileSync } = await import("node:fs");
    const line = readFileSync("/proc/self/limits", "utf8")
      .split("\n")
      .find((l) => l.startsWith("Max open files"));
    const soft = line?.trim().split(/\s+/)[3];
    if (!soft) return null;
    return soft === "unlimited" ? Infinity : Number(soft);
  } catch {
    return null;
  }
}

export interface GcStats {
  count: number;
  totalMs: number;
  maxMs: number;
  major: number;
  majorMaxMs: number;
}

/** Garbage-collection pauses over one stretch of the run (PerformanceObserver "gc"). */
export class GcMonitor {
  private entries: { duration: number; major: boolean }[] = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind;
      this.entries.push({ duration: e.duration, major: kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR });
    }
  });
  start(): this {
    this.entries = [];
    this.observer.observe({ entryTypes: ["gc"] });
    return this;
  }
  async stop(): Promise<GcStats> {
    await sleep(0); // entries are delivered asynchronously
    this.observer.disconnect();
    return this.take();
  }
  /** The pauses seen since start or the last take, and a fresh count from here (still observing). */
  take(): GcStats {
    const entries = this.entries;
    this.entries = [];
    const majors = entries.filter((e) => e.major);
    return {
      count: entries.length,
      totalMs: entries.reduce((s, e) => s + e.duration, 0),
      maxMs: entries.reduce((m, e) => Math.max(m, e.duration), 0),
      major: majors.length,
      majorMaxMs: majors.reduce((m, e) => Math.max(m, e.duration), 0),
    };
  }
}

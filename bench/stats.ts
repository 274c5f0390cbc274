/**
 * Small helpers for the benchmark: percentiles, event-loop delay, memory, timeouts.
 */
import { constants as perfConstants, monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram } from "node:perf_hooks";
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

/** Nearest-rank percentiles of a list of milliseconds. */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) return { n: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = Float64Array.from(samples).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  let sum = 0;
  for (const v of sorted) sum += v;
  return { n: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1], mean: sum / sorted.length };
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
    const majors = this.entries.filter((e) => e.major);
    return {
      count: this.entries.length,
      totalMs: this.entries.reduce((s, e) => s + e.duration, 0),
      maxMs: this.entries.reduce((m, e) => Math.max(m, e.duration), 0),
      major: majors.length,
      majorMaxMs: majors.reduce((m, e) => Math.max(m, e.duration), 0),
    };
  }
}

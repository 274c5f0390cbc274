/**
 * The pulse: what the console shows of the room's check-ins. A pure function of
 * the stored check-ins and `now`, used both for the live view and for the
 * snapshot a reloading console builds from the database, so the two agree.
 */

export interface CheckInPoint {
  signal: string;
  /** Milliseconds since the epoch, on the server's clock. */
  at: number;
}

export interface PulseOptions {
  /** The "recent" window, 60 s by default. */
  windowMs?: number;
  /** Width of one trend bucket, 30 s by default. */
  bucketMs?: number;
  /** How many buckets the trend line holds, 20 by default (ten minutes). */
  buckets?: number;
  /**
   * Counts per signal of check-ins already folded away because they are older
   * than the trend line (see `foldOldCheckIns`); they add to the totals only.
   */
  folded?: Readonly<Record<string, number>>;
}

export interface Pulse {
  at: number;
  present: number;
  windowMs: number;
  /** Check-ins per signal within the last `windowMs`. */
  recent: Record<string, number>;
  /** Check-ins per signal over the whole session. */
  total: Record<string, number>;
  recentCount: number;
  totalCount: number;
  /** Check-ins per bucket, oldest first; the last bucket ends at `at`. */
  trend: number[];
  bucketMs: number;
}

export const PULSE_DEFAULTS = { windowMs: 60_000, bucketMs: 30_000, buckets: 20 } as const;

export function computePulse(
  checkIns: readonly CheckInPoint[],
  signals: readonly string[],
  present: number,
  now: number,
  options: PulseOptions = {},
): Pulse {
  const windowMs = options.windowMs ?? PULSE_DEFAULTS.windowMs;
  const bucketMs = options.bucketMs ?? PULSE_DEFAULTS.bucketMs;
  const bucketCount = options.buckets ?? PULSE_DEFAULTS.buckets;

  const recent: Record<string, number> = {};
  const total: Record<string, number> = {};
  for (const signal of signals) {
    recent[signal] = 0;
    total[signal] = 0;
  }
  const trend = new Array<number>(bucketCount).fill(0);
  const trendStart = now - bucketCount * bucketMs;
  let recentCount = 0;
  let totalCount = 0;
  for (const signal of signals) {
    const n = options.folded && Object.hasOwn(options.folded, signal) ? options.folded[signal] : 0;
    total[signal] += n;
    totalCount += n;
  }

  for (const { signal, at } of checkIns) {
    // A check-in from the future (clock skew between nodes) is counted as now.
    const time = Math.min(at, now);
    if (!Object.hasOwn(total, signal)) continue; // a signal since removed from the palette
    total[signal] += 1;
    totalCount += 1;
    if (time > now - windowMs) {
      recent[signal] += 1;
      recentCount += 1;
    }
    if (time > trendStart) {
      const index = Math.min(bucketCount - 1, Math.floor((time - trendStart) / bucketMs));
      trend[index] += 1;
    }
  }

  return { at: now, present, windowMs, recent, total, recentCount, totalCount, trend, bucketMs };
}

/** How far back a check-in can still change anything but the totals. */
export function pulseHorizonMs(options: PulseOptions = {}): number {
  const windowMs = options.windowMs ?? PULSE_DEFAULTS.windowMs;
  const trendMs = (options.bucketMs ?? PULSE_DEFAULTS.bucketMs) * (options.buckets ?? PULSE_DEFAULTS.buckets);
  return Math.max(windowMs, trendMs);
}

/**
 * Splits a stream at the pulse's horizon: check-ins older than it only count
 * towards totals, so they are folded into counts and the rest kept. Computing
 * the pulse from (kept, folded) gives the same pulse as from the whole stream,
 * while a long session's memory and work stay bounded.
 */
export function foldOldCheckIns(
  checkIns: readonly CheckInPoint[],
  folded: Readonly<Record<string, number>>,
  now: number,
  options: PulseOptions = {},
): { kept: CheckInPoint[]; folded: Record<string, number> } {
  const cutoff = now - pulseHorizonMs(options);
  const next: Record<string, number> = { ...folded };
  const kept: CheckInPoint[] = [];
  for (const point of checkIns) {
    if (point.at > cutoff) kept.push(point);
    else next[point.signal] = (Object.hasOwn(next, point.signal) ? next[point.signal] : 0) + 1;
  }
  return { kept, folded: next };
}

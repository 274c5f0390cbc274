/**
 * The pulse: what the console shows of the room's check-ins. `computePulse` is
 * a pure function of the stored check-ins and `now`: the reference that the
 * live `PulseCounter` (./pulse-counter.ts) must equal, and what a report or a
 * test computes from the database.
 *
 * Time is counted in whole slices of `resolutionMs` (1 s by default): a
 * check-in belongs to slice floor(at / resolutionMs), so an incremental counter
 * can keep counts per slice and still agree with this function exactly.
 *
 * - recent: check-ins whose slice is one of the last windowMs / resolutionMs
 *   slices, now's slice included;
 * - trend: buckets aligned to the epoch (bucket floor(at / bucketMs)), the last
 *   one holding now and the first `buckets - 1` before it, so the line stays
 *   still as `now` moves within a bucket instead of jittering on every pulse;
 * - total: every check-in, plus the folded counts;
 * - the palette gives every signal on it a zero, so the console can draw its
 *   bars; a signal since removed from the palette keeps its check-ins in
 *   recent, trend and total (it appears there once it has any): what the
 *   room said stays said, and removing a care signal does not hide that
 *   someone asked for care a moment ago;
 * - a check-in stamped after `now` (clock skew between nodes) counts as now.
 */

export interface CheckInPoint {
  signal: string;
  /** Milliseconds since the epoch, on the server's clock. */
  at: number;
}

export interface PulseOptions {
  /** The "recent" window, 60 s by default; a whole number of `resolutionMs`. */
  windowMs?: number;
  /** Width of one trend bucket, 30 s by default; a whole number of `resolutionMs`. */
  bucketMs?: number;
  /** How many buckets the trend line holds, 20 by default (ten minutes). */
  buckets?: number;
  /** The slice time is counted in, 1 s by default. */
  resolutionMs?: number;
  /**
   * Counts per signal of check-ins already folded away because they are older
   * than the pulse's horizon (see `pulseHorizonMs`); they add to the totals only.
   */
  folded?: Readonly<Record<string, number>>;
}

export interface Pulse {
  at: number;
  present: number;
  windowMs: number;
  /** Check-ins per signal within the last `windowMs` (whole slices, now's included): every palette signal, and any other with check-ins in the window. */
  recent: Record<string, number>;
  /** Check-ins per signal over the whole session: every palette signal, and every signal since removed that has any. */
  total: Record<string, number>;
  recentCount: number;
  totalCount: number;
  /** Check-ins per bucket, oldest first; the last bucket is the one holding `at`. */
  trend: number[];
  bucketMs: number;
  /** Where the first trend bucket starts: a multiple of `bucketMs`. */
  trendStartAt: number;
}

export const PULSE_DEFAULTS = { windowMs: 60_000, bucketMs: 30_000, buckets: 20, resolutionMs: 1_000 } as const;

/** The options counted in slices, checked once. */
export interface PulseGrid {
  resolutionMs: number;
  windowMs: number;
  bucketMs: number;
  buckets: number;
  /** Slices in the recent window. */
  windowSlices: number;
  /** Slices in one trend bucket. */
  bucketSlices: number;
  /** Slices that can still change anything but the totals: `pulseHorizonMs` in slices. */
  horizonSlices: number;
}

export function pulseGrid(options: PulseOptions = {}): PulseGrid {
  const resolutionMs = options.resolutionMs ?? PULSE_DEFAULTS.resolutionMs;
  const windowMs = options.windowMs ?? PULSE_DEFAULTS.windowMs;
  const bucketMs = options.bucketMs ?? PULSE_DEFAULTS.bucketMs;
  const buckets = options.buckets ?? PULSE_DEFAULTS.buckets;
  if (!(Number.isInteger(resolutionMs) && resolutionMs > 0)) throw new RangeError(`resolutionMs must be a positive integer, not ${resolutionMs}`);
  if (!(Number.isInteger(buckets) && buckets > 0)) throw new RangeError(`buckets must be a positive integer, not ${buckets}`);
  const windowSlices = windowMs / resolutionMs;
  const bucketSlices = bucketMs / resolutionMs;
  // Whole slices only: a window edge inside a slice would split the slice's count.
  if (!(Number.isInteger(windowSlices) && windowSlices > 0)) throw new RangeError(`windowMs (${windowMs}) must be a positive multiple of resolutionMs (${resolutionMs})`);
  if (!(Number.isInteger(bucketSlices) && bucketSlices > 0)) throw new RangeError(`bucketMs (${bucketMs}) must be a positive multiple of resolutionMs (${resolutionMs})`);
  const horizonSlices = Math.max(windowSlices, bucketSlices * buckets);
  return { resolutionMs, windowMs, bucketMs, buckets, windowSlices, bucketSlices, horizonSlices };
}

/** The first trend bucket of the pulse whose now falls in `nowSlice`. */
export function trendFirstBucket(grid: PulseGrid, nowSlice: number): number {
  return Math.floor(nowSlice / grid.bucketSlices) - grid.buckets + 1;
}

/**
 * A zero for every signal on the palette, as own properties even for names
 * like "constructor": `Object.hasOwn` on the result then says "on the palette".
 */
export function zeroCounts(signals: readonly string[]): Record<string, number> {
  return Object.fromEntries(signals.map((signal) => [signal, 0]));
}

/**
 * Adds to a signal's count, as an own property whatever its name (a signal
 * named "constructor" starts at 0, and "__proto__" is a count, not a prototype).
 */
export function addCount(counts: Record<string, number>, signal: string, n: number): void {
  if (Object.hasOwn(counts, signal)) counts[signal] += n;
  else Object.defineProperty(counts, signal, { value: n, enumerable: true, writable: true, configurable: true });
}

export function computePulse(
  checkIns: readonly CheckInPoint[],
  signals: readonly string[],
  present: number,
  now: number,
  options: PulseOptions = {},
): Pulse {
  const grid = pulseGrid(options);
  const nowSlice = Math.floor(now / grid.resolutionMs);
  const firstBucket = trendFirstBucket(grid, nowSlice);

  const recent = zeroCounts(signals);
  const total = zeroCounts(signals);
  const trend = new Array<number>(grid.buckets).fill(0);
  let recentCount = 0;
  let totalCount = 0;
  for (const [signal, n] of Object.entries(options.folded ?? {})) {
    if (n === 0) continue; // a removed signal appears once it has check-ins
    addCount(total, signal, n);
    totalCount += n;
  }

  for (const { signal, at } of checkIns) {
    addCount(total, signal, 1);
    totalCount += 1;
    // A check-in from the future (clock skew between nodes) is counted as now.
    const slice = Math.min(Math.floor(at / grid.resolutionMs), nowSlice);
    if (slice > nowSlice - grid.windowSlices) {
      addCount(recent, signal, 1);
      recentCount += 1;
    }
    const bucket = Math.floor(slice / grid.bucketSlices) - firstBucket;
    if (bucket >= 0) trend[bucket] += 1;
  }

  return {
    at: now,
    present,
    windowMs: grid.windowMs,
    recent,
    total,
    recentCount,
    totalCount,
    trend,
    bucketMs: grid.bucketMs,
    trendStartAt: firstBucket * grid.bucketMs,
  };
}

/**
 * How far back a check-in can still change anything but the totals: one at or
 * before `now - pulseHorizonMs()` is in no recent slice and no trend bucket, at
 * `now` or at any later time.
 */
export function pulseHorizonMs(options: PulseOptions = {}): number {
  const grid = pulseGrid(options);
  return grid.horizonSlices * grid.resolutionMs;
}

/**
 * The live pulse, kept incrementally: counts per time slice and per signal,
 * updated as each check-in arrives, so that producing a pulse costs the same
 * at one check-in a minute or a thousand a second. `computePulse` (./pulse.ts)
 * is its reference: at every `now`, `counter.pulse(present, now)` equals
 * `computePulse(everyCheckInAdded, signals, present, now, { ...options, folded })`.
 *
 *   const counter = new PulseCounter(signals, now, { folded });  // counts older than the horizon
 *   counter.addAll(recentPoints);                                  // the rest, as points
 *   counter.add({ signal, at });                                   // each check-in as it is stored
 *   counter.pulse(present, now);                                   // at every flush
 *   counter.setSignals(nextSignals);                               // when the palette is edited
 *
 * Where a check-in goes, by its slice floor(at / resolutionMs):
 * - within the horizon (the last `pulseHorizonMs` of slices up to the latest
 *   now): a ring of per-slice counts, one column per signal; a late offline tap
 *   lands in its own slice however late it arrives;
 * - older than the horizon: the totals only, as it can change nothing else;
 * - after the latest now (clock skew between nodes): kept aside by slice and
 *   counted as now until time reaches it, then moved into the ring — which is
 *   what `computePulse` does with a check-in from the future, pulse by pulse.
 *
 * Time: the counter's clock is the latest `now` it was given. Moving forward
 * clears the ring slots it passes (all of them after a silence longer than the
 * horizon). A `now` earlier than the latest (a stepped-back clock) does not
 * move it back: that pulse is the pulse at the latest now, and says so in `at`.
 *
 * Palette: every signal added is counted, on the palette or not. The
 * palette gives its signals a zero in `recent` and `total`; a signal taken
 * off it keeps its check-ins everywhere they fell (total, the recent window
 * until they age out of it, the trend), as `computePulse` over the whole
 * stream does, so `setSignals` is exact and a signal put back shows its
 * earlier check-ins. The server only stores check-ins of signals that were
 * on the palette, so the columns are bounded by the palettes a session has had.
 *
 * Cost: `add` is O(1). `pulse` reads, for each signal on the palette, the
 * window's slices and the trend's slices, plus the entries kept aside for the
 * future: O(signals × horizon slices + future entries), whatever the number
 * of check-ins. Advancing the clock clears at most one ring per signal.
 */
import {
  addCount,
  pulseGrid,
  trendFirstBucket,
  zeroCounts,
  type CheckInPoint,
  type Pulse,
  type PulseGrid,
  type PulseOptions,
} from "./pulse";

export class PulseCounter {
  private readonly grid: PulseGrid;
  private palette: string[] = [];
  /** Per signal, a ring of per-slice counts: slice s sits at s mod horizonSlices. */
  private readonly columns = new Map<string, Uint32Array>();
  /** Per signal, every check-in ever counted, folded seed included. */
  private readonly totals = new Map<string, number>();
  /** Check-ins stamped after the latest now: slice → signal → count. */
  private readonly ahead = new Map<number, Map<string, number>>();
  /** The latest now seen (ms) and its slice; slices after `head` are in `ahead`. */
  private latest: number;
  private head: number;

  /**
   * `options.folded`: counts per signal of check-ins older than the horizon
   * at `now` (a database's group-by); they count in the totals only.
   */
  constructor(signals: readonly string[], now: number, options: PulseOptions = {}) {
    this.grid = pulseGrid(options);
    this.setSignals(signals);
    this.latest = now;
    this.head = Math.floor(now / this.grid.resolutionMs);
    for (const [signal, n] of Object.entries(options.folded ?? {})) this.totals.set(signal, (this.totals.get(signal) ?? 0) + n);
  }

  /** The palette the pulse gives a zero to; counts kept for any signal stay counted. */
  setSignals(signals: readonly string[]): void {
    this.palette = Object.keys(zeroCounts(signals));
  }

  /** Every signal with check-ins counted, on the palette or not. */
  counted(): IterableIterator<string> {
    return this.totals.keys();
  }

  add({ signal, at }: CheckInPoint): void {
    this.totals.set(signal, (this.totals.get(signal) ?? 0) + 1);
    const slice = Math.floor(at / this.grid.resolutionMs);
    if (slice > this.head) {
      const bySignal = this.ahead.get(slice) ?? new Map<string, number>();
      bySignal.set(signal, (bySignal.get(signal) ?? 0) + 1);
      this.ahead.set(slice, bySignal);
    } else if (slice > this.head - this.grid.horizonSlices) {
      this.column(signal)[this.slot(slice)] += 1;
    }
    // Older than the horizon (or not a time at all): the totals only, like computePulse.
  }

  addAll(points: Iterable<CheckInPoint>): void {
    for (const point of points) this.add(point);
  }

  /** The pulse at `now` (or at the latest now seen, if `now` is earlier). */
  pulse(present: number, now: number): Pulse {
    this.advance(now);
    const { buckets, bucketSlices, windowSlices, resolutionMs, bucketMs, windowMs } = this.grid;
    const head = this.head;
    const firstBucket = trendFirstBucket(this.grid, head);

    const recent = zeroCounts(this.palette);
    const total = zeroCounts(this.palette);
    const trend = new Array<number>(buckets).fill(0);
    let recentCount = 0;
    let totalCount = 0;
    // The palette's signals, then any other ever counted (every one of them has a total).
    for (const signal of new Set([...this.palette, ...this.totals.keys()])) {
      const n = this.totals.get(signal) ?? 0;
      if (n > 0) addCount(total, signal, n);
      totalCount += n;
      const column = this.columns.get(signal);
      if (!column) continue;
      let inWindow = 0;
      for (let slice = head - windowSlices + 1; slice <= head; slice++) inWindow += column[this.slot(slice)];
      if (inWindow > 0) addCount(recent, signal, inWindow);
      recentCount += inWindow;
      for (let slice = firstBucket * bucketSlices; slice <= head; slice++) {
        trend[Math.floor(slice / bucketSlices) - firstBucket] += column[this.slot(slice)];
      }
    }
    // Check-ins from the future count as now, in now's slice.
    for (const bySignal of this.ahead.values()) {
      for (const [signal, n] of bySignal) {
        addCount(recent, signal, n);
        recentCount += n;
        trend[buckets - 1] += n;
      }
    }

    return {
      at: this.latest,
      present,
      windowMs,
      recent,
      total,
      recentCount,
      totalCount,
      trend,
      bucketMs,
      trendStartAt: firstBucket * bucketSlices * resolutionMs,
    };
  }

  /**
   * How many counters the counter holds: what a pulse reads is a part of
   * these. It grows with the signals seen, the horizon and the clock skew,
   * never with the number of check-ins.
   */
  get cells(): number {
    let ahead = 0;
    for (const bySignal of this.ahead.values()) ahead += bySignal.size;
    return this.columns.size * this.grid.horizonSlices + this.totals.size + ahead;
  }

  /** Moves the clock to `now`: clears the slots it passes, brings in what was ahead. */
  private advance(now: number): void {
    if (!(now > this.latest)) return;
    this.latest = now;
    const slice = Math.floor(now / this.grid.resolutionMs);
    const passed = slice - this.head;
    if (passed <= 0) return;
    for (const column of this.columns.values()) {
      if (passed >= this.grid.horizonSlices) column.fill(0);
      else for (let s = this.head + 1; s <= slice; s++) column[this.slot(s)] = 0;
    }
    this.head = slice;
    for (const [aheadSlice, bySignal] of this.ahead) {
      if (aheadSlice > slice) continue;
      this.ahead.delete(aheadSlice);
      // Time may have jumped past the horizon of a check-in once ahead: then it is a total only.
      if (aheadSlice <= slice - this.grid.horizonSlices) continue;
      for (const [signal, n] of bySignal) this.column(signal)[this.slot(aheadSlice)] += n;
    }
  }

  private column(signal: string): Uint32Array {
    let column = this.columns.get(signal);
    if (!column) {
      column = new Uint32Array(this.grid.horizonSlices);
      this.columns.set(signal, column);
    }
    return column;
  }

  private slot(slice: number): number {
    const n = this.grid.horizonSlices;
    return ((slice % n) + n) % n;
  }
}

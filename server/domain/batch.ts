/**
 * Many small writes of the same kind, made as one: items asked for in the same
 * turn of the event loop (a room of phones joining at once) go to the
 * database together, up to `max` at a time, and each caller gets its own
 * result. When a batch fails, its items are tried one by one, so one bad item
 * fails alone and the others still succeed.
 *
 * With `gapMs`, batches start at most once per `gapMs`: an item after a quiet
 * spell still goes at the next turn, but items that follow within the gap wait
 * for it and go together. A storm of joins arrives a few per turn; without the
 * gap each turn's few would cost a statement, a commit and the ORM's own work
 * on the event loop (better-sqlite3 runs on it), which is what bounded the
 * 10,000-phone join storm.
 */
export class Batcher<I, O> {
  private pending: { item: I; resolve: (out: O) => void; reject: (error: unknown) => void }[] = [];
  private scheduled: (() => void) | null = null;
  private lastFlushAt = Number.NEGATIVE_INFINITY;

  constructor(
    /** Runs a batch; answers with one result per item, in order. */
    private readonly runBatch: (items: I[]) => Promise<O[]>,
    private readonly max = 500,
    /** The least time between two batches' starts (0: every turn). */
    private readonly gapMs = 0,
    /**
     * Callers a batch's results resume per event-loop turn. Each caller goes on
     * with its own work (a join: connect, snapshot, presence); a batch of
     * hundreds resumed at once would hold the loop as one long turn.
     */
    private readonly releasePerTurn = Number.POSITIVE_INFINITY,
  ) {}

  run(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.max) this.flush();
      else if (!this.scheduled) {
        const wait = this.lastFlushAt + this.gapMs - Date.now();
        if (wait > 0) {
          const timer = setTimeout(() => this.flush(), wait);
          this.scheduled = () => clearTimeout(timer);
        } else {
          const immediate = setImmediate(() => this.flush());
          this.scheduled = () => clearImmediate(immediate);
        }
      }
    });
  }

  private flush(): void {
    this.scheduled?.();
    this.scheduled = null;
    this.lastFlushAt = Date.now();
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.max);
      void this.settle(batch);
    }
  }

  private async settle(batch: typeof this.pending): Promise<void> {
    try {
      const results = await this.runBatch(batch.map((b) => b.item));
      if (results.length !== batch.length) throw new Error(`a batch of ${batch.length} answered ${results.length} results`);
      for (let i = 0; i < batch.length; i++) {
        if (i > 0 && i % this.releasePerTurn === 0) await new Promise<void>((resolve) => setImmediate(resolve));
        batch[i]!.resolve(results[i]!);
      }
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      // One by one: only the item at fault fails.
      await Promise.all(
        batch.map(async (b) => {
          try {
            const [out] = await this.runBatch([b.item]);
            b.resolve(out!);
          } catch (itemError) {
            b.reject(itemError);
          }
        }),
      );
    }
  }
}

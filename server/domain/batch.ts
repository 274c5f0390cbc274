/**
 * Many small writes of the same kind, made as one: items asked for in the same
 * turn of the event loop (a room of phones joining at once) go to the
 * database together, up to `max` at a time, and each caller gets its own
 * result. When a batch fails, its items are tried one by one, so one bad item
 * fails alone and the others still succeed.
 */
export class Batcher<I, O> {
  private pending: { item: I; resolve: (out: O) => void; reject: (error: unknown) => void }[] = [];
  private scheduled = false;

  constructor(
    /** Runs a batch; answers with one result per item, in order. */
    private readonly runBatch: (items: I[]) => Promise<O[]>,
    private readonly max = 500,
  ) {}

  run(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.max) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.max);
      void this.settle(batch);
    }
  }

  private async settle(batch: typeof this.pending): Promise<void> {
    try {
      const results = await this.runBatch(batch.map((b) => b.item));
      if (results.length !== batch.length) throw new Error(`a batch of ${batch.length} answered ${results.length} results`);
      batch.forEach((b, i) => b.resolve(results[i]!));
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

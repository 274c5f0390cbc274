/**
 * Durable-before-acknowledged check-ins, batched.
 *
 * Taps are queued and written a batch per transaction, so a burst of taps
 * costs few transactions. Each caller's promise settles only after its batch
 * has committed; a client id already stored (a retry) is reported as a
 * duplicate and stored once.
 *
 * The queue is bounded: when it is full a tap is refused at once with BUSY
 * (the phone keeps it and retries later) rather than held in memory without
 * end. A batch the database refuses is retried row by row, so one bad row
 * fails alone and the others are stored. A batch the database never took (it
 * is down, restarting or unreachable) is refused whole with BUSY, logged once:
 * trying each row against a database that is not there would only wait N
 * times, and the phones keep every tap and send it again.
 */
import { AppError } from "../../lib/protocol/errors.ts";
import { dialectOf, type Db, type Dialect } from "../db/client.ts";
import { rowsOf } from "../db/rows.ts";
import { databaseUnavailable } from "../db/unavailable.ts";
import type { Clock, Timer } from "../live/clock.ts";

export interface CheckInWrite {
  sessionId: string;
  clientId: string;
  signal: string;
  at: Date;
}

export interface WriteOutcome {
  duplicate: boolean;
}

interface Pending {
  write: CheckInWrite;
  resolve: (outcome: WriteOutcome) => void;
  reject: (error: unknown) => void;
}

export interface CheckInWriterOptions {
  /** How long a tap may wait for companions before its batch is written. */
  maxDelayMs?: number;
  maxBatch?: number;
  /** Taps waiting to be written before new ones are refused with BUSY. */
  maxQueue?: number;
  /** Told the size of each batch written in one statement (for measurements). */
  onBatch?: (size: number) => void;
}

export class CheckInWriter {
  private queue: Pending[] = [];
  private timer: Timer | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private readonly maxDelayMs: number;
  private readonly maxBatch: number;
  private readonly maxQueue: number;
  private readonly onBatch: ((size: number) => void) | undefined;
  private readonly dialect: Dialect;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    options: CheckInWriterOptions = {},
  ) {
    this.maxDelayMs = options.maxDelayMs ?? 15;
    this.maxBatch = options.maxBatch ?? 500;
    this.maxQueue = options.maxQueue ?? 10_000;
    this.onBatch = options.onBatch;
    this.dialect = dialectOf(db);
  }

  /** Taps waiting to be written. */
  get queued(): number {
    return this.queue.length;
  }

  write(write: CheckInWrite): Promise<WriteOutcome> {
    if (this.queue.length >= this.maxQueue) return Promise.reject(new AppError("BUSY"));
    return new Promise((resolve, reject) => {
      this.queue.push({ write, resolve, reject });
      if (this.queue.length >= this.maxBatch) this.flushSoon(0);
      else this.flushSoon(this.maxDelayMs);
    });
  }

  /** Writes whatever is queued; resolves when it is stored. */
  async drain(): Promise<void> {
    this.timer?.cancel();
    this.timer = null;
    while (this.queue.length) {
      this.flushing = this.flushing.then(() => this.flushBatch());
      await this.flushing;
    }
    await this.flushing;
  }

  private flushSoon(delayMs: number): void {
    if (this.timer && delayMs > 0) return;
    this.timer?.cancel();
    this.timer = this.clock.after(delayMs, () => {
      this.timer = null;
      // One batch at a time: SQLite has one writer anyway, and order is kept.
      this.flushing = this.flushing.then(() => this.flushBatch());
    });
  }

  private async flushBatch(): Promise<void> {
    const batch = this.queue.splice(0, this.maxBatch);
    if (this.queue.length) this.flushSoon(0);
    if (batch.length === 0) return;
    try {
      const outcomes = await this.store(batch.map((p) => p.write));
      this.onBatch?.(batch.length);
      batch.forEach((p, i) => p.resolve(outcomes[i]));
    } catch (error) {
      const unavailable = databaseUnavailable(error);
      if (unavailable) {
        console.error(`[attune] ${batch.length} check-in(s) not stored, the database is unavailable (${unavailable}); phones will send them again`);
        const busy = new AppError("BUSY", "Saving is paused for a moment; your check-in is kept on this phone and sent again.");
        return batch.forEach((p) => p.reject(busy));
      }
      if (batch.length === 1) return batch[0].reject(error);
      // One bad row must not sink the others: store them one by one.
      for (const p of batch) {
        try {
          p.resolve((await this.store([p.write]))[0]);
        } catch (rowError) {
          console.error("[attune] a check-in could not be stored:", rowError);
          p.reject(rowError);
        }
      }
    }
  }

  /**
   * One statement per batch: the database skips ids it already holds (a retry)
   * and returns the rows it inserted, so duplicates are known without a read.
   */
  private async store(writes: CheckInWrite[]): Promise<WriteOutcome[]> {
    const { values, params } = rowsOf(this.dialect, writes.map((w) => [w.sessionId, w.clientId, w.signal, w.at]));
    const inserted = await this.db.$queryRawUnsafe<{ sessionId: string; clientId: string }[]>(
      `INSERT INTO "CheckIn" ("sessionId", "clientId", "signal", "at") VALUES ${values}
       ON CONFLICT ("sessionId", "clientId") DO NOTHING RETURNING "sessionId", "clientId"`,
      ...params,
    );
    const fresh = new Set(inserted.map((r) => `${r.sessionId}:${r.clientId}`));
    // The same id twice in one batch was inserted once: the first claims it.
    return writes.map((w) => ({ duplicate: !fresh.delete(`${w.sessionId}:${w.clientId}`) }));
  }
}

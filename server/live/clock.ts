/**
 * The one clock. Everything that needs the time or a timer is given one, so
 * scenario tests can drive a live session with a manual clock and no waiting.
 * Nothing else reads Date.now().
 */
export interface Timer {
  cancel(): void;
}

export interface Clock {
  now(): number;
  /** Runs `run` once after `ms`. A throw is logged, never thrown out of the timer. */
  after(ms: number, run: () => void): Timer;
  /** Runs `run` every `ms` until cancelled. A throw is logged and the timer keeps going. */
  every(ms: number, run: () => void): Timer;
}

/** Runs a timer callback so that nothing it throws escapes into the event loop. */
export function guarded(label: string, run: () => unknown): () => void {
  return () => {
    try {
      const result = run();
      if (result instanceof Promise) result.catch((error: unknown) => console.error(`[attune] ${label} failed:`, error));
    } catch (error) {
      console.error(`[attune] ${label} failed:`, error);
    }
  };
}

export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, run) {
    const handle = setTimeout(guarded("timer", run), ms);
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
  every(ms, run) {
    const handle = setInterval(guarded("interval", run), ms);
    handle.unref();
    return { cancel: () => clearInterval(handle) };
  },
};

/**
 * A clock that moves only when told to, for tests: `advance(ms)` runs every
 * timer that falls due, in order, with `now()` set to each one's time.
 */
export class ManualClock implements Clock {
  private current: number;
  private sequence = 0;
  private readonly timers = new Map<number, { at: number; every: number | null; run: () => void }>();

  constructor(start = Date.UTC(2026, 10, 25, 9, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  after(ms: number, run: () => void): Timer {
    return this.schedule(ms, null, run);
  }

  every(ms: number, run: () => void): Timer {
    return this.schedule(ms, ms, run);
  }

  /** Moves time forward, running due timers; awaits the promises they start between steps. */
  async advance(ms: number): Promise<void> {
    const until = this.current + ms;
    for (;;) {
      await settle();
      let next: [number, { at: number; every: number | null; run: () => void }] | undefined;
      for (const entry of this.timers) if (entry[1].at <= until && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      const [id, timer] = next;
      this.current = Math.max(this.current, timer.at);
      if (timer.every === null) this.timers.delete(id);
      else timer.at += Math.max(1, timer.every);
      guarded("manual timer", timer.run)();
    }
    this.current = until;
    await settle();
  }

  /** How many timers are waiting. */
  get pending(): number {
    return this.timers.size;
  }

  private schedule(ms: number, every: number | null, run: () => void): Timer {
    const id = ++this.sequence;
    this.timers.set(id, { at: this.current + Math.max(0, ms), every, run });
    return { cancel: () => void this.timers.delete(id) };
  }
}

/** Lets queued promise callbacks run (several turns, for chains of awaits). */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/**
 * A real clock that a test can move forward at once: timers run on their own
 * in real time (batched writes, coalesced pushes keep working), and `jump(ms)`
 * moves `now()` ahead, firing at once every timer that falls due. For a whole
 * server whose long waits (a held silence's end) a test must not sit through.
 */
import { guarded, type Clock, type Timer } from "../../server/live/clock.ts";

interface Pending {
  due: number;
  every: number | null;
  run: () => void;
  handle: ReturnType<typeof setTimeout> | null;
}

export class JumpClock implements Clock {
  private skew = 0;
  private readonly pending = new Set<Pending>();

  constructor(start: number = Date.now()) {
    this.skew = start - Date.now();
  }

  now(): number {
    return Date.now() + this.skew;
  }

  after(ms: number, run: () => void): Timer {
    return this.schedule(ms, null, run);
  }

  every(ms: number, run: () => void): Timer {
    return this.schedule(ms, ms, run);
  }

  /** Moves time forward by `ms`: every timer due by then runs at once (in order of due time). */
  jump(ms: number): void {
    this.skew += ms;
    for (const timer of [...this.pending].sort((a, b) => a.due - b.due)) this.arm(timer);
  }

  private schedule(ms: number, every: number | null, run: () => void): Timer {
    const timer: Pending = { due: this.now() + Math.max(0, ms), every, run: guarded("jump-clock timer", run), handle: null };
    this.pending.add(timer);
    this.arm(timer);
    return {
      cancel: () => {
        if (timer.handle) clearTimeout(timer.handle);
        this.pending.delete(timer);
      },
    };
  }

  private arm(timer: Pending): void {
    if (timer.handle) clearTimeout(timer.handle);
    const handle = setTimeout(() => {
      if (timer.every === null) this.pending.delete(timer);
      else {
        timer.due = Math.max(timer.due + timer.every, this.now());
        this.arm(timer);
      }
      timer.run();
    }, Math.max(0, timer.due - this.now()));
    handle.unref();
    timer.handle = handle;
  }
}

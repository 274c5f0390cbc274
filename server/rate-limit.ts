/**
 * Rate limits, counted by rate-limiter-flexible: in Redis when several nodes
 * share sessions (so N nodes do not give each key N budgets), in this
 * process's memory otherwise. `createLimitStore` is the one place that
 * chooses; every limit is made from the store it returns.
 *
 * The library counts points in a fixed window that opens at a key's first use
 * (not a token bucket): see `windowFor` for how a burst and a refill map onto
 * it. Time is the store's: Redis's key expiry, or the library's `Date.now()`
 * and timers in memory, never the injected clock (tests use fake timers).
 * The keys (an address, an email, a participant id) are kept only as long as
 * their window, and never in the database.
 */
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, RLWrapperTimeouts, type RateLimiterAbstract } from "rate-limiter-flexible";

/** A limit as its owner states it: a burst, then a steady refill. */
export interface Rate {
  burst: number;
  perSecond: number;
}

/** What the library counts: `points` per `seconds`, the window opening at a key's first use. */
export interface Window {
  points: number;
  seconds: number;
}

/**
 * A burst B refilled at R a second becomes B points per B/R seconds: the same
 * long-run rate, and in any stretch of t seconds at most B·(⌈t/(B/R)⌉ + 1)
 * where the bucket allowed B + R·t — equal for whole windows, never more than
 * one extra burst. What differs: an emptied key waits for its window to end
 * (B/R seconds) instead of 1/R for the next token. `atLeastSeconds` widens the
 * window (more points, same rate) where a client paces itself as a bucket and
 * must never be refused (the tap limit).
 */
export function windowFor({ burst, perSecond }: Rate, atLeastSeconds = 0): Window {
  const seconds = Math.max(1, Math.round(burst / perSecond), Math.ceil(atLeastSeconds));
  return { points: Math.max(1, Math.round(perSecond * seconds)), seconds };
}

export interface Limit {
  /** Spends a point of `key`'s window; false when none was left. */
  take(key: string): Promise<boolean>;
  /** Points `key` has left in its window, spending none. */
  remaining(key: string): Promise<number>;
  /** Returns a point `take` spent (the request was refused by another limit). */
  giveBack(key: string): Promise<void>;
  /** Starts `key` afresh. */
  forget(key: string): Promise<void>;
}

export interface LimitStore {
  /** "redis": every node counts against the same budget; "memory": this process alone. */
  readonly kind: "redis" | "memory";
  /**
   * The limit called `name` (its key prefix in Redis). The same name on every
   * node is one budget; two limits in one process need two names.
   */
  limit(name: string, window: Window): Limit;
}

export interface LimitStoreOptions {
  /** How long a limit waits for Redis before counting on this node instead. */
  redisTimeoutMs?: number;
  /** Told when a limit falls back to this node's count (throttled to once a minute). */
  onFallback?: () => void;
}

/** Redis answers a local network in well under a millisecond; a join or a tap should not wait long for a blip. */
const REDIS_TIMEOUT_MS = 500;

/**
 * Redis when given (the nodes share it), memory otherwise.
 *
 * Redis unreachable or slow fails safe, not closed: each limit then counts on
 * this node (rate-limiter-flexible's `insuranceLimiter`, a RateLimiterMemory
 * with the same window), so a Redis outage turns N nodes' shared budget into
 * N per-node budgets for its duration, the state before Redis, rather than
 * refusing every join and sign-in. `rejectIfRedisNotReady` falls back at once
 * while the client is reconnecting (Attune's client queues commands forever
 * otherwise), and a timeout covers a Redis that is connected but not answering.
 */
export function createLimitStore(redis?: Redis | null, options: LimitStoreOptions = {}): LimitStore {
  if (!redis) return { kind: "memory", limit: (name, window) => limitOn(memoryLimiter(name, window), window) };
  const timeoutMs = options.redisTimeoutMs ?? REDIS_TIMEOUT_MS;
  const fallback = throttled(options.onFallback ?? (() => console.warn("[attune] rate limits: Redis did not answer; counting on this node until it does")));
  return {
    kind: "redis",
    limit(name, window) {
      const insuranceLimiter = new Fallback({ keyPrefix: keyPrefix(name), points: window.points, duration: window.seconds }, fallback);
      const shared = new RateLimiterRedis({
        storeClient: redis,
        useRedisPackage: false,
        rejectIfRedisNotReady: true,
        keyPrefix: keyPrefix(name),
        points: window.points,
        duration: window.seconds,
        // Once a key is over its limit, this node refuses it from memory until
        // its window ends: a flood costs Redis nothing.
        inMemoryBlockOnConsumed: window.points + 1,
        insuranceLimiter,
      });
      return limitOn(new RLWrapperTimeouts({ limiter: shared, timeoutMs, insuranceLimiter }), window);
    },
  };
}

const keyPrefix = (name: string) => `attune:limit:${name}`;

function memoryLimiter(name: string, window: Window): RateLimiterMemory {
  return new RateLimiterMemory({ keyPrefix: keyPrefix(name), points: window.points, duration: window.seconds });
}

function limitOn(limiter: RateLimiterAbstract, window: Window): Limit {
  return {
    async take(key) {
      try {
        await limiter.consume(key);
        return true;
      } catch (refusal) {
        // A RateLimiterRes is "no points left"; anything else is a failure, not a refusal.
        if (refusal instanceof RateLimiterRes) return false;
        throw refusal;
      }
    },
    async remaining(key) {
      const res = await limiter.get(key);
      // The memory store drops an ended window on a timer; until then it still answers with it.
      if (res === null || res.msBeforeNext <= 0) return window.points;
      return res.remainingPoints;
    },
    async giveBack(key) {
      await limiter.reward(key, 1);
    },
    async forget(key) {
      await limiter.delete(key);
    },
  };
}

/** The per-node count a Redis limit falls back to, which says so when used. */
class Fallback extends RateLimiterMemory {
  constructor(
    options: ConstructorParameters<typeof RateLimiterMemory>[0],
    private readonly used: () => void,
  ) {
    super(options);
  }

  override consume(...args: Parameters<RateLimiterMemory["consume"]>): ReturnType<RateLimiterMemory["consume"]> {
    this.used();
    return super.consume(...args);
  }
}

function throttled(run: () => void, everyMs = 60_000): () => void {
  let quiet = false;
  return () => {
    if (quiet) return;
    quiet = true;
    run();
    setTimeout(() => (quiet = false), everyMs).unref();
  };
}

/** One limit made of several: a key must pass each, and what it has left is the least of theirs. */
export function allOf(...limits: Limit[]): Limit {
  return {
    take: async (key) => (await takeTogether(limits.map((limit) => [limit, key] as const))) === -1,
    remaining: async (key) => Math.min(...(await Promise.all(limits.map((limit) => limit.remaining(key))))),
    giveBack: async (key) => void (await Promise.all(limits.map((limit) => limit.giveBack(key)))),
    forget: async (key) => void (await Promise.all(limits.map((limit) => limit.forget(key)))),
  };
}

/**
 * Takes a point from each limit, or from none: the index of the first that
 * refused (-1 when all took), after giving back what the others took. Each
 * take is atomic, so parallel requests cannot slip through between a check
 * and a take; a refusal by one limit spends nothing of the others.
 */
export async function takeTogether(takes: ReadonlyArray<readonly [Limit, string]>): Promise<number> {
  const took = await Promise.all(takes.map(([limit, key]) => limit.take(key)));
  const refused = took.indexOf(false);
  if (refused >= 0) await Promise.all(takes.map(([limit, key], i) => (took[i] ? limit.giveBack(key) : undefined)));
  return refused;
}

/**
 * At most `concurrency` tasks at once, at most `maxWaiting` more queued; a task
 * beyond that is refused at once with `onFull()` rather than queued without end.
 */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly concurrency: number,
    private readonly maxWaiting: number,
    private readonly onFull: () => Error,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) throw this.onFull();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next task, so a newcomer cannot jump the queue.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}

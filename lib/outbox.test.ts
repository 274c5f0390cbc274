import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addTap,
  createOutbox,
  due,
  ERROR_OUTCOMES,
  nextWakeAt,
  OUTBOX_LIMITS,
  outboxStatus,
  outcomeOf,
  restoreOutbox,
  setOnline,
  settle,
  toStored,
  type Outcome,
  type OutboxState,
  type SendResult,
} from "./outbox";
import { ERROR_CODES, type Ack, type ErrorCode } from "./protocol/errors";
import { TAP_LIMIT, TAP_MAX_AGE_MS } from "./protocol/limits";
import type { CheckInSend } from "./protocol/schemas";
import type { CheckInStored } from "./protocol/views";

const T0 = 1_750_000_000_000;
const HOUR = 3_600_000;
const LABELS: Record<string, string> = { "i-see": "I see!", moved: "Moved" };
const labelOf = (signal: string) => LABELS[signal] ?? signal;

let nextId = 0;
const tapAt = (tappedAt: number, signal = "i-see") => ({ id: `tap-${++nextId}`, signal, tappedAt });
const ok = (id: string, duplicate = false): SendResult => ({ ok: true, data: { id, duplicate } });
const refused = (code: ErrorCode, message = `server says ${code}`): SendResult => ({ ok: false, error: { code, message } });

/** An outbox holding `n` taps made a minute apart before T0, online at T0. */
function backlog(n: number, online = true): OutboxState {
  let state = createOutbox(T0);
  for (let i = n; i > 0; i--) state = addTap(state, tapAt(T0 - i * 60_000), T0);
  return online ? setOnline(state, true) : state;
}

// ---- a phone, a network and the server, on one fake clock ----------------

/** The server's per-participant tap bucket, as server/rate-limit.ts keeps it. */
class ServerBucket {
  private tokens: number = TAP_LIMIT.burst;
  private updated: number;
  constructor(now: number) {
    this.updated = now;
  }
  take(now: number): boolean {
    this.tokens = Math.min(TAP_LIMIT.burst, this.tokens + ((now - this.updated) / 1000) * TAP_LIMIT.perSecond);
    this.updated = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

interface WorldOptions {
  /** One-way network delay for the n-th message. */
  latency: (n: number) => number;
  /** Whether the server's answer to this send is lost on the way back. */
  loseAnswer?: (payload: CheckInSend, attempt: number) => boolean;
  timeoutMs?: number;
}

/** Discrete events in time order: the page's one timer, requests, answers and timeouts. */
class World {
  now = T0;
  state: OutboxState;
  readonly sent: CheckInSend[] = [];
  readonly stored = new Map<string, number>(); // id → times the server was asked to store it
  rateLimited = 0;
  /** When the phone last heard an answer. */
  answeredAt = T0;
  private readonly bucket = new ServerBucket(T0);
  private readonly events: { at: number; seq: number; run: () => void }[] = [];
  private seq = 0;
  private timer = 0;
  private messages = 0;

  constructor(
    state: OutboxState,
    private readonly options: WorldOptions,
  ) {
    this.state = state;
  }

  at(time: number, run: () => void): void {
    this.events.push({ at: Math.max(time, this.now), seq: this.seq++, run });
  }

  /** What the page does after each change: send what is due, set its one timer. */
  pump = (): void => {
    const { state, send } = due(this.state, this.now);
    this.state = state;
    for (const payload of send) this.request(payload);
    const wake = nextWakeAt(this.state, this.now);
    const timer = ++this.timer;
    if (wake !== null) this.at(wake, () => timer === this.timer && this.pump());
  };

  /** Replaces the page, as a reload does: the stored outbox is all that survives. */
  reload(): void {
    this.state = setOnline(restoreOutbox(JSON.parse(JSON.stringify(toStored(this.state))), this.now), true);
    this.timer++;
    this.page++;
    this.pump();
  }
  private page = 0;

  private request(payload: CheckInSend): void {
    this.sent.push(payload);
    const page = this.page;
    const attempt = this.sent.filter((p) => p.id === payload.id).length;
    let answered = false;
    const answer = (result: SendResult) => {
      if (answered || page !== this.page) return; // a reloaded page hears nothing of the old one's sends
      answered = true;
      if (result !== "timeout") this.answeredAt = this.now;
      this.state = settle(this.state, payload.id, result, this.now);
      this.pump();
    };
    this.at(this.now + this.options.latency(this.messages++), () => {
      const ack = this.serve(payload);
      if (this.options.loseAnswer?.(payload, attempt)) return;
      this.at(this.now + this.options.latency(this.messages++), () => answer(ack));
    });
    this.at(this.now + (this.options.timeoutMs ?? 5_000), () => answer("timeout"));
  }

  private serve(payload: CheckInSend): Ack<CheckInStored> {
    if (!this.bucket.take(this.now)) {
      this.rateLimited++;
      return { ok: false, error: { code: "RATE_LIMITED", message: "Easy — that is a lot of taps." } };
    }
    const times = this.stored.get(payload.id) ?? 0;
    this.stored.set(payload.id, times + 1);
    return { ok: true, data: { id: payload.id, duplicate: times > 0 } };
  }

  run(until = this.now + 10 * HOUR): void {
    while (this.events.length) {
      this.events.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const event = this.events.shift()!;
      if (event.at > until) break;
      this.now = event.at;
      event.run();
    }
  }
}

/** A small seeded random source, so a failing case can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

// ---- behaviour -----------------------------------------------------------

describe("the outbox, against the server's limit", () => {
  it("after 200 offline taps the queue drains without ever exceeding the server's limit", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 10, max: 1_500 }), (seed, maxLatency) => {
        const rand = random(seed);
        const world = new World(backlog(200, false), { latency: () => 5 + rand() * maxLatency });
        world.state = setOnline(world.state, true); // back online
        world.pump();
        world.run();
        expect(world.rateLimited).toBe(0);
        expect(world.state.pending).toEqual([]);
        expect(world.stored.size).toBe(200);
        expect([...world.stored.values()].every((times) => times === 1)).toBe(true); // each delivered once
        expect(world.sent).toHaveLength(200);
        // Paced, not stalled: a burst, then three a second, unless a slow network
        // with a few sends in flight is slower still.
        const paced = ((200 - OUTBOX_LIMITS.burst) / OUTBOX_LIMITS.perSecond) * 1000;
        const roundTrips = (200 / OUTBOX_LIMITS.maxInFlight) * 2 * maxLatency;
        expect(world.answeredAt - T0).toBeLessThan(Math.max(paced, roundTrips) + 2 * maxLatency + 1_000);
        expect(outboxStatus(world.state, world.now, labelOf).message).toBe("✓ Received: I see!");
      }),
      { numRuns: 25 },
    );
  });

  it("stays under the limit while the participant keeps tapping, and across a reload mid-way", () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const rand = random(seed);
        const world = new World(backlog(150), { latency: () => 20 + rand() * 400 });
        world.pump();
        for (let i = 0; i < 40; i++) {
          world.at(T0 + rand() * 30_000, () => {
            world.state = addTap(world.state, tapAt(world.now, "moved"), world.now);
            world.pump();
          });
        }
        world.at(T0 + 12_345, () => world.reload());
        world.run();
        expect(world.rateLimited).toBe(0);
        expect(world.state.pending).toEqual([]);
        expect(world.stored.size).toBe(190);
      }),
      { numRuns: 25 },
    );
  });

  it("an ack lost on the way is resent with the same id, and stored once", () => {
    let lost: string | null = null;
    const world = new World(backlog(3), {
      latency: () => 50,
      loseAnswer: (payload, attempt) => {
        if (attempt > 1 || lost) return false;
        lost = payload.id;
        return true;
      },
    });
    world.pump();
    world.run();
    expect(lost).not.toBeNull();
    const sends = world.sent.filter((p) => p.id === lost);
    expect(sends).toHaveLength(2);
    expect(sends[1].signal).toBe(sends[0].signal);
    expect(sends[1].ageMs).toBeGreaterThan(sends[0].ageMs); // the same tap, a little older
    expect(world.stored.get(lost!)).toBe(2); // asked twice; the server's answer said duplicate
    expect(world.state.pending).toEqual([]);
  });
});

describe("the outbox's pace", () => {
  it("sends the newest taps first, never more than it may have in flight", () => {
    const state = backlog(30);
    const { state: next, send } = due(state, T0);
    expect(send).toHaveLength(OUTBOX_LIMITS.maxInFlight);
    expect(send.map((p) => p.id)).toEqual(state.pending.slice(-4).reverse().map((t) => t.id));
    expect(send[0].ageMs).toBe(60_000);
    expect(due(next, T0 + 10_000).send).toEqual([]); // all slots busy: wait for answers
    expect(nextWakeAt(next, T0)).toBeNull();
  });

  it("does not resend a tap in flight", () => {
    let { state, send } = due(backlog(6), T0);
    state = settle(state, send[0].id, ok(send[0].id), T0 + 100);
    const again = due(state, T0 + 100);
    expect(again.send).toHaveLength(1);
    expect(send.map((p) => p.id)).not.toContain(again.send[0].id);
  });

  it("spends a burst, then wakes when the next token is there", () => {
    let state = backlog(30);
    let sentNow = 0;
    for (;;) {
      const step = due(state, T0);
      if (step.send.length === 0) break;
      sentNow += step.send.length;
      state = step.state;
      for (const p of step.send) state = settle(state, p.id, ok(p.id), T0);
    }
    expect(sentNow).toBe(OUTBOX_LIMITS.burst);
    const wake = nextWakeAt(state, T0)!;
    expect(wake).toBe(T0 + Math.ceil(1000 / OUTBOX_LIMITS.perSecond));
    expect(due(state, wake - 1).send).toEqual([]);
    expect(due(state, wake).send).toHaveLength(1);
  });

  it("is paced below the server's limit", () => {
    expect(OUTBOX_LIMITS.burst).toBeLessThan(TAP_LIMIT.burst);
    expect(OUTBOX_LIMITS.perSecond).toBeLessThan(TAP_LIMIT.perSecond);
  });

  it("sends a tap's age on the phone's clock, never negative, never beyond a day", () => {
    let state = setOnline(createOutbox(T0), true);
    state = addTap(state, tapAt(T0 + 5_000), T0); // the phone's clock stepped back since
    state = addTap(state, tapAt(T0 - 1_234), T0);
    const { send } = due(state, T0);
    expect(send.map((p) => p.ageMs).sort((a, b) => a - b)).toEqual([0, 1_234]);
  });
});

describe("the outcome of every answer", () => {
  it("every error code has a defined outcome", () => {
    const kinds: Outcome[] = ["sent", "backoff", "reconnect", "drop", "drop-all", "stop"];
    for (const code of ERROR_CODES) expect(kinds).toContain(ERROR_OUTCOMES[code]);
    expect(Object.keys(ERROR_OUTCOMES).sort()).toEqual([...ERROR_CODES].sort());
    // @ts-expect-error -- a code left out fails the type check
    const incomplete: Record<ErrorCode, Outcome> = { BAD_REQUEST: "drop" };
    void incomplete;
  });

  it("does what its outcome says, for every error code", () => {
    for (const code of ERROR_CODES) {
      const { state, send } = due(backlog(3), T0);
      const id = send[0].id;
      const after = settle(state, id, refused(code), T0 + 100);
      const kept = after.pending.some((t) => t.id === id);
      switch (outcomeOf(refused(code))) {
        case "backoff":
          expect(kept).toBe(true);
          expect(after.holdUntil).toBeGreaterThan(T0 + 100);
          break;
        case "reconnect":
          expect(kept).toBe(true);
          expect(after.online).toBe(false);
          break;
        case "drop":
          expect(after.pending).toHaveLength(2);
          expect(after.notice).toMatchObject({ kind: "dropped", count: 1 });
          break;
        case "drop-all":
          expect(after.pending).toEqual([]);
          expect(after.notice).toMatchObject({ kind: "dropped", count: 3 });
          break;
        case "stop":
          expect(after.pending).toHaveLength(3);
          expect(after.stopped).toBe(true);
          break;
        default:
          throw new Error(`${code} has no outcome`);
      }
    }
  });

  it("a busy server is retried later, not dropped", () => {
    let { state, send } = due(backlog(1), T0);
    const id = send[0].id;
    state = settle(state, id, refused("BUSY", "Attune is busy right now; it will try again in a moment."), T0 + 100);
    expect(state.pending.map((t) => t.id)).toEqual([id]);
    expect(due(state, T0 + 200).send).toEqual([]);
    const wake = nextWakeAt(state, T0 + 200)!;
    expect(wake).toBeGreaterThanOrEqual(T0 + 100 + OUTBOX_LIMITS.backoffMs / 2);
    expect(outboxStatus(state, T0 + 200).message).toBe("Sending 1 more in a moment…");
    expect(due(state, wake).send.map((p) => p.id)).toEqual([id]);
  });

  it("backs off longer each time the server pushes back in a row, and resets after a delivery", () => {
    let state = backlog(2);
    const holds: number[] = [];
    let now = T0;
    for (let i = 0; i < 7; i++) {
      now = Math.max(now, nextWakeAt(state, now)!);
      const step = due(state, now);
      state = settle(step.state, step.send[0].id, refused("BUSY"), now);
      holds.push(state.holdUntil - now);
    }
    for (let i = 1; i < holds.length; i++) expect(holds[i]).toBeGreaterThanOrEqual(holds[i - 1] / 2);
    expect(Math.max(...holds)).toBeLessThanOrEqual(OUTBOX_LIMITS.maxBackoffMs);
    expect(holds.at(-1)).toBeGreaterThanOrEqual(OUTBOX_LIMITS.maxBackoffMs / 2);
    now = nextWakeAt(state, now)!;
    const step = due(state, now);
    state = settle(step.state, step.send[0].id, ok(step.send[0].id), now);
    expect(state.pushBacks).toBe(0);
  });

  it("a rate-limited phone pauses, then resumes at the steady pace rather than a burst", () => {
    let { state, send } = due(backlog(40), T0);
    const refusedAt = T0 + 50;
    state = settle(state, send[0].id, refused("RATE_LIMITED"), refusedAt);
    for (const p of send.slice(1)) state = settle(state, p.id, ok(p.id), refusedAt);
    // Answered at once from here on: only the pace limits what goes.
    let now = refusedAt;
    let sentSince = 0;
    for (;;) {
      now = nextWakeAt(state, now)!;
      if (now > refusedAt + 2_000) break;
      const step = due(state, now);
      sentSince += step.send.length;
      state = step.state;
      for (const p of step.send) state = settle(state, p.id, ok(p.id), now);
    }
    // Two seconds' worth at the steady pace, not the six tokens it had left before as well.
    expect(sentSince).toBeGreaterThan(0);
    expect(sentSince).toBeLessThanOrEqual(2 * OUTBOX_LIMITS.perSecond);
  });

  it("a session that ended drops the queue with a reason", () => {
    let { state, send } = due(backlog(5), T0);
    state = settle(state, send[0].id, refused("SESSION_NOT_LIVE", "This session is not live."), T0 + 100);
    expect(state.pending).toEqual([]);
    expect(state.inFlight).toEqual([]);
    expect(outboxStatus(state, T0 + 100).message).toBe("5 check-ins not sent: the session has ended.");
    // The other answers, arriving after, change nothing.
    for (const p of send.slice(1)) expect(settle(state, p.id, ok(p.id), T0 + 120).pending).toEqual([]);
  });

  it("a check-in taken off the palette is dropped with a reason, and the rest still go", () => {
    let { state, send } = due(backlog(3), T0);
    state = settle(state, send[0].id, refused("BAD_REQUEST", "That check-in is not on this session's palette."), T0 + 100);
    expect(state.pending).toHaveLength(2);
    expect(outboxStatus(state, T0 + 100).message).toBe(
      "Not sent: that check-in is no longer on this session's palette. Sending 2 more…",
    );
  });

  it("an outdated page stops sending and keeps its taps for after the reload", () => {
    let { state, send } = due(backlog(3), T0);
    state = settle(state, send[0].id, refused("OUTDATED", "Attune was updated — reload this page."), T0 + 100);
    expect(state.stopped).toBe(true);
    expect(due(state, T0 + 60_000).send).toEqual([]);
    expect(nextWakeAt(state, T0 + 60_000)).toBeNull();
    state = addTap(state, tapAt(T0 + 200), T0 + 200);
    expect(outboxStatus(state, T0 + 200).message).toBe(
      "Attune was updated — reload this page. 4 check-ins saved on this phone will be sent after the reload.",
    );
    const reloaded = setOnline(restoreOutbox(toStored(state), T0 + 1_000), true);
    expect(reloaded.stopped).toBe(false);
    expect(reloaded.pending).toHaveLength(4);
    expect(due(reloaded, T0 + 1_000).send.length).toBeGreaterThan(0);
  });

  it("a lost connection keeps the taps for the next connection", () => {
    let { state, send } = due(backlog(2), T0);
    state = settle(state, send[0].id, "disconnected", T0 + 100);
    expect(state.online).toBe(false);
    expect(state.pending).toHaveLength(2);
    expect(due(state, T0 + 5_000).send).toEqual([]);
    expect(nextWakeAt(state, T0 + 5_000)).toBeNull();
    expect(outboxStatus(state, T0 + 5_000).message).toBe("Saved — will send when you are back online (2 waiting).");
    // The other send's timeout, when it comes, is old news.
    expect(settle(state, send[1].id, "timeout", T0 + 5_000)).toEqual(state);
    state = setOnline(state, true);
    expect(due(state, T0 + 6_000).send.map((p) => p.id).sort()).toEqual(send.map((p) => p.id).sort());
  });

  it("a send with no answer is tried again after a pause, with the same id", () => {
    let { state, send } = due(backlog(1), T0);
    state = settle(state, send[0].id, "timeout", T0 + 5_000);
    expect(state.online).toBe(true);
    const wake = nextWakeAt(state, T0 + 5_000)!;
    expect(wake).toBeGreaterThan(T0 + 5_000);
    expect(due(state, wake).send.map((p) => p.id)).toEqual([send[0].id]);
  });

  it("a late answer still counts: a tap stored after its timeout is not sent again", () => {
    let { state, send } = due(backlog(1), T0);
    state = settle(state, send[0].id, "timeout", T0 + 5_000);
    state = settle(state, send[0].id, ok(send[0].id), T0 + 5_500);
    expect(state.pending).toEqual([]);
    expect(outboxStatus(state, T0 + 5_500, labelOf).message).toBe("✓ Received: I see!");
  });
});

describe("what the outbox keeps", () => {
  it("holds taps while offline and says so", () => {
    const state = addTap(createOutbox(T0), tapAt(T0), T0);
    expect(due(state, T0).send).toEqual([]);
    expect(nextWakeAt(state, T0)).toBeNull();
    expect(outboxStatus(state, T0)).toMatchObject({ waiting: 1, phase: "offline" });
  });

  it("keeps at most 200 taps, dropping the oldest with a count", () => {
    let state = backlog(200, false);
    const oldest = state.pending.slice(0, 3).map((t) => t.id);
    for (let i = 0; i < 3; i++) state = addTap(state, tapAt(T0 + i), T0 + i);
    expect(state.pending).toHaveLength(200);
    expect(state.pending.map((t) => t.id)).not.toContain(oldest[0]);
    expect(state.pending.map((t) => t.id)).not.toContain(oldest[2]);
    expect(outboxStatus(state, T0).message).toBe(
      "3 check-ins not sent: only the latest 200 are kept on this phone. Saved — will send when you are back online (200 waiting).",
    );
  });

  it("drops taps more than a day old with a reason, without sending them", () => {
    let state = setOnline(createOutbox(T0), true);
    state = addTap(state, tapAt(T0 - TAP_MAX_AGE_MS - 1), T0);
    state = addTap(state, tapAt(T0 - 1_000), T0);
    const { state: next, send } = due(state, T0);
    expect(send).toHaveLength(1);
    expect(send[0].ageMs).toBe(1_000);
    expect(next.notice).toMatchObject({ kind: "dropped", cause: "expired", count: 1 });
  });

  it("counts the same tap added twice once", () => {
    const tap = tapAt(T0);
    const state = addTap(addTap(createOutbox(T0), tap, T0), tap, T0);
    expect(state.pending).toHaveLength(1);
  });

  it("survives a reload: the taps and the pace are kept, what was in flight goes again", () => {
    let { state, send } = due(backlog(12), T0);
    state = settle(state, send[0].id, ok(send[0].id), T0 + 50);
    const stored = JSON.parse(JSON.stringify(toStored(state)));
    const restored = setOnline(restoreOutbox(stored, T0 + 60), true);
    expect(restored.pending).toEqual(state.pending);
    expect(restored.inFlight).toEqual([]);
    expect(restored.tokens).toBe(state.tokens); // no fresh burst for reloading
    // The three unanswered are the newest unsent, so they go first again.
    expect(due(restored, T0 + 60).send.slice(0, 3).map((p) => p.id)).toEqual(send.slice(1).map((p) => p.id));
  });

  it("reads the older plain list of taps, and leaves out anything malformed", () => {
    const legacy = [tapAt(T0 - 1_000), { id: 7, signal: "i-see", tappedAt: 1 }, null, tapAt(T0 - 500, "moved")];
    const state = restoreOutbox(legacy, T0);
    expect(state.pending.map((t) => t.signal)).toEqual(["i-see", "moved"]);
    expect(restoreOutbox("nonsense", T0).pending).toEqual([]);
    expect(restoreOutbox({ v: 1, pending: [], tokens: 1e9, tokensAt: T0 + HOUR, holdUntil: T0 + HOUR }, T0)).toMatchObject({
      tokens: OUTBOX_LIMITS.burst,
      tokensAt: T0,
      holdUntil: T0 + OUTBOX_LIMITS.maxBackoffMs,
    });
  });

  it("tells the participant how it is going", () => {
    let state = backlog(13);
    let step = due(state, T0);
    state = settle(step.state, step.send[0].id, ok(step.send[0].id), T0 + 80);
    expect(outboxStatus(state, T0 + 80).message).toBe("Sending 12 more…");
    state = setOnline(createOutbox(T0), true);
    state = addTap(state, tapAt(T0, "i-see"), T0);
    step = due(state, T0);
    expect(outboxStatus(step.state, T0).message).toBe("Sending…");
    state = settle(step.state, step.send[0].id, ok(step.send[0].id), T0 + 80);
    expect(outboxStatus(state, T0 + 80, labelOf)).toMatchObject({ waiting: 0, phase: "idle", message: "✓ Received: I see!" });
  });
});

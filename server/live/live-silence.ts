/**
 * A live session's held silence (issue 9, "Hold silence"), on the session's
 * clock. The facilitator starts one (30 s, 1 min, 2 min or a custom length),
 * extends or ends it; phones and the room display count down to its end on
 * their own clocks (lib/radar/silence.ts `remainingOnDevice`); a timer here
 * ends it at its end time on the server's clock.
 *
 * One silence at a time: starting while one runs is refused (extend or end it
 * instead), so a second console's tap never cuts a silence short.
 *
 * The running silence is stored on the session row (server/domain/silence.ts)
 * with conditional writes: every node serving the session sets its own end
 * timer from the same stored end, the first to clear the row stores the
 * report (a SessionEvent, never a participant), and a restarted node picks a
 * running silence up with the same end, or ends one that ran out meanwhile.
 *
 * "Need more time" counts once per phone per silence: who asked is held in
 * memory only (participant ids, shared with peers like presence is) and the
 * consoles see the count with k applied ("someone" below k), coalesced.
 */
import { showCount, type Shown } from "../../lib/anonymity.ts";
import { AppError } from "../../lib/protocol/errors.ts";
import type { ConsoleSilenceView, SilenceView } from "../../lib/protocol/room.ts";
import { extendSilence, silenceEndsAt, silenceIsOver, silenceSchema, startSilence, type Silence } from "../../lib/radar/silence.ts";
import type { SilenceEnd, SilenceStore } from "../domain/silence.ts";
import type { Clock, Timer } from "./clock.ts";
import type { LiveOutbound } from "./outbound.ts";
import type { LivePeers } from "./peers.ts";

/** A silence with how many times it was extended (stored together, so the report survives a restart). */
export type HeldSilence = Silence & { extensions: number };

export interface LiveSilenceDeps {
  clock: Clock;
  outbound: LiveOutbound;
  peers: LivePeers;
  /** The database; without one (scenario tests) the silence lives in memory only. */
  store?: SilenceStore;
  /** The live session's queue of facilitator commands. */
  serially: <T>(action: () => Promise<T>) => Promise<T>;
  /** Whether the session is live (a silence is held only then). */
  live: () => boolean;
  /** Participants present on every node: the group "need more time" is counted in. */
  present: () => number;
  /** k on the console (lib/anonymity.ts `kFor("console", …)`). */
  consoleK: () => number;
  /** The room display's snapshot changed (it carries the silence). */
  displayChanged: () => void;
  /** At most one "need more time" count per this many ms to the consoles. */
  moreTimeMs?: number;
}

/** A stored Session.silence read back, with its extensions (0 when not stored). */
export function parseHeld(stored: unknown): HeldSilence | null {
  let value = stored;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  const parsed = silenceSchema.safeParse(value);
  if (!parsed.success) return null;
  const extensions = (value as { extensions?: unknown }).extensions;
  return { ...parsed.data, extensions: Number.isInteger(extensions) && (extensions as number) >= 0 ? (extensions as number) : 0 };
}

export class LiveSilence {
  private held: HeldSilence | null = null;
  private endTimer: Timer | null = null;
  /** Who asked for more time during this silence: participant ids, in memory only. */
  private readonly asked = new Set<string>();
  /** Asked here since the peers were last told. */
  private askedUntold: string[] = [];
  private moreTimer: Timer | null = null;
  private lastMoreAt = Number.NEGATIVE_INFINITY;
  /** When the silence held was set, so a peer's older word arriving late is ignored. */
  private heldAt = Number.NEGATIVE_INFINITY;
  /** The most phones present while this silence ran: the group the report's "more time" figure is counted in. */
  private peakPresent = 0;

  /** `stored`: Session.silence as loaded (after a restart, or on a node loading the session). */
  constructor(
    private readonly sessionId: string,
    stored: unknown,
    private readonly deps: LiveSilenceDeps,
  ) {
    const held = parseHeld(stored);
    if (!held) return;
    if (silenceIsOver(held, deps.clock.now()) || !deps.live()) {
      // It ran out while no node held it: ended now, its report stored once (whichever node gets there first).
      void deps.serially(() => this.store(held, "time", silenceEndsAt(held)));
      return;
    }
    this.held = held;
    this.armTimer();
  }

  /** The running silence, if any. */
  get current(): HeldSilence | null {
    return this.held;
  }

  /** For phones and the room display. */
  view(): SilenceView | null {
    const held = this.held;
    if (!held) return null;
    const totalMs = held.durationMs + held.extendedMs;
    return { startedAt: held.startedAt, endsAt: silenceEndsAt(held), totalMs, serverNow: this.deps.clock.now() };
  }

  /** For the consoles: with how many asked for more time, k applied. */
  consoleView(): ConsoleSilenceView | null {
    const view = this.view();
    return view && { ...view, moreTime: this.moreTime() };
  }

  // ---- the facilitator -----------------------------------------------------------

  start(durationMs: number): Promise<ConsoleSilenceView> {
    return this.deps.serially(async () => {
      if (!this.deps.live()) throw new AppError("SESSION_NOT_LIVE", "Go live before holding a silence.");
      if (this.held) throw new AppError("BAD_REQUEST", "A silence is already running: extend it or end it.");
      const held: HeldSilence = { ...startSilence(this.deps.clock.now(), durationMs), extensions: 0 };
      await this.deps.store?.start(this.sessionId, held);
      this.told(held);
      return this.consoleView()!;
    });
  }

  extend(byMs: number): Promise<ConsoleSilenceView> {
    return this.deps.serially(async () => {
      const held = this.held;
      const now = this.deps.clock.now();
      if (!held || silenceIsOver(held, now)) throw new AppError("BAD_REQUEST", "No silence is running.");
      const longer = extendSilence(held, byMs, now);
      if (!longer) throw new AppError("BAD_REQUEST", "A silence lasts at most 15 minutes.");
      const next: HeldSilence = { ...longer, extensions: held.extensions + 1 };
      if (this.deps.store && !(await this.deps.store.extend(this.sessionId, held, next))) {
        throw new AppError("BAD_REQUEST", "That silence has just ended.");
      }
      this.told(next);
      return this.consoleView()!;
    });
  }

  /** Ends the running silence now (nothing happens if none runs). */
  end(): Promise<null> {
    return this.deps.serially(async () => {
      await this.finish("facilitator");
      return null;
    });
  }

  /**
   * The session is ending (called inside its queue, before it is stored as
   * ended): the silence's report is stored, and everyone hears it has gone.
   */
  async endWithSession(): Promise<void> {
    await this.finish("session-ended");
  }

  // ---- phones --------------------------------------------------------------------

  /** A phone's "need more time": counted once per participant per silence. */
  more(participantId: string): { asked: true } {
    if (!this.held) throw new AppError("BAD_REQUEST", "No silence is running.");
    if (!this.asked.has(participantId)) {
      this.asked.add(participantId);
      this.askedUntold.push(participantId);
      this.moreChanged();
    }
    return { asked: true };
  }

  // ---- other nodes and the session's life -------------------------------------------

  /** Another node started, extended or ended the silence. */
  fromPeer(silence: HeldSilence | null, at: number): void {
    if (at < this.heldAt) return;
    if (silence) this.keep(silence, at);
    else this.clear(at);
  }

  /** Another node's phones asked for more time during the silence that started at `startedAt`. */
  fromPeerMore(startedAt: number, ids: string[]): void {
    if (this.held?.startedAt !== startedAt) return;
    const before = this.asked.size;
    for (const id of ids) this.asked.add(id);
    if (this.asked.size !== before) this.moreChanged();
  }

  /** The session ended (here or on a peer): the silence goes with it. */
  sessionEnded(): void {
    if (this.held) this.clear(this.deps.clock.now());
  }

  dispose(): void {
    this.endTimer?.cancel();
    this.endTimer = null;
    this.moreTimer?.cancel();
    this.moreTimer = null;
    this.tellPeersWhoAsked();
  }

  // ---- inside ---------------------------------------------------------------------------

  /** How many asked, as the console may see it: within the phones present now, or (for the report) the most present during the silence. */
  private moreTime(within: "now" | "peak" = "now"): Shown {
    const present = this.deps.present();
    this.peakPresent = Math.max(this.peakPresent, present);
    return showCount(this.asked.size, within === "peak" ? this.peakPresent : present, this.deps.consoleK(), { someone: true });
  }

  /** A change made here: told to the peers, then kept and told to this node's sockets. */
  private told(held: HeldSilence): void {
    const at = this.deps.clock.now();
    this.deps.peers.publish(this.sessionId, { kind: "silence", silence: held, at });
    this.keep(held, at);
  }

  private keep(held: HeldSilence, at: number): void {
    if (this.held?.startedAt !== held.startedAt) {
      this.asked.clear();
      this.askedUntold = [];
      this.peakPresent = 0;
    }
    this.held = held;
    this.heldAt = at;
    this.armTimer();
    this.broadcast();
  }

  private clear(at: number): void {
    this.heldAt = Math.max(this.heldAt, at);
    this.endTimer?.cancel();
    this.endTimer = null;
    this.moreTimer?.cancel();
    this.moreTimer = null;
    const had = this.held !== null;
    this.held = null;
    this.asked.clear();
    this.askedUntold = [];
    if (had) this.broadcast();
  }

  private broadcast(): void {
    const { outbound } = this.deps;
    outbound.toPhones(this.sessionId, "silence:current", this.view());
    outbound.toConsoles(this.sessionId, "silence:current", { sessionId: this.sessionId, silence: this.consoleView() });
    this.deps.displayChanged();
  }

  /** Ends the silence at its end on this node's clock (every node sets its own, from the same stored end). */
  private armTimer(): void {
    this.endTimer?.cancel();
    const held = this.held;
    if (!held) return;
    const startedAt = held.startedAt;
    this.endTimer = this.deps.clock.after(Math.max(0, silenceEndsAt(held) - this.deps.clock.now()), () => {
      this.endTimer = null;
      void this.deps.serially(async () => {
        // Extended meanwhile (its new timer is set), or already ended: nothing to do.
        if (this.held?.startedAt !== startedAt) return;
        // A timer may fire a millisecond before the wall clock reaches its time: then it is set again.
        if (silenceIsOver(this.held, this.deps.clock.now())) await this.finish("time");
        else if (!this.endTimer) this.armTimer();
      });
    });
  }

  /** Ends the running silence here and for the peers; its report is stored by whichever node clears the row first. */
  private async finish(endedBy: SilenceEnd): Promise<void> {
    const held = this.held;
    if (!held) return;
    const endedAt = Math.min(this.deps.clock.now(), silenceEndsAt(held));
    const moreTime = this.moreTime("peak");
    const at = this.deps.clock.now();
    this.deps.peers.publish(this.sessionId, { kind: "silence", silence: null, at });
    this.clear(at);
    await this.store(held, endedBy, endedAt, moreTime);
  }

  private async store(held: HeldSilence, endedBy: SilenceEnd, endedAt: number, moreTime: Shown = { kind: "hidden" }): Promise<void> {
    await this.deps.store
      ?.end(this.sessionId, held, {
        startedAt: held.startedAt,
        endedAt,
        durationMs: held.durationMs,
        extendedMs: held.extendedMs,
        extensions: held.extensions,
        moreTime,
        endedBy,
      })
      .catch((error: unknown) => console.error("[attune] silence report not stored:", error));
  }

  /** "Need more time" changed: the consoles hear at most once per `moreTimeMs` (the first at once); the peers with them. */
  private moreChanged(): void {
    if (this.moreTimer) return;
    const wait = Math.max(0, this.lastMoreAt + (this.deps.moreTimeMs ?? 500) - this.deps.clock.now());
    this.moreTimer = this.deps.clock.after(wait, () => {
      this.moreTimer = null;
      this.lastMoreAt = this.deps.clock.now();
      this.tellPeersWhoAsked();
      if (!this.held) return;
      this.deps.outbound.toConsoles(this.sessionId, "silence:current", { sessionId: this.sessionId, silence: this.consoleView() });
    });
  }

  private tellPeersWhoAsked(): void {
    if (!this.held || this.askedUntold.length === 0) return;
    const ids = this.askedUntold;
    this.askedUntold = [];
    this.deps.peers.publish(this.sessionId, { kind: "silence-more", startedAt: this.held.startedAt, ids });
  }
}

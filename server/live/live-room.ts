/**
 * Reading the room in a live session (docs/reading-the-room.md): the pure
 * rules of lib/radar/radar.ts (the moment radar, care cues), lib/weather.ts
 * (the room weather, a phone's own states) and lib/anonymity.ts (k), fed the
 * session's check-ins on its clock, and what the consoles hear of them.
 *
 * What it keeps, in memory only: a stream of recent check-ins with the phone
 * that made each (the participant id, never stored with anything), pruned to
 * what the rules read (the weather's drop and raw windows, and each phone's
 * latest tap of each state while it holds), and where each phone said it is.
 *
 * Every second while live the radar closes its bins, and the consoles get a
 * `room:reading` (the weather per group, k applied here, on the server) when
 * anything is on it; a moment or care cue that changes goes out at once.
 * Confirmed moments and care cues are stored as session events (room-level
 * figures only; one row however many nodes compute them).
 */
import { kFor, showGroups, showSize, type GroupFigures, type Shown } from "../../lib/anonymity.ts";
import { AppError } from "../../lib/protocol/errors.ts";
import type { GroupReading, MyState, RoomReading, WeatherSignalView, Where } from "../../lib/protocol/room.ts";
import { MomentRadar, type RadarEvent } from "../../lib/radar/radar.ts";
import type { RoomReadingSettings } from "../../lib/radar/settings.ts";
import { activeStatesOf, roomWeather, type RoomCheckIn } from "../../lib/weather.ts";
import type { RoomStore, SessionEventWrite } from "../domain/room.ts";
import type { Clock, Timer } from "./clock.ts";
import type { LiveOutbound } from "./outbound.ts";
import type { LivePeers } from "./peers.ts";

/** What crosses to the other nodes serving the session (server/live/peers.ts). */
export type RoomPeerEvent =
  /** The settings changed on the sending node (stored there). */
  | { kind: "room-settings"; settings: RoomReadingSettings; at: number }
  /** A facilitator dismissed the moment, or a care cue (`signal`). */
  | { kind: "room-dismissed"; signal: string | null; at: number }
  /** A phone ended one of its own states (memory only: the phone key is the participant id). */
  | { kind: "state-cleared"; phone: string; signal: string; at: number };

export interface LiveRoomDeps {
  clock: Clock;
  outbound: LiveOutbound;
  peers: LivePeers;
  /** Where settings and session events are stored (server/domain/room.ts); without it, in memory only. */
  store?: RoomStore;
  serially<T>(action: () => Promise<T>): Promise<T>;
  live(): boolean;
  palette(): readonly string[];
  /** Every participant present on every node, once each. */
  presentIds(): Iterable<string>;
  /** How often the radar advances and the reading may go out (1,000). */
  readingMs?: number;
}

/**
 * Taps of one signal a phone may make: a burst of 15, then one a second (by
 * arrival, on the server's clock). The weather and the radar count a phone once
 * however often it taps, so this only bounds what one phone hammering one
 * button costs (the per-participant TAP_LIMIT allows 4 a second over all
 * signals). No honest phone reaches it: a phone's outbox flushing taps queued
 * offline (lib/outbox.ts) fits in the burst unless it queued more than 15 of one
 * signal, and those wait (RATE_LIMITED is a backoff for the outbox) and go a
 * second apart. The benchmark's phones (1,000 taps a second from 2,000 phones,
 * all one signal: half a tap a second each) stay under it. Kept per node: a
 * phone's socket is on one node.
 */
export const SIGNAL_TAP_LIMIT = { burst: 15, everyMs: 1_000 } as const;

/** A hard cap on the stream kept in memory, whatever the rate (1,000 taps a second for 90 s fits). */
const MAX_RECENT = 150_000;
const MAX_HELD = 60_000;

export class LiveRoom {
  private current: RoomReadingSettings;
  private radar: MomentRadar;
  /** Check-ins made within the weather's longest window, oldest first (by arrival). */
  private recent: RoomCheckIn[] = [];
  /** Per phone, its latest tap (or clear) of each state while it may still hold. */
  private readonly held = new Map<string, Map<string, RoomCheckIn>>();
  /** Where each phone said it is (memory only). */
  private readonly whereOf = new Map<string, Where>();
  private timer: Timer | null = null;
  private readonly readingMs: number;
  /** Something changed since the consoles last heard (a tap, presence, where, a pruned tap). */
  private dirty = false;
  /** The start of each moment and cue still open, for their end's stored row. */
  private readonly momentStarts = new Map<number, number>();
  private readonly careSince = new Map<string, number>();
  /** Per phone and signal, the taps it may still make (SIGNAL_TAP_LIMIT), as of `at`. */
  private readonly allowance = new Map<string, { left: number; at: number }>();
  /** Stored taps without a phone, each made a phone of its own. */
  private storedPhones = 0;
  /** Per signal, each phone's latest tap in the raw window (pruned each second): the display's raw phones. */
  private readonly rawSeen = new Map<string, Map<string, number>>();

  constructor(
    private readonly sessionId: string,
    init: { settings: RoomReadingSettings; stored?: readonly RoomCheckIn[] },
    private readonly deps: LiveRoomDeps,
  ) {
    this.current = init.settings;
    this.readingMs = deps.readingMs ?? 1_000;
    const now = deps.clock.now();
    this.radar = new MomentRadar(init.settings.radar, now, init.settings.weather);
    // After a restart: stored check-ins have no phone, so each counts as a phone of its own (the weather,
    // states still in force). The radar starts fresh: they arrive "late" by construction, so they fire no moment.
    for (const c of init.stored ?? []) this.take(c);
    if (deps.live()) this.goLive();
  }

  get settings(): RoomReadingSettings {
    return this.current;
  }

  // ---- time ---------------------------------------------------------------

  /** The session went live (or was loaded live): the radar advances every second. */
  goLive(): void {
    this.timer ??= this.deps.clock.every(this.readingMs, () => this.second());
  }

  /** The session ended, or is dropped from memory. */
  stop(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  /** Once a second while live: the radar closes its bins; the consoles hear what changed. */
  second(): void {
    if (!this.deps.live()) return this.stop();
    const now = this.deps.clock.now();
    this.prune(now);
    const events = this.radar.advance(now, this.presentCount());
    this.settle(events, now);
    if (events.length > 0 || this.dirty || this.recent.length > 0 || this.held.size > 0) this.publish(now);
  }

  /** The people present changed (or where one is): the next second's reading says so. */
  presenceChanged(): void {
    this.dirty = true;
  }

  // ---- phones -----------------------------------------------------------------

  /** A counted check-in (stored here, or a peer's), arriving now. */
  observe(checkIn: RoomCheckIn): void {
    const now = this.deps.clock.now();
    this.take(checkIn);
    this.radar.observe(checkIn, now);
    this.dirty = true;
  }

  /** A prompt was pushed: the ordinary bump after it needs stronger evidence. */
  promptPushed(): void {
    this.radar.promptPushed(this.deps.clock.now());
  }

  /** Where a phone says it is (null: not saying). Memory only. */
  setWhere(phone: string, where: Where | null): void {
    if (where) this.whereOf.set(phone, where);
    else this.whereOf.delete(phone);
    this.dirty = true;
  }

  whereIs(phone: string): Where | null {
    return this.whereOf.get(phone) ?? null;
  }

  /** Where the given phones said they are (for the peers' presence): all of them, or only those that said (`said`). */
  whereOfPhones(phones: Iterable<string>, said = false): [string, Where | null][] {
    const pairs: [string, Where | null][] = [];
    for (const phone of phones) {
      const where = this.whereOf.get(phone) ?? null;
      if (where || !said) pairs.push([phone, where]);
    }
    return pairs;
  }

  /** A peer's heartbeat: its phones not among `pairs` have stopped saying where they are. */
  unsaidUnless(phones: readonly string[], pairs: readonly [string, Where | null][]): void {
    if (this.whereOf.size === 0) return;
    const said = new Set(pairs.map(([phone]) => phone));
    for (const phone of phones) if (!said.has(phone) && this.whereOf.delete(phone)) this.dirty = true;
  }

  /** Refuses a tap of `signal` from a phone that has used up its allowance (SIGNAL_TAP_LIMIT); nothing is stored. */
  admitTap(phone: string, signal: string): void {
    const now = this.deps.clock.now();
    const key = `${phone}\u0000${signal}`;
    const seen = this.allowance.get(key);
    const left = seen ? Math.min(SIGNAL_TAP_LIMIT.burst, seen.left + (now - seen.at) / SIGNAL_TAP_LIMIT.everyMs) : SIGNAL_TAP_LIMIT.burst;
    if (left < 1) {
      this.allowance.set(key, { left, at: now });
      throw new AppError("RATE_LIMITED", "That button has had a lot of taps from this phone; it counts once anyway. Try again in a few seconds.");
    }
    this.allowance.set(key, { left: left - 1, at: now });
  }

  /** Distinct phones per signal in the weather's raw window: the room display's pulse shows a signal only from shared k phones (PRIVACY). */
  rawPhones(): Record<string, number> {
    // Kept as taps arrive (the display may ask five times a second): no pass over the stream.
    const phones: Record<string, number> = {};
    for (const [signal, seen] of this.rawSeen) Object.defineProperty(phones, signal, { value: seen.size, enumerable: true });
    return phones;
  }

  /** A phone's own states, soonest to expire first: for that phone only. */
  statesOf(phone: string): MyState[] {
    const own = this.held.get(phone);
    if (!own) return [];
    const now = this.deps.clock.now();
    return activeStatesOf([...own.values()], phone, now, this.current.weather).map(({ signal, expiresAt, leftMs }) => ({ signal, expiresAt, leftMs }));
  }

  /** A phone ends one of its own states; told to the peers. */
  clear(phone: string, signal: string): MyState[] {
    if (!Object.hasOwn(this.current.weather.stateExpiryMs, signal)) throw new AppError("BAD_REQUEST", "That signal is not a state that can be ended.");
    const at = this.deps.clock.now();
    this.applyClear(phone, signal, at);
    this.deps.peers.publish(this.sessionId, { kind: "state-cleared", phone, signal, at });
    return this.statesOf(phone);
  }

  // ---- the facilitator ----------------------------------------------------------

  /** New settings: stored, used at once, told to every console here and on the peers. */
  configure(settings: RoomReadingSettings): Promise<RoomReadingSettings> {
    return this.deps.serially(async () => {
      await this.deps.store?.saveSettings(this.sessionId, settings);
      const at = this.deps.clock.now();
      this.deps.peers.publish(this.sessionId, { kind: "room-settings", settings, at });
      this.applySettings(settings);
      return settings;
    });
  }

  /** The facilitator dismissed the moment (by its id on this console's reading). */
  dismissMoment(id: number): null {
    const moment = this.radar.view().moment;
    if (!moment || moment.id !== id) return null; // already gone: nothing to do
    const at = this.deps.clock.now();
    this.deps.peers.publish(this.sessionId, { kind: "room-dismissed", signal: null, at });
    this.settle(this.radar.dismiss(at), at, true);
    return null;
  }

  dismissCare(signal: string): null {
    const at = this.deps.clock.now();
    this.deps.peers.publish(this.sessionId, { kind: "room-dismissed", signal, at });
    this.settle(this.radar.dismissCare(signal, at), at, true);
    return null;
  }

  fromPeer(event: RoomPeerEvent): void {
    const now = this.deps.clock.now();
    switch (event.kind) {
      case "room-settings":
        this.applySettings(event.settings);
        return;
      case "room-dismissed":
        this.settle(event.signal === null ? this.radar.dismiss(now) : this.radar.dismissCare(event.signal, now), now, true);
        return;
      case "state-cleared":
        this.applyClear(event.phone, event.signal, event.at);
        return;
    }
  }

  /** What a console is sent when it starts watching. */
  reading(): RoomReading {
    return this.compute(this.deps.clock.now());
  }

  // ---- inside -------------------------------------------------------------------

  private take(checkIn: RoomCheckIn): void {
    this.recent.push(checkIn);
    if (!checkIn.clear) {
      let seen = this.rawSeen.get(checkIn.signal);
      if (!seen) this.rawSeen.set(checkIn.signal, (seen = new Map()));
      const phone = checkIn.phone ?? `tap:${this.storedPhones++}`;
      seen.set(phone, Math.max(seen.get(phone) ?? checkIn.at, checkIn.at));
    }
    // Over the cap, the oldest tenth goes at once (not one splice per tap).
    if (this.recent.length > MAX_RECENT) this.recent.splice(0, this.recent.length - MAX_RECENT + MAX_RECENT / 10);
    if (checkIn.phone !== undefined && Object.hasOwn(this.current.weather.stateExpiryMs, checkIn.signal)) this.hold(checkIn);
    else if (checkIn.phone === undefined && Object.hasOwn(this.current.weather.stateExpiryMs, checkIn.signal)) {
      // A stored tap without its phone (after a restart): a phone of its own, for as long as its state holds.
      this.hold({ ...checkIn, phone: `stored:${this.storedPhones++}` });
    }
  }

  private hold(checkIn: RoomCheckIn): void {
    const phone = checkIn.phone!;
    let own = this.held.get(phone);
    if (!own) {
      if (this.held.size >= MAX_HELD) return;
      own = new Map();
      this.held.set(phone, own);
    }
    const seen = own.get(checkIn.signal);
    if (!seen || checkIn.at >= seen.at) own.set(checkIn.signal, checkIn);
  }

  private applyClear(phone: string, signal: string, at: number): void {
    const clear: RoomCheckIn = { signal, at, phone, clear: true };
    this.hold(clear);
    this.radar.observe(clear, this.deps.clock.now());
    this.dirty = true;
  }

  private applySettings(settings: RoomReadingSettings): void {
    this.current = settings;
    // The radar's settings are fixed at its making: a new one, fed the stream kept (as it arrived, so old taps
    // count as late), so the states in force hold and nothing old fires a moment.
    const now = this.deps.clock.now();
    // A confirmed moment still running ends with the old radar: its end is stored, as any other.
    const running = this.radar.view().moment;
    if (running?.confirmedAt != null && this.deps.store) {
      const end: SessionEventWrite = { kind: "moment-ended", at: now, key: String(running.startedAt), data: { startedAt: running.startedAt, reason: "ended" } };
      this.deps.store.record(this.sessionId, [end]).catch((error: unknown) => console.error("[attune] room events not stored:", error));
    }
    const radar = new MomentRadar(settings.radar, now, settings.weather);
    for (const own of this.held.values()) for (const c of own.values()) radar.observe(c, now);
    this.radar = radar;
    this.momentStarts.clear();
    this.careSince.clear();
    this.deps.outbound.toConsoles(this.sessionId, "room:settings", { sessionId: this.sessionId, settings });
    this.publish(now);
  }

  /** Drops what no rule reads any more. */
  private prune(now: number): void {
    const rawFrom = now - this.current.weather.rawWindowMs;
    for (const [signal, seen] of this.rawSeen) {
      for (const [phone, at] of seen) if (at <= rawFrom) seen.delete(phone);
      if (seen.size === 0) this.rawSeen.delete(signal);
    }
    const refilledMs = SIGNAL_TAP_LIMIT.burst * SIGNAL_TAP_LIMIT.everyMs;
    for (const [key, seen] of this.allowance) if (now - seen.at >= refilledMs) this.allowance.delete(key);
    const { weather } = this.current;
    const keepMs = Math.max(weather.dropAfterMs, weather.rawWindowMs);
    const cutoff = now - keepMs;
    let drop = 0;
    while (drop < this.recent.length && this.recent[drop].at <= cutoff) drop += 1;
    // Arrival order is nearly time order; a late offline tap behind a newer one waits its turn.
    if (drop > 0) {
      this.recent.splice(0, drop);
      this.dirty = true;
    }
    for (const [phone, own] of this.held) {
      for (const [signal, c] of own) {
        const expiry = weather.stateExpiryMs[signal];
        if (expiry === undefined || c.clear || c.at + expiry <= now) own.delete(signal);
      }
      if (own.size === 0) {
        this.held.delete(phone);
        this.dirty = true;
      }
    }
  }

  private presentCount(): number {
    let n = 0;
    for (const _ of this.deps.presentIds()) n += 1;
    return n;
  }

  /** Radar events: stored for the report (confirmed moments, care cues) and pushed at once. */
  private settle(events: readonly RadarEvent[], now: number, publish = false): void {
    if (events.length === 0) {
      if (publish) this.publish(now);
      return;
    }
    const rows: SessionEventWrite[] = [];
    for (const e of events) {
      switch (e.type) {
        case "moment":
          this.momentStarts.set(e.id, e.startedAt);
          if (e.phase === "happening" && e.confirmedAt !== null) {
            rows.push({ kind: "moment", at: e.confirmedAt, key: String(e.startedAt), data: { startedAt: e.startedAt, confirmedAt: e.confirmedAt, evidence: e.evidence } });
          }
          break;
        case "moment-ended": {
          const startedAt = this.momentStarts.get(e.id);
          this.momentStarts.delete(e.id);
          if (e.confirmed && startedAt !== undefined) rows.push({ kind: "moment-ended", at: e.at, key: String(startedAt), data: { startedAt, reason: e.reason } });
          break;
        }
        case "care":
          this.careSince.set(e.signal, e.since);
          rows.push({
            kind: "care",
            at: e.since,
            key: `${e.signal}:${e.since}`,
            data: { signal: e.signal, cue: e.cue, holders: e.holders, present: e.present, trigger: e.trigger },
          });
          break;
        case "care-ended": {
          const since = this.careSince.get(e.signal);
          this.careSince.delete(e.signal);
          if (since !== undefined) rows.push({ kind: "care-ended", at: e.at, key: `${e.signal}:${since}`, data: { signal: e.signal, since, reason: e.reason } });
          break;
        }
      }
    }
    if (rows.length > 0 && this.deps.store) {
      this.deps.store.record(this.sessionId, rows).catch((error: unknown) => console.error("[attune] room events not stored:", error));
    }
    this.publish(now);
  }

  private publish(now: number): void {
    this.dirty = false;
    this.deps.outbound.toConsoles(this.sessionId, "room:reading", { sessionId: this.sessionId, reading: this.compute(now) });
  }

  /** The reading as a console may see it: k applied per group, care signals worded "someone". */
  private compute(now: number): RoomReading {
    const { weather, radar, anonymity } = this.current;
    const k = kFor("console", anonymity);
    const view = this.radar.view();
    const palette = this.deps.palette();
    const care = new Set(radar.care.map((c) => c.signal));

    // Who is present, per group: the phones that said where, and the rest.
    const size = { room: 0, remote: 0, unsaid: 0 };
    for (const id of this.deps.presentIds()) size[this.whereOf.get(id) ?? "unsaid"] += 1;
    const all = size.room + size.remote + size.unsaid;
    const split = this.whereOf.size > 0;

    const stream = this.streamNow();
    const groups: { group: "all" | Where | "unsaid"; size: number; stream: RoomCheckIn[] }[] = [];
    if (!split) groups.push({ group: "all", size: all, stream });
    else {
      const by: Record<"room" | "remote" | "unsaid", RoomCheckIn[]> = { room: [], remote: [], unsaid: [] };
      for (const c of stream) by[(c.phone !== undefined && this.whereOf.get(c.phone)) || "unsaid"].push(c);
      for (const g of ["room", "remote", "unsaid"] as const) groups.push({ group: g, size: size[g], stream: by[g] });
    }
    const computed = groups.map((g) => ({ ...g, weather: roomWeather(g.stream, palette, g.size, now, weather) }));
    const signals = [...new Set(computed.flatMap((g) => Object.keys(g.weather.signals)))];
    const figures = (pick: (w: { level: number; raw: { taps: number; phones: number } }) => number): GroupFigures[] =>
      computed.map((g) => ({
        group: g.group,
        size: g.size,
        counts: Object.fromEntries(signals.map((s) => [s, Object.hasOwn(g.weather.signals, s) ? pick(g.weather.signals[s]) : 0])),
      }));
    const phones = showGroups(figures((w) => Math.round(w.level)), k, care);
    const taps = figures((w) => w.raw.taps);
    const rawPhones = showGroups(figures((w) => w.raw.phones), k, care);

    const groupReading = (index: number | "total", group: "all" | Where, present: number): GroupReading => {
      const pick = (shown: typeof phones) => (index === "total" ? shown.total : shown.groups[index]);
      const tapsOf = (signal: string) =>
        index === "total" ? taps.reduce((n, g) => n + (g.counts[signal] ?? 0), 0) : (taps[index].counts[signal] ?? 0);
      const floor = Math.max(present, weather.presentFloor);
      return {
        group,
        present: index === "total" ? showSize(present, k) : pick(phones).size,
        signals: signals.map((signal): WeatherSignalView => {
          const shown: Shown = pick(phones).counts[signal] ?? { kind: "hidden" };
          const level = index === "total" ? computed.reduce((n, g) => n + (g.weather.signals[signal]?.level ?? 0), 0) : (computed[index].weather.signals[signal]?.level ?? 0);
          return {
            signal,
            nature: Object.hasOwn(weather.stateExpiryMs, signal) ? "state" : "momentary",
            share: shown.kind === "count" ? Math.min(1, level / floor) : 0,
            phones: shown,
            raw: rawShown(tapsOf(signal), pick(rawPhones).counts[signal]),
          };
        }),
      };
    };
    const shownAll: GroupReading = split ? groupReading("total", "all", all) : groupReading(0, "all", all);
    if (all < k) shownAll.present = { kind: "hidden" }; // a group smaller than k shows nothing, its size included
    const weatherView = [shownAll];
    if (split) weatherView.push(groupReading(0, "room", size.room), groupReading(1, "remote", size.remote));
    return { at: now, k, moment: view.moment, care: view.care, weather: weatherView };
  }

  /** The stream the weather reads: the recent taps, and older state taps still held. */
  private streamNow(): RoomCheckIn[] {
    const stream = this.recent.slice();
    const oldest = this.recent.length > 0 ? this.recent[0].at : Number.POSITIVE_INFINITY;
    for (const own of this.held.values()) for (const c of own.values()) if (c.at < oldest || c.clear) stream.push(c);
    return stream;
  }
}

/** The last minute's taps say as much as the phones that made them: the number only when theirs is shown. */
function rawShown(taps: number, phones: Shown | undefined): { taps: Shown; phones: Shown } {
  const shown = phones ?? { kind: "hidden" };
  return { taps: shown.kind === "count" ? { kind: "count", count: taps } : shown, phones: shown };
}

/**
 * One live session, apart from any transport: its state (status, palette,
 * prompt, who is present, the pulse, the open prompt's answers) and its
 * commands (arrive, depart, check in, answer, start, end, push, reveal and
 * close a prompt, moderate). It hears time from an injected
 * clock, persists through injected stores, and speaks only to `LiveOutbound`.
 *
 * Facilitator commands run one at a time per session, so check, write and
 * broadcast never interleave in this process; the database's conditional
 * writes keep the same rules across processes.
 *
 * The pulse is coalesced: a change marks the session dirty and at most one
 * pulse per `coalesceMs` goes to the consoles (the first change after a quiet
 * spell at once), plus `tick()` every few seconds so the one-minute window
 * decays on screen when nobody taps. Results go out on the same flush: to
 * the consoles (every answer), and while revealed to the phones and the room
 * display (room-safe: hidden answers left out).
 */
import type { Signal } from "../../lib/content.ts";
import { AppError } from "../../lib/protocol/errors.ts";
import type { PromptSource } from "../../lib/protocol/schemas.ts";
import { takesAnswers, type StoredAnswer } from "../../lib/answers.ts";
import type {
  AnswerStored,
  AnswerValue,
  CheckInStored,
  ConsoleSnapshot,
  DisplayShows,
  DisplaySnapshot,
  PromptResults,
  PromptView,
  SessionStatus,
  SessionView,
  WallAnswer,
} from "../../lib/protocol/views.ts";
import { PulseCounter } from "../../lib/pulse-counter.ts";
import { pulseHorizonMs, type Pulse } from "../../lib/pulse.ts";
import { toSessionView } from "../domain/sessions.ts";
import type { Clock, Timer } from "./clock.ts";
import { LiveAnswers, type AnswerStore } from "./live-answers.ts";
import type { LiveOutbound } from "./outbound.ts";
import type { PreparationStore, Prepared } from "../domain/palette.ts";
import { LivePalette } from "./live-palette.ts";
import type { DeckItem } from "../../lib/library/deck.ts";
import type { DeckStore } from "../domain/decks.ts";
import { LiveDeck } from "./live-deck.ts";
import { LiveSupport } from "./live-support.ts";
import { ROOM_READING_DEFAULTS, type RoomReadingSettings } from "../../lib/radar/settings.ts";
import type { Where } from "../../lib/protocol/room.ts";
import type { RoomCheckIn } from "../../lib/weather.ts";
import type { RoomStore } from "../domain/room.ts";
import { LiveRoom } from "./live-room.ts";
import { loneNode, type LivePeers, type PeerEvent, type PeerTap, type WireRecord } from "./peers.ts";
import { LiveSilence } from "./live-silence.ts";
import type { SilenceStore } from "../domain/silence.ts";
import { kFor, roomPulse, type Audience } from "../../lib/anonymity.ts";

/** The session row as the live session needs it. */
export interface SessionRecord {
  id: string;
  title: string;
  status: string;
  joinCode: string | null;
  startedAt: Date | null;
  endedAt: Date | null;
}

/** Persistence of facilitator actions: conditional writes (server/domain/sessions.ts). */
export interface SessionStore {
  start(sessionId: string, now: Date): Promise<SessionRecord>;
  end(sessionId: string, now: Date): Promise<SessionRecord>;
  /** The new prompt's view at once; `stored` settles when its row is written (or refused). */
  pushPrompt(sessionId: string, source: PromptSource, now: Date): { prompt: PromptView; stored: Promise<void> };
  closePrompt(sessionId: string, now: Date): Promise<void>;
  reveal(sessionId: string, promptId: string, revealed: boolean): Promise<PromptView>;
  setDisplayShows(sessionId: string, shows: DisplayShows): Promise<void>;
}

/** Durable, batched check-ins (server/live/checkin-writer.ts). */
export interface CheckInStore {
  write(write: { sessionId: string; clientId: string; signal: string; at: Date }): Promise<{ duplicate: boolean }>;
}

export interface LiveSessionDeps {
  clock: Clock;
  outbound: LiveOutbound;
  sessions: SessionStore;
  checkIns: CheckInStore;
  /** At most one pulse per this many ms to the consoles (200: five a second). */
  coalesceMs?: number;
  /** How long an ending's goodbye has to reach the phones before their sockets close. */
  goodbyeMs?: number;
  /** New participants a session admits (phones coming back are always let in). */
  maxParticipants?: number;
  /** The other nodes serving this session (`loneNode` when there are none). */
  peers?: LivePeers;
  /** How long a peer's present count holds without a heartbeat. */
  peerPresenceMs?: number;
  /** How long newly stored check-ins wait to go to the peers together. */
  peerBatchMs?: number;
  /** Where answers are stored (server/domain/answers.ts); without it, in memory only. */
  answers?: AnswerStore;
  /** At most one `results:room` per this many ms to every phone while results are revealed (1,000). */
  roomResultsMs?: number;
  /** Where the palette, the note and the checklist are stored (server/domain/palette.ts); without it, in memory only. */
  preparations?: PreparationStore;
  /** Where the deck is stored (server/domain/decks.ts); without it, in memory only. */
  decks?: DeckStore;
  /** Where the room-reading settings and session events are stored (server/domain/room.ts); without it, in memory only. */
  room?: RoomStore;
  /** How often the radar advances and consoles may hear the room's reading (1,000). */
  roomReadingMs?: number;
  /** Where a held silence is stored (server/domain/silence.ts); without it, in memory only. */
  silences?: SilenceStore;
}

export interface LiveSessionInit {
  record: SessionRecord;
  palette: Signal[];
  prompt: PromptView | null;
  /** Check-ins already stored: the recent ones as points, older ones as counts. */
  pulse: PulseCounter;
  /** Participants already stored for this session. */
  participants: number;
  /** When the latest stored check-in was placed, if any. */
  latestTapAt?: number;
  /** The open prompt's answers, as stored. */
  answers?: StoredAnswer[];
  /** What the room display shows beside the prompt. */
  displayShows?: DisplayShows;
  /** The confidentiality note and the ticked checklist, as stored. */
  prepared?: Prepared;
  /** The deck as stored. */
  deck?: DeckItem[];
  /** Session.roomSettings as stored (server/domain/room.ts parseRoomSettings). */
  roomSettings?: RoomReadingSettings;
  /** Stored check-ins the room weather still reads (without their phones: none is ever stored). */
  roomStream?: RoomCheckIn[];
  /** Session.silence as stored (a running silence survives a restart). */
  silence?: unknown;
}

export class LiveSession {
  readonly id: string;
  private record: SessionRecord;
  private palette: Signal[];
  private prompt: PromptView | null;
  private readonly pulse: PulseCounter;
  /** participant id -> open sockets: a phone with two tabs is one person present. */
  private readonly presence = new Map<string, number>();
  private participants: number;
  private pulseDirty = false;
  private presenceDirty = false;
  private resultsDirty = false;
  /** Revealed results changed since the phones last heard (they hear at most once per `roomMs`). */
  private roomDirty = false;
  private roomTimer: Timer | null = null;
  private lastRoomAt = Number.NEGATIVE_INFINITY;
  private readonly roomMs: number;
  /** The open prompt's answers (server/live/live-answers.ts). */
  readonly answers: LiveAnswers;
  private displayShows: DisplayShows;
  private displayShowsAt = Number.NEGATIVE_INFINITY;
  private flushTimer: Timer | null = null;
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly coalesceMs: number;
  private readonly goodbyeMs: number;
  private readonly maxParticipants: number;
  /** The latest time a counted check-in was placed at. */
  private latestTapAt: number;
  private readonly tickSlackMs = 10_000;
  /** When anyone last did anything here (for eviction; the idle end asks the database). */
  lastUsedAt: number;
  private readonly peers: LivePeers;
  /** The palette, the note and the checklist as a console arranges them (server/live/live-palette.ts). */
  readonly prepared: LivePalette;
  /** The prompts arranged for this session (server/live/live-deck.ts). */
  readonly deck: LiveDeck;
  /** Support requests and facilitator cues, in memory only (server/live/live-support.ts). */
  readonly support: LiveSupport;
  /** A held silence (server/live/live-silence.ts). */
  readonly silence: LiveSilence;
  /** Reading the room: the moment radar, the weather, where phones are (server/live/live-room.ts). */
  readonly room: LiveRoom;
  /** Other nodes' present counts, each good until a time. */
  private readonly peerPresence = new Map<string, { ids: Set<string>; until: number }>();
  /** Who arrived and left here since the peers were last told. */
  private readonly arrivedUntold = new Set<string>();
  private readonly departedUntold = new Set<string>();
  /** Whether peers were ever told of anyone here (so they are told when it empties). */
  private toldPeers = false;
  private unsentTaps: PeerTap[] = [];
  private peerTimer: Timer | null = null;
  /** The time of the latest state change applied, so an older one arriving late is ignored. */
  private stateAt = Number.NEGATIVE_INFINITY;
  /** Settles once the latest prompt pushed here is written (or refused): answers to it wait for it. */
  private promptStored: Promise<void> = Promise.resolve();
  /** While loading: ids of check-ins the database already gave, so a peer's copy is not counted twice. */
  private countedAtLoad: Set<string> | null = null;

  constructor(
    init: LiveSessionInit,
    private readonly deps: LiveSessionDeps,
  ) {
    this.id = init.record.id;
    this.record = init.record;
    this.palette = init.palette;
    this.prompt = init.record.status === "live" ? init.prompt : null;
    this.pulse = init.pulse;
    this.participants = init.participants;
    this.coalesceMs = deps.coalesceMs ?? 200;
    this.goodbyeMs = deps.goodbyeMs ?? 250;
    this.roomMs = deps.roomResultsMs ?? 1_000;
    this.maxParticipants = deps.maxParticipants ?? 10_000;
    this.lastUsedAt = deps.clock.now();
    this.latestTapAt = init.latestTapAt ?? Number.NEGATIVE_INFINITY;
    this.peers = deps.peers ?? loneNode;
    this.prepared = new LivePalette(this.id, init.palette, init.prepared ?? { confidentialityNote: null, checklist: [] }, {
      ...deps,
      peers: this.peers,
      store: deps.preparations,
      serially: (action) => this.serially(action),
      ended: () => this.status === "ended",
      counted: () => this.pulse.counted(),
      onPalette: (palette) => {
        this.palette = palette;
        this.pulse.setSignals(palette.map((s) => s.key));
        this.pulseChanged();
      },
    });
    this.deck = new LiveDeck(this.id, init.deck ?? [], { ...deps, peers: this.peers, store: deps.decks, serially: (action) => this.serially(action) });
    this.support = new LiveSupport(this.id, { ...deps, peers: this.peers, live: () => this.status === "live" });
    this.answers = new LiveAnswers(this.id, { ...deps, peers: this.peers, store: deps.answers, changed: () => this.resultsChanged() });
    this.answers.promptIs(this.prompt, init.answers);
    this.displayShows = init.displayShows ?? "prompt";
    this.room = new LiveRoom(this.id, { settings: init.roomSettings ?? ROOM_READING_DEFAULTS, stored: init.roomStream }, {
      ...deps,
      peers: this.peers,
      store: deps.room,
      readingMs: deps.roomReadingMs,
      serially: (action) => this.serially(action),
      live: () => this.status === "live",
      palette: () => this.palette.map((s) => s.key),
      presentIds: () => this.presentIds(),
    });
    this.silence = new LiveSilence(this.id, init.silence ?? null, {
      ...deps,
      peers: this.peers,
      store: deps.silences,
      serially: (action) => this.serially(action),
      live: () => this.status === "live",
      present: () => this.present,
      consoleK: () => this.k("console"),
      displayChanged: () => this.publishDisplay(),
    });
  }

  // ---- what each audience may see ------------------------------------------

  get status(): SessionStatus {
    return this.record.status as SessionStatus;
  }

  /**
   * Distinct participants present on every node serving this session: a phone
   * that moved from a node that died to this one counts once, even before the
   * dead node's word expires.
   */
  get present(): number {
    if (this.peerPresence.size === 0) return this.presence.size;
    const now = this.deps.clock.now();
    const everyone = new Set(this.presence.keys());
    for (const peer of this.peerPresence.values()) if (peer.until > now) for (const id of peer.ids) everyone.add(id);
    return everyone.size;
  }

  /** The participants present on every node, once each (what `present` counts). */
  presentIds(): Iterable<string> {
    if (this.peerPresence.size === 0) return this.presence.keys();
    const now = this.deps.clock.now();
    const everyone = new Set(this.presence.keys());
    for (const peer of this.peerPresence.values()) if (peer.until > now) for (const id of peer.ids) everyone.add(id);
    return everyone;
  }

  /** Participants present through this node's own sockets. */
  get localPresent(): number {
    return this.presence.size;
  }

  get code(): string | null {
    return this.status === "live" ? this.record.joinCode : null;
  }

  sessionView(): SessionView {
    return toSessionView(this.record);
  }

  /** Whether a key is this session's join-link key (worked out once per record: every joining phone asks). */
  opensWithKey(key: string | undefined): boolean {
    if (this.joinKeyOf?.record !== this.record) this.joinKeyOf = { record: this.record, key: this.sessionView().joinKey };
    const expected = this.joinKeyOf.key;
    return key !== undefined && expected !== null && key === expected;
  }
  private joinKeyOf: { record: SessionRecord; key: string | null } | null = null;

  /** The same for every console; the role is the console's own (server/realtime/console.ts). */
  consoleSnapshot(): Omit<ConsoleSnapshot, "role"> {
    return {
      session: this.sessionView(),
      palette: this.palette,
      prompt: this.prompt,
      pulse: this.currentPulse(),
      deck: this.deck.items,
      confidentialityNote: this.prepared.note,
      checklist: this.prepared.checklist,
      results: this.answers.results(),
      displayShows: this.displayShows,
      reading: this.room.reading(),
      roomSettings: this.room.settings,
      silence: this.silence.consoleView(),
      support: this.support.open,
      cues: this.support.recentCues,
    };
  }

  displaySnapshot(pulse?: Pulse): DisplaySnapshot {
    const { joinKey } = this.sessionView();
    return {
      session: { title: this.record.title, code: this.code, joinKey, status: this.status },
      prompt: this.prompt,
      present: this.present,
      shows: this.displayShows,
      // Public to the room: results only once revealed and without hidden answers, the pulse only when shown.
      results: this.prompt?.revealed ? this.answers.roomResults(this.k("shared")) : null,
      // Shared k: no signal's taps below it leave the server (lib/anonymity.ts roomPulse).
      pulse: this.displayShows === "pulse" ? roomPulse(pulse ?? this.currentPulse(), this.k("shared"), this.room.rawPhones()) : null,
      silence: this.silence.view(),
    };
  }

  /** k for an audience (lib/anonymity.ts): the console's, or the shared one (phones, the display, exports). */
  k(audience: Audience): number {
    return kFor(audience, this.room.settings.anonymity);
  }

  /** What phones are sent of the open prompt's results: only once revealed, and room-safe. */
  roomResults(): { promptId: string; results: PromptResults } | null {
    const results = this.prompt?.revealed ? this.answers.roomResults(this.k("shared")) : null;
    return results && { promptId: results.promptId, results };
  }

  phoneView(resumeToken: string) {
    return {
      session: { title: this.record.title, code: this.code ?? "", status: this.status },
      palette: this.palette,
      prompt: this.prompt,
      confidentialityNote: this.prepared.note,
      resumeToken,
      silence: this.silence.view(),
    };
  }

  currentPulse(): Pulse {
    return this.pulse.pulse(this.present, this.deps.clock.now());
  }

  // ---- phones -----------------------------------------------------------------

  /** Whether one more new participant may join (a cap against floods, not a promise of room). */
  admitsNewParticipant(): boolean {
    if (this.status !== "live") throw new AppError("SESSION_NOT_LIVE", "This session has ended.");
    return this.participants < this.maxParticipants;
  }

  participantCreated(): void {
    this.participants += 1;
  }

  /** A phone's socket opened; `where` it said it is, if it did (memory only). */
  arrive(participantId: string, where?: Where | null): void {
    if (where !== undefined) this.room.setWhere(participantId, where);
    const open = (this.presence.get(participantId) ?? 0) + 1;
    this.presence.set(participantId, open);
    if (open === 1) {
      this.arrivedUntold.add(participantId);
      this.departedUntold.delete(participantId);
    }
    this.lastUsedAt = this.deps.clock.now();
    this.presenceChanged();
  }

  /** Where a phone says it is (null: not saying): memory only, told to the peers with its presence. */
  setWhere(participantId: string, where: Where | null): { where: Where | null } {
    this.room.setWhere(participantId, where);
    if (this.presence.has(participantId)) {
      this.arrivedUntold.add(participantId);
      this.departedUntold.delete(participantId);
    }
    this.presenceChanged();
    return { where };
  }

  depart(participantId: string): void {
    const open = (this.presence.get(participantId) ?? 1) - 1;
    if (open > 0) this.presence.set(participantId, open);
    else {
      this.presence.delete(participantId);
      this.departedUntold.add(participantId);
      this.arrivedUntold.delete(participantId);
    }
    this.lastUsedAt = this.deps.clock.now();
    this.presenceChanged();
  }

  /**
   * A tap: admitted (live, on the palette, placed in time by its age on the
   * server's clock), stored durably, then counted. Resolves only once stored.
   */
  async checkIn(tap: { clientId: string; signal: string; ageMs: number; phone?: string }): Promise<CheckInStored> {
    if (this.status !== "live") throw new AppError("SESSION_NOT_LIVE");
    if (!this.palette.some((s) => s.key === tap.signal)) throw new AppError("BAD_REQUEST", "That check-in is not on this session's palette.");
    // One phone hammering one button: refused before anything is stored (server/live/live-room.ts).
    if (tap.phone !== undefined) this.room.admitTap(tap.phone, tap.signal);
    const now = this.deps.clock.now();
    // An offline tap keeps its place in time, but never before the session started.
    const at = Math.max(this.record.startedAt?.getTime() ?? now, now - tap.ageMs);
    const { duplicate } = await this.deps.checkIns.write({ sessionId: this.id, clientId: tap.clientId, signal: tap.signal, at: new Date(at) });
    this.lastUsedAt = this.deps.clock.now();
    if (!duplicate) {
      this.count(tap.signal, at, tap.phone);
      // Alone, there is nobody to tell: no buffer, no timer on the tap's path.
      if (this.peers !== loneNode) {
        // A tap without a phone (none in practice: phones always have one) counts as a phone of its own.
        const phone = tap.phone ?? `tap:${tap.clientId}`;
        this.unsentTaps.push([tap.clientId, tap.signal, at, phone, this.room.whereIs(phone)]);
        this.peerTimer ??= this.deps.clock.after(this.deps.peerBatchMs ?? 25, () => this.sendTapsToPeers());
      }
    }
    return { id: tap.clientId, duplicate, states: tap.phone === undefined ? undefined : this.room.statesOf(tap.phone) };
  }

  /**
   * A phone's answer to the open prompt (or its change of answer): checked
   * against the prompt's kind, stored, then counted. Resolves once stored.
   */
  async answer(send: { promptId: string; secret: string; answer: AnswerValue }): Promise<AnswerStored> {
    const prompt = this.prompt;
    if (this.status !== "live" || prompt?.id !== send.promptId) throw new AppError("SESSION_NOT_LIVE", "That prompt has closed.");
    this.lastUsedAt = this.deps.clock.now();
    // A prompt reaches this node's phones while its row is still being written (pushPrompt).
    await this.promptStored;
    if (this.prompt?.id !== send.promptId) throw new AppError("SESSION_NOT_LIVE", "That prompt has closed.");
    return this.answers.send(prompt, send);
  }

  /** A phone's own answer to the open prompt, found by its secret (after a reload). */
  myAnswer(promptId: string, secret: string): Promise<AnswerValue | null> {
    return this.answers.mine(promptId, secret);
  }

  // ---- the facilitator ----------------------------------------------------------

  start(): Promise<SessionView> {
    return this.serially(async () => {
      this.announce("started", await this.deps.sessions.start(this.id, this.nowDate()), this.prompt);
      return this.sessionView();
    });
  }

  end(): Promise<SessionView> {
    return this.serially(async () => {
      if (this.status === "live") await this.silence.endWithSession();
      this.announce("ended", await this.deps.sessions.end(this.id, this.nowDate()), null);
      return this.sessionView();
    });
  }

  /**
   * A new prompt to every phone. This node's phones get it while its row is
   * written (that commit is most of a push's fixed cost); other nodes, the
   * console's answer and answers to it wait until it is stored. If the write
   * is refused (the session ended on another node a moment ago) or fails,
   * this node's room gets the prompt before it back and the console the
   * error. A crash in between leaves phones showing a prompt that was never
   * stored; they are given the stored one when they reconnect.
   */
  pushPrompt(source: PromptSource): Promise<PromptView> {
    return this.serially(async () => {
      this.requireLive();
      const before = this.prompt;
      const at = this.deps.clock.now();
      const { prompt, stored } = this.deps.sessions.pushPrompt(this.id, source, new Date(at));
      this.promptStored = stored.catch(() => undefined);
      this.apply("prompt", this.record, prompt, at);
      try {
        await stored;
      } catch (error) {
        if (this.prompt?.id === prompt.id) this.apply("prompt", this.record, before, this.deps.clock.now());
        throw error;
      }
      this.peers.publish(this.id, { kind: "state", change: "prompt", record: toWire(this.record), prompt, at });
      return prompt;
    });
  }

  /** Shows the open prompt's results to the room (phones and the display), or hides them again. */
  reveal(revealed: boolean): Promise<PromptView> {
    return this.serially(async () => {
      this.requireLive();
      const open = this.prompt;
      if (!open) throw new AppError("SESSION_NOT_LIVE", "No prompt is open.");
      if (!takesAnswers(open)) throw new AppError("BAD_REQUEST", "A script takes no answers, so it has no results to reveal.");
      const prompt = await this.deps.sessions.reveal(this.id, open.id, revealed);
      this.announce("prompt", this.record, prompt);
      return prompt;
    });
  }

  /** Hides an answer from the room, or highlights it on the wall. */
  moderate(answerId: string, change: { hidden?: boolean; highlighted?: boolean }): Promise<WallAnswer> {
    return this.serially(() => this.answers.moderate(answerId, change));
  }

  /** What the room display shows beside the prompt: the prompt alone, the pulse, or the revealed results. */
  showOnDisplay(shows: DisplayShows): Promise<{ shows: DisplayShows }> {
    return this.serially(async () => {
      await this.deps.sessions.setDisplayShows(this.id, shows);
      const at = this.deps.clock.now();
      this.peers.publish(this.id, { kind: "shows", shows, at });
      this.applyShows(shows, at);
      return { shows };
    });
  }

  closePrompt(): Promise<null> {
    return this.serially(async () => {
      this.requireLive();
      await this.deps.sessions.closePrompt(this.id, this.nowDate());
      this.announce("prompt", this.record, null);
      return null;
    });
  }

  // ---- other nodes --------------------------------------------------------------------

  /** What another node serving this session says happened. */
  fromPeer(event: PeerEvent): void {
    const now = this.deps.clock.now();
    switch (event.kind) {
      case "state":
        if (event.at < this.stateAt) return; // an older change, arriving late
        this.apply(event.change, fromWire(event.record), event.prompt, event.at);
        return;
      case "checkins":
        for (const [clientId, signal, at, phone, where] of event.taps) {
          if (this.countedAtLoad?.has(clientId)) continue;
          if (phone !== undefined && where !== undefined) this.room.setWhere(phone, where);
          this.count(signal, at, phone);
        }
        return;
      case "presence": {
        const known = this.peerPresence.get(event.node);
        const ids = event.full ? new Set(event.full) : (known?.ids ?? new Set<string>());
        for (const id of event.arrived ?? []) ids.add(id);
        for (const id of event.departed ?? []) ids.delete(id);
        // Where each phone is (memory only); a phone in a heartbeat without one has stopped saying.
        for (const [id, where] of event.where ?? []) this.room.setWhere(id, where);
        if (event.full && event.where) this.room.unsaidUnless(event.full, event.where);
        this.peerPresence.set(event.node, { ids, until: now + (this.deps.peerPresenceMs ?? 12_000) });
        this.presenceChanged();
        return;
      }
      case "hello":
        if (this.localPresent > 0) this.tellPeersWhoIsHere();
        this.support.helloFromPeer();
        return;
      case "answers":
        this.answers.fromPeer(event.promptId, event.answers);
        return;
      case "moderated":
        this.answers.moderatedByPeer(event.promptId, event.answerId, { hidden: event.hidden, highlighted: event.highlighted });
        return;
      case "shows":
        this.applyShows(event.shows, event.at);
        return;
      case "palette":
        this.prepared.fromPeerPalette(event.palette, event.at);
        return;
      case "prepared":
        this.prepared.fromPeerPrepared(event.prepared, event.at);
        return;
      case "deck":
        this.deck.fromPeer(event.deck, event.at);
        return;
      case "room-settings":
      case "room-dismissed":
      case "state-cleared":
        this.room.fromPeer(event);
        return;
      case "support":
      case "cue":
        this.support.fromPeer(event);
        return;
      case "silence":
        this.silence.fromPeer(event.silence, event.at);
        return;
      case "silence-more":
        this.silence.fromPeerMore(event.startedAt, event.ids);
        return;
    }
  }

  /** Right after loading: check-ins the database gave (by id), so peers' copies of them are skipped. */
  loadedWith(clientIds: Set<string>): void {
    this.countedAtLoad = clientIds;
  }

  /** Loading is over: peers' check-ins are all new from now on. */
  doneLoading(): void {
    this.countedAtLoad = null;
    this.peers.publish(this.id, { kind: "hello", node: this.peers.node });
  }

  // ---- time -----------------------------------------------------------------------

  /** Every few seconds: a live session with recent check-ins is re-sent so the window decays. */
  tick(): void {
    // Re-sent while taps are on the trend line, and once more as the last ones leave it.
    if (this.status === "live" && this.hasTapsOnTrend()) this.pulseChanged();
    const now = this.deps.clock.now();
    for (const [node, peer] of this.peerPresence) {
      if (peer.until > now) continue;
      this.peerPresence.delete(node); // a node that stopped saying so: it has gone
      this.presenceChanged();
    }
    // A heartbeat with everyone here, so peers keep counting this node's phones
    // (and stop when it dies), and any change they missed is mended.
    if (this.localPresent > 0 || this.toldPeers) this.tellPeersWhoIsHere();
  }

  /** Whether a console's pulse would still change as time passes (taps still on the trend line). */
  hasTapsOnTrend(): boolean {
    return this.deps.clock.now() - this.latestTapAt <= pulseHorizonMs() + this.tickSlackMs;
  }

  /** Stops this session's timers (it is being dropped from memory). */
  dispose(): void {
    this.flushTimer?.cancel();
    this.flushTimer = null;
    this.roomTimer?.cancel();
    this.roomTimer = null;
    this.support.dispose();
    this.sendTapsToPeers();
    this.answers.sendToPeers();
    this.silence.dispose();
    this.room.stop();
  }

  // ---- inside ------------------------------------------------------------------------

  private requireLive(): void {
    if (this.status !== "live") throw new AppError("SESSION_NOT_LIVE", "Go live before pushing or closing a prompt.");
  }

  private serially<T>(action: () => Promise<T>): Promise<T> {
    const result = this.queue.then(action, action);
    this.queue = result.catch(() => {});
    this.lastUsedAt = this.deps.clock.now();
    return result;
  }

  private nowDate(): Date {
    return new Date(this.deps.clock.now());
  }

  /** A change made here: kept, told to this node's sockets, and to the peers. */
  private announce(change: "started" | "ended" | "prompt", record: SessionRecord, prompt: PromptView | null): void {
    const at = this.deps.clock.now();
    // Peers first: they start their own fan-out while this node does its own.
    this.peers.publish(this.id, { kind: "state", change, record: toWire(record), prompt, at });
    this.apply(change, record, prompt, at);
  }

  /** A state change, made here or by a peer: kept, and told to this node's sockets. */
  private apply(change: "started" | "ended" | "prompt", record: SessionRecord, prompt: PromptView | null, at: number): void {
    this.stateAt = at;
    this.record = record;
    if (change === "ended") {
      this.prompt = null;
      this.answers.promptIs(null);
      this.silence.sessionEnded();
      this.room.stop();
      this.deps.outbound.toPhones(this.id, "session:ended");
      // Give the goodbye a moment to leave before the sockets close.
      this.deps.clock.after(this.goodbyeMs, () => this.deps.outbound.disconnectPhones(this.id));
      this.deps.outbound.toConsoles(this.id, "session:state", this.sessionView());
      this.deps.outbound.toConsoles(this.id, "prompt:current", { sessionId: this.id, prompt: null });
    } else if (change === "started") {
      this.room.goLive();
      this.deps.outbound.toConsoles(this.id, "session:state", this.sessionView());
    } else {
      const wasRevealed = this.prompt?.revealed === true;
      // A new prompt: the radar asks stronger evidence of the ordinary bump after it.
      if (prompt && prompt.id !== this.prompt?.id) this.room.promptPushed();
      this.prompt = this.status === "live" ? prompt : null;
      this.answers.promptIs(this.prompt);
      this.deps.outbound.toPhones(this.id, "prompt:current", this.prompt);
      this.deps.outbound.toConsoles(this.id, "prompt:current", { sessionId: this.id, prompt: this.prompt });
      // Phones hear of results only around a reveal (a push to every phone costs).
      if (this.prompt?.revealed || wasRevealed) {
        this.roomDirty = false;
        this.deps.outbound.toPhones(this.id, "results:room", this.roomResults());
      }
    }
    this.publishDisplay();
  }

  private count(signal: string, at: number, phone?: string): void {
    this.room.observe({ signal, at, phone });
    this.pulse.add({ signal, at });
    this.latestTapAt = Math.max(this.latestTapAt, at);
    this.pulseChanged();
  }

  private sendTapsToPeers(): void {
    this.peerTimer?.cancel();
    this.peerTimer = null;
    if (this.unsentTaps.length === 0) return;
    const taps = this.unsentTaps;
    this.unsentTaps = [];
    this.peers.publish(this.id, { kind: "checkins", taps });
  }

  private publishDisplay(pulse?: Pulse): void {
    this.deps.outbound.toDisplays(this.id, "display:snapshot", this.displaySnapshot(pulse));
  }

  private applyShows(shows: DisplayShows, at: number): void {
    if (at < this.displayShowsAt) return; // an older change, arriving late
    this.displayShowsAt = at;
    this.displayShows = shows;
    this.deps.outbound.toConsoles(this.id, "display:shows", { sessionId: this.id, shows });
    this.publishDisplay();
  }

  /** Revealed results changed: every phone hears, at a calmer pace than the consoles (a push to every phone costs). */
  private roomChanged(): void {
    this.roomDirty = true;
    if (this.roomTimer) return;
    const wait = Math.max(0, this.lastRoomAt + this.roomMs - this.deps.clock.now());
    this.roomTimer = this.deps.clock.after(wait, () => {
      this.roomTimer = null;
      this.lastRoomAt = this.deps.clock.now();
      if (!this.roomDirty) return;
      this.roomDirty = false;
      this.deps.outbound.toPhones(this.id, "results:room", this.roomResults());
    });
  }

  private resultsChanged(): void {
    this.resultsDirty = true;
    this.scheduleFlush();
  }

  private pulseChanged(): void {
    this.pulseDirty = true;
    this.scheduleFlush();
  }

  private presenceChanged(): void {
    this.room.presenceChanged();
    this.presenceDirty = true;
    this.pulseChanged();
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    // Leading edge: a change after a quiet spell goes out at once; changes
    // during the next `coalesceMs` wait and go out together.
    const wait = Math.max(0, this.lastFlushAt + this.coalesceMs - this.deps.clock.now());
    this.flushTimer = this.deps.clock.after(wait, () => this.flush());
  }

  private flush(): void {
    this.flushTimer = null;
    this.lastFlushAt = this.deps.clock.now();
    let pulse: Pulse | undefined;
    let display = false;
    if (this.pulseDirty) {
      this.pulseDirty = false;
      pulse = this.currentPulse();
      this.deps.outbound.toConsoles(this.id, "pulse:update", { sessionId: this.id, pulse });
      display = this.displayShows === "pulse";
    }
    if (this.resultsDirty) {
      this.resultsDirty = false;
      const results = this.answers.results();
      if (results) this.deps.outbound.toConsoles(this.id, "results:update", { sessionId: this.id, results });
      if (this.prompt?.revealed) {
        this.roomChanged();
        display = true;
      }
    }
    if (this.presenceDirty) {
      this.presenceDirty = false;
      display = true;
    }
    if (display) this.publishDisplay(pulse);
    if (this.arrivedUntold.size || this.departedUntold.size) {
      const arrived = [...this.arrivedUntold];
      this.peers.publish(this.id, { kind: "presence", node: this.peers.node, arrived, departed: [...this.departedUntold], where: this.room.whereOfPhones(arrived) });
      this.arrivedUntold.clear();
      this.departedUntold.clear();
      this.toldPeers = true;
    }
  }

  private tellPeersWhoIsHere(): void {
    this.arrivedUntold.clear();
    this.departedUntold.clear();
    const full = [...this.presence.keys()];
    this.peers.publish(this.id, { kind: "presence", node: this.peers.node, full, where: this.room.whereOfPhones(full, true) });
    this.toldPeers = this.localPresent > 0;
  }
}

function toWire(record: SessionRecord): WireRecord {
  return {
    id: record.id,
    title: record.title,
    status: record.status as SessionStatus,
    joinCode: record.joinCode,
    startedAt: record.startedAt?.getTime() ?? null,
    endedAt: record.endedAt?.getTime() ?? null,
  };
}

function fromWire(record: WireRecord): SessionRecord {
  return {
    ...record,
    startedAt: record.startedAt === null ? null : new Date(record.startedAt),
    endedAt: record.endedAt === null ? null : new Date(record.endedAt),
  };
}

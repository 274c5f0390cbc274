/**
 * The people in a cluster test, as real Socket.IO clients from Node that go
 * through nginx (or straight to a node) from a source address of their own:
 *
 * - `Phone` behaves like the participant page (app/j/[code]/ParticipantView.tsx):
 *   Socket.IO's default transports (long-polling, then the WebSocket upgrade,
 *   which is what needs sticky sessions), its own reconnection, the resume
 *   token sent on every handshake, and the page's outbox (lib/outbox.ts, the
 *   same pure code) deciding what to send and what each answer means, so
 *   an unanswered tap is sent again after a reconnect, with the same id.
 * - `FacilitatorConsole` is the console: signed in by cookie, it watches the
 *   session again after every reconnect and keeps the latest pulse.
 */
import http from "node:http";
import { randomUUID } from "node:crypto";
import { io, type Socket } from "socket.io-client";
import {
  NAMESPACES,
  PROTOCOL_VERSION,
  type ConnectErrorData,
  type ConsoleClientEvents,
  type ConsolePushes,
  type DisplayClientEvents,
  type DisplayPushes,
  type ParticipantClientEvents,
  type ParticipantPushes,
} from "../../lib/protocol/events.ts";
import { request, type AckOf, type RequestPayload } from "../../lib/protocol/registry.ts";
import type { CheckInSend } from "../../lib/protocol/schemas.ts";
import type {
  AnswerStored,
  AnswerValue,
  ConsoleSnapshot,
  DisplaySnapshot,
  ParticipantSnapshot,
  PromptResults,
  PromptView,
  SessionView,
} from "../../lib/protocol/views.ts";
import type { Ack } from "../../lib/protocol/errors.ts";
import type { ConsoleSilenceView, CueView, RoomReading, SilenceView, SupportRequestView } from "../../lib/protocol/room.ts";
import {
  addTap,
  createOutbox,
  due,
  nextWakeAt,
  outcomeOf,
  outboxStatus,
  restoreOutbox,
  setOnline,
  settle,
  toStored,
  type OutboxState,
  type OutboxStatus,
  type SendResult,
} from "../../lib/outbox.ts";
import type { Pulse } from "../../lib/pulse.ts";
import type { DeckItem } from "../../lib/library/deck.ts";
import type { Signal } from "../../lib/content.ts";
import { AUTH_COOKIE } from "../../server/auth/cookie.ts";
import { httpRequest } from "./cluster.ts";
import { waitUntil } from "./wait.ts";

type PhoneSocket = Socket<ParticipantPushes, ParticipantClientEvents>;
type ConsoleSocket = Socket<ConsolePushes, ConsoleClientEvents>;

/** As the participant page waits for a check-in's answer. */
const ANSWER_WAIT_MS = 5_000;

export interface ClientPlace {
  /** Where the client connects: nginx's origin, or a node's own URL. */
  url: string;
  /** The origin its page was served from (nginx's), sent as a browser would. */
  origin: string;
  /** Its source address on loopback: what nginx hashes. */
  address: string;
}

/** Socket.IO options that make a Node client come from `address`, over polling and over WebSocket alike. */
function fromAddress({ origin, address }: ClientPlace) {
  return {
    agent: new http.Agent({ localAddress: address }) as unknown as string,
    localAddress: address,
    extraHeaders: { origin },
  };
}

let phoneCounter = 0;

export class Phone {
  readonly name: string;
  private socket: PhoneSocket;
  private place: ClientPlace;
  private outbox: OutboxState = createOutbox(Date.now());
  private wake: ReturnType<typeof setTimeout> | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  resumeToken: string | null = null;
  /** Every snapshot this phone was sent, one per (re)connect. */
  readonly snapshots: ParticipantSnapshot[] = [];
  /** The prompt on screen. */
  prompt: PromptView | null = null;
  /** Every prompt put on screen (its id, null for none), in order, repeats removed. */
  readonly promptsShown: (string | null)[] = [];
  ended = false;
  /** Every check-in id tapped, in order. */
  readonly tapped: string[] = [];
  /** Ids the server answered "stored" for (a first write or a duplicate of one). */
  readonly acked = new Set<string>();
  /** When each id was tapped, and when its first "stored" came back (epoch ms). */
  readonly tappedAt = new Map<string, number>();
  readonly ackedAt = new Map<string, number>();
  /** "Stored" answers that said the id was stored before (a resend of a tap whose answer was lost). */
  duplicates = 0;
  /** Each error answer's code and the words the participant was given, once each. */
  readonly errorsSeen = new Set<string>();
  /** The outbox's status line (what the page shows under the palette), in order, repeats removed. */
  readonly statusShown: string[] = [];
  /** Answers that were not "stored": timeouts, disconnections and refusals by code. */
  readonly unanswered: Record<string, number> = {};
  /** How often the connection dropped (not counting a close we asked for). */
  drops = 0;
  /** Handshakes the server refused, by code. */
  readonly refusals: string[] = [];
  /** The revealed results on screen (results:room), if any. */
  roomResults: PromptResults | null = null;
  /** The check-ins on screen: the snapshot's palette, then each palette:current. */
  palette: Signal[] = [];
  /** The held silence on screen (the snapshot's, then each silence:current), if any. */
  silence: SilenceView | null = null;
  /** Every support:seen this phone was told, in order. */
  readonly supportSeen: { requestId: string; done: boolean }[] = [];
  /** The name of every push this phone's sockets heard, in order (what a phone must never hear). */
  readonly heard: string[] = [];

  constructor(
    place: ClientPlace,
    private readonly code: string,
    private readonly transports: ("polling" | "websocket")[] = ["polling", "websocket"],
  ) {
    this.place = place;
    phoneCounter += 1;
    this.name = `phone ${phoneCounter} (${place.address})`;
    this.socket = this.open();
  }

  private open(): PhoneSocket {
    const socket: PhoneSocket = io(this.place.url + NAMESPACES.participant, {
      ...fromAddress(this.place),
      transports: this.transports,
      forceNew: true,
      // The page's Socket.IO reconnects on its own; shorter waits keep the test short.
      reconnectionDelay: 250,
      reconnectionDelayMax: 1_000,
      auth: (cb) => cb({ v: PROTOCOL_VERSION, code: this.code, ...(this.resumeToken ? { resumeToken: this.resumeToken } : {}) }),
    });
    socket.on("session:snapshot", (snapshot) => {
      this.snapshots.push(snapshot);
      this.resumeToken = snapshot.resumeToken;
      this.palette = snapshot.palette;
      this.silence = snapshot.silence;
      this.show(snapshot.prompt);
      this.outbox = setOnline(this.outbox, true);
      this.pump();
    });
    socket.on("prompt:current", (prompt) => this.show(prompt));
    socket.on("palette:current", (palette) => {
      this.palette = palette;
    });
    socket.on("results:room", (revealed) => {
      this.roomResults = revealed?.results ?? null;
    });
    socket.on("silence:current", (silence) => {
      this.silence = silence;
    });
    socket.on("support:seen", (seen) => {
      this.supportSeen.push(seen);
    });
    socket.onAny((event: string) => this.heard.push(event));
    socket.on("session:ended", () => {
      this.ended = true;
      socket.disconnect();
    });
    socket.on("disconnect", (reason) => {
      this.outbox = setOnline(this.outbox, false);
      this.noteStatus();
      if (reason !== "io client disconnect") this.drops += 1;
    });
    socket.on("connect_error", (err) => {
      const data = (err as Error & { data?: ConnectErrorData }).data;
      if (!data) return; // the transport failed: Socket.IO tries again on its own
      this.refusals.push(data.code);
      // Refused for now (a rate limit, a hiccup): the page asks again shortly.
      if (data.code !== "SESSION_NOT_LIVE" && data.code !== "CODE_NOT_FOUND" && data.code !== "OUTDATED") {
        clearTimeout(this.retry);
        this.retry = setTimeout(() => !this.closed && socket.connect(), 1_000);
      }
    });
    return socket;
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** Taps not yet stored: waiting, or sent and unanswered. */
  get waiting(): number {
    return this.outbox.pending.length;
  }

  /** The outbox's status as the participant page shows it now. */
  status(now = Date.now()): OutboxStatus {
    return outboxStatus(this.outbox, now);
  }

  /** The node's address nginx hashes for this phone now. */
  get address(): string {
    return this.place.address;
  }

  private show(prompt: PromptView | null): void {
    this.prompt = prompt;
    if (this.promptsShown.length === 0 || this.promptsShown.at(-1) !== (prompt?.id ?? null)) this.promptsShown.push(prompt?.id ?? null);
  }

  private noteStatus(): void {
    const { message } = this.status();
    if (message && this.statusShown.at(-1) !== message) this.statusShown.push(message);
  }

  /** Resolves with the next snapshot (the first one, or the next after a reconnect). */
  async nextSnapshot(timeoutMs = 15_000): Promise<ParticipantSnapshot> {
    const before = this.snapshots.length;
    await waitUntil(() => this.snapshots.length > before, { timeoutMs, what: `a snapshot on ${this.name}`, seen: () => this.describe() });
    return this.snapshots.at(-1)!;
  }

  async joined(timeoutMs = 15_000): Promise<ParticipantSnapshot> {
    if (this.snapshots.length === 0) await this.nextSnapshot(timeoutMs);
    return this.snapshots.at(-1)!;
  }

  /** Any phone request, on the current connection (where:set, silence:more, support:ask …). */
  request<E extends keyof ParticipantClientEvents & string>(event: E, payload: RequestPayload<ParticipantClientEvents[E]>): Promise<AckOf<ParticipantClientEvents[E]>> {
    return request(this.socket, event, payload);
  }

  /** Answers the open prompt (as the page does: a secret of its own per prompt, kept across retries). */
  answer(promptId: string, secret: string, answer: AnswerValue): Promise<Ack<AnswerStored>> {
    return request(this.socket, "answer:send", { promptId, secret, answer });
  }

  /** A tap on the palette: into the outbox, which sends it when it may. */
  tap(signal: string): string {
    const id = randomUUID();
    const now = Date.now();
    this.tapped.push(id);
    this.tappedAt.set(id, now);
    this.outbox = addTap(this.outbox, { id, signal, tappedAt: now }, now);
    this.pump();
    return id;
  }

  /** Sends what is due, then sleeps until the outbox has more to send. */
  private pump(): void {
    clearTimeout(this.wake);
    if (this.closed) return;
    const now = Date.now();
    const { state, send } = due(this.outbox, now);
    this.outbox = state;
    for (const payload of send) void this.send(this.socket, payload).then((result) => this.answered(payload.id, result));
    this.noteStatus();
    const at = nextWakeAt(this.outbox, now);
    if (at !== null) this.wake = setTimeout(() => this.pump(), at - now);
  }

  private send(socket: PhoneSocket, payload: CheckInSend): Promise<SendResult> {
    if (!socket.connected) return Promise.resolve("disconnected");
    return new Promise((resolve) => {
      socket.timeout(ANSWER_WAIT_MS).emit("checkin:send", payload, (err, ack) => {
        resolve(err ? (socket.connected ? "timeout" : "disconnected") : ack);
      });
    });
  }

  private answered(id: string, result: SendResult): void {
    if (this.closed) return;
    if (typeof result !== "string" && result.ok) {
      this.acked.add(id);
      if (!this.ackedAt.has(id)) this.ackedAt.set(id, Date.now());
      if (result.data.duplicate) this.duplicates += 1;
    } else {
      const key = typeof result === "string" ? result : result.error.code;
      this.unanswered[key] = (this.unanswered[key] ?? 0) + 1;
      if (typeof result !== "string") this.errorsSeen.add(`${result.error.code}: ${result.error.message}`);
    }
    this.outbox = settle(this.outbox, id, result, Date.now());
    const outcome = outcomeOf(result);
    if (outcome === "drop-all") this.ended = true;
    else if (outcome === "reconnect" && this.socket.connected) {
      this.socket.disconnect();
      this.socket.connect();
    }
    this.pump();
  }

  /**
   * A reload: the page and its socket go, and a new page comes back with what
   * it kept (the resume token and the stored outbox) on a new connection.
   */
  async reload(): Promise<ParticipantSnapshot> {
    clearTimeout(this.wake);
    clearTimeout(this.retry);
    const old = this.socket;
    old.removeAllListeners();
    old.disconnect();
    this.outbox = restoreOutbox(toStored(this.outbox), Date.now());
    const before = this.snapshots.length;
    this.socket = this.open();
    await waitUntil(() => this.snapshots.length > before, { timeoutMs: 15_000, what: `${this.name} back after a reload` });
    return this.snapshots.at(-1)!;
  }

  /**
   * The phone loses its network: its connection goes (the page stays, with
   * its outbox in memory) and taps wait on the phone until `backOnline`.
   */
  goOffline(): void {
    clearTimeout(this.wake);
    clearTimeout(this.retry);
    const old = this.socket;
    old.removeAllListeners();
    old.disconnect();
    this.outbox = setOnline(this.outbox, false);
    this.noteStatus();
  }

  /**
   * Back on a network, from `address` (another network: nginx may send it to
   * another node); resolves with the snapshot of the new connection.
   */
  async backOnline(address: string): Promise<ParticipantSnapshot> {
    if (this.socket.connected) throw new Error(`${this.name} is online already`);
    this.place = { ...this.place, address };
    const before = this.snapshots.length;
    this.socket = this.open();
    await waitUntil(() => this.snapshots.length > before, { timeoutMs: 15_000, what: `${this.name} back online from ${address}`, seen: () => this.describe() });
    return this.snapshots.at(-1)!;
  }

  describe(): string {
    return `${this.name}: connected=${this.socket.connected} snapshots=${this.snapshots.length} tapped=${this.tapped.length} acked=${this.acked.size} waiting=${this.waiting} drops=${this.drops} unanswered=${JSON.stringify(this.unanswered)} duplicates=${this.duplicates} refusals=${this.refusals.join(",")}`;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.wake);
    clearTimeout(this.retry);
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }
}

/** The facilitator's console: watches its session on every (re)connect and keeps what it is sent. */
export class FacilitatorConsole {
  private readonly socket: ConsoleSocket;
  pulse: Pulse | null = null;
  session: SessionView | null = null;
  prompt: PromptView | null = null;
  /** The open prompt's results as the console last heard them. */
  results: PromptResults | null = null;
  /** The session's deck as the console last heard it. */
  deck: DeckItem[] = [];
  /** The session's palette and checklist as the console last heard them. */
  palette: Signal[] = [];
  checklist: string[] = [];
  /** Reading the room as the console last heard it: the radar and the weather, the held silence, support requests, cues received. */
  reading: RoomReading | null = null;
  silence: ConsoleSilenceView | null = null;
  support: SupportRequestView[] = [];
  readonly cues: CueView[] = [];
  private readonly presentLog: { at: number; present: number }[] = [];
  /** Times it (re)connected and watched. */
  watches = 0;
  drops = 0;
  /** Why the server closed it, when it did ("io server disconnect"), and whether it was told its access ended first. */
  closedBy: string | null = null;
  accessEnded = false;

  constructor(
    place: ClientPlace,
    cookie: string,
    private readonly sessionId: string,
  ) {
    this.socket = io(place.url + NAMESPACES.console, {
      ...fromAddress(place),
      extraHeaders: { origin: place.origin, cookie },
      forceNew: true,
      reconnectionDelay: 250,
      reconnectionDelayMax: 1_000,
      auth: { v: PROTOCOL_VERSION },
    });
    this.socket.on("connect", () => {
      void request(this.socket, "session:watch", { sessionId }).then((ack) => {
        if (!ack.ok) return;
        this.watched(ack.data);
      });
    });
    this.socket.on("disconnect", (reason) => {
      if (reason !== "io client disconnect") this.drops += 1;
      if (reason === "io server disconnect") this.closedBy = reason;
    });
    this.socket.on("access:ended", ({ sessionId: id }) => {
      if (id === sessionId) this.accessEnded = true;
    });
    this.socket.on("pulse:update", ({ sessionId: id, pulse }) => {
      if (id === sessionId) this.seen(pulse);
    });
    this.socket.on("session:state", (session) => {
      if (session.id === sessionId) this.session = session;
    });
    this.socket.on("prompt:current", ({ sessionId: id, prompt }) => {
      if (id === sessionId) this.prompt = prompt;
    });
    this.socket.on("results:update", ({ sessionId: id, results }) => {
      if (id === sessionId) this.results = results;
    });
    this.socket.on("deck:current", ({ sessionId: id, deck }) => {
      if (id === sessionId) this.deck = deck;
    });
    this.socket.on("palette:current", ({ sessionId: id, palette }) => {
      if (id === sessionId) this.palette = palette;
    });
    this.socket.on("session:prepared", ({ sessionId: id, checklist }) => {
      if (id === sessionId) this.checklist = checklist;
    });
    this.socket.on("room:reading", ({ sessionId: id, reading }) => {
      if (id === sessionId) this.reading = reading;
    });
    this.socket.on("silence:current", ({ sessionId: id, silence }) => {
      if (id === sessionId) this.silence = silence;
    });
    this.socket.on("support:current", ({ sessionId: id, requests }) => {
      if (id === sessionId) this.support = requests;
    });
    this.socket.on("cue:received", ({ sessionId: id, cue }) => {
      if (id === sessionId) this.cues.push(cue);
    });
  }

  private watched(snapshot: ConsoleSnapshot): void {
    this.watches += 1;
    this.session = snapshot.session;
    this.prompt = snapshot.prompt;
    this.results = snapshot.results;
    this.deck = snapshot.deck;
    this.palette = snapshot.palette;
    this.checklist = snapshot.checklist;
    this.reading = snapshot.reading;
    this.silence = snapshot.silence;
    this.support = snapshot.support;
    this.seen(snapshot.pulse);
  }

  private seen(pulse: Pulse): void {
    this.pulse = pulse;
    this.presentLog.push({ at: Date.now(), present: pulse.present });
  }

  /** The present counts the console showed since `since` (epoch ms), in order, repeats removed. */
  presentShownSince(since: number): number[] {
    return this.presentLog.filter((e) => e.at >= since).map((e) => e.present).filter((n, i, all) => i === 0 || all[i - 1] !== n);
  }

  /** Resolves once connected and watching. */
  async ready(timeoutMs = 15_000): Promise<void> {
    await waitUntil(() => this.watches > 0, { timeoutMs, what: "the console watching its session" });
  }

  request<E extends keyof ConsoleClientEvents & string>(event: E, payload: RequestPayload<ConsoleClientEvents[E]>): Promise<AckOf<ConsoleClientEvents[E]>> {
    return request(this.socket, event, payload);
  }

  /** Waits until the console's pulse shows what `test` wants. */
  async pulseWhere(test: (pulse: Pulse) => boolean, what: string, timeoutMs = 15_000): Promise<number> {
    return waitUntil(() => this.pulse !== null && test(this.pulse), {
      timeoutMs,
      what: `the console's pulse: ${what}`,
      seen: () => JSON.stringify({ present: this.pulse?.present, totalCount: this.pulse?.totalCount, watches: this.watches }),
    });
  }

  get sessionIdWatched(): string {
    return this.sessionId;
  }

  close(): void {
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }
}

/** A room display opened with the facilitator's sign-in, through `place`: the latest snapshot it was sent. */
export class RoomDisplay {
  private readonly socket: Socket<DisplayPushes, DisplayClientEvents>;
  snapshot: DisplaySnapshot | null = null;
  /** The name of every push this display heard, in order (what the room display must never hear). */
  readonly heard: string[] = [];

  constructor(place: ClientPlace, cookie: string, sessionId: string) {
    this.socket = io(place.url + NAMESPACES.display, {
      ...fromAddress(place),
      extraHeaders: { origin: place.origin, cookie },
      forceNew: true,
      reconnectionDelay: 250,
      reconnectionDelayMax: 1_000,
      auth: { v: PROTOCOL_VERSION },
    });
    this.socket.on("connect", () => {
      void request(this.socket, "display:watch", { sessionId }).then((ack) => {
        if (ack.ok) this.snapshot = ack.data;
      });
    });
    this.socket.on("display:snapshot", (snapshot) => {
      this.snapshot = snapshot;
    });
    this.socket.onAny((event: string) => this.heard.push(event));
  }

  close(): void {
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }
}

const PASSWORD = "a long enough password for the cluster";

/**
 * A facilitator signed up and a session created through nginx, by the app's
 * own JSON routes (from `place.address`, with the page's Origin): returns the
 * sign-in cookie and the draft session.
 */
export async function facilitatorWithSession(place: ClientPlace, title: string): Promise<{ cookie: string; session: SessionView }> {
  const json = { origin: place.origin, "content-type": "application/json" };
  const signUp = await httpRequest(`${place.url}/api/auth/signup`, {
    method: "POST",
    headers: json,
    localAddress: place.address,
    body: JSON.stringify({ email: `trainer-${randomUUID()}@example.org`, password: PASSWORD }),
  });
  if (signUp.status !== 201) throw new Error(`sign-up through nginx: ${signUp.status} ${signUp.body}`);
  const setCookie = ([] as string[]).concat(signUp.headers["set-cookie"] ?? []);
  const token = setCookie.map((c) => new RegExp(`^${AUTH_COOKIE}=([^;]+)`).exec(c)?.[1]).find(Boolean);
  if (!token) throw new Error(`sign-up set no ${AUTH_COOKIE} cookie: ${setCookie.join(" | ")}`);
  const cookie = `${AUTH_COOKIE}=${token}`;
  const created = await httpRequest(`${place.url}/api/sessions`, {
    method: "POST",
    headers: { ...json, cookie },
    localAddress: place.address,
    body: JSON.stringify({ title }),
  });
  if (created.status !== 201) throw new Error(`creating a session through nginx: ${created.status} ${created.body}`);
  return { cookie, session: (JSON.parse(created.body) as { data: SessionView }).data };
}

/**
 * "I need support" and the cues facilitators send each other (issue 9): a
 * live session's collaborator, in memory only. Neither is ever written to
 * the database (docs/security.md): a support request lives while it is open,
 * a cue for ten minutes, and both vanish with the process.
 *
 * A support request reaches the session's consoles (owner and
 * co-facilitators) and nobody else; the asking phone alone hears that it was
 * seen or dealt with, on its own socket (Socket.IO names a channel after
 * every socket's id). The participant id is held beside the request, in
 * memory, only so a phone has at most one open request, finds it again after
 * a reload, and its request drops a while after it has left.
 *
 * Several nodes: every node holds every open request (peers are told of each
 * change), so each node's consoles list them; a change told to the asking
 * socket is sent by every node, and only the node that holds that socket
 * delivers it.
 */
import { AppError } from "../../lib/protocol/errors.ts";
import type { CueView, SupportRequestView } from "../../lib/protocol/room.ts";
import { newId } from "../auth/tokens.ts";
import type { Clock, Timer } from "./clock.ts";
import type { LiveOutbound } from "./outbound.ts";
import type { LivePeers } from "./peers.ts";

/** How long a request whose phone has gone waits for it to come back before it drops. */
export const SUPPORT_DROP_MS = 10 * 60_000;
/** Cues kept for a console that opens later: the last CUES_KEPT of the last CUES_KEPT_MS. */
export const CUES_KEPT = 10;
export const CUES_KEPT_MS = 10 * 60_000;
/** Cues one facilitator may send per minute (a cue is a nudge, not a chat). */
export const CUES_PER_MINUTE = 10;

export type SupportPeerEvent =
  | { kind: "support"; change: "asked"; request: SupportRequestView; participantId: string; socketId: string | null }
  | { kind: "support"; change: "handled"; requestId: string; done: boolean }
  | { kind: "support"; change: "withdrawn"; requestId: string }
  /** The asking phone left (socketId null) or came back on a new socket. */
  | { kind: "support"; change: "socket"; requestId: string; socketId: string | null }
  | { kind: "cue"; cue: CueView; exceptSocketId: string };

export interface LiveSupportDeps {
  clock: Clock;
  outbound: LiveOutbound;
  peers: LivePeers;
  /** Whether the session is live (nobody asks an ended session for support). */
  live: () => boolean;
}

interface Held {
  view: SupportRequestView;
  participantId: string;
  /** The asking phone's socket, or null once it has left. */
  socketId: string | null;
  drop: Timer | null;
}

export class LiveSupport {
  /** Open requests by id, oldest first. */
  private readonly requests = new Map<string, Held>();
  private cues: CueView[] = [];
  private readonly sentCues = new Map<string, number[]>();

  constructor(
    private readonly sessionId: string,
    private readonly deps: LiveSupportDeps,
  ) {}

  // ---- phones ------------------------------------------------------------------------

  /** A phone asks for support; asking again replaces its open request. */
  ask(ask: { participantId: string; socketId: string; findMe: string | null }): { requestId: string } {
    if (!this.deps.live()) throw new AppError("SESSION_NOT_LIVE", "This session has ended.");
    const before = this.ofParticipant(ask.participantId);
    if (before) this.remove(before.view.id);
    const view: SupportRequestView = { id: newId(), at: this.deps.clock.now(), findMe: ask.findMe, seen: false };
    this.keep({ view, participantId: ask.participantId, socketId: ask.socketId, drop: null });
    if (before) this.deps.peers.publish(this.sessionId, { kind: "support", change: "withdrawn", requestId: before.view.id });
    this.deps.peers.publish(this.sessionId, { kind: "support", change: "asked", request: view, participantId: ask.participantId, socketId: ask.socketId });
    this.changed();
    return { requestId: view.id };
  }

  /** The phone withdraws its request (only its own: another phone's id changes nothing). */
  cancel(participantId: string, requestId: string): null {
    const held = this.requests.get(requestId);
    if (held?.participantId !== participantId) return null;
    this.withdraw(requestId);
    return null;
  }

  /** The phone's open request after a reload, now told on this socket; null when it has none. */
  mine(participantId: string, socketId: string): { requestId: string; seen: boolean } | null {
    const held = this.ofParticipant(participantId);
    if (!held) return null;
    this.rebind(held, socketId);
    this.deps.peers.publish(this.sessionId, { kind: "support", change: "socket", requestId: held.view.id, socketId });
    return { requestId: held.view.id, seen: held.view.seen };
  }

  /** A phone's socket closed: its request waits SUPPORT_DROP_MS for the phone to come back. */
  left(socketId: string): void {
    for (const held of this.requests.values()) {
      if (held.socketId !== socketId) continue;
      this.rebind(held, null);
      this.deps.peers.publish(this.sessionId, { kind: "support", change: "socket", requestId: held.view.id, socketId: null });
    }
  }

  // ---- consoles ------------------------------------------------------------------------

  /** Open requests, oldest first. */
  get open(): SupportRequestView[] {
    return [...this.requests.values()].map((held) => held.view);
  }

  /** Seen (the phone is told), or done (it leaves the list, and the phone is told). Already gone: the list as it is. */
  handle(requestId: string, done: boolean): SupportRequestView[] {
    if (this.requests.has(requestId)) {
      this.deps.peers.publish(this.sessionId, { kind: "support", change: "handled", requestId, done });
      this.applyHandled(requestId, done);
    }
    return this.open;
  }

  /** A short private cue to every other console of the session, on every node. */
  cue(send: { facilitatorId: string; fromName: string; fromRole: "owner" | "co"; text: string; socketId: string }): CueView {
    const now = this.deps.clock.now();
    const sent = (this.sentCues.get(send.facilitatorId) ?? []).filter((at) => at > now - 60_000);
    if (sent.length >= CUES_PER_MINUTE) throw new AppError("RATE_LIMITED", "That is a lot of cues at once. Wait a moment before sending another.");
    sent.push(now);
    this.sentCues.set(send.facilitatorId, sent);
    const cue: CueView = { id: newId(), at: now, fromName: send.fromName, fromRole: send.fromRole, text: send.text };
    this.deps.peers.publish(this.sessionId, { kind: "cue", cue, exceptSocketId: send.socketId });
    this.received(cue, send.socketId);
    return cue;
  }

  /** Cues of the last CUES_KEPT_MS, at most CUES_KEPT, oldest first. */
  get recentCues(): CueView[] {
    const since = this.deps.clock.now() - CUES_KEPT_MS;
    this.cues = this.cues.filter((cue) => cue.at > since);
    return this.cues;
  }

  // ---- other nodes -----------------------------------------------------------------------

  fromPeer(event: SupportPeerEvent): void {
    if (event.kind === "cue") return this.received(event.cue, event.exceptSocketId);
    switch (event.change) {
      case "asked": {
        const known = this.requests.get(event.request.id);
        if (known) known.view = event.request;
        else this.keep({ view: event.request, participantId: event.participantId, socketId: null, drop: null });
        this.rebind(this.requests.get(event.request.id)!, event.socketId);
        this.changed();
        return;
      }
      case "handled":
        this.applyHandled(event.requestId, event.done);
        return;
      case "withdrawn":
        if (this.remove(event.requestId)) this.changed();
        return;
      case "socket": {
        const held = this.requests.get(event.requestId);
        if (held) this.rebind(held, event.socketId);
        return;
      }
    }
  }

  /** A node has just loaded the session: it is told of every open request. */
  helloFromPeer(): void {
    for (const { view, participantId, socketId } of this.requests.values()) {
      this.deps.peers.publish(this.sessionId, { kind: "support", change: "asked", request: view, participantId, socketId });
    }
  }

  dispose(): void {
    for (const held of this.requests.values()) held.drop?.cancel();
  }

  // ---- inside ------------------------------------------------------------------------------

  private ofParticipant(participantId: string): Held | undefined {
    for (const held of this.requests.values()) if (held.participantId === participantId) return held;
    return undefined;
  }

  private keep(held: Held): void {
    this.requests.set(held.view.id, held);
  }

  /** Gone from the list; true when it was there. */
  private remove(requestId: string): boolean {
    const held = this.requests.get(requestId);
    if (!held) return false;
    held.drop?.cancel();
    return this.requests.delete(requestId);
  }

  private withdraw(requestId: string): void {
    if (!this.remove(requestId)) return;
    this.deps.peers.publish(this.sessionId, { kind: "support", change: "withdrawn", requestId });
    this.changed();
  }

  /** The asking phone's socket now (null: it has left, and the request waits SUPPORT_DROP_MS for it). */
  private rebind(held: Held, socketId: string | null): void {
    held.socketId = socketId;
    held.drop?.cancel();
    held.drop = socketId === null ? this.deps.clock.after(SUPPORT_DROP_MS, () => this.withdraw(held.view.id)) : null;
  }

  private applyHandled(requestId: string, done: boolean): void {
    const held = this.requests.get(requestId);
    if (!held) return;
    if (done) this.remove(requestId);
    else held.view = { ...held.view, seen: true };
    if (held.socketId) this.deps.outbound.toPhoneSocket(held.socketId, "support:seen", { requestId, done });
    this.changed();
  }

  private received(cue: CueView, exceptSocketId: string): void {
    if (this.cues.some((c) => c.id === cue.id)) return;
    this.cues = [...this.recentCues, cue].slice(-CUES_KEPT);
    this.deps.outbound.toConsolesExcept(this.sessionId, exceptSocketId, "cue:received", { sessionId: this.sessionId, cue });
  }

  private changed(): void {
    this.deps.outbound.toConsoles(this.sessionId, "support:current", { sessionId: this.sessionId, requests: this.open });
  }
}

/** Support requests a participant may send (replacing one counts): 3 per 10 minutes. */
export const SUPPORT_ASK_WINDOW = { points: 3, seconds: 600 } as const;

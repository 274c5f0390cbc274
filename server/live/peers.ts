/**
 * The other nodes serving the same sessions. With several nodes behind a load
 * balancer, a session's console, phones and room display may sit on different
 * nodes; each node holds its own replica of the live session, applies the
 * commands it receives (persisted with conditional writes), and tells its
 * peers what happened. Every node then speaks to its own sockets only.
 *
 * What crosses between nodes: state changes (started, ended, a prompt pushed,
 * revealed or closed), newly stored check-ins and answers (batched every few
 * tens of ms), moderation, what the room display shows, and each
 * node's present participants (changes as they happen, everyone as a
 * heartbeat, so a node that dies stops counting within seconds, and a phone
 * that moved from it to another node counts once meanwhile).
 */
import type { DeckItem } from "../../lib/library/deck.ts";
import type { StoredAnswer } from "../../lib/answers.ts";
import type { DisplayShows, PromptView, SessionStatus } from "../../lib/protocol/views.ts";
import type { Signal } from "../../lib/content.ts";
import type { Prepared } from "../domain/palette.ts";
import type { HeldSilence } from "./live-silence.ts";
import type { SupportPeerEvent } from "./live-support.ts";
import type { RoomPeerEvent } from "./live-room.ts";
import type { Where } from "../../lib/protocol/room.ts";

/** A session record as it crosses the wire (dates as epoch ms). */
export interface WireRecord {
  id: string;
  title: string;
  status: SessionStatus;
  joinCode: string | null;
  startedAt: number | null;
  endedAt: number | null;
}

export type PeerEvent =
  | { kind: "state"; change: "started" | "ended" | "prompt"; record: WireRecord; prompt: PromptView | null; at: number }
  /**
   * Newly stored check-ins: [client id, signal, at, phone, where]. The phone is
   * the participant id (memory only, never stored), so every node's radar and
   * weather count a phone once, and per group.
   */
  | { kind: "checkins"; taps: PeerTap[] }
  /**
   * Who is present through this node: everyone (`full`, as a heartbeat) or
   * who arrived and left since last time. Participant ids only: random, never
   * stored with anything a participant sends.
   */
  | { kind: "presence"; node: string; full?: string[]; arrived?: string[]; departed?: string[]; where?: [string, Where | null][] }
  /** A node has just loaded the session: peers answer with their presence. */
  | { kind: "hello"; node: string }
  /** Newly stored (or changed) answers to the open prompt, by answer id: no secret, no phone. */
  | { kind: "answers"; promptId: string; answers: StoredAnswer[] }
  /** An answer hidden or highlighted on the sending node. */
  | { kind: "moderated"; promptId: string; answerId: string; hidden: boolean; highlighted: boolean }
  /** What the room display shows, changed on the sending node. */
  | { kind: "shows"; shows: DisplayShows; at: number }
  /** The palette, or the note and checklist, after a change made on the sending node (server/live/live-palette.ts). */
  | { kind: "palette"; palette: Signal[]; at: number }
  | { kind: "prepared"; prepared: Prepared; at: number }
  /** The session's deck after a change made on the sending node (lib/library/deck.ts). */
  | { kind: "deck"; deck: DeckItem[]; at: number }
  /** The held silence started, extended or ended (null) on the sending node (server/live/live-silence.ts). */
  | { kind: "silence"; silence: HeldSilence | null; at: number }
  /** Participant ids that asked for more time during the silence that started at `startedAt` (memory only, never stored). */
  | { kind: "silence-more"; startedAt: number; ids: string[] }
  /** Support requests and facilitator cues (server/live/live-support.ts): in memory on every node, never stored. */
  | SupportPeerEvent
  /** Reading the room: settings, dismissals, a phone's cleared state (server/live/live-room.ts). */
  | RoomPeerEvent;

/** A check-in as it crosses to the peers: [client id, signal, at, phone, where]. */
export type PeerTap = [string, string, number, string, Where | null];

export interface LivePeers {
  /** This node's name among its peers. */
  readonly node: string;
  /** Tells every other node (never this one). */
  publish(sessionId: string, event: PeerEvent): void;
}

/** One node alone: nobody to tell. */
export const loneNode: LivePeers = { node: "lone", publish() {} };

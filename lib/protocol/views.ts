/** What each audience is sent: views built by the server, never echoed payloads. */
import type { Signal, TechniqueKey } from "../content";
import type { Shown } from "../anonymity";
import type { Pulse } from "../pulse";
import type { DeckItem } from "../library/deck";
import type { ConsoleSilenceView, CueView, MyState, RoomReading, RoomReadingSettings, SilenceView, SupportRequestView } from "./room";

export type SessionStatus = "draft" | "live" | "ended";

/** What a participant does with a prompt: read it, write, place themselves on a scale, or pick. */
export type PromptKind = "script" | "reflection" | "scale" | "choice";

export interface PromptView {
  id: string;
  kind: PromptKind;
  technique: TechniqueKey | null;
  title: string;
  body: string;
  /** A scale's end labels (it runs SCALE_MIN..SCALE_MAX, lib/library/limits.ts); null for other kinds. */
  labels: { low: string; high: string } | null;
  /** A choice's options, in order (answers name an option by its index); null for other kinds. */
  options: string[] | null;
  /** Whether the facilitator has revealed the results to the room. */
  revealed: boolean;
  pushedAt: number;
}

/**
 * One phone's answer to a prompt. Every kind can be passed: permission not
 * to answer is part of the method, and passes are counted.
 */
export type AnswerValue = { pass: true } | { text: string } | { value: number } | { option: number };

/** A reflection's answer on the console's wall: no phone, no participant, just the words. */
export interface WallAnswer {
  id: string;
  text: string;
  hidden: boolean;
  highlighted: boolean;
  at: number;
}

/**
 * The results of one prompt. The console gets every field (hidden answers
 * flagged); the room display gets `roomResults()` of it: revealed only, hidden
 * answers left out.
 */
export interface PromptResults {
  promptId: string;
  kind: PromptKind;
  /** Phones that answered (passes not included). */
  answered: number;
  passed: number;
  /** Scale: how many chose each point, SCALE_MIN first; choice: how many chose each option; else []. */
  counts: number[];
  /** Reflection: the answers, newest first; else []. */
  wall: WallAnswer[];
  /**
   * Set once k has been applied (lib/answers.ts `withK`): how each figure may
   * be shown. A figure not shown as a number is 0 in the plain fields above,
   * so nothing below k is in the payload.
   */
  shown?: ResultsShown;
}

/** The figures of results with k applied (lib/anonymity.ts `showParts`). */
export interface ResultsShown {
  k: number;
  answered: Shown;
  passed: Shown;
  /** One per scale point or choice option. */
  counts: Shown[];
  /** A reflection's wall is withheld from the room until at least k answers can be seen on it. */
  waiting: boolean;
}

/** The ack of `answer:send`: stored (or, with the same secret and value, already stored). */
export interface AnswerStored {
  promptId: string;
  /** True when this secret had already sent this very answer (a retry): nothing changed. */
  duplicate: boolean;
}

/** What the room display shows beside the join code and the prompt. */
export type DisplayShows = "prompt" | "pulse" | "results";

/** The console's view of a session. */
export interface SessionView {
  id: string;
  title: string;
  status: SessionStatus;
  joinCode: string | null;
  /** The join link's key, `/j/CODE?k=KEY`; null unless live. */
  joinKey: string | null;
  startedAt: number | null;
  endedAt: number | null;
}

/** Where phones join: the address in the link, the QR code and "go to …/join". */
export interface JoinAddress {
  origin: string;
  /** False when it is this computer's own loopback address, which no phone can reach. */
  reachable: boolean;
}

/** Who is running a session: its owner, or a co-facilitator the owner invited. */
export type ConsoleRole = "owner" | "co";

/**
 * Who else has this session: its owner and co-facilitators (by email: they
 * run it together), and whether a room display link is out. The link's secret
 * is never in it: only its hash is stored, so it is shown once, when made.
 */
export interface TeamView {
  owner: { email: string };
  coFacilitators: { id: string; email: string; addedAt: number }[];
  /**
   * Which room display link is out, as a short tag derived from its stored
   * hash (it tells links apart, and opens nothing); null when there is none.
   */
  displayLink: string | null;
}

/** A co-facilitator invitation, as made: the token is shown once and stored only as a hash. */
export interface InviteCreated {
  token: string;
  expiresAt: number;
}

export interface ConsoleSnapshot {
  /** Set per console by the server (the live session's snapshot is the same for every console). */
  role: ConsoleRole;
  session: SessionView;
  palette: Signal[];
  prompt: PromptView | null;
  pulse: Pulse;
  /** The open prompt's results, every answer (hidden ones flagged); null without a prompt that takes answers. */
  results: PromptResults | null;
  displayShows: DisplayShows;
  /** The phones' welcome note as the facilitator wrote it; null: the catalogue's default words. */
  confidentialityNote: string | null;
  /** The ticked keys of the before-going-live checklist (lib/library/checklist.ts). */
  checklist: string[];
  /** Reading the room (lib/protocol/room.ts): the radar and weather, k applied. */
  reading: RoomReading;
  roomSettings: RoomReadingSettings;
  silence: ConsoleSilenceView | null;
  support: SupportRequestView[];
  /** Cues received in the last few minutes, newest last. */
  cues: CueView[];
  /** The prompts arranged for this session, in order (lib/library/deck.ts). */
  deck: DeckItem[];
}

/** What a phone is sent on every (re)connect. */
export interface ParticipantSnapshot {
  session: { title: string; code: string; status: SessionStatus };
  palette: Signal[];
  prompt: PromptView | null;
  /** The welcome screen's note, as the facilitator wrote it (shown as text); null: the catalogue's default words. */
  confidentialityNote: string | null;
  /** Keep it to come back to this session after a reload; only its hash is stored. */
  resumeToken: string;
  /** A held silence, if one is running. */
  silence: SilenceView | null;
}

/** The room display: public to the room, so no individual data. */
export interface DisplaySnapshot {
  session: { title: string; code: string | null; joinKey: string | null; status: SessionStatus };
  prompt: PromptView | null;
  present: number;
  shows: DisplayShows;
  /** Only once revealed, and room-safe: hidden answers left out (lib/answers.ts `roomResults`). */
  results: PromptResults | null;
  /** Only when the facilitator shows the pulse. */
  pulse: Pulse | null;
  /** A held silence, if one is running: the breathing screen takes the stage. */
  silence: SilenceView | null;
}

export interface CheckInStored {
  id: string;
  /** True when this id had been stored already (a retry). */
  duplicate: boolean;
  /** This phone's own states after the tap (Need a break … with time left). */
  states?: MyState[];
}

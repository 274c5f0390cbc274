/**
 * The wire contract, one registry per namespace: every client→server request
 * with its payload schema and ack type, and every server→client push. The
 * server's `on()`, the clients' `request()`, Socket.IO's typed event maps and
 * the lists of offered events are derived from these, and nothing else.
 */
import type { Signal } from "../content";
import type { Pulse } from "../pulse";
import type { DeckItem } from "../library/deck";
import type { ErrorCode } from "./errors";
import { eventsOf, requestOf, type ClientEventsOf } from "./registry";
import {
  answerMineSchema,
  answerModerateSchema,
  answerSendSchema,
  checkInSendSchema,
  deckChangeRequestSchema,
  displayShowSchema,
  promptPushSchema,
  promptRevealSchema,
  sessionRefSchema,
  teamRemoveSchema,
} from "./schemas";
import { paletteSetSchema, sessionPrepareSchema } from "./schemas";
import {
  careDismissSchema,
  checkInClearSchema,
  cueSendSchema,
  momentDismissSchema,
  nothingSchema,
  roomConfigureSchema,
  silenceExtendSchema,
  silenceStartSchema,
  supportAskSchema,
  supportCancelSchema,
  supportHandleSchema,
  whereSetSchema,
  type ConsoleSilenceView,
  type CueView,
  type MyState,
  type RoomReading,
  type RoomReadingSettings,
  type SilenceView,
  type SupportRequestView,
  type Where,
} from "./room";
import type {
  AnswerStored,
  AnswerValue,
  CheckInStored,
  ConsoleSnapshot,
  DisplayShows,
  DisplaySnapshot,
  InviteCreated,
  JoinAddress,
  ParticipantSnapshot,
  PromptResults,
  PromptView,
  TeamView,
  SessionView,
  WallAnswer,
} from "./views";

// The handshake's constants live apart from the schemas, so a page that only
// connects does not download zod (lib/protocol/handshake.ts).
export { NAMESPACES, PROTOCOL_VERSION } from "./handshake";

// ---- /participant: phones ------------------------------------------------
export const participantRequests = {
  "checkin:send": requestOf(checkInSendSchema).returns<CheckInStored>(),
  /** Answers the open prompt (or changes this phone's answer: same secret). */
  "answer:send": requestOf(answerSendSchema).returns<AnswerStored>(),
  /** This phone's own answer to the open prompt (after a reload), or null. */
  "answer:mine": requestOf(answerMineSchema).returns<AnswerValue | null>(),
  // Reading the room (docs/protocol.md, "Reading the room"):
  /** In the room or joining remotely (optional, one tap; null: not saying). Kept in memory only. */
  "where:set": requestOf(whereSetSchema).returns<{ where: Where | null }>(),
  /** Ends one of this phone's own states (Need a break …); answers with the states it still holds. */
  "checkin:clear": requestOf(checkInClearSchema).returns<MyState[]>(),
  /** This phone's own states (after a reload). */
  "states:mine": requestOf(nothingSchema).returns<MyState[]>(),
  /** "Need more time" during a held silence: counted once per phone. */
  "silence:more": requestOf(nothingSchema).returns<{ asked: true }>(),
  /** "I need support": privately to the lead and co-facilitators. */
  "support:ask": requestOf(supportAskSchema).returns<{ requestId: string }>(),
  "support:cancel": requestOf(supportCancelSchema).returns<null>(),
  /** This phone's open support request (after a reload), or null: it was dealt with, dropped or never sent. */
  "support:mine": requestOf(nothingSchema).returns<{ requestId: string; seen: boolean } | null>(),
} as const;

export interface ParticipantPushes {
  "session:snapshot": (snapshot: ParticipantSnapshot) => void;
  "prompt:current": (prompt: PromptView | null) => void;
  /** The open prompt's revealed results, room-safe; null when they are hidden again or the prompt has gone. */
  "results:room": (payload: { promptId: string; results: PromptResults } | null) => void;
  "session:ended": () => void;
  /** The session's check-in palette changed: the buttons to show now. */
  "palette:current": (palette: Signal[]) => void;
  /** A held silence began, was extended, or ended (null). */
  "silence:current": (silence: SilenceView | null) => void;
  /** To the asking phone only: a facilitator has seen its support request (or dealt with it: done). */
  "support:seen": (payload: { requestId: string; done: boolean }) => void;
}

// ---- /facilitator: the console --------------------------------------------
export const consoleRequests = {
  "session:watch": requestOf(sessionRefSchema).returns<ConsoleSnapshot & { join: JoinAddress; team: TeamView }>(),
  "session:start": requestOf(sessionRefSchema).returns<SessionView>(),
  "session:end": requestOf(sessionRefSchema).returns<SessionView>(),
  "prompt:push": requestOf(promptPushSchema).returns<PromptView>(),
  "prompt:close": requestOf(sessionRefSchema).returns<null>(),
  // Palette and preparations (docs/protocol.md, "The palette and before going live"):
  "palette:set": requestOf(paletteSetSchema).returns<Signal[]>(),
  "session:prepare": requestOf(sessionPrepareSchema).returns<{ confidentialityNote: string | null; checklist: string[] }>(),
  "prompt:reveal": requestOf(promptRevealSchema).returns<PromptView>(),
  "answer:moderate": requestOf(answerModerateSchema).returns<WallAnswer>(),
  "display:show": requestOf(displayShowSchema).returns<{ shows: DisplayShows }>(),
  // Team (docs/protocol.md, "Co-facilitators and the display link"). Owner only:
  "team:invite": requestOf(sessionRefSchema).returns<InviteCreated>(),
  "team:remove": requestOf(teamRemoveSchema).returns<TeamView>(),
  // Owner or co-facilitator: a new link revokes the one before; its key is shown once.
  "display:link": requestOf(sessionRefSchema).returns<{ key: string; team: TeamView }>(),
  "display:unlink": requestOf(sessionRefSchema).returns<TeamView>(),
  // The deck: owner or co-facilitator, before going live and during.
  "deck:change": requestOf(deckChangeRequestSchema).returns<DeckItem[]>(),
  // Reading the room (docs/protocol.md, "Reading the room"):
  "room:configure": requestOf(roomConfigureSchema).returns<RoomReadingSettings>(),
  "moment:dismiss": requestOf(momentDismissSchema).returns<null>(),
  "care:dismiss": requestOf(careDismissSchema).returns<null>(),
  "silence:start": requestOf(silenceStartSchema).returns<ConsoleSilenceView>(),
  "silence:extend": requestOf(silenceExtendSchema).returns<ConsoleSilenceView>(),
  "silence:end": requestOf(sessionRefSchema).returns<null>(),
  /** Marks a support request seen (done: false) or dealt with (done: true, it leaves the list). */
  "support:handle": requestOf(supportHandleSchema).returns<SupportRequestView[]>(),
  /** A short private cue to the other facilitators' consoles (a co-facilitator to the lead). */
  "cue:send": requestOf(cueSendSchema).returns<CueView>(),
} as const;

export interface ConsolePushes {
  "session:state": (session: SessionView) => void;
  "prompt:current": (payload: { sessionId: string; prompt: PromptView | null }) => void;
  "pulse:update": (payload: { sessionId: string; pulse: Pulse }) => void;
  /** The session's palette changed (to every console of the session, the one that changed it included). */
  "palette:current": (payload: { sessionId: string; palette: Signal[] }) => void;
  /** The note or the checklist changed (to every console of the session). */
  "session:prepared": (payload: { sessionId: string; confidentialityNote: string | null; checklist: string[] }) => void;
  /** The open prompt's results, every answer (coalesced like the pulse). */
  "results:update": (payload: { sessionId: string; results: PromptResults }) => void;
  /** What the room display shows now (set from any console). */
  "display:shows": (payload: { sessionId: string; shows: DisplayShows }) => void;
  /** This browser was signed out (or its sign-in expired): the socket closes next. */
  "auth:ended": () => void;
  /** The session's team or display link changed (to every console of the session). */
  "team:current": (payload: { sessionId: string; team: TeamView }) => void;
  /** The session's deck changed (an edit or a push from any console): to every console of the session. */
  "deck:current": (payload: { sessionId: string; deck: DeckItem[] }) => void;
  /** The owner removed this co-facilitator: the socket closes next. */
  "access:ended": (payload: { sessionId: string }) => void;
  // Reading the room: consoles only, never the room display or the phones.
  /** The radar and the weather, k applied: at most once a second, and at once when a moment or cue changes. */
  "room:reading": (payload: { sessionId: string; reading: RoomReading }) => void;
  "room:settings": (payload: { sessionId: string; settings: RoomReadingSettings }) => void;
  "silence:current": (payload: { sessionId: string; silence: ConsoleSilenceView | null }) => void;
  /** The open support requests, whenever they change. */
  "support:current": (payload: { sessionId: string; requests: SupportRequestView[] }) => void;
  /** A private cue from another facilitator of this session. */
  "cue:received": (payload: { sessionId: string; cue: CueView }) => void;
}

// ---- /display: the room display ---------------------------------------------
export const displayRequests = {
  "display:watch": requestOf(sessionRefSchema).returns<DisplaySnapshot & { join: JoinAddress }>(),
} as const;

export interface DisplayPushes {
  "display:snapshot": (snapshot: DisplaySnapshot) => void;
  "auth:ended": () => void;
}

// ---- derived ----------------------------------------------------------------
export type ParticipantRequests = typeof participantRequests;
export type ConsoleRequests = typeof consoleRequests;
export type DisplayRequests = typeof displayRequests;

export type ParticipantClientEvents = ClientEventsOf<ParticipantRequests>;
export type ConsoleClientEvents = ClientEventsOf<ConsoleRequests>;
export type DisplayClientEvents = ClientEventsOf<DisplayRequests>;

export const PARTICIPANT_EVENTS = eventsOf(participantRequests);
export const CONSOLE_EVENTS = eventsOf(consoleRequests);
export const DISPLAY_EVENTS = eventsOf(displayRequests);

/** The `data` of a connect_error raised by a namespace middleware. */
export interface ConnectErrorData {
  code: ErrorCode;
  message: string;
}

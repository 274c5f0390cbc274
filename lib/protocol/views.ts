/** What each audience is sent: views built by the server, never echoed payloads. */
import type { Signal, TechniqueKey } from "../content";
import type { Pulse } from "../pulse";

export type SessionStatus = "draft" | "live" | "ended";

export interface PromptView {
  id: string;
  kind: "technique" | "text";
  technique: TechniqueKey | null;
  title: string;
  body: string;
  pushedAt: number;
}

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
  displayLink: boolean;
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
  /** The phones' welcome note as the facilitator wrote it; null: the catalogue's default words. */
  confidentialityNote: string | null;
  /** The ticked keys of the before-going-live checklist (lib/library/checklist.ts). */
  checklist: string[];
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
}

/** The room display: public to the room, so no individual data. */
export interface DisplaySnapshot {
  session: { title: string; code: string | null; joinKey: string | null; status: SessionStatus };
  prompt: PromptView | null;
  present: number;
}

export interface CheckInStored {
  id: string;
  /** True when this id had been stored already (a retry). */
  duplicate: boolean;
}

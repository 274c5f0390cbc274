/**
 * Socket.IO event maps, one per namespace. `new Server<...>` and the browser's
 * `Socket<...>` both take their types from here.
 */
import type { Pulse } from "../pulse";
import type { AckCallback } from "./errors";
import type { CheckInSend, PromptPush } from "./schemas";
import type {
  CheckInStored,
  ConsoleSnapshot,
  DisplaySnapshot,
  ParticipantSnapshot,
  PromptView,
  SessionView,
} from "./views";

export const NAMESPACES = {
  participant: "/participant",
  facilitator: "/facilitator",
  display: "/display",
} as const;

type SessionRef = { sessionId: string };

// ---- /participant -------------------------------------------------------
export interface ParticipantClientEvents {
  "checkin:send": (payload: CheckInSend, ack: AckCallback<CheckInStored>) => void;
}
export interface ParticipantServerEvents {
  "session:snapshot": (snapshot: ParticipantSnapshot) => void;
  "prompt:current": (prompt: PromptView | null) => void;
  "session:ended": () => void;
}

// ---- /facilitator -------------------------------------------------------
export interface FacilitatorClientEvents {
  "session:watch": (payload: SessionRef, ack: AckCallback<ConsoleSnapshot>) => void;
  "session:start": (payload: SessionRef, ack: AckCallback<SessionView>) => void;
  "session:end": (payload: SessionRef, ack: AckCallback<SessionView>) => void;
  "prompt:push": (payload: PromptPush, ack: AckCallback<PromptView>) => void;
  "prompt:close": (payload: SessionRef, ack: AckCallback<null>) => void;
}
export interface FacilitatorServerEvents {
  "session:state": (session: SessionView) => void;
  "prompt:current": (payload: { sessionId: string; prompt: PromptView | null }) => void;
  "pulse:update": (payload: { sessionId: string; pulse: Pulse }) => void;
}

// ---- /display -----------------------------------------------------------
export interface DisplayClientEvents {
  "display:watch": (payload: SessionRef, ack: AckCallback<DisplaySnapshot>) => void;
}
export interface DisplayServerEvents {
  "display:snapshot": (snapshot: DisplaySnapshot) => void;
}

/** The `data` of a connect_error raised by a namespace middleware. */
export interface ConnectErrorData {
  code: import("./errors").ErrorCode;
  message: string;
}

/** The events each namespace accepts, checked against the maps above. */
export const PARTICIPANT_EVENTS = ["checkin:send"] as const satisfies readonly (keyof ParticipantClientEvents)[];
export const FACILITATOR_EVENTS = [
  "session:watch",
  "session:start",
  "session:end",
  "prompt:push",
  "prompt:close",
] as const satisfies readonly (keyof FacilitatorClientEvents)[];
export const DISPLAY_EVENTS = ["display:watch"] as const satisfies readonly (keyof DisplayClientEvents)[];

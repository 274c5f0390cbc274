/**
 * The three Socket.IO namespaces. Each handler reads in a fixed order:
 * parse -> authorise -> apply -> persist -> broadcast -> acknowledge.
 */
import type { Namespace, Server, Socket } from "socket.io";
import { AppError } from "../../lib/protocol/errors.ts";
import {
  DISPLAY_EVENTS,
  FACILITATOR_EVENTS,
  NAMESPACES,
  PARTICIPANT_EVENTS,
  type DisplayClientEvents,
  type DisplayServerEvents,
  type FacilitatorClientEvents,
  type FacilitatorServerEvents,
  type ParticipantClientEvents,
  type ParticipantServerEvents,
} from "../../lib/protocol/events.ts";
import {
  checkInSendSchema,
  participantAuthSchema,
  promptPushSchema,
  sessionRefSchema,
} from "../../lib/protocol/schemas.ts";
import type { DisplaySnapshot, PromptView } from "../../lib/protocol/views.ts";
import { AUTH_COOKIE, readCookie, type Facilitator } from "../auth/accounts.ts";
import type { Services } from "../services.ts";
import { toSessionView } from "../domain/sessions.ts";
import type { Room } from "../live/rooms.ts";
import { SessionLocks } from "../live/session-locks.ts";
import { RateLimiter } from "../rate-limit.ts";
import { connectError, handle } from "./handler.ts";

type ParticipantData = { sessionId: string; participantId: string; resumeToken: string; room: Room };
type FacilitatorData = { facilitator: Facilitator };

type ParticipantNsp = Namespace<ParticipantClientEvents, ParticipantServerEvents, object, ParticipantData>;
type FacilitatorNsp = Namespace<FacilitatorClientEvents, FacilitatorServerEvents, object, FacilitatorData>;
type DisplayNsp = Namespace<DisplayClientEvents, DisplayServerEvents, object, FacilitatorData>;

const FACILITATOR_ONLY = new Set<string>([...FACILITATOR_EVENTS, ...DISPLAY_EVENTS]);

/** Answers events a namespace does not offer, so nobody waits for a timeout. */
function refuseUnknownEvents(socket: Socket, offered: readonly string[], audience: string): void {
  socket.onAny((event: string, ...args: unknown[]) => {
    if (offered.includes(event)) return;
    const ack = args.at(-1);
    if (typeof ack !== "function") return;
    const facilitatorOnly = FACILITATOR_ONLY.has(event);
    ack({
      ok: false,
      error: facilitatorOnly
        ? new AppError("FORBIDDEN", `"${event.slice(0, 40)}" is not available to ${audience}.`).toBody()
        : new AppError("BAD_REQUEST", `Unknown event "${event.slice(0, 40)}".`).toBody(),
    });
  });
}

export interface Realtime {
  participants: ParticipantNsp;
  facilitators: FacilitatorNsp;
  displays: DisplayNsp;
}

export function attachRealtime(io: Server, services: Services): Realtime {
  const participants = io.of(NAMESPACES.participant) as ParticipantNsp;
  const facilitators = io.of(NAMESPACES.facilitator) as FacilitatorNsp;
  const displays = io.of(NAMESPACES.display) as DisplayNsp;
  const { sessions, rooms, accounts } = services;
  const locks = new SessionLocks();

  // Wrong codes per address: 30, then one every 2 s. Right codes are never charged,
  // since a whole room often shares one address behind the venue's router, and a
  // phone with a valid resume token gets back in even while its address is limited.
  const guessLimiter = new RateLimiter(30, 1 / 2);
  // Per participant (not per socket, so reconnecting does not refill it):
  // bursts of 20, 4 a second sustained.
  const tapLimiter = new RateLimiter(20, 4);

  const displaySnapshot = (room: Room): DisplaySnapshot => ({
    session: { title: room.title, code: room.code, status: room.status },
    prompt: room.prompt,
    present: room.present,
  });
  const publishDisplay = (room: Room) => displays.to(room.sessionId).emit("display:snapshot", displaySnapshot(room));

  /** The room's one prompt, to every audience at once. */
  const publishPrompt = (room: Room, prompt: PromptView | null) => {
    room.prompt = prompt;
    participants.to(room.sessionId).emit("prompt:current", prompt);
    facilitators.to(room.sessionId).emit("prompt:current", { sessionId: room.sessionId, prompt });
    publishDisplay(room);
  };

  services.sink.pulse = (sessionId, pulse) => facilitators.to(sessionId).emit("pulse:update", { sessionId, pulse });
  services.sink.presence = (sessionId) => {
    const room = rooms.loaded(sessionId);
    if (room) publishDisplay(room);
  };

  // ---- /participant ------------------------------------------------------
  participants.use(async (socket, next) => {
    try {
      const address = socket.handshake.address;
      const parsed = participantAuthSchema.safeParse(socket.handshake.auth);
      const auth = parsed.success ? parsed.data : null;
      const session = auth ? await sessions.findByCode(auth.code) : null;
      const live = session?.status === "live" ? session : null;
      if (!guessLimiter.allows(address)) {
        // A phone already in this session (a valid resume token) may always come back.
        const returning = live && auth?.resumeToken && (await services.participants.belongsTo(live.id, auth.resumeToken));
        if (!returning) throw new AppError("RATE_LIMITED", "Too many wrong codes. Wait a minute and try again.");
      }
      if (!auth || !live) {
        // An ended session's old link is not a guess; anything else is.
        if (session?.status === "ended") throw new AppError("SESSION_NOT_LIVE", "This session has ended.");
        guessLimiter.take(address);
        throw new AppError("CODE_NOT_FOUND");
      }
      const room = await rooms.room(live.id);
      const joined = await services.participants.join(live.id, auth.resumeToken);
      socket.data = { sessionId: live.id, participantId: joined.participantId, resumeToken: joined.resumeToken, room };
      next();
    } catch (error) {
      next(connectError(error));
    }
  });

  participants.on("connection", (socket) => {
    const { sessionId, participantId, room } = socket.data;
    refuseUnknownEvents(socket, PARTICIPANT_EVENTS, "participants");

    socket.on(
      "checkin:send",
      handle(checkInSendSchema, async ({ id, signal, ageMs }) => {
        if (!tapLimiter.take(participantId)) throw new AppError("RATE_LIMITED", "Easy — that is a lot of taps. Try again in a moment.");
        if (!room.palette.some((s) => s.key === signal)) throw new AppError("BAD_REQUEST", "That check-in is not on this session's palette.");
        if (room.status !== "live") throw new AppError("SESSION_NOT_LIVE");
        const now = Date.now();
        // The server owns the clock: an offline tap is placed by its age, never before the start.
        const at = new Date(Math.max(room.startedAt ?? now, now - ageMs));
        const outcome = await services.checkIns.write({ sessionId, clientId: id, signal, at });
        return { id, duplicate: outcome.duplicate };
      }),
    );

    socket.on("disconnect", () => rooms.leave(room, participantId));

    socket.join(sessionId);
    rooms.arrive(room, participantId);
    socket.emit("session:snapshot", {
      session: { title: room.title, code: room.code ?? "", status: room.status },
      palette: room.palette,
      prompt: room.prompt,
      resumeToken: socket.data.resumeToken,
    });
  });

  // ---- facilitator authentication (console and room display) -------------
  const requireFacilitator = async (socket: Socket, next: (err?: Error) => void) => {
    try {
      const facilitator = await accounts.resolve(readCookie(socket.request.headers.cookie, AUTH_COOKIE));
      if (!facilitator) throw new AppError("UNAUTHORIZED");
      socket.data = { facilitator };
      next();
    } catch (error) {
      next(connectError(error));
    }
  };
  facilitators.use(requireFacilitator);
  displays.use(requireFacilitator);

  // ---- /facilitator ------------------------------------------------------
  facilitators.on("connection", (socket) => {
    const me = socket.data.facilitator.id;
    refuseUnknownEvents(socket, FACILITATOR_EVENTS, "facilitators");

    /** The room of one of my sessions, which must be live. */
    const liveRoom = async (sessionId: string) => {
      const row = await sessions.getOwned(me, sessionId);
      if (row.status !== "live") throw new AppError("SESSION_NOT_LIVE", "Go live before pushing or closing a prompt.");
      return rooms.room(sessionId);
    };

    socket.on(
      "session:watch",
      handle(sessionRefSchema, async ({ sessionId }) => {
        const row = await sessions.getOwned(me, sessionId);
        const room = await rooms.room(sessionId);
        await socket.join(sessionId);
        return { session: toSessionView(row), palette: room.palette, prompt: room.prompt, pulse: rooms.pulse(room) };
      }),
    );

    socket.on(
      "session:start",
      handle(sessionRefSchema, ({ sessionId }) => locks.run(sessionId, async () => {
        const row = await sessions.start(me, sessionId);
        const room = await rooms.room(sessionId);
        room.apply(row);
        const view = toSessionView(row);
        facilitators.to(sessionId).emit("session:state", view);
        publishDisplay(room);
        return view;
      })),
    );

    socket.on(
      "session:end",
      handle(sessionRefSchema, ({ sessionId }) => locks.run(sessionId, async () => {
        const row = await sessions.end(me, sessionId);
        const room = await rooms.room(sessionId);
        room.apply(row);
        const view = toSessionView(row);
        participants.to(sessionId).emit("session:ended");
        // Give the goodbye a moment to leave before the sockets close.
        setTimeout(() => participants.in(sessionId).disconnectSockets(true), 250).unref();
        facilitators.to(sessionId).emit("session:state", view);
        facilitators.to(sessionId).emit("prompt:current", { sessionId, prompt: null });
        publishDisplay(room);
        return view;
      })),
    );

    socket.on(
      "prompt:push",
      handle(promptPushSchema, ({ sessionId, source }) => locks.run(sessionId, async () => {
        const room = await liveRoom(sessionId);
        const prompt = await sessions.pushPrompt(sessionId, source);
        publishPrompt(room, prompt);
        return prompt;
      })),
    );

    socket.on(
      "prompt:close",
      handle(sessionRefSchema, ({ sessionId }) => locks.run(sessionId, async () => {
        const room = await liveRoom(sessionId);
        await sessions.closePrompt(sessionId);
        publishPrompt(room, null);
        return null;
      })),
    );
  });

  // ---- /display ----------------------------------------------------------
  displays.on("connection", (socket) => {
    const me = socket.data.facilitator.id;
    refuseUnknownEvents(socket, DISPLAY_EVENTS, "the room display");
    socket.on(
      "display:watch",
      handle(sessionRefSchema, async ({ sessionId }) => {
        await sessions.getOwned(me, sessionId);
        const room = await rooms.room(sessionId);
        await socket.join(sessionId);
        return displaySnapshot(room);
      }),
    );
  });

  return { participants, facilitators, displays };
}

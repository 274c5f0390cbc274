/**
 * Phones: the /participant namespace. The handshake admits a phone to a live
 * session (join gate, resume token, participant cap); each request reads
 * parse -> authorise -> live session (apply, persist) -> ack.
 */
import type { Socket } from "socket.io";
import { AppError } from "../../lib/protocol/errors.ts";
import { CONSOLE_EVENTS, DISPLAY_EVENTS, participantRequests } from "../../lib/protocol/events.ts";
import { participantAuthSchema } from "../../lib/protocol/schemas.ts";
import type { Participants } from "../domain/participants.ts";
import type { Sessions } from "../domain/sessions.ts";
import type { Where } from "../../lib/protocol/room.ts";
import type { Clock } from "../live/clock.ts";
import type { LiveSession } from "../live/live-session.ts";
import type { LiveSessions } from "../live/live-sessions.ts";
import type { Limit } from "../rate-limit.ts";
import { connectError, requestsOf, requireProtocolVersion } from "./handler.ts";
import type { JoinGate } from "./join-gate.ts";
import { channel, type PhoneNamespace } from "./namespaces.ts";

const phoneRequests = requestsOf(participantRequests, "participants", [...CONSOLE_EVENTS, ...DISPLAY_EVENTS]);

export interface PhoneDeps {
  clock: Clock;
  sessions: Sessions;
  participants: Participants;
  live: LiveSessions;
  gate: JoinGate;
  /** Taps per participant (not per socket, so reconnecting does not refill it). */
  taps: Limit;
  /** Answers per participant (ANSWER_LIMIT). */
  answers: Limit;
  /** Support requests per participant (SUPPORT_ASK_WINDOW). */
  support: Limit;
  /** The address a handshake came from (the proxy's client address when trusted). */
  addressOf(socket: Socket): string;
}

export function servePhones(phones: PhoneNamespace, deps: PhoneDeps): void {
  const { clock, gate, participants, live } = deps;
  // Kept from the handshake to the connection; never in socket.data, which holds ids only.
  const admitted = new WeakMap<object, { session: LiveSession; resumeToken: string; where: Where | undefined }>();

  phones.use(requireProtocolVersion);
  phones.use(async (socket, next) => {
    try {
      const address = deps.addressOf(socket);
      const parsed = participantAuthSchema.safeParse(socket.handshake.auth);
      if (!parsed.success) throw (await gate.wrongCode(address)) ? new AppError("CODE_NOT_FOUND") : tooManyGuesses();
      const { code, resumeToken, key, where } = parsed.data;
      const row = await deps.sessions.findByCode(code);
      const loaded = row?.status === "live" ? await live.get(row.id) : null;
      // The row may be a moment old (sharedCodeLookups): the live session knows if it has ended since.
      const session = loaded?.status === "live" ? loaded : null;
      const ended = row?.status === "ended" || (loaded !== null && !session);
      const returning = session ? await participants.returning(session.id, resumeToken) : null;
      const provesIt = session !== null && (returning !== null || session.opensWithKey(key));
      // An ended session's old link is not a guess; anything else without a live session is.
      if (!session && !ended) throw (await gate.wrongCode(address)) ? new AppError("CODE_NOT_FOUND") : tooManyGuesses();
      // Refused like a wrong code while limited: no oracle.
      if (!(await gate.mayTry(address, code, provesIt))) throw tooManyGuesses();
      if (!session) throw new AppError("SESSION_NOT_LIVE", "This session has ended.");

      let joined: { participantId: string; resumeToken: string };
      if (returning) {
        await participants.comeBack(returning, clock.now());
        joined = { participantId: returning, resumeToken: resumeToken! };
      } else {
        if (!session.admitsNewParticipant()) throw new AppError("FORBIDDEN", "This session is full. Ask your facilitator.");
        if (!(await gate.mayAddParticipant(address))) {
          throw new AppError("RATE_LIMITED", "Many phones are joining from your network at once. Trying again in a moment…");
        }
        joined = await participants.create(session.id, clock.now());
        session.participantCreated();
      }
      gate.joined(address, code);
      socket.data = { sessionId: session.id, participantId: joined.participantId };
      admitted.set(socket, { session, resumeToken: joined.resumeToken, where });
      next();
    } catch (error) {
      next(connectError(error));
    }
  });

  phones.on("connection", (socket) => {
    const { participantId, sessionId } = socket.data;
    const { session, resumeToken, where } = admitted.get(socket)!;
    admitted.delete(socket);
    phoneRequests.refuseOthers(socket);

    phoneRequests.on(socket, "checkin:send", async ({ id, signal, ageMs }) => {
      if (!(await deps.taps.take(participantId))) throw new AppError("RATE_LIMITED", "Easy — that is a lot of taps. Try again in a moment.");
      // The participant id is this phone's key for reading the room: held in memory, never stored with the tap.
      return session.checkIn({ clientId: id, signal, ageMs, phone: participantId });
    });

    phoneRequests.on(socket, "answer:send", async ({ promptId, secret, answer }) => {
      if (!(await deps.answers.take(participantId))) throw new AppError("RATE_LIMITED", "Easy — that is a lot of answers. Try again in a moment.");
      // The participant's id goes no further: the answer is stored under its secret's hash alone.
      return session.answer({ promptId, secret, answer });
    });
    phoneRequests.on(socket, "answer:mine", ({ promptId, secret }) => session.myAnswer(promptId, secret));
    // Reading the room (server/live/live-room.ts): where this phone is, and its own states. Memory only.
    phoneRequests.on(socket, "where:set", ({ where }) => session.setWhere(participantId, where));
    phoneRequests.on(socket, "checkin:clear", ({ signal }) => session.room.clear(participantId, signal));
    phoneRequests.on(socket, "states:mine", () => session.room.statesOf(participantId));
    // Counted once per participant per silence; the id stays in memory (server/live/live-silence.ts).
    phoneRequests.on(socket, "silence:more", () => session.silence.more(participantId));

    // "I need support": held in memory with this socket's id, so only this phone hears it was seen (live-support.ts).
    phoneRequests.on(socket, "support:ask", async ({ findMe }) => {
      if (!(await deps.support.take(participantId))) {
        throw new AppError("RATE_LIMITED", "You have asked several times in the last few minutes. A facilitator has your request; you can also go to them.");
      }
      return session.support.ask({ participantId, socketId: socket.id, findMe });
    });
    phoneRequests.on(socket, "support:cancel", ({ requestId }) => session.support.cancel(participantId, requestId));
    phoneRequests.on(socket, "support:mine", () => session.support.mine(participantId, socket.id));

    socket.on("disconnect", () => session.support.left(socket.id));
    socket.on("disconnect", () => session.depart(participantId));
    socket.join(channel.session(sessionId));
    session.arrive(participantId, where);
    socket.emit("session:snapshot", session.phoneView(resumeToken));
    const revealed = session.roomResults();
    if (revealed) socket.emit("results:room", revealed);
  });
}

function tooManyGuesses(): AppError {
  return new AppError("RATE_LIMITED", "Too many wrong codes from your network. Wait a minute and try again.");
}

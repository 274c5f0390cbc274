/**
 * The facilitator's console: the /facilitator namespace. Each request reads
 * parse (registry) -> authorise (runs the session: owner or co-facilitator,
 * server/domain/team.ts) -> live session (apply,
 * persist, broadcast) -> ack.
 */
import { consoleRequests, DISPLAY_EVENTS, PARTICIPANT_EVENTS } from "../../lib/protocol/events.ts";
import type { JoinAddress } from "../../lib/protocol/views.ts";
import type { Sessions } from "../domain/sessions.ts";
import type { Team } from "../domain/team.ts";
import type { LiveSessions } from "../live/live-sessions.ts";
import type { requireSignIn } from "./facilitator-auth.ts";
import { requestsOf, requireProtocolVersion } from "./handler.ts";
import { channel, type ConsoleNamespace } from "./namespaces.ts";
import { serveTeamRequests, type TeamBroadcasts } from "./team.ts";

const consoleRequestHandlers = requestsOf(consoleRequests, "the console", [...PARTICIPANT_EVENTS, ...DISPLAY_EVENTS]);

export interface ConsoleDeps {
  joinAddress: () => JoinAddress;
  sessions: Sessions;
  team: Team;
  teamBroadcasts: TeamBroadcasts;
  live: LiveSessions;
  signIn: ReturnType<typeof requireSignIn>;
}

export function serveConsoles(consoles: ConsoleNamespace, { team, teamBroadcasts, live, signIn, joinAddress }: ConsoleDeps): void {
  consoles.use(requireProtocolVersion);
  consoles.use(signIn.middleware);

  consoles.on("connection", (socket) => {
    signIn.admit(socket);
    const { on, refuseOthers } = consoleRequestHandlers;
    refuseOthers(socket);
    /** A session I run, owned or co-facilitated (anyone else's looks like none at all), live in memory. */
    const mine = async (sessionId: string) => {
      await team.access(socket.data.facilitatorId, sessionId);
      return live.get(sessionId);
    };

    on(socket, "session:watch", async ({ sessionId }) => {
      const { facilitatorId } = socket.data;
      await team.access(facilitatorId, sessionId);
      // Joined before the check that counts, so a removal landing in between still cuts this socket off.
      await socket.join([channel.member(sessionId, facilitatorId), channel.session(sessionId)]);
      const role = await team.access(facilitatorId, sessionId).catch((error: unknown) => {
        socket.leave(channel.session(sessionId));
        throw error;
      });
      const [session, members] = await Promise.all([live.get(sessionId), team.view(sessionId)]);
      return { ...session.consoleSnapshot(), role, team: members, join: joinAddress() };
    });
    serveTeamRequests(socket, on, { team, broadcasts: teamBroadcasts });
    on(socket, "session:start", async ({ sessionId }) => (await mine(sessionId)).start());
    on(socket, "session:end", async ({ sessionId }) => (await mine(sessionId)).end());
    on(socket, "prompt:push", async ({ sessionId, source, deckItemId }) => {
      const session = await mine(sessionId);
      const prompt = await session.pushPrompt(source);
      // Pushed from the deck: its item is marked (every console hears it). The prompt is out either way.
      if (deckItemId) await session.deck.pushed(deckItemId, prompt.pushedAt).catch((error: unknown) => console.error("[attune] deck not marked:", error));
      return prompt;
    });
    on(socket, "deck:change", async ({ sessionId, change }) => (await mine(sessionId)).deck.change(change));
    on(socket, "prompt:close", async ({ sessionId }) => (await mine(sessionId)).closePrompt());
    on(socket, "prompt:reveal", async ({ sessionId, revealed }) => (await mine(sessionId)).reveal(revealed));
    on(socket, "answer:moderate", async ({ sessionId, answerId, hidden, highlighted }) => (await mine(sessionId)).moderate(answerId, { hidden, highlighted }));
    on(socket, "display:show", async ({ sessionId, shows }) => (await mine(sessionId)).showOnDisplay(shows));
    // Reading the room (server/live/live-room.ts): the lead or a co-facilitator, as every console request.
    on(socket, "room:configure", async ({ sessionId, settings }) => (await mine(sessionId)).room.configure(settings));
    on(socket, "moment:dismiss", async ({ sessionId, id }) => (await mine(sessionId)).room.dismissMoment(id));
    on(socket, "care:dismiss", async ({ sessionId, signal }) => (await mine(sessionId)).room.dismissCare(signal));
    on(socket, "silence:start", async ({ sessionId, durationMs }) => (await mine(sessionId)).silence.start(durationMs));
    on(socket, "silence:extend", async ({ sessionId, byMs }) => (await mine(sessionId)).silence.extend(byMs));
    on(socket, "silence:end", async ({ sessionId }) => (await mine(sessionId)).silence.end());
    on(socket, "support:handle", async ({ sessionId, requestId, done }) => (await mine(sessionId)).support.handle(requestId, done));
    on(socket, "cue:send", async ({ sessionId, text }) => {
      const { facilitatorId } = socket.data;
      const session = await mine(sessionId);
      const [fromRole, members] = await Promise.all([team.access(facilitatorId, sessionId), team.view(sessionId)]);
      const fromName = fromRole === "owner" ? members.owner.email : (members.coFacilitators.find((c) => c.id === facilitatorId)?.email ?? "");
      return session.support.cue({ facilitatorId, fromName, fromRole, text, socketId: socket.id });
    });
    on(socket, "palette:set", async ({ sessionId, palette }) => (await mine(sessionId)).prepared.set(palette));
    on(socket, "session:prepare", async ({ sessionId, confidentialityNote, checklist }) =>
      (await mine(sessionId)).prepared.prepare({ confidentialityNote, checklist }),
    );
  });
}

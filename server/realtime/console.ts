/**
 * The facilitator's console: the /facilitator namespace. Each request reads
 * parse (registry) -> authorise (owns the session) -> live session (apply,
 * persist, broadcast) -> ack.
 */
import { consoleRequests, DISPLAY_EVENTS, PARTICIPANT_EVENTS } from "../../lib/protocol/events.ts";
import type { JoinAddress } from "../../lib/protocol/views.ts";
import type { Sessions } from "../domain/sessions.ts";
import type { LiveSessions } from "../live/live-sessions.ts";
import type { requireSignIn } from "./facilitator-auth.ts";
import { requestsOf, requireProtocolVersion } from "./handler.ts";
import { channel, type ConsoleNamespace } from "./namespaces.ts";

const consoleRequestHandlers = requestsOf(consoleRequests, "the console", [...PARTICIPANT_EVENTS, ...DISPLAY_EVENTS]);

export interface ConsoleDeps {
  joinAddress: () => JoinAddress;
  sessions: Sessions;
  live: LiveSessions;
  signIn: ReturnType<typeof requireSignIn>;
}

export function serveConsoles(consoles: ConsoleNamespace, { sessions, live, signIn, joinAddress }: ConsoleDeps): void {
  consoles.use(requireProtocolVersion);
  consoles.use(signIn.middleware);

  consoles.on("connection", (socket) => {
    signIn.admit(socket);
    const { on, refuseOthers } = consoleRequestHandlers;
    refuseOthers(socket);
    /** One of my sessions (anyone else's looks like none at all), live in memory. */
    const mine = async (sessionId: string) => {
      await sessions.getOwned(socket.data.facilitatorId, sessionId);
      return live.get(sessionId);
    };

    on(socket, "session:watch", async ({ sessionId }) => {
      const session = await mine(sessionId);
      await socket.join(channel.session(sessionId));
      return { ...session.consoleSnapshot(), join: joinAddress() };
    });
    on(socket, "session:start", async ({ sessionId }) => (await mine(sessionId)).start());
    on(socket, "session:end", async ({ sessionId }) => (await mine(sessionId)).end());
    on(socket, "prompt:push", async ({ sessionId, source }) => (await mine(sessionId)).pushPrompt(source));
    on(socket, "prompt:close", async ({ sessionId }) => (await mine(sessionId)).closePrompt());
    on(socket, "palette:set", async ({ sessionId, palette }) => (await mine(sessionId)).prepared.set(palette));
    on(socket, "session:prepare", async ({ sessionId, confidentialityNote, checklist }) =>
      (await mine(sessionId)).prepared.prepare({ confidentialityNote, checklist }),
    );
  });
}

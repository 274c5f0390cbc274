/**
 * The room display (the projector page): the /display namespace. Public to
 * the room, so it is only ever sent the display snapshot: no individual data.
 */
import { CONSOLE_EVENTS, displayRequests, PARTICIPANT_EVENTS } from "../../lib/protocol/events.ts";
import type { JoinAddress } from "../../lib/protocol/views.ts";
import type { Sessions } from "../domain/sessions.ts";
import type { LiveSessions } from "../live/live-sessions.ts";
import type { requireSignIn } from "./facilitator-auth.ts";
import { requestsOf, requireProtocolVersion } from "./handler.ts";
import { channel, type DisplayNamespace } from "./namespaces.ts";

const displayRequestHandlers = requestsOf(displayRequests, "the room display", [...PARTICIPANT_EVENTS, ...CONSOLE_EVENTS]);

export interface DisplayDeps {
  joinAddress: () => JoinAddress;
  sessions: Sessions;
  live: LiveSessions;
  signIn: ReturnType<typeof requireSignIn>;
}

export function serveDisplays(displays: DisplayNamespace, { sessions, live, signIn, joinAddress }: DisplayDeps): void {
  displays.use(requireProtocolVersion);
  displays.use(signIn.middleware);

  displays.on("connection", (socket) => {
    signIn.admit(socket);
    displayRequestHandlers.refuseOthers(socket);
    displayRequestHandlers.on(socket, "display:watch", async ({ sessionId }) => {
      await sessions.getOwned(socket.data.facilitatorId, sessionId);
      const session = await live.get(sessionId);
      await socket.join(channel.session(sessionId));
      return { ...session.displaySnapshot(), join: joinAddress() };
    });
  });
}

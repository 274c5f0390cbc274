/**
 * The room display (the projector page): the /display namespace. Public to
 * the room, so it is only ever sent the display snapshot: no individual data.
 *
 * Two ways in: a signed-in facilitator who runs the session (owner or
 * co-facilitator), or a display link's key (`auth: { displayKey }`), which
 * admits to that one session's display and nothing else, and stops working
 * the moment the link is revoked or replaced.
 */
import { CONSOLE_EVENTS, displayRequests, PARTICIPANT_EVENTS } from "../../lib/protocol/events.ts";
import { AppError } from "../../lib/protocol/errors.ts";
import { displayAuthSchema } from "../../lib/protocol/schemas.ts";
import type { JoinAddress } from "../../lib/protocol/views.ts";
import type { Team } from "../domain/team.ts";
import type { LiveSessions } from "../live/live-sessions.ts";
import type { requireSignIn } from "./facilitator-auth.ts";
import { connectError, requestsOf, requireProtocolVersion } from "./handler.ts";
import { channel, type DisplayNamespace, type DisplayData, type FacilitatorData } from "./namespaces.ts";

const displayRequestHandlers = requestsOf(displayRequests, "the room display", [...PARTICIPANT_EVENTS, ...CONSOLE_EVENTS]);

export interface DisplayDeps {
  joinAddress: () => JoinAddress;
  team: Team;
  live: LiveSessions;
  signIn: ReturnType<typeof requireSignIn>;
}

const REVOKED = "This display link no longer works: it was replaced or revoked. Ask the facilitator for the new one.";

type DisplaySocket = Parameters<Parameters<DisplayNamespace["on"]>[1]>[0];
type LinkData = Exclude<DisplayData, FacilitatorData>;
const signedIn = (data: DisplayData): data is FacilitatorData => "facilitatorId" in data;

export function serveDisplays(displays: DisplayNamespace, { team, live, signIn, joinAddress }: DisplayDeps): void {
  displays.use(requireProtocolVersion);
  displays.use(async (socket, next) => {
    const displayKey = displayAuthSchema.safeParse(socket.handshake.auth).data?.displayKey;
    if (!displayKey) return signIn.middleware(socket, next);
    try {
      const opened = await team.sessionOfDisplayKey(displayKey);
      if (!opened) throw new AppError("UNAUTHORIZED", REVOKED);
      socket.data = { linkSessionId: opened.sessionId, displayKeyHash: opened.keyHash };
      next();
    } catch (error) {
      next(connectError(error));
    }
  });

  displays.on("connection", (socket) => {
    const { data } = socket;
    // The sign-in's channel and expiry, as for a console; a link's socket is cut off through its key's channel.
    if (signedIn(data)) signIn.admit(socket as unknown as Parameters<typeof signIn.admit>[0]);
    else void socket.join(channel.displayKey(data.displayKeyHash));
    displayRequestHandlers.refuseOthers(socket);
    displayRequestHandlers.on(socket, "display:watch", async ({ sessionId }) => {
      await admitTo(socket, sessionId);
      const session = await live.get(sessionId);
      await socket.join(channel.session(sessionId));
      return { ...session.displaySnapshot(), join: joinAddress() };
    });
  });

  /**
   * AUTH for one session. The socket joins the channel it would be cut off
   * through before the check that counts, so a removal or revocation landing
   * in between still reaches it.
   */
  async function admitTo(socket: DisplaySocket, sessionId: string): Promise<void> {
    const { data } = socket;
    if (signedIn(data)) {
      const { facilitatorId } = data;
      await team.access(facilitatorId, sessionId);
      await socket.join(channel.member(sessionId, facilitatorId));
      await team.access(facilitatorId, sessionId);
      return;
    }
    // A link's display sees its own session only; any other looks like none at all.
    const link: LinkData = data;
    if (sessionId !== link.linkSessionId) throw new AppError("NOT_FOUND", "That session was not found.");
    if ((await team.sessionOfDisplayKeyHash(link.displayKeyHash)) !== sessionId) throw new AppError("UNAUTHORIZED", REVOKED);
  }
}

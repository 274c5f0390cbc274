/**
 * The team's side of the console (co-facilitators and the room display link)
 * and the cut-offs that make a removal or a revocation take effect at once.
 * Every cut-off goes through the adapter (not `.local`), so with several nodes
 * it reaches the sockets on every node.
 */
import type { ConsoleRequests } from "../../lib/protocol/events.ts";
import type { TeamView } from "../../lib/protocol/views.ts";
import type { Team } from "../domain/team.ts";
import type { RequestHandlers } from "./handler.ts";
import { channel, type ConsoleNamespace, type DisplayNamespace } from "./namespaces.ts";

export type TeamBroadcasts = ReturnType<typeof teamBroadcasts>;

export function teamBroadcasts(team: Team, consoles: ConsoleNamespace, displays: DisplayNamespace) {
  return {
    /** Tells every console of the session (all nodes) who is on its team now. */
    async changed(sessionId: string): Promise<TeamView> {
      const view = await team.view(sessionId);
      consoles.to(channel.session(sessionId)).emit("team:current", { sessionId, team: view });
      return view;
    },
    /** A removed co-facilitator's consoles and displays of this session: told, then closed. */
    removed(sessionId: string, facilitatorId: string): void {
      const member = channel.member(sessionId, facilitatorId);
      consoles.in(member).emit("access:ended", { sessionId });
      consoles.in(member).disconnectSockets(true);
      displays.in(member).emit("auth:ended");
      displays.in(member).disconnectSockets(true);
    },
    /** Every room display opened with a revoked link key: told, then closed. */
    revoked(keyHash: string | null): void {
      if (!keyHash) return;
      const opened = displays.in(channel.displayKey(keyHash));
      opened.emit("auth:ended");
      opened.disconnectSockets(true);
    },
  };
}

type ConsoleSocket = Parameters<Parameters<ConsoleNamespace["on"]>[1]>[0];

/**
 * The console's team requests. AUTH: inviting and removing are the owner's;
 * the display link is the owner's or a co-facilitator's.
 */
export function serveTeamRequests(
  socket: ConsoleSocket,
  on: RequestHandlers<ConsoleRequests>["on"],
  { team, broadcasts }: { team: Team; broadcasts: TeamBroadcasts },
): void {
  const me = () => socket.data.facilitatorId;
  on(socket, "team:invite", async ({ sessionId }) => {
    await team.requireOwner(me(), sessionId);
    return team.invite(sessionId);
  });
  on(socket, "team:remove", async ({ sessionId, facilitatorId }) => {
    await team.requireOwner(me(), sessionId);
    if (await team.remove(sessionId, facilitatorId)) broadcasts.removed(sessionId, facilitatorId);
    return broadcasts.changed(sessionId);
  });
  on(socket, "display:link", async ({ sessionId }) => {
    await team.access(me(), sessionId);
    const { key, revokedHash } = await team.newDisplayKey(sessionId);
    broadcasts.revoked(revokedHash);
    return { key, team: await broadcasts.changed(sessionId) };
  });
  on(socket, "display:unlink", async ({ sessionId }) => {
    await team.access(me(), sessionId);
    broadcasts.revoked(await team.revokeDisplayKey(sessionId));
    return broadcasts.changed(sessionId);
  });
}

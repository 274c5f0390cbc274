/**
 * Socket.IO, wired: the three namespaces, each served by its own adapter, and
 * the live sessions speaking to them through `socketOutbound`.
 */
import type { Socket } from "socket.io";
import type { Accounts } from "../auth/accounts.ts";
import { addressKey } from "../client-address.ts";
import type { Participants } from "../domain/participants.ts";
import type { Sessions } from "../domain/sessions.ts";
import type { Clock } from "../live/clock.ts";
import type { LiveSessions } from "../live/live-sessions.ts";
import { RateLimiter } from "../rate-limit.ts";
import { serveConsoles } from "./console.ts";
import { serveDisplays } from "./display.ts";
import { cutOffSignIn, requireSignIn } from "./facilitator-auth.ts";
import { JoinGate, type JoinLimits } from "./join-gate.ts";
import type { Namespaces } from "./namespaces.ts";
import { servePhones } from "./participant.ts";
import { TAP_LIMIT } from "../../lib/protocol/limits.ts";

export interface RealtimeDeps {
  clock: Clock;
  accounts: Accounts;
  sessions: Sessions;
  participants: Participants;
  live: LiveSessions;
  joinLimits?: JoinLimits;
}

export interface Realtime {
  namespaces: Namespaces;
  /** Cuts off every console and room display opened with this sign-in. */
  signedOut(signInHash: string): void;
}

export function attachRealtime(nsps: Namespaces, deps: RealtimeDeps): Realtime {
  const signIn = requireSignIn(deps.accounts, deps.clock);
  servePhones(nsps.phones, {
    ...deps,
    gate: new JoinGate(deps.clock, deps.joinLimits),
    taps: new RateLimiter(TAP_LIMIT.burst, TAP_LIMIT.perSecond, () => deps.clock.now()),
    addressOf: (socket: Socket) => addressKey(socket.handshake.address),
  });
  serveConsoles(nsps.consoles, { ...deps, signIn });
  serveDisplays(nsps.displays, { ...deps, signIn });
  return {
    namespaces: nsps,
    signedOut: (signInHash) => cutOffSignIn([nsps.consoles, nsps.displays], signInHash),
  };
}

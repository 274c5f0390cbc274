/**
 * Socket.IO, wired: the three namespaces, each served by its own adapter, and
 * the live sessions speaking to them through `socketOutbound`.
 */
import type { Socket } from "socket.io";
import type { Accounts } from "../auth/accounts.ts";
import { addressKey, resolveClientAddress, type TrustedProxies } from "../client-address.ts";
import type { Participants } from "../domain/participants.ts";
import type { Sessions } from "../domain/sessions.ts";
import type { Team } from "../domain/team.ts";
import type { Clock } from "../live/clock.ts";
import type { LiveSessions } from "../live/live-sessions.ts";
import { SUPPORT_ASK_WINDOW } from "../live/live-support.ts";
import { allOf, windowFor, type LimitStore } from "../rate-limit.ts";
import type { JoinAddress } from "../../lib/protocol/views.ts";
import { serveConsoles } from "./console.ts";
import { serveDisplays } from "./display.ts";
import { cutOffSignIn, requireSignIn } from "./facilitator-auth.ts";
import { JoinGate, type JoinLimits } from "./join-gate.ts";
import type { Namespaces } from "./namespaces.ts";
import { servePhones } from "./participant.ts";
import { teamBroadcasts } from "./team.ts";
import { ANSWER_LIMIT, TAP_LIMIT } from "../../lib/protocol/limits.ts";

export interface RealtimeDeps {
  clock: Clock;
  accounts: Accounts;
  sessions: Sessions;
  team: Team;
  participants: Participants;
  live: LiveSessions;
  /** Where every limit counts: Redis when nodes share sessions, memory otherwise. */
  limitStore: LimitStore;
  /** Peers whose X-Forwarded-For names the phone (TRUSTED_PROXY). */
  trustedProxies: TrustedProxies;
  joinLimits?: JoinLimits;
  /** Where phones join, shown by the console and the room display. */
  joinAddress: () => JoinAddress;
}

/**
 * The tap limit, TAP_LIMIT (a burst of 20, then 4 a second) counted in two
 * windows that a tap must both pass: the burst in any one second, and the
 * rate over 20 s (80 points). One window cannot be both. The phone paces
 * itself as a bucket (lib/outbox.ts: at most 10 + 3t taps in t seconds), so a
 * window of D seconds at 4 a second must hold 10 + 3(D + 3.3), with 3.3 s of
 * arrivals bunched by the network: D >= 20, whose 80 points alone would let a
 * flood of 80 through at once. The one-second window holds 10 + 3(1 + 2.3).
 */
export const TAP_WINDOWS = { burst: { points: TAP_LIMIT.burst, seconds: 1 }, rate: windowFor(TAP_LIMIT, 20) } as const;

export interface Realtime {
  namespaces: Namespaces;
  /** Cuts off every console and room display opened with this sign-in. */
  signedOut(signInHash: string): void;
  /** Tells the session's consoles (every node) who is on its team now: after an invitation is accepted. */
  teamChanged(sessionId: string): Promise<void>;
}

export function attachRealtime(nsps: Namespaces, deps: RealtimeDeps): Realtime {
  const signIn = requireSignIn(deps.accounts, deps.clock);
  servePhones(nsps.phones, {
    ...deps,
    sessions: sharedCodeLookups(deps.sessions, deps.clock),
    gate: new JoinGate(deps.clock, deps.limitStore, deps.joinLimits),
    taps: allOf(deps.limitStore.limit("tap-burst", TAP_WINDOWS.burst), deps.limitStore.limit("tap-rate", TAP_WINDOWS.rate)),
    answers: deps.limitStore.limit("answer", windowFor(ANSWER_LIMIT)),
    support: deps.limitStore.limit("support-ask", SUPPORT_ASK_WINDOW),
    // handshake.address is the TCP peer; behind a trusted proxy, the phone is in its header.
    addressOf: ({ handshake }: Socket) =>
      addressKey(resolveClientAddress(handshake.address, handshake.headers["x-forwarded-for"], deps.trustedProxies)),
  });
  const broadcasts = teamBroadcasts(deps.team, nsps.consoles, nsps.displays);
  serveConsoles(nsps.consoles, { ...deps, signIn, teamBroadcasts: broadcasts });
  serveDisplays(nsps.displays, { ...deps, signIn });
  return {
    namespaces: nsps,
    signedOut: (signInHash) => cutOffSignIn([nsps.consoles, nsps.displays], signInHash),
    teamChanged: async (sessionId) => void (await broadcasts.changed(sessionId)),
  };
}

/**
 * A join storm is thousands of phones typing one code within seconds: a phone
 * asking for a code shares the answer of a lookup of that code on its way, or
 * of one that found a session less than `holdMs` ago, so the storm costs one
 * read of the code a second instead of one per event-loop turn (each read is
 * the ORM's work on the main thread). Only found sessions are held: a code
 * that is wrong now is read again, so a session that just went live is found
 * at once. A held answer may say "live" up to `holdMs` after the session
 * ended; the handshake therefore takes the live session's own status (this
 * node's memory, told by its peers) over the row's. Only the phones'
 * handshake uses it.
 */
export function sharedCodeLookups(sessions: Sessions, clock: Clock, holdMs = 1_000): Sessions {
  type Found = Awaited<ReturnType<Sessions["findByCode"]>>;
  const inFlight = new Map<string, Promise<Found>>();
  const held = new Map<string, { row: NonNullable<Found>; until: number }>();
  const hold = (code: string, row: Found): Found => {
    if (!row) return row;
    if (held.size >= 1_000) for (const [c, h] of held) if (h.until <= clock.now()) held.delete(c);
    held.set(code, { row, until: clock.now() + holdMs });
    return row;
  };
  const findByCode: Sessions["findByCode"] = (code) => {
    const kept = held.get(code);
    if (kept && kept.until > clock.now()) return Promise.resolve(kept.row);
    let lookup = inFlight.get(code);
    if (!lookup) {
      lookup = sessions
        .findByCode(code)
        .then((row) => hold(code, row))
        .finally(() => inFlight.delete(code));
      inFlight.set(code, lookup);
    }
    return lookup;
  };
  return Object.assign(Object.create(sessions) as Sessions, { findByCode });
}

/**
 * Who may try a join code, and how many new phones an address may add.
 *
 * Everyone in a venue often shares one address (the guest Wi-Fi), so one
 * guesser there must not keep honest phones out, while guessing stays
 * infeasible:
 * - wrong codes are charged to the address (a burst, then a slow refill);
 * - while an address is out of guesses, a code is only tried when the phone
 *   shows it is not guessing: a resume token of that session, the join link's
 *   key (from the QR code or the link), or a code that phones at this address
 *   have already joined (no secret to anyone there: it is on the projector).
 *   Everything else is refused without the code being checked, so being
 *   refused says nothing about whether a code is right;
 * - right codes are never charged, and an ended session's code is not a guess.
 * New participants (joins without a resume token) are budgeted per address
 * too, so one machine cannot fill a session with phantom phones.
 */
import type { Clock } from "../live/clock.ts";
import { RateLimiter } from "../rate-limit.ts";

export interface JoinLimits {
  /** Wrong codes per address: a burst, then one per this many seconds. */
  guessBurst: number;
  guessEverySeconds: number;
  /** New participants per address: a burst, then this many a second. */
  freshJoinBurst: number;
  freshJoinsPerSecond: number;
  /** How long a code joined from an address stays known there. */
  knownCodeMs: number;
}

export const DEFAULT_JOIN_LIMITS: JoinLimits = {
  guessBurst: 30,
  guessEverySeconds: 2,
  freshJoinBurst: 150,
  freshJoinsPerSecond: 5,
  knownCodeMs: 12 * 60 * 60_000,
};

export class JoinGate {
  private readonly guesses: RateLimiter;
  private readonly freshJoins: RateLimiter;
  /** address -> code -> until when phones there are known to have joined it. */
  private readonly known = new Map<string, Map<string, number>>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: JoinLimits = DEFAULT_JOIN_LIMITS,
  ) {
    const now = () => clock.now();
    this.guesses = new RateLimiter(limits.guessBurst, 1 / limits.guessEverySeconds, now);
    this.freshJoins = new RateLimiter(limits.freshJoinBurst, limits.freshJoinsPerSecond, now);
  }

  /** False when this address is out of guesses and the phone shows nothing that proves it is not guessing. */
  mayTry(address: string, code: string, provesItIsNotGuessing: boolean): boolean {
    return provesItIsNotGuessing || this.guesses.allows(address) || this.knows(address, code);
  }

  /** A wrong code (or a handshake that cannot be one) from this address. */
  wrongCode(address: string): void {
    this.guesses.take(address);
  }

  /** Takes one new-participant token for this address; false when it has none left. */
  mayAddParticipant(address: string): boolean {
    return this.freshJoins.take(address);
  }

  /** A phone at this address joined this code: others there may now use it freely. */
  joined(address: string, code: string): void {
    let codes = this.known.get(address);
    if (!codes) {
      if (this.known.size > 50_000) this.sweep();
      codes = new Map();
      this.known.set(address, codes);
    }
    if (codes.size > 100) codes.delete(codes.keys().next().value as string);
    codes.set(code, this.clock.now() + this.limits.knownCodeMs);
  }

  private knows(address: string, code: string): boolean {
    const until = this.known.get(address)?.get(code);
    return until !== undefined && until > this.clock.now();
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const [address, codes] of this.known) {
      for (const [code, until] of codes) if (until <= now) codes.delete(code);
      if (codes.size === 0) this.known.delete(address);
    }
  }
}

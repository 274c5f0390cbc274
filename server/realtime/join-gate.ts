/**
 * Who may try a join code, and how many new phones an address may add.
 *
 * Everyone in a venue often shares one address (the guest Wi-Fi), so one
 * guesser there must not keep honest phones out, while guessing stays
 * infeasible:
 * - wrong codes are charged to the address (a window of points, one budget
 *   for all nodes when they share Redis);
 * - while an address is out of guesses, a code is only tried when the phone
 *   shows it is not guessing: a resume token of that session, the join link's
 *   key (from the QR code or the link), or a code that phones at this address
 *   have already joined (no secret to anyone there: it is on the projector).
 *   Everything else is refused with the same answer, right code or wrong, so
 *   being refused says nothing about whether a code is right;
 * - right codes are never charged, and an ended session's code is not a guess.
 * New participants (joins without a resume token) are budgeted per address
 * too, so one machine cannot fill a session with phantom phones.
 * The codes known at an address are this node's memory: behind a load
 * balancer a phone typing a code known on another node needs the QR code's
 * key while its address is limited (a narrower exemption, never a wider one).
 */
import type { Clock } from "../live/clock.ts";
import { windowFor, type Limit, type LimitStore } from "../rate-limit.ts";

/**
 * Stated as bursts and refills; counted as fixed windows (`windowFor`): wrong
 * codes 30 per minute, new participants 150 per 30 s, per address.
 */
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
  private readonly guesses: Limit;
  private readonly freshJoins: Limit;
  /** address -> code -> until when phones there are known to have joined it (this node only). */
  private readonly known = new Map<string, Map<string, number>>();

  constructor(
    private readonly clock: Clock,
    store: LimitStore,
    private readonly limits: JoinLimits = DEFAULT_JOIN_LIMITS,
  ) {
    this.guesses = store.limit("join-guess", windowFor({ burst: limits.guessBurst, perSecond: 1 / limits.guessEverySeconds }));
    this.freshJoins = store.limit("join-fresh", windowFor({ burst: limits.freshJoinBurst, perSecond: limits.freshJoinsPerSecond }));
  }

  /**
   * Whether a code that is not wrong (a live or ended session's) may be tried:
   * false when this address is out of guesses and the phone shows nothing that
   * proves it is not guessing. Spends nothing: right codes are never charged.
   */
  async mayTry(address: string, code: string, provesItIsNotGuessing: boolean): Promise<boolean> {
    if (provesItIsNotGuessing || this.knows(address, code)) return true;
    return (await this.guesses.remaining(address)) > 0;
  }

  /**
   * A wrong code (or a handshake that cannot be one) from this address:
   * charged at once, atomically, so parallel guesses cannot slip past the
   * limit. False when the address was already out of guesses: the phone must
   * then be told only that, not that the code is wrong.
   */
  async wrongCode(address: string): Promise<boolean> {
    return this.guesses.take(address);
  }

  /** Takes one new-participant point for this address; false when it has none left. */
  async mayAddParticipant(address: string): Promise<boolean> {
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

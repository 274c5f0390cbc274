/**
 * Facilitator accounts and signed-in browsers (server-side sessions behind an
 * httpOnly, SameSite cookie).
 */
import { AppError } from "../../lib/protocol/errors.ts";
import type { Db } from "../db/client.ts";
import { addressKey } from "../client-address.ts";
import { createLimitStore, takeTogether, windowFor, type Limit, type LimitStore, type Rate } from "../rate-limit.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { checkPasswordStrength } from "./password-strength.ts";
import { hashToken, newId, newToken } from "./tokens.ts";

export { AUTH_COOKIE } from "./cookie.ts";

export interface Facilitator {
  id: string;
  email: string;
}

export interface SignedIn {
  facilitator: Facilitator;
  token: string;
  expiresAt: Date;
}

// Verifying against a real hash keeps "no such account" as slow as "wrong password".
const decoyHash = hashPassword("decoy password for timing");

/**
 * How often a browser may try, stated as a burst and a refill and counted as
 * the burst per the time the refill takes (`windowFor`); the numbers and the
 * reasoning are in docs/security.md. "Address" is the client's network address
 * as the server saw it (an IPv6 address counts by its /64).
 */
export const SIGN_IN_LIMITS = {
  /** One account from one address: 10, then one every 90 s (10 per 15 min); a success starts afresh. */
  perAccountAndAddress: { burst: 10, perSecond: 1 / 90 },
  /** One address, whatever the accounts: 30, then one every 20 s (30 per 10 min). */
  perAddress: { burst: 30, perSecond: 1 / 20 },
  /** One account, whatever the addresses: 100, then one every 6 s (100 per 10 min). Addresses that signed in to it before are exempt. */
  perAccount: { burst: 100, perSecond: 1 / 6 },
} as const;

export const SIGN_UP_LIMITS = {
  /** One address: 20 (a training cohort in one room), then one every 3 min (20 an hour). */
  perAddress: { burst: 20, perSecond: 1 / 180 },
  /** Everyone together: 30, then one every 2 s (30 a minute). Each sign-up costs a strength check on the event loop and a 32 MiB hash. */
  overall: { burst: 30, perSecond: 1 / 2 },
} as const;

/** Account+address pairs remembered as having signed in, for the per-account ceiling's exemption. */
const MAX_KNOWN_PAIRS = 10_000;

export interface AccountsOptions {
  /** The clock of sign-in expiry; the server passes its one clock. (The limits keep their store's time.) */
  now?: () => number;
  /** Where the limits count: the server's store (Redis with several nodes); a memory store of their own when left out. */
  limitStore?: LimitStore;
  /** Other numbers than SIGN_IN_LIMITS / SIGN_UP_LIMITS, for tests that would otherwise hash a hundred passwords. */
  limits?: { signIn?: Partial<Record<keyof typeof SIGN_IN_LIMITS, Rate>>; signUp?: Partial<Record<keyof typeof SIGN_UP_LIMITS, Rate>> };
}

const pairKey = (email: string, address: string | undefined) =>
  `${email} ${address === undefined ? "in-process" : addressKey(address)}`;

export class Accounts {
  private readonly signInPair: Limit;
  private readonly signInAddress: Limit;
  private readonly signInAccount: Limit;
  private readonly signUpAddress: Limit;
  private readonly signUpOverall: Limit;
  /** Insertion-ordered, so the oldest is forgotten first. */
  private readonly knownPairs = new Set<string>();
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    private readonly sessionDays: number,
    { now = () => Date.now(), limitStore = createLimitStore(), limits = {} }: AccountsOptions = {},
  ) {
    this.now = now;
    const signIn = { ...SIGN_IN_LIMITS, ...limits.signIn };
    const signUp = { ...SIGN_UP_LIMITS, ...limits.signUp };
    const limit = (name: string, rate: Rate) => limitStore.limit(name, windowFor(rate));
    this.signInPair = limit("sign-in-pair", signIn.perAccountAndAddress);
    this.signInAddress = limit("sign-in-address", signIn.perAddress);
    this.signInAccount = limit("sign-in-account", signIn.perAccount);
    this.signUpAddress = limit("sign-up-address", signUp.perAddress);
    this.signUpOverall = limit("sign-up-overall", signUp.overall);
  }

  /**
   * `address` is the client's network address. In-process callers (tests,
   * seeding, benchmarks) leave it out: the limits below are for HTTP floods.
   */
  async signUp(email: string, password: string, address?: string): Promise<SignedIn> {
    if (address !== undefined) {
      // Taken before any work, so a flood costs a counter each.
      const refused = await takeTogether([
        [this.signUpAddress, addressKey(address)],
        [this.signUpOverall, "all"],
      ]);
      if (refused === 0) throw new AppError("RATE_LIMITED", "Too many new accounts from your network. Wait a few minutes and try again.");
      if (refused === 1) throw new AppError("BUSY", "Many accounts are being created right now. Try again in a minute.");
    }

    const strength = await checkPasswordStrength(password, [email]);
    if (!strength.ok) throw new AppError("BAD_REQUEST", strength.message);
    const existing = await this.db.facilitator.findUnique({ where: { email } });
    if (existing) throw new AppError("BAD_REQUEST", "An account with that email already exists. Sign in instead.");
    const facilitator = await this.db.facilitator.create({
      data: { id: newId(), email, passwordHash: await hashPassword(password) },
      select: { id: true, email: true },
    });
    this.remember(pairKey(email, address));
    return this.startSession(facilitator);
  }

  /** `address` as for signUp; left out, the per-account limits still apply. */
  async signIn(email: string, password: string, address?: string): Promise<SignedIn> {
    const from = address === undefined ? undefined : addressKey(address);
    const pair = pairKey(email, address);
    const exempt = this.knownPairs.has(pair);
    // Taken together before the (slow) check, each atomically: parallel
    // guesses cannot slip through, and a refusal by one limit gives back what
    // the others took.
    const takes: Array<[Limit, string, string]> = [];
    if (from !== undefined) takes.push([this.signInAddress, from, "Too many sign-in attempts from your network. Wait a few minutes and try again."]);
    takes.push([this.signInPair, pair, "Too many attempts for this account. Wait a few minutes and try again."]);
    if (!exempt) takes.push([this.signInAccount, email, "This account is getting many sign-in attempts. Wait a minute and try again."]);
    const refused = await takeTogether(takes.map(([limit, key]) => [limit, key] as const));
    if (refused >= 0) throw new AppError("RATE_LIMITED", takes[refused]![2]);

    const found = await this.db.facilitator.findUnique({ where: { email } });
    const ok = await verifyPassword(password, found?.passwordHash ?? (await decoyHash));
    if (!found || !ok) throw new AppError("UNAUTHORIZED", "That email and password do not match an account.");
    await this.signInPair.forget(pair);
    this.remember(pair);
    return this.startSession({ id: found.id, email: found.email });
  }

  private remember(pair: string): void {
    this.knownPairs.delete(pair);
    this.knownPairs.add(pair);
    if (this.knownPairs.size > MAX_KNOWN_PAIRS) this.knownPairs.delete(this.knownPairs.values().next().value!);
  }

  async signOut(token: string): Promise<void> {
    await this.db.authSession.deleteMany({ where: { tokenHash: hashToken(token) } });
  }

  /** The facilitator a cookie token belongs to, or null when it is unknown or expired. */
  async resolve(token: string | undefined): Promise<Facilitator | null> {
    return (await this.resolveSignIn(token))?.facilitator ?? null;
  }

  /** The sign-in a cookie token opens: who, the hash it is known by, and until when. */
  async resolveSignIn(token: string | undefined): Promise<{ facilitator: Facilitator; tokenHash: string; expiresAt: Date } | null> {
    if (!token || token.length > 100) return null;
    const tokenHash = hashToken(token);
    const row = await this.db.authSession.findUnique({
      where: { tokenHash },
      include: { facilitator: { select: { id: true, email: true } } },
    });
    if (!row || row.expiresAt.getTime() <= this.now()) return null;
    return { facilitator: row.facilitator, tokenHash, expiresAt: row.expiresAt };
  }

  private async startSession(facilitator: Facilitator): Promise<SignedIn> {
    const token = newToken();
    const expiresAt = new Date(this.now() + this.sessionDays * 24 * 60 * 60 * 1000);
    await this.db.authSession.create({
      data: { tokenHash: hashToken(token), facilitatorId: facilitator.id, expiresAt },
    });
    return { facilitator, token, expiresAt };
  }
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

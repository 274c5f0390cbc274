/**
 * Facilitator accounts and signed-in browsers (server-side sessions behind an
 * httpOnly, SameSite cookie).
 */
import { AppError } from "../../lib/protocol/errors.ts";
import type { Db } from "../db/client.ts";
import { addressKey } from "../client-address.ts";
import { RateLimiter } from "../rate-limit.ts";
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
 * How often a browser may try. Token buckets, memory only; the numbers and the
 * reasoning are in docs/security.md. "Address" is the client's network address
 * as the server saw it (an IPv6 address counts by its /64).
 */
export const SIGN_IN_LIMITS = {
  /** One account from one address: 10, then one every 90 s; a success starts afresh. */
  perAccountAndAddress: { burst: 10, perSecond: 1 / 90 },
  /** One address, whatever the accounts: 30, then one every 20 s. */
  perAddress: { burst: 30, perSecond: 1 / 20 },
  /** One account, whatever the addresses: 100, then one every 6 s. Addresses that signed in to it before are exempt. */
  perAccount: { burst: 100, perSecond: 1 / 6 },
} as const;

export const SIGN_UP_LIMITS = {
  /** One address: 20 (a training cohort in one room), then one every 3 min. */
  perAddress: { burst: 20, perSecond: 1 / 180 },
  /** Everyone together: 30, then one every 2 s. Each sign-up costs a strength check on the event loop and a 32 MiB hash. */
  overall: { burst: 30, perSecond: 1 / 2 },
} as const;

/** Account+address pairs remembered as having signed in, for the per-account ceiling's exemption. */
const MAX_KNOWN_PAIRS = 10_000;

interface Limit {
  burst: number;
  perSecond: number;
}

const bucket = ({ burst, perSecond }: Limit, now?: () => number) => new RateLimiter(burst, perSecond, now);

export interface AccountsOptions {
  /** The clock (sign-in expiry and the rate limits); the server passes its one clock. */
  now?: () => number;
  /** Other numbers than SIGN_IN_LIMITS / SIGN_UP_LIMITS, for tests that would otherwise hash a hundred passwords. */
  limits?: { signIn?: Partial<Record<keyof typeof SIGN_IN_LIMITS, Limit>>; signUp?: Partial<Record<keyof typeof SIGN_UP_LIMITS, Limit>> };
}

const pairKey = (email: string, address: string | undefined) =>
  `${email} ${address === undefined ? "in-process" : addressKey(address)}`;

export class Accounts {
  private readonly signInPair: RateLimiter;
  private readonly signInAddress: RateLimiter;
  private readonly signInAccount: RateLimiter;
  private readonly signUpAddress: RateLimiter;
  private readonly signUpOverall: RateLimiter;
  /** Insertion-ordered, so the oldest is forgotten first. */
  private readonly knownPairs = new Set<string>();
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    private readonly sessionDays: number,
    { now = () => Date.now(), limits = {} }: AccountsOptions = {},
  ) {
    this.now = now;
    const signIn = { ...SIGN_IN_LIMITS, ...limits.signIn };
    const signUp = { ...SIGN_UP_LIMITS, ...limits.signUp };
    this.signInPair = bucket(signIn.perAccountAndAddress, now);
    this.signInAddress = bucket(signIn.perAddress, now);
    this.signInAccount = bucket(signIn.perAccount, now);
    this.signUpAddress = bucket(signUp.perAddress, now);
    this.signUpOverall = bucket(signUp.overall, now);
  }

  /**
   * `address` is the client's network address. In-process callers (tests,
   * seeding, benchmarks) leave it out: the limits below are for HTTP floods.
   */
  async signUp(email: string, password: string, address?: string): Promise<SignedIn> {
    if (address !== undefined) {
      const from = addressKey(address);
      // Taken before any work, so a flood costs a map lookup each.
      if (!this.signUpAddress.allows(from)) {
        throw new AppError("RATE_LIMITED", "Too many new accounts from your network. Wait a few minutes and try again.");
      }
      if (!this.signUpOverall.allows("all")) {
        throw new AppError("BUSY", "Many accounts are being created right now. Try again in a minute.");
      }
      this.signUpAddress.take(from);
      this.signUpOverall.take("all");
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
    // All checked before any is taken, then taken together, before the (slow)
    // check: parallel guesses cannot slip through, and a refusal by one limit
    // does not spend the others.
    if (from !== undefined && !this.signInAddress.allows(from)) {
      throw new AppError("RATE_LIMITED", "Too many sign-in attempts from your network. Wait a few minutes and try again.");
    }
    if (!this.signInPair.allows(pair)) {
      throw new AppError("RATE_LIMITED", "Too many attempts for this account. Wait a few minutes and try again.");
    }
    if (!exempt && !this.signInAccount.allows(email)) {
      throw new AppError("RATE_LIMITED", "This account is getting many sign-in attempts. Wait a minute and try again.");
    }
    if (from !== undefined) this.signInAddress.take(from);
    this.signInPair.take(pair);
    if (!exempt) this.signInAccount.take(email);

    const found = await this.db.facilitator.findUnique({ where: { email } });
    const ok = await verifyPassword(password, found?.passwordHash ?? (await decoyHash));
    if (!found || !ok) throw new AppError("UNAUTHORIZED", "That email and password do not match an account.");
    this.signInPair.forget(pair);
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

/**
 * Facilitator accounts and signed-in browsers (server-side sessions behind an
 * httpOnly, SameSite cookie).
 */
import { AppError } from "../../lib/protocol/errors.ts";
import type { Db } from "../db/client.ts";
import { RateLimiter } from "../rate-limit.ts";
import { hashPassword, verifyPassword } from "./password.ts";
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

export class Accounts {
  // Sign-in attempts per email: 10, then one every 90 s; a success starts afresh. Memory only.
  private readonly attempts = new RateLimiter(10, 1 / 90);

  constructor(
    private readonly db: Db,
    private readonly sessionDays: number,
  ) {}

  async signUp(email: string, password: string): Promise<SignedIn> {
    const existing = await this.db.facilitator.findUnique({ where: { email } });
    if (existing) throw new AppError("BAD_REQUEST", "An account with that email already exists. Sign in instead.");
    const facilitator = await this.db.facilitator.create({
      data: { id: newId(), email, passwordHash: await hashPassword(password) },
      select: { id: true, email: true },
    });
    return this.startSession(facilitator);
  }

  async signIn(email: string, password: string): Promise<SignedIn> {
    // Taken before the (slow) check, so parallel guesses cannot all slip through.
    if (!this.attempts.take(email)) {
      throw new AppError("RATE_LIMITED", "Too many attempts for this account. Wait a few minutes and try again.");
    }
    const found = await this.db.facilitator.findUnique({ where: { email } });
    const ok = await verifyPassword(password, found?.passwordHash ?? (await decoyHash));
    if (!found || !ok) throw new AppError("UNAUTHORIZED", "That email and password do not match an account.");
    this.attempts.forget(email);
    return this.startSession({ id: found.id, email: found.email });
  }

  async signOut(token: string): Promise<void> {
    await this.db.authSession.deleteMany({ where: { tokenHash: hashToken(token) } });
  }

  /** The facilitator a cookie token belongs to, or null when it is unknown or expired. */
  async resolve(token: string | undefined): Promise<Facilitator | null> {
    if (!token || token.length > 100) return null;
    const row = await this.db.authSession.findUnique({
      where: { tokenHash: hashToken(token) },
      include: { facilitator: { select: { id: true, email: true } } },
    });
    if (!row || row.expiresAt.getTime() <= Date.now()) return null;
    return row.facilitator;
  }

  private async startSession(facilitator: Facilitator): Promise<SignedIn> {
    const token = newToken();
    const expiresAt = new Date(Date.now() + this.sessionDays * 24 * 60 * 60 * 1000);
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

/**
 * Who may run a session: its owner and the co-facilitators the owner invited
 * with a single-use, expiring link; and the room display link, a secret that
 * opens one session's display without a sign-in. Secrets are stored only as
 * hashes (server/auth/tokens.ts), so a leaked database opens nothing.
 */
import { createHash } from "node:crypto";
import { AppError } from "../../lib/protocol/errors.ts";
import type { ConsoleRole, InviteCreated, SessionView, TeamView } from "../../lib/protocol/views.ts";
import { hashToken, newToken } from "../auth/tokens.ts";
import type { Db } from "../db/client.ts";
import type { Clock } from "../live/clock.ts";
import { toSessionView } from "./sessions.ts";

/** An invitation works for a day: long enough to reach a colleague, short enough to go stale safely. */
export const INVITE_TTL_MS = 24 * 60 * 60 * 1000;
/** Unused invitations a session may have open at once (each one is a way in). */
export const MAX_OPEN_INVITES = 20;

const NOT_FOUND = "That session was not found.";

type SessionRow = NonNullable<Awaited<ReturnType<Db["session"]["findUnique"]>>>;

/** What the invite page shows before the invitee says yes. */
export interface InvitePreview {
  sessionId: string;
  title: string;
  ownerEmail: string;
  state: "open" | "used" | "expired";
  /** This facilitator's role in the session already, if any. */
  role: ConsoleRole | null;
}

/** Tells display links apart on the consoles (a console shows a key it made only while it is the current one). */
export function displayLinkTag(keyHash: string): string {
  return createHash("sha256").update(`attune-display-link:${keyHash}`).digest("base64url").slice(0, 12);
}

export class Team {
  constructor(
    private readonly db: Db,
    private readonly clock: Pick<Clock, "now">,
  ) {}

  /**
   * The session and this facilitator's role in it. Anyone else's session looks
   * like none at all (NOT_FOUND, as for a session that does not exist).
   */
  async open(facilitatorId: string, sessionId: string): Promise<{ role: ConsoleRole; session: SessionRow }> {
    const session = await this.db.session.findUnique({
      where: { id: sessionId },
      include: { coFacilitators: { where: { facilitatorId }, select: { facilitatorId: true } } },
    });
    if (!session) throw new AppError("NOT_FOUND", NOT_FOUND);
    const { coFacilitators, ...row } = session;
    if (row.ownerId === facilitatorId) return { role: "owner", session: row };
    if (coFacilitators.length > 0) return { role: "co", session: row };
    throw new AppError("NOT_FOUND", NOT_FOUND);
  }

  /** "owner" or "co"; NOT_FOUND for anyone else. */
  async access(facilitatorId: string, sessionId: string): Promise<ConsoleRole> {
    return (await this.open(facilitatorId, sessionId)).role;
  }

  /** Only the owner: inviting and removing co-facilitators. */
  async requireOwner(facilitatorId: string, sessionId: string): Promise<void> {
    if ((await this.access(facilitatorId, sessionId)) !== "owner") {
      throw new AppError("FORBIDDEN", "Only the session's owner can invite or remove co-facilitators.");
    }
  }

  async view(sessionId: string): Promise<TeamView> {
    const session = await this.db.session.findUniqueOrThrow({
      where: { id: sessionId },
      select: {
        displayKeyHash: true,
        owner: { select: { email: true } },
        coFacilitators: { orderBy: { addedAt: "asc" }, select: { addedAt: true, facilitator: { select: { id: true, email: true } } } },
      },
    });
    return {
      owner: { email: session.owner.email },
      coFacilitators: session.coFacilitators.map((c) => ({ id: c.facilitator.id, email: c.facilitator.email, addedAt: c.addedAt.getTime() })),
      displayLink: session.displayKeyHash === null ? null : displayLinkTag(session.displayKeyHash),
    };
  }

  /** Sessions this facilitator co-facilitates, newest first, with their owners. */
  async coFacilitated(facilitatorId: string): Promise<{ session: SessionView; ownerEmail: string }[]> {
    const rows = await this.db.coFacilitator.findMany({
      where: { facilitatorId },
      include: { session: { include: { owner: { select: { email: true } } } } },
      orderBy: { session: { createdAt: "desc" } },
    });
    return rows.map(({ session }) => ({ session: toSessionView(session), ownerEmail: session.owner.email }));
  }

  // ---- invitations -------------------------------------------------------------

  /** A new invitation (the caller checked the owner). Its token is returned once; only its hash is kept. */
  async invite(sessionId: string): Promise<InviteCreated> {
    const now = new Date(this.clock.now());
    // Spent and stale invitations are of no use to anyone: cleared as new ones are made.
    await this.db.invite.deleteMany({ where: { sessionId, OR: [{ usedAt: { not: null } }, { expiresAt: { lte: now } }] } });
    const open = await this.db.invite.count({ where: { sessionId } });
    if (open >= MAX_OPEN_INVITES) {
      throw new AppError("RATE_LIMITED", `This session has ${MAX_OPEN_INVITES} open invitations; wait for some to be used or to expire.`);
    }
    const token = newToken();
    const expiresAt = new Date(now.getTime() + INVITE_TTL_MS);
    await this.db.invite.create({ data: { tokenHash: hashToken(token), sessionId, createdAt: now, expiresAt } });
    return { token, expiresAt: expiresAt.getTime() };
  }

  /** What an invitation is for, for the invite page; null when no such invitation exists. */
  async preview(token: string, facilitatorId: string): Promise<InvitePreview | null> {
    const invite = await this.db.invite.findUnique({
      where: { tokenHash: hashToken(token) },
      include: {
        session: {
          select: {
            id: true,
            title: true,
            ownerId: true,
            owner: { select: { email: true } },
            coFacilitators: { where: { facilitatorId }, select: { facilitatorId: true } },
          },
        },
      },
    });
    if (!invite) return null;
    const { session } = invite;
    return {
      sessionId: session.id,
      title: session.title,
      ownerEmail: session.owner.email,
      state: invite.usedAt ? "used" : invite.expiresAt.getTime() <= this.clock.now() ? "expired" : "open",
      role: session.ownerId === facilitatorId ? "owner" : session.coFacilitators.length > 0 ? "co" : null,
    };
  }

  /**
   * Makes this facilitator a co-facilitator, spending the invitation. Spent
   * with a conditional write (unused and unexpired, now), so two people with
   * one link cannot both get in, whichever process each reaches. The owner's
   * own click, or a co-facilitator's second one, leaves it unspent for whom it
   * was meant.
   */
  async accept(token: string, facilitatorId: string): Promise<{ sessionId: string; role: ConsoleRole }> {
    const tokenHash = hashToken(token);
    const gone = new AppError("NOT_FOUND", "This invitation has been used or has expired. Ask the session's owner for a new link.");
    return this.db.$transaction(async (tx) => {
      const invite = await tx.invite.findUnique({
        where: { tokenHash },
        include: { session: { select: { ownerId: true, coFacilitators: { where: { facilitatorId }, select: { facilitatorId: true } } } } },
      });
      if (!invite) throw gone;
      if (invite.session.ownerId === facilitatorId) {
        throw new AppError("BAD_REQUEST", "This is your own session: you run it already. Send the link to the person you want to run it with.");
      }
      if (invite.session.coFacilitators.length > 0) return { sessionId: invite.sessionId, role: "co" as const };
      const now = new Date(this.clock.now());
      const { count } = await tx.invite.updateMany({ where: { tokenHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
      if (count === 0) throw gone;
      // An upsert: the same facilitator accepting two invitations at once is on the team once.
      await tx.coFacilitator.upsert({
        where: { sessionId_facilitatorId: { sessionId: invite.sessionId, facilitatorId } },
        create: { sessionId: invite.sessionId, facilitatorId, addedAt: now },
        update: {},
      });
      return { sessionId: invite.sessionId, role: "co" as const };
    });
  }

  /** Takes a co-facilitator off the session (the caller checked the owner); false if they were not on it. */
  async remove(sessionId: string, facilitatorId: string): Promise<boolean> {
    const { count } = await this.db.coFacilitator.deleteMany({ where: { sessionId, facilitatorId } });
    return count > 0;
  }

  // ---- the room display link -------------------------------------------------

  /**
   * A new display link key for the session, replacing (and so revoking) the
   * one before. Returns the key, shown once, and the old key's hash, whose
   * displays are to be cut off.
   */
  async newDisplayKey(sessionId: string): Promise<{ key: string; revokedHash: string | null }> {
    const key = newToken();
    const revokedHash = await this.db.$transaction(async (tx) => {
      const { displayKeyHash } = await tx.session.findUniqueOrThrow({ where: { id: sessionId }, select: { displayKeyHash: true } });
      await tx.session.update({ where: { id: sessionId }, data: { displayKeyHash: hashToken(key) } });
      return displayKeyHash;
    });
    return { key, revokedHash };
  }

  /** Revokes the display link; returns the revoked key's hash (null if there was none). */
  async revokeDisplayKey(sessionId: string): Promise<string | null> {
    return this.db.$transaction(async (tx) => {
      const { displayKeyHash } = await tx.session.findUniqueOrThrow({ where: { id: sessionId }, select: { displayKeyHash: true } });
      if (displayKeyHash) await tx.session.update({ where: { id: sessionId }, data: { displayKeyHash: null } });
      return displayKeyHash;
    });
  }

  /** The session a display link key opens, or null (never made, or revoked). */
  async sessionOfDisplayKey(key: string): Promise<{ sessionId: string; keyHash: string } | null> {
    const keyHash = hashToken(key);
    const sessionId = await this.sessionOfDisplayKeyHash(keyHash);
    return sessionId ? { sessionId, keyHash } : null;
  }

  async sessionOfDisplayKeyHash(keyHash: string): Promise<string | null> {
    const row = await this.db.session.findUnique({ where: { displayKeyHash: keyHash }, select: { id: true } });
    return row?.id ?? null;
  }
}

import { createHash, randomBytes } from "node:crypto";

/** 32 random bytes, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Tokens are stored only as this hash, so a leaked database opens nothing. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

export function newId(): string {
  return randomBytes(12).toString("base64url");
}

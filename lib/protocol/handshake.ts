/**
 * What a page needs to open a socket, and nothing else: no zod, so the phone's
 * first JavaScript stays small. Re-exported by events.ts, the contract.
 */

/**
 * Sent in every handshake (`auth.v`). A page built for another version is
 * refused with OUTDATED and asks its reader to reload, instead of failing in
 * a loop against a server that no longer speaks its language. Bump it with
 * any change that breaks pages already open.
 */
export const PROTOCOL_VERSION = 3;

export const NAMESPACES = {
  participant: "/participant",
  console: "/facilitator",
  display: "/display",
} as const;

/**
 * Where a phone says it is taking part from (`auth.where`, `where:set`); null
 * or absent: it has not said (optional, one tap). Here, not in room.ts, so the
 * phone's choice does not pull the schemas in.
 */
export const WHERE = ["room", "remote"] as const;
export type Where = (typeof WHERE)[number];

/**
 * Telling "the database did not take the statement at all" (unreachable,
 * restarting, out of connections) from an error about the data, so callers
 * can say "try again in a moment" instead of "something went wrong".
 */

/** Prisma's codes for a database it could not reach, or whose connection dropped. */
const UNREACHABLE_CODES = new Set(["P1001", "P1002", "P1008", "P1017"]);
/** The pg adapter's kinds of the same, for a raw query (Prisma's P2010). */
const UNREACHABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

/**
 * Why the database did not take a statement at all, or null when the error
 * may be about the rows: unreachable, a connection dropped, or PostgreSQL
 * shutting down, starting or out of connections (SQLSTATE classes 08, 57P and 53).
 */
export function databaseUnavailable(error: unknown): string | null {
  const e = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown; code?: unknown; message?: unknown } } } } | null;
  const cause = e?.meta?.driverAdapterError?.cause;
  const kind = typeof cause?.kind === "string" ? cause.kind : "";
  const sqlState = kind === "postgres" && typeof cause?.code === "string" ? cause.code : "";
  const unavailable =
    (typeof e?.code === "string" && UNREACHABLE_CODES.has(e.code)) || UNREACHABLE_KINDS.has(kind) || /^(08|57P0|53)/.test(sqlState);
  if (!unavailable) return null;
  return sqlState ? `${sqlState}: ${String(cause?.message ?? "")}` : kind || String(e?.code);
}

/**
 * Many rows in one hand-written INSERT, for the hot paths where Prisma's
 * `createMany` costs too much main-thread time per row (a room of phones
 * joining at once, a burst of check-ins). Placeholders and dates differ by
 * dialect; everything else is the caller's SQL.
 */
import type { Dialect } from "./client.ts";

export interface Rows {
  /** `(…), (…)`: one group of placeholders per row. */
  values: string;
  params: unknown[];
}

/**
 * SQLite takes `?` placeholders, and DateTime as Prisma's SQLite adapter
 * writes it (so Prisma reads these rows back alike). PostgreSQL takes numbered
 * placeholders and Date objects, which the adapter writes as UTC (an ISO
 * string's offset would be dropped by a timestamp column).
 */
export function rowsOf(dialect: Dialect, rows: readonly (readonly unknown[])[]): Rows {
  const width = rows[0]?.length ?? 0;
  const values =
    dialect === "sqlite"
      ? rows.map(() => `(${Array(width).fill("?").join(", ")})`).join(", ")
      : rows.map((_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(", ")})`).join(", ");
  const params = rows.flatMap((row) => row.map((cell) => (dialect === "sqlite" && cell instanceof Date ? sqliteDate(cell) : cell)));
  return { values, params };
}

function sqliteDate(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

/**
 * Applies prisma/postgres/migrations to a PostgreSQL database at start-up.
 *
 * `prisma migrate deploy` fails through the pg driver adapter in Prisma 6.19
 * (STACK.md, trap 5), and would need the CLI at run time. This does the same
 * work in-process, like migrateSqlite, and records it in Prisma's own
 * `_prisma_migrations` table with the same checksums, so `prisma migrate status
 * --config prisma.postgres.config.ts` still understands the database.
 *
 * Several nodes may start at once: an advisory lock lets one migrate while the
 * others wait, then find nothing left to do. Each migration and its record
 * commit together or not at all (`migrate deploy` would leave a failed one
 * half-applied), so a migration must not use statements that refuse to run in
 * a transaction (CREATE INDEX CONCURRENTLY).
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { pendingMigrations, type MigrationResult } from "./migrate.ts";

// Prisma's own definition of the table, so the CLI reads what is recorded here.
const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** Any fixed number, the same in every Attune process: the key of the migration lock. */
const MIGRATION_LOCK = 72707369;

// Resolved from the working directory, like MIGRATIONS_DIR.
export const POSTGRES_MIGRATIONS_DIR = path.resolve("prisma", "postgres", "migrations");

export async function migratePostgres(url: string, migrationsDir = POSTGRES_MIGRATIONS_DIR): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Session-level: held across the transactions below, released by the unlock or the disconnect.
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query(MIGRATIONS_TABLE);
    const rows = (
      await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
        `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
      )
    ).rows;
    // Only `migrate deploy` can leave one of these: Prisma wants it resolved first, and so do we.
    const failed = rows.find((row) => row.finished_at === null);
    if (failed) {
      throw new Error(
        `Migration ${failed.migration_name} was started but never finished (a failed \`prisma migrate deploy\`?); ` +
          `check the database, then mark it with \`prisma migrate resolve --config prisma.postgres.config.ts\`.`,
      );
    }
    const done = new Map(rows.map((row) => [row.migration_name, row.checksum]));
    const applied: string[] = [];
    for (const { name, sql, checksum } of pendingMigrations(migrationsDir, done)) {
      await client.query("BEGIN");
      try {
        // No parameters: the simple protocol, which runs a file of several statements.
        await client.query(sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), now(), 1)`,
          [randomUUID(), checksum, name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw new Error(`Migration ${name} failed and was rolled back: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
      }
      applied.push(name);
    }
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]);
    return { applied };
  } finally {
    await client.end();
  }
}

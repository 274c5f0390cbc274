/**
 * Applies prisma/migrations to the SQLite file at start-up.
 *
 * `prisma migrate deploy` would need the CLI at run time; this does the same
 * work in-process and records it in Prisma's own `_prisma_migrations` table
 * with the same checksums, so `prisma migrate status` still understands the
 * database.
 */
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "checksum" TEXT NOT NULL,
  "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL,
  "logs" TEXT,
  "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

// Resolved from the working directory, like data/: npm scripts run from the project root.
export const MIGRATIONS_DIR = path.resolve("prisma", "migrations");

export interface MigrationResult {
  applied: string[];
}

export function migrateSqlite(databaseFile: string, migrationsDir = MIGRATIONS_DIR): MigrationResult {
  fs.mkdirSync(path.dirname(databaseFile), { recursive: true });
  const db = new Database(databaseFile);
  try {
    db.pragma("journal_mode = WAL");
    db.exec(MIGRATIONS_TABLE);
    const done = new Map(
      (
        db
          .prepare(`SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`)
          .all() as { migration_name: string; checksum: string }[]
      ).map((row) => [row.migration_name, row.checksum]),
    );
    const applied: string[] = [];
    // Prisma rebuilds a table to change it (create new_X, copy the rows, drop X,
    // rename) and turns foreign keys off around that, but SQLite ignores that
    // pragma inside a transaction, and better-sqlite3 turns them on: the DROP
    // would then cascade to every child row. So they are off around the
    // transaction, and foreign_key_check stands in for them before it commits.
    db.pragma("foreign_keys = OFF");
    try {
      for (const { name, sql, checksum } of pendingMigrations(migrationsDir, done)) {
        const id = randomUUID();
        db.transaction(() => {
          db.exec(sql);
          assertForeignKeysHold(db, name);
          db.prepare(
            `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
             VALUES (?, ?, ?, current_timestamp, current_timestamp, 1)`,
          ).run(id, checksum, name);
        })();
        applied.push(name);
      }
    } finally {
      db.pragma("foreign_keys = ON");
    }
    return { applied };
  } finally {
    db.close();
  }
}

export interface PendingMigration {
  name: string;
  sql: string;
  /** What Prisma records: the sha256 of migration.sql, in hex. */
  checksum: string;
}

/**
 * The migrations of `migrationsDir` not yet in `applied` (name → checksum), in
 * name order. One edited after it was applied is refused: the database would
 * no longer be what its files say.
 */
export function pendingMigrations(migrationsDir: string, applied: ReadonlyMap<string, string>): PendingMigration[] {
  const names = fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const pending: PendingMigration[] = [];
  for (const name of names) {
    const sql = fs.readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8");
    const checksum = createHash("sha256").update(sql).digest("hex");
    const known = applied.get(name);
    if (known === undefined) pending.push({ name, sql, checksum });
    else if (known !== checksum) throw new Error(`Migration ${name} was changed after it was applied; add a new migration instead.`);
  }
  return pending;
}

interface ForeignKeyViolation {
  table: string;
  rowid: number | null;
  parent: string;
}

/** Throws, so that the transaction rolls back, if a row points at a parent that is not there. */
function assertForeignKeysHold(db: Database.Database, migration: string): void {
  const violations = db.pragma("foreign_key_check") as ForeignKeyViolation[];
  if (violations.length === 0) return;
  const first = violations[0];
  throw new Error(
    `Migration ${migration} would leave ${violations.length} row(s) pointing at missing parents ` +
      `(first: ${first.table} rowid ${first.rowid} -> ${first.parent}); it was rolled back.`,
  );
}

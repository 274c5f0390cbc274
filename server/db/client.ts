/**
 * The one place the database is chosen: SQLite (the embedded default) or
 * PostgreSQL (scale-out), by DATABASE_URL (server/env.ts).
 *
 * Each has its own generated client (prisma/schema.prisma and the
 * prisma/postgres/schema.prisma derived from it: the same models). Their
 * TypeScript types are not assignable to each other, so the SQLite client's is
 * the one `Db` the code is written against, and the PostgreSQL client is cast
 * to it here (STACK.md). Raw SQL differs between the two: ask `dialectOf(db)`.
 */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { DatabaseConfig } from "../env.ts";
import { PrismaClient } from "../generated/prisma/client.ts";
import { PrismaClient as PostgresPrismaClient } from "../generated/prisma-pg/client.ts";
import { migrateSqlite, type MigrationResult } from "./migrate.ts";
import { migratePostgres } from "./migrate-postgres.ts";

export type Db = PrismaClient;
export type Dialect = DatabaseConfig["kind"];

const dialects = new WeakMap<Db, Dialect>();

export function createDb(database: DatabaseConfig): Db {
  let db: Db;
  if (database.kind === "sqlite") {
    db = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${database.file}` }) });
  } else {
    // Timestamps are stored without a zone, as UTC: the session's zone must be
    // UTC too, or DEFAULT CURRENT_TIMESTAMP and now() write local times (STACK.md).
    // A TimeZone in the URL's own options wins over this one.
    // A database whose network drops packets must fail a query, not hang it.
    const adapter = new PrismaPg({ connectionString: database.url, options: "-c TimeZone=UTC", connectionTimeoutMillis: 5_000 });
    db = new PostgresPrismaClient({ adapter }) as unknown as Db;
  }
  dialects.set(db, database.kind);
  return db;
}

/** The SQL dialect of a client made by createDb, for the few statements written by hand. */
export function dialectOf(db: Db): Dialect {
  const dialect = dialects.get(db);
  if (!dialect) throw new Error("This database client was not made by createDb (server/db/client.ts).");
  return dialect;
}

/** Brings the database's schema up to date: at start-up, and by `npm run db:migrate`. */
export async function migrateDb(database: DatabaseConfig): Promise<MigrationResult> {
  return database.kind === "sqlite" ? migrateSqlite(database.file) : migratePostgres(database.url);
}

/**
 * Per-connection settings. On SQLite, WAL is set by the migrator and kept in
 * the file; synchronous=FULL makes a commit durable on power loss too, since a
 * check-in is acknowledged as stored the moment its batch commits. PostgreSQL
 * commits durably by default (synchronous_commit) and its session settings are
 * given at connect time (createDb).
 */
export async function prepareDb(db: Db): Promise<void> {
  if (dialectOf(db) !== "sqlite") return;
  await db.$executeRawUnsafe("PRAGMA synchronous = FULL");
  await db.$executeRawUnsafe("PRAGMA busy_timeout = 5000");
}

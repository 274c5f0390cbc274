import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, inject, it } from "vitest";
import { migrateSqlite } from "../server/db/migrate.ts";
import { migratePostgres } from "../server/db/migrate-postgres.ts";
import { freshDatabase, testDatabase, withPostgres, type TestDatabase } from "./helpers/database.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attune-migrations-"));
const databases: TestDatabase[] = [];
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await Promise.all(databases.map((d) => d.drop()));
});

const INIT = "20261124000000_init";

// What Prisma writes for `language String @default("en")` on Session: SQLite
// cannot add that column in place, so the table is rebuilt and the old one
// dropped, with Session's prompts, check-ins and participants pointing at it.
const REBUILD_SESSION = `-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ownerId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "language" TEXT NOT NULL DEFAULT 'en',
    "joinCode" TEXT,
    "palette" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "endedAt" DATETIME,
    CONSTRAINT "Session_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Facilitator" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Session" ("createdAt", "endedAt", "id", "joinCode", "ownerId", "palette", "startedAt", "status", "title") SELECT "createdAt", "endedAt", "id", "joinCode", "ownerId", "palette", "startedAt", "status", "title" FROM "Session";
DROP TABLE "Session";
ALTER TABLE "new_Session" RENAME TO "Session";
CREATE UNIQUE INDEX "Session_joinCode_key" ON "Session"("joinCode");
CREATE INDEX "Session_ownerId_createdAt_idx" ON "Session"("ownerId", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
`;

/** A migrations folder holding only the real init migration, which the SQL in these tests is written against. */
function initOnly(name: string, from = "prisma/migrations"): string {
  const migrations = path.join(dir, name);
  fs.cpSync(path.resolve(from, INIT), path.join(migrations, INIT), { recursive: true });
  return migrations;
}

function addMigration(migrations: string, name: string, sql: string): void {
  fs.mkdirSync(path.join(migrations, name));
  fs.writeFileSync(path.join(migrations, name, "migration.sql"), sql);
}

/**
 * A database migrated with `migrations` that holds two facilitators with
 * signed-in browsers, and three sessions with prompts, check-ins and phones.
 */
function databaseInUse(name: string, migrations: string): string {
  const file = path.join(dir, name);
  migrateSqlite(file, migrations);
  const db = new Database(file);
  const now = new Date().toISOString();
  db.transaction(() => {
    for (const f of ["f1", "f2"]) {
      db.prepare(`INSERT INTO "Facilitator" (id, email, passwordHash) VALUES (?, ?, 'x')`).run(f, `${f}@example.org`);
      for (const n of [1, 2]) {
        db.prepare(`INSERT INTO "AuthSession" (tokenHash, facilitatorId, expiresAt) VALUES (?, ?, ?)`).run(`${f}-t${n}`, f, now);
      }
    }
    for (const [s, owner, status] of [["s1", "f1", "live"], ["s2", "f1", "ended"], ["s3", "f2", "draft"]]) {
      db.prepare(`INSERT INTO "Session" (id, ownerId, title, status, joinCode, palette) VALUES (?, ?, 't', ?, ?, '[]')`).run(
        s,
        owner,
        status,
        status === "live" ? `CODE${s}` : null,
      );
      for (let n = 0; n < 2; n++) {
        db.prepare(`INSERT INTO "Prompt" (id, sessionId, kind, title, body) VALUES (?, ?, 'custom', 't', 'b')`).run(`${s}-p${n}`, s);
        db.prepare(`INSERT INTO "Participant" (id, sessionId, tokenHash) VALUES (?, ?, ?)`).run(`${s}-phone${n}`, s, `${s}-h${n}`);
      }
      for (let n = 0; n < 5; n++) {
        db.prepare(`INSERT INTO "CheckIn" (sessionId, clientId, signal, at) VALUES (?, ?, 'i-see', ?)`).run(s, `${s}-c${n}`, now);
      }
    }
  })();
  db.close();
  return file;
}

/** Rows per table, every table but SQLite's and the migrations record. */
function rowCounts(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name`)
      .pluck()
      .all() as string[];
    return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number]));
  } finally {
    db.close();
  }
}

function query<T>(file: string, sql: string): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

// SQLite's own upgrade path (table rebuilds, foreign keys off around them);
// PostgreSQL alters tables in place, and has its tests below.
describe.runIf(testDatabase === "sqlite")("upgrading a database in use (SQLite)", () => {
  it("keeps every row of every table through a migration that rebuilds a parent table", () => {
    const migrations = initOnly("rebuild");
    const file = databaseInUse("rebuild.db", migrations);
    const before = rowCounts(file);
    expect(before).toEqual({ AuthSession: 4, CheckIn: 15, Facilitator: 2, Participant: 6, Prompt: 6, Session: 3 });

    addMigration(migrations, "20261125000000_session_language", REBUILD_SESSION);
    expect(migrateSqlite(file, migrations).applied).toEqual(["20261125000000_session_language"]);

    expect(rowCounts(file)).toEqual(before);
    expect(query(file, `SELECT id, language FROM "Session" ORDER BY id`)).toEqual([
      { id: "s1", language: "en" },
      { id: "s2", language: "en" },
      { id: "s3", language: "en" },
    ]);
    // The rebuilt table is still the parent: deleting a session still takes its rows with it.
    const db = new Database(file);
    db.prepare(`DELETE FROM "Session" WHERE id = 's1'`).run();
    db.close();
    expect(rowCounts(file)).toMatchObject({ Session: 2, Prompt: 4, CheckIn: 10, Participant: 4 });
  });

  it("rolls back a migration that would leave rows pointing at a parent that is gone", () => {
    const migrations = initOnly("dangling");
    const file = databaseInUse("dangling.db", migrations);
    const before = rowCounts(file);

    // Without foreign keys enforced, nothing cascades: f1's sessions would be orphans.
    addMigration(migrations, "20261125000000_drop_f1", `DELETE FROM "Facilitator" WHERE id = 'f1';`);
    expect(() => migrateSqlite(file, migrations)).toThrow(/20261125000000_drop_f1 would leave .* pointing at missing parents/);

    expect(rowCounts(file)).toEqual(before);
    expect(query(file, `SELECT migration_name FROM _prisma_migrations`)).toEqual([{ migration_name: INIT }]);
  });
});

/** The rows databaseInUse writes, on PostgreSQL. */
async function postgresInUse(label: string, migrations: string): Promise<string> {
  const database = await freshDatabase(label);
  databases.push(database);
  await migratePostgres(database.url, migrations);
  await withPostgres(database.url, async (db) => {
    await db.query("BEGIN");
    for (const f of ["f1", "f2"]) {
      await db.query(`INSERT INTO "Facilitator" (id, email, "passwordHash") VALUES ($1, $2, 'x')`, [f, `${f}@example.org`]);
      for (const n of [1, 2]) {
        await db.query(`INSERT INTO "AuthSession" ("tokenHash", "facilitatorId", "expiresAt") VALUES ($1, $2, now())`, [`${f}-t${n}`, f]);
      }
    }
    for (const [s, owner, status] of [["s1", "f1", "live"], ["s2", "f1", "ended"], ["s3", "f2", "draft"]]) {
      await db.query(`INSERT INTO "Session" (id, "ownerId", title, status, "joinCode", palette) VALUES ($1, $2, 't', $3, $4, '[]')`, [
        s,
        owner,
        status,
        status === "live" ? `CODE${s}` : null,
      ]);
      for (let n = 0; n < 2; n++) {
        await db.query(`INSERT INTO "Prompt" (id, "sessionId", kind, title, body) VALUES ($1, $2, 'custom', 't', 'b')`, [`${s}-p${n}`, s]);
        await db.query(`INSERT INTO "Participant" (id, "sessionId", "tokenHash") VALUES ($1, $2, $3)`, [`${s}-phone${n}`, s, `${s}-h${n}`]);
      }
      for (let n = 0; n < 5; n++) {
        await db.query(`INSERT INTO "CheckIn" ("sessionId", "clientId", signal, at) VALUES ($1, $2, 'i-see', now())`, [s, `${s}-c${n}`]);
      }
    }
    await db.query("COMMIT");
  });
  return database.url;
}

async function postgresQuery<T>(url: string, sql: string): Promise<T[]> {
  return withPostgres(url, async (db) => (await db.query(sql)).rows as T[]);
}

async function postgresRowCounts(url: string): Promise<Record<string, number>> {
  const tables = await postgresQuery<{ name: string }>(
    url,
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    // count(*) is a bigint, which pg hands over as a string.
    counts[name] = Number((await postgresQuery<{ n: string }>(url, `SELECT count(*) AS n FROM "${name}"`))[0].n);
  }
  return counts;
}

// What Prisma writes for the same change on PostgreSQL: altered in place.
const ADD_SESSION_LANGUAGE = `-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "language" TEXT NOT NULL DEFAULT 'en';
`;

describe.runIf(testDatabase === "postgres")("upgrading a database in use (PostgreSQL)", () => {
  it("applies a new migration to a database migrated by the previous one, keeping every row", async () => {
    const migrations = initOnly("pg-upgrade", "prisma/postgres/migrations");
    const url = await postgresInUse("upgrade", migrations);
    const before = await postgresRowCounts(url);
    expect(before).toEqual({ AuthSession: 4, CheckIn: 15, Facilitator: 2, Participant: 6, Prompt: 6, Session: 3 });

    addMigration(migrations, "20261125000000_session_language", ADD_SESSION_LANGUAGE);
    expect((await migratePostgres(url, migrations)).applied).toEqual(["20261125000000_session_language"]);
    expect((await migratePostgres(url, migrations)).applied).toEqual([]);

    expect(await postgresRowCounts(url)).toEqual(before);
    expect(await postgresQuery(url, `SELECT id, language FROM "Session" ORDER BY id`)).toEqual([
      { id: "s1", language: "en" },
      { id: "s2", language: "en" },
      { id: "s3", language: "en" },
    ]);
    expect(await postgresQuery(url, `SELECT migration_name, applied_steps_count FROM _prisma_migrations ORDER BY migration_name`)).toEqual([
      { migration_name: INIT, applied_steps_count: 1 },
      { migration_name: "20261125000000_session_language", applied_steps_count: 1 },
    ]);
  });

  it("rolls a failing migration back whole: no statement of it stays, and it is not recorded", async () => {
    const migrations = initOnly("pg-failing", "prisma/postgres/migrations");
    const url = await postgresInUse("failing", migrations);
    const before = await postgresRowCounts(url);

    addMigration(
      migrations,
      "20261125000000_half",
      `${ADD_SESSION_LANGUAGE}DELETE FROM "Facilitator" WHERE id = 'f1';
INSERT INTO "Session" (id) VALUES ('no-owner');
`,
    );
    await expect(migratePostgres(url, migrations)).rejects.toThrow(/Migration 20261125000000_half failed and was rolled back/);

    expect(await postgresRowCounts(url)).toEqual(before);
    expect(await postgresQuery(url, `SELECT column_name FROM information_schema.columns WHERE table_name = 'Session' AND column_name = 'language'`)).toEqual([]);
    expect(await postgresQuery(url, `SELECT migration_name FROM _prisma_migrations`)).toEqual([{ migration_name: INIT }]);
  });
});

describe("npm run db:new-migration", () => {
  /**
   * Runs scripts/new-migration.mjs against a copy of prisma/, as `npm run
   * db:new-migration -- <name>` would: on the run's PostgreSQL server, or on a
   * throwaway one it starts itself.
   */
  function newMigration(prismaDir: string, name: string): string {
    const postgres = testDatabase === "postgres" ? ["--postgres", inject("postgresAdminUrl")] : [];
    return execFileSync(
      process.execPath,
      ["scripts/new-migration.mjs", name, "--schema", path.join(prismaDir, "schema.prisma"), "--migrations", path.join(prismaDir, "migrations"), ...postgres],
      { encoding: "utf8" },
    );
  }
  const folders = (prismaDir: string, sub = "migrations") =>
    fs
      .readdirSync(path.join(prismaDir, sub), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();

  it("writes a migration for each database from an edited schema, which upgrades a database in use and leaves nothing to do", async () => {
    const prismaDir = path.join(dir, "new-migration", "prisma");
    fs.cpSync(path.resolve("prisma"), prismaDir, { recursive: true });
    const existing = folders(prismaDir);
    expect(folders(prismaDir, "postgres/migrations")).toEqual(existing);
    const file = databaseInUse("new-migration.db", path.join(prismaDir, "migrations"));
    const before = rowCounts(file);
    const pgUrl = testDatabase === "postgres" ? await postgresInUse("new_migration", path.join(prismaDir, "postgres", "migrations")) : null;

    const schemaFile = path.join(prismaDir, "schema.prisma");
    const schema = fs.readFileSync(schemaFile, "utf8");
    const edited = schema.replace(/^(\s*)status(\s+)String(\s+)@default\("draft"\)$/m, `$&\n$1language$2String$3@default("en")`);
    expect(edited).not.toBe(schema);
    fs.writeFileSync(schemaFile, `${edited}\nmodel Cohort {\n  id   String @id\n  name String\n}\n`);

    expect(newMigration(prismaDir, "Session language, cohorts")).toMatch(/Wrote .*_session_language__cohorts/);
    const added = folders(prismaDir).filter((f) => !existing.includes(f));
    // The same folder for PostgreSQL, from the derived schema.
    expect(folders(prismaDir, "postgres/migrations")).toEqual([...existing, ...added]);
    expect(fs.readFileSync(path.join(prismaDir, "postgres", "schema.prisma"), "utf8")).toMatch(/model Cohort[\s\S]*provider = "postgresql"|provider = "postgresql"[\s\S]*model Cohort/);
    const pgSql = fs.readFileSync(path.join(prismaDir, "postgres", "migrations", added[0], "migration.sql"), "utf8");
    expect(pgSql).toContain(`CREATE TABLE "Cohort"`);
    expect(pgSql).toMatch(/ALTER TABLE "Session" ADD COLUMN\s+"language" TEXT NOT NULL DEFAULT 'en'/);
    expect(added).toHaveLength(1);
    expect(added[0] > existing[existing.length - 1]).toBe(true);
    const sql = fs.readFileSync(path.join(prismaDir, "migrations", added[0], "migration.sql"), "utf8");
    expect(sql).toContain(`CREATE TABLE "Cohort"`);
    expect(sql).toContain(`DROP TABLE "Session"`);

    expect(migrateSqlite(file, path.join(prismaDir, "migrations")).applied).toEqual(added);
    expect(rowCounts(file)).toEqual({ ...before, Cohort: 0 });
    expect(query(file, `SELECT DISTINCT language FROM "Session"`)).toEqual([{ language: "en" }]);

    if (pgUrl) {
      const pgBefore = await postgresRowCounts(pgUrl);
      expect((await migratePostgres(pgUrl, path.join(prismaDir, "postgres", "migrations"))).applied).toEqual(added);
      expect(await postgresRowCounts(pgUrl)).toEqual({ ...pgBefore, Cohort: 0 });
      expect(await postgresQuery(pgUrl, `SELECT DISTINCT language FROM "Session"`)).toEqual([{ language: "en" }]);
    }

    const again = newMigration(prismaDir, "again");
    expect(again).toMatch(/SQLite: the schema matches the migrations, nothing to do/);
    expect(again).toMatch(/PostgreSQL: the schema matches the migrations, nothing to do/);
    expect(folders(prismaDir)).toEqual([...existing, ...added]);
    expect(folders(prismaDir, "postgres/migrations")).toEqual([...existing, ...added]);
  }, 120_000); // ten Prisma CLI runs, and perhaps a PostgreSQL server
});

#!/usr/bin/env node
// Makes a new migration from a change to prisma/schema.prisma, for SQLite and
// for PostgreSQL (the same folder name in prisma/migrations and
// prisma/postgres/migrations), after deriving prisma/postgres/schema.prisma.
//   npm run db:new-migration -- add_cohorts
//   node scripts/new-migration.mjs add_cohorts --schema <file> --migrations <dir>
//     [--postgres-schema <file>] [--postgres-migrations <dir>] [--postgres <superuser URL>]
//
// `prisma migrate dev` needs a shadow database, and `migrate diff
// --from-migrations` cannot replay our multi-statement init through the
// adapter (P3006), nor does 6.19 accept --from-url with an adapter (STACK.md).
// So the "before" side is built here: the existing migrations are applied to a
// temporary SQLite file by our own migrator (the one that runs at start-up),
// `prisma db pull` reads that file back as a schema, and `migrate diff` goes
// from that schema to the edited one.
//
// PostgreSQL's "before" is that same schema, derived for PostgreSQL (`db pull`
// fails through the pg adapter in 6.19). Its diff needs a running server:
// --postgres, or a throwaway one started here from Debian's postgresql (as in
// the tests). Then a check: the PostgreSQL migrations, applied by our
// migrator, must give exactly the schema the derived file describes.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { tsImport } from "tsx/esm/api";
import { postgresSchema, writePostgresSchema } from "./postgres-schema.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const prismaCli = path.join(root, "node_modules", "prisma", "build", "index.js");

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    schema: { type: "string", default: path.join(root, "prisma", "schema.prisma") },
    migrations: { type: "string", default: path.join(root, "prisma", "migrations") },
    "postgres-schema": { type: "string" },
    "postgres-migrations": { type: "string" },
    postgres: { type: "string" },
  },
});
const name = (positionals[0] ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
if (!name) {
  console.error("usage: npm run db:new-migration -- <name> [--schema <file>] [--migrations <dir>] [--postgres <superuser URL>]");
  process.exit(2);
}
const schemaFile = path.resolve(values.schema);
const migrationsDir = path.resolve(values.migrations);
const pgSchemaFile = path.resolve(values["postgres-schema"] ?? path.join(path.dirname(schemaFile), "postgres", "schema.prisma"));
const pgMigrationsDir = path.resolve(values["postgres-migrations"] ?? path.join(path.dirname(schemaFile), "postgres", "migrations"));

/**
 * Runs the Prisma CLI from the project root against a database: SQLite's
 * config for a file: URL, PostgreSQL's for a postgresql: one.
 */
function prisma(args, databaseUrl) {
  const config = databaseUrl.startsWith("file:") ? "prisma.config.ts" : "prisma.postgres.config.ts";
  const result = spawnSync(process.execPath, [prismaCli, ...args, "--config", config], {
    cwd: root,
    encoding: "utf8",
    // The config's adapter opens DATABASE_URL even to compare two schema files.
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  if (result.error) throw result.error;
  return result;
}

function fail(what, result) {
  console.error(`${what} failed:\n${result.stdout}${result.stderr}`);
  process.exit(1);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "attune-new-migration-"));
let postgres = null;
let written = 0;
try {
  const { migrateSqlite } = await tsImport("../server/db/migrate.ts", import.meta.url);
  const previousDb = `file:${path.join(work, "previous.db")}`;
  const { applied } = migrateSqlite(previousDb.slice("file:".length), migrationsDir);
  const pgExisting = fs.existsSync(pgMigrationsDir) ? fs.readdirSync(pgMigrationsDir).filter((n) => /^\d{14}_/.test(n)) : [];
  const folder = `${nextStamp([...applied, ...pgExisting])}_${name}`;

  // The schema the SQLite migrations produce: the "before" of both diffs.
  let previousSchema = null;
  if (applied.length > 0) {
    // db pull keeps the copy's generator and datasource blocks and replaces its models.
    previousSchema = path.join(work, "previous.prisma");
    fs.copyFileSync(schemaFile, previousSchema);
    const pulled = prisma(["db", "pull", "--force", "--schema", previousSchema], previousDb);
    if (pulled.status !== 0) fail("prisma db pull (reading the schema the migrations produce)", pulled);
  }

  // --exit-code: 0 when there is nothing to do, 2 when there is a diff.
  const from = previousSchema ? ["--from-schema-datamodel", previousSchema] : ["--from-empty"];
  const diff = prisma(["migrate", "diff", ...from, "--to-schema-datamodel", schemaFile, "--script", "--exit-code"], previousDb);
  if (diff.status === 0) {
    console.log("SQLite: the schema matches the migrations, nothing to do.");
  } else if (diff.status === 2) {
    writeMigration(migrationsDir, folder, diff.stdout);
  } else {
    fail("prisma migrate diff (SQLite)", diff);
  }

  // PostgreSQL: the same models, derived, diffed on a running server.
  if (writePostgresSchema(schemaFile, pgSchemaFile)) console.log(`Wrote ${path.relative(process.cwd(), pgSchemaFile)} (derived from the SQLite schema).`);
  postgres = await postgresServer(values.postgres);
  let pgFrom = ["--from-empty"];
  if (previousSchema) {
    const previousPgSchema = path.join(work, "previous.postgres.prisma");
    fs.writeFileSync(previousPgSchema, postgresSchema(fs.readFileSync(previousSchema, "utf8")));
    pgFrom = ["--from-schema-datamodel", previousPgSchema];
  }
  const pgDiff = prisma(["migrate", "diff", ...pgFrom, "--to-schema-datamodel", pgSchemaFile, "--script", "--exit-code"], postgres.adminUrl);
  if (pgDiff.status === 0) {
    console.log("PostgreSQL: the schema matches the migrations, nothing to do.");
  } else if (pgDiff.status === 2) {
    writeMigration(pgMigrationsDir, folder, pgDiff.stdout);
  } else {
    fail("prisma migrate diff (PostgreSQL)", pgDiff);
  }
  await checkPostgresMigrations(postgres.adminUrl);
  if (written > 0) console.log("Read the new migration.sql files; they are applied the next time Attune starts (or npm run db:migrate).");
} finally {
  postgres?.stop();
  fs.rmSync(work, { recursive: true, force: true });
}

function writeMigration(dir, folder, sql) {
  fs.mkdirSync(path.join(dir, folder), { recursive: true });
  fs.writeFileSync(path.join(dir, folder, "migration.sql"), sql);
  written += 1;
  console.log(`Wrote ${path.relative(process.cwd(), path.join(dir, folder))}/migration.sql`);
}

/** The server given with --postgres, or a throwaway one. */
async function postgresServer(adminUrl) {
  if (adminUrl) return { adminUrl, stop() {} };
  const { startThrowawayPostgres } = await tsImport("../test/helpers/postgres.ts", import.meta.url);
  try {
    return await startThrowawayPostgres();
  } catch (error) {
    console.error(
      `The PostgreSQL migration needs a PostgreSQL server to diff against, and none could be started:\n${error.message}\n` +
        "Install Debian's postgresql, or pass --postgres postgresql://user:password@host:5432/postgres (a superuser; scratch databases are created and dropped there).",
    );
    process.exit(1);
  }
}

/**
 * The PostgreSQL migrations, applied by Attune's migrator, must give the schema
 * the derived file describes (the "before" side came from SQLite's schema):
 * compared on two scratch databases.
 */
async function checkPostgresMigrations(adminUrl) {
  const { migratePostgres } = await tsImport("../server/db/migrate-postgres.ts", import.meta.url);
  const { describePostgresSchema } = await tsImport("../test/helpers/postgres.ts", import.meta.url);
  const suffix = Math.random().toString(36).slice(2, 10);
  const names = [`attune_check_migrated_${suffix}`, `attune_check_schema_${suffix}`];
  const urlOf = (db) => Object.assign(new URL(adminUrl), { pathname: `/${db}` }).toString();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (const db of names) await admin.query(`CREATE DATABASE "${db}"`);
    await migratePostgres(urlOf(names[0]), pgMigrationsDir);
    const fromEmpty = prisma(["migrate", "diff", "--from-empty", "--to-schema-datamodel", pgSchemaFile, "--script"], urlOf(names[1]));
    if (fromEmpty.status !== 0) fail("prisma migrate diff --from-empty (PostgreSQL)", fromEmpty);
    const [migrated, described] = await Promise.all(
      names.map(async (db, i) => {
        const client = new pg.Client({ connectionString: urlOf(db) });
        await client.connect();
        try {
          if (i === 1) await client.query(fromEmpty.stdout);
          return await describePostgresSchema(client);
        } finally {
          await client.end();
        }
      }),
    );
    const missing = described.filter((line) => !migrated.includes(line));
    const extra = migrated.filter((line) => !described.includes(line));
    if (missing.length || extra.length) {
      console.error(
        `The PostgreSQL migrations in ${path.relative(process.cwd(), pgMigrationsDir)} do not give the schema of ${path.relative(process.cwd(), pgSchemaFile)}; ` +
          `edit the new migration.sql until they do.\n` +
          missing.map((l) => `  missing: ${l}\n`).join("") +
          extra.map((l) => `  not in the schema: ${l}\n`).join(""),
      );
      process.exitCode = 1;
    }
  } finally {
    for (const db of names) await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    await admin.end();
  }
}

/**
 * Prisma's YYYYMMDDHHMMSS prefix from the clock, but always after the last
 * migration: they are applied in name order, and a clock behind the newest
 * migration must not put the new one before it.
 */
function nextStamp(existing) {
  const now = Number(new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14));
  const last = Math.max(0, ...existing.map((n) => Number(n.slice(0, 14))).filter(Number.isFinite));
  return String(Math.max(now, last + 1));
}

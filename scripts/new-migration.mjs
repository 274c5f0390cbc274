#!/usr/bin/env node
// Makes a new migration from a change to prisma/schema.prisma.
//   npm run db:new-migration -- add_cohorts
//   node scripts/new-migration.mjs add_cohorts --schema <file> --migrations <dir>
//
// `prisma migrate dev` needs a shadow database, and `migrate diff
// --from-migrations` cannot replay our multi-statement init through the
// adapter (P3006), nor does 6.19 accept --from-url with an adapter (STACK.md).
// So the "before" side is built here: the existing migrations are applied to a
// temporary SQLite file by our own migrator (the one that runs at start-up),
// `prisma db pull` reads that file back as a schema, and `migrate diff` goes
// from that schema to the edited one.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { tsImport } from "tsx/esm/api";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const prismaCli = path.join(root, "node_modules", "prisma", "build", "index.js");

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    schema: { type: "string", default: path.join(root, "prisma", "schema.prisma") },
    migrations: { type: "string", default: path.join(root, "prisma", "migrations") },
  },
});
const name = (positionals[0] ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
if (!name) {
  console.error("usage: npm run db:new-migration -- <name> [--schema <file>] [--migrations <dir>]");
  process.exit(2);
}
const schemaFile = path.resolve(values.schema);
const migrationsDir = path.resolve(values.migrations);

/** Runs the Prisma CLI from the project root (so prisma.config.ts applies) against `databaseFile`. */
function prisma(args, databaseFile) {
  const result = spawnSync(process.execPath, [prismaCli, ...args], {
    cwd: root,
    encoding: "utf8",
    // The config's adapter opens DATABASE_URL even to compare two schema files.
    env: { ...process.env, DATABASE_URL: `file:${databaseFile}` },
  });
  if (result.error) throw result.error;
  return result;
}

function fail(what, result) {
  console.error(`${what} failed:\n${result.stdout}${result.stderr}`);
  process.exit(1);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "attune-new-migration-"));
try {
  const { migrateSqlite } = await tsImport("../server/db/migrate.ts", import.meta.url);
  const previousDb = path.join(work, "previous.db");
  const { applied } = migrateSqlite(previousDb, migrationsDir);

  let from = ["--from-empty"];
  if (applied.length > 0) {
    // db pull keeps the copy's generator and datasource blocks and replaces its models.
    const previousSchema = path.join(work, "previous.prisma");
    fs.copyFileSync(schemaFile, previousSchema);
    const pulled = prisma(["db", "pull", "--force", "--schema", previousSchema], previousDb);
    if (pulled.status !== 0) fail("prisma db pull (reading the schema the migrations produce)", pulled);
    from = ["--from-schema-datamodel", previousSchema];
  }

  // --exit-code: 0 when there is nothing to do, 2 when there is a diff.
  const diff = prisma(["migrate", "diff", ...from, "--to-schema-datamodel", schemaFile, "--script", "--exit-code"], previousDb);
  if (diff.status === 0) {
    console.log("The schema matches the migrations: nothing to do.");
  } else if (diff.status === 2) {
    const dir = path.join(migrationsDir, `${nextStamp(applied)}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), diff.stdout);
    console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql; read it, then it is applied the next time Attune starts (or npm run db:migrate).`);
  } else {
    fail("prisma migrate diff", diff);
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
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

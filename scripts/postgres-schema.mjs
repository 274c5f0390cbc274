#!/usr/bin/env node
// Derives prisma/postgres/schema.prisma from prisma/schema.prisma.
//   npm run db:postgres-schema
//
// prisma/schema.prisma (SQLite) is the one source of truth for the models. A
// Prisma schema has one provider, so PostgreSQL needs its own file: the same
// models with provider "postgresql" and its own generated client. Edit the
// SQLite schema, run this, then `npm run db:new-migration -- <name>` (which runs
// it too). scripts/postgres-schema.test.ts fails when the two drift.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SQLITE_SCHEMA = path.join(root, "prisma", "schema.prisma");
export const POSTGRES_SCHEMA = path.join(root, "prisma", "postgres", "schema.prisma");

const HEADER = `// GENERATED from prisma/schema.prisma by scripts/postgres-schema.mjs: do not
// edit; change prisma/schema.prisma and run \`npm run db:postgres-schema\`.
// PostgreSQL schema for scale-out (DATABASE_URL=postgresql://…). Migrations
// live in prisma/postgres/migrations and are applied by
// server/db/migrate-postgres.ts when the app starts.
`;

/** Replaces exactly one match of `pattern`, or says what it expected: a silent miss would derive a wrong schema. */
function replaceOnce(text, pattern, replacement, what) {
  const matches = text.match(new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`));
  if (!matches || matches.length !== 1) {
    throw new Error(`prisma/schema.prisma: expected exactly one ${what}, found ${matches?.length ?? 0}`);
  }
  return text.replace(pattern, replacement);
}

/** The PostgreSQL schema for the text of the SQLite one. */
export function postgresSchema(sqlite) {
  if (/@db\./.test(sqlite)) {
    throw new Error("prisma/schema.prisma uses a native type (@db.…): decide its PostgreSQL type in scripts/postgres-schema.mjs first");
  }
  // The leading comment block describes the SQLite file; the header replaces it.
  let text = sqlite.replace(/^(\/\/[^\n]*\n)+\n?/, "");
  text = replaceOnce(text, /^(\s*provider\s*=\s*)"sqlite"/m, '$1"postgresql"', 'provider = "sqlite" (the datasource)');
  // The output is relative to the schema's folder, one level deeper here.
  text = replaceOnce(text, /^(\s*output\s*=\s*)"\.\.\/server\/generated\/prisma"/m, '$1"../../server/generated/prisma-pg"', 'output = "../server/generated/prisma" (the generator)');
  return HEADER + "\n" + text;
}

/** Writes the derived schema; true when it changed. */
export function writePostgresSchema(from = SQLITE_SCHEMA, to = POSTGRES_SCHEMA) {
  const next = postgresSchema(fs.readFileSync(from, "utf8"));
  const current = fs.existsSync(to) ? fs.readFileSync(to, "utf8") : null;
  if (current === next) return false;
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.writeFileSync(to, next);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const changed = writePostgresSchema();
  console.log(changed ? `Wrote ${path.relative(process.cwd(), POSTGRES_SCHEMA)}` : `${path.relative(process.cwd(), POSTGRES_SCHEMA)} is up to date.`);
}

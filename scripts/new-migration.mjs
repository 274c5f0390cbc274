#!/usr/bin/env node
// Makes a new migration from a change to prisma/schema.prisma.
// `prisma migrate dev` needs a shadow database that does not work here
// (STACK.md, trap 4); `migrate diff` from the existing migrations does.
//   npm run db:new-migration -- add_cohorts
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
if (!name) {
  console.error("usage: npm run db:new-migration -- <name>");
  process.exit(2);
}
const sql = execFileSync(
  "npx",
  ["prisma", "migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
);
if (/^-- This is an empty migration\.?\s*$/m.test(sql) || sql.trim() === "") {
  console.log("The schema matches the migrations: nothing to do.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "migration.sql"), sql);
console.log(`Wrote ${dir}/migration.sql; it is applied the next time Attune starts (or npm run db:migrate).`);

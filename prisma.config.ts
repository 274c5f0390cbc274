import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

// The Prisma CLI for SQLite, the default. PostgreSQL has its own schema,
// client, migrations and config: `--config prisma.postgres.config.ts` (STACK.md).
//
// The CLI stops reading .env once this file exists (STACK.md, trap 3), so the
// default database is computed here, as an absolute path.
const defaultUrl = `file:${path.resolve("data", "attune.db")}`;
if (process.env.DATABASE_URL && !process.env.DATABASE_URL.startsWith("file:")) {
  // A PostgreSQL deployment still generates this client (both are imported);
  // `generate` connects to nothing. Anything else would open the wrong database.
  if (!process.argv.includes("generate")) {
    throw new Error("DATABASE_URL is not a SQLite file: URL. For PostgreSQL, add --config prisma.postgres.config.ts");
  }
  process.env.DATABASE_URL = defaultUrl;
}
process.env.DATABASE_URL ??= defaultUrl;

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  engine: "js",
  experimental: { adapter: true },
  adapter: async () => new PrismaBetterSQLite3({ url: process.env.DATABASE_URL ?? defaultUrl }),
});

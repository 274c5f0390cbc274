import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

// The CLI stops reading .env once this file exists (STACK.md, trap 3), so the
// default database is computed here, as an absolute path.
const defaultUrl = `file:${path.resolve("data", "attune.db")}`;
process.env.DATABASE_URL ??= defaultUrl;

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  engine: "js",
  experimental: { adapter: true },
  adapter: async () => new PrismaBetterSQLite3({ url: process.env.DATABASE_URL ?? defaultUrl }),
});

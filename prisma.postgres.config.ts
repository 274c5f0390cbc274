// The Prisma CLI for PostgreSQL: `npx prisma <command> --config prisma.postgres.config.ts`.
// prisma.config.ts is SQLite's, the default. Each database has its own schema,
// generated client, migrations folder and config file (STACK.md).
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// The CLI reads no .env here (STACK.md, trap 3), and the datasource's url must
// be a PostgreSQL URL even to generate the client, or it tries to download an
// engine. `generate` connects to nothing, so a placeholder does for it alone.
if (!/^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "")) {
  if (!process.argv.includes("generate")) {
    throw new Error("Set DATABASE_URL to the PostgreSQL database (postgresql://user:password@host:5432/attune)");
  }
  process.env.DATABASE_URL = "postgresql://localhost:5432/attune";
}

export default defineConfig({
  schema: "prisma/postgres/schema.prisma",
  // Applied by server/db/migrate-postgres.ts when Attune starts, not by
  // `migrate deploy`, which fails through the pg adapter in 6.19 (STACK.md,
  // trap 5); `migrate status` reads what it records.
  migrations: { path: "prisma/postgres/migrations" },
  engine: "js",
  experimental: { adapter: true },
  // allowExitOnIdle: the CLI does not close the pool, which would hold it for idleTimeoutMillis.
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL, allowExitOnIdle: true }),
});

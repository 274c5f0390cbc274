/**
 * A fresh, empty database for one test server or test file, on the database
 * this run tests: a SQLite file in a temporary folder, or a database of its own
 * (CREATE DATABASE attune_<random>) on the run's throwaway PostgreSQL server
 * (test/helpers/postgres.ts). Migrations are left to whoever opens it.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import type { DatabaseConfig } from "../../server/env.ts";

export interface TestDatabase {
  /** As DATABASE_URL: file:… or postgresql://… */
  url: string;
  config: DatabaseConfig;
  /** Removes it: the folder, or DROP DATABASE (closing what is still connected). */
  drop(): Promise<void>;
}

/** The database this run tests: `ATTUNE_TEST_DATABASE=postgres` (npm run test:integration:postgres) or SQLite. */
export const testDatabase = inject("testDatabase") ?? "sqlite";

/** One pg connection to `url` for the length of `run`, as another program than Attune would open. */
export async function withPostgres<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const admin = <T>(run: (client: pg.Client) => Promise<T>) => withPostgres(inject("postgresAdminUrl"), run);

export async function freshDatabase(label = "test"): Promise<TestDatabase> {
  if (testDatabase === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `attune-${label}-`));
    const file = path.join(dir, `${label}.db`);
    return {
      url: `file:${file}`,
      config: { kind: "sqlite", file },
      async drop() {
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `attune_${label.replace(/\W/g, "_")}_${randomBytes(6).toString("hex")}`;
  await admin((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(inject("postgresAdminUrl"));
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    config: { kind: "postgres", url: url.toString() },
    async drop() {
      await admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/**
 * A throwaway PostgreSQL server on loopback, in a temporary folder: initdb,
 * pg_ctl start on a free port, and gone again at the end. Never the system
 * service.
 *
 * The integration project's globalSetup: with ATTUNE_TEST_DATABASE=postgres
 * (`npm run test:integration:postgres`) it starts one server for the whole run
 * and hands its admin URL to the tests, which create a database each
 * (test/helpers/database.ts). scripts/new-migration.mjs starts one too, to
 * have Prisma diff the PostgreSQL schema.
 */
import { execFile, execFileSync, spawnSync, type SpawnSyncOptions } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The database the integration tests run on. */
    testDatabase: "sqlite" | "postgres";
    /** A superuser URL of the run's PostgreSQL server (its `postgres` database); "" on SQLite. */
    postgresAdminUrl: string;
  }
}

export interface ThrowawayPostgres {
  /** The superuser's URL, to the `postgres` database. */
  adminUrl: string;
  stop(): void;
  /**
   * For fault tests: stops the server as an operator's restart would
   * (`pg_ctl stop -m fast`: open connections are cut, running statements
   * rolled back), keeping its data, folder and port for `startServer`.
   */
  stopServer(): Promise<void>;
  /** Starts it again, stopped by `stopServer`, on the same port; resolves once it takes connections. */
  startServer(): Promise<void>;
}

const SUPERUSER = "attune";

/** The newest installed PostgreSQL's programs, installing Debian's when missing and allowed to. */
function postgresBinDir(): string {
  const find = () => {
    const root = "/usr/lib/postgresql";
    const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, "bin", "initdb"))) : [];
    versions.sort((a, b) => Number(b) - Number(a));
    return versions.length ? path.join(root, versions[0], "bin") : null;
  };
  const found = find();
  if (found) return found;
  if (process.getuid?.() !== 0) {
    throw new Error("PostgreSQL is not installed: `sudo apt-get install postgresql` (Debian), then run the tests again.");
  }
  console.log("[postgres] installing Debian's postgresql (once)…");
  const apt = { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } } as const;
  execFileSync("apt-get", ["update", "-qq"], apt);
  execFileSync("apt-get", ["install", "-y", "-qq", "postgresql"], apt);
  const installed = find();
  if (!installed) throw new Error("apt-get installed postgresql, but no initdb was found under /usr/lib/postgresql");
  return installed;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * initdb refuses to run as root: as root, the cluster belongs to the `postgres`
 * user Debian's package creates.
 */
function owner(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  return { uid, gid };
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = postgresBinDir();
  const user = owner();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attune-pg-"));
  if (user) fs.chownSync(dir, user.uid, user.gid);
  const data = path.join(dir, "data");
  const run = (program: string, args: string[]) => {
    const options: SpawnSyncOptions = { encoding: "utf8", cwd: dir, ...(user ?? {}) };
    const result = spawnSync(path.join(bin, program), args, options);
    if (result.status !== 0) {
      const log = path.join(dir, "log");
      const tail = fs.existsSync(log) ? fs.readFileSync(log, "utf8").slice(-2000) : "";
      throw new Error(`${program} ${args.join(" ")} failed:\n${result.stdout}${result.stderr}${tail}`);
    }
  };
  run("initdb", ["-D", data, "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--no-locale"]);
  const port = await freePort();
  // Throwaway data: no fsync (tests create a database each, which would otherwise sync every file).
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses=127.0.0.1",
    "-c fsync=off",
    "-c full_page_writes=off",
    "-c max_connections=300",
  ].join(" ");
  const startArgs = ["-D", data, "-l", path.join(dir, "log"), "-o", settings, "-w", "-t", "60", "start"];
  run("pg_ctl", startArgs);
  // Asynchronous, so a test's clients keep running while the server goes down or comes up.
  const pgCtl = (args: string[]) =>
    new Promise<void>((resolve, reject) =>
      execFile(path.join(bin, "pg_ctl"), args, { cwd: dir, ...(user ?? {}) }, (error, stdout, stderr) =>
        error ? reject(new Error(`pg_ctl ${args.join(" ")} failed: ${error.message}\n${stdout}${stderr}`)) : resolve(),
      ),
    );

  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.off("exit", stop);
    try {
      run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  // A run that ends some other way still takes its server down.
  process.on("exit", stop);
  return {
    adminUrl: `postgresql://${SUPERUSER}@127.0.0.1:${port}/postgres`,
    stop,
    stopServer: () => pgCtl(["-D", data, "-m", "fast", "-w", "-t", "60", "stop"]),
    startServer: () => pgCtl(startArgs),
  };
}

/** vitest globalSetup for the integration project. */
export default async function setup({ provide }: TestProject) {
  const wanted = process.env.ATTUNE_TEST_DATABASE ?? "sqlite";
  if (wanted !== "sqlite" && wanted !== "postgres") throw new Error(`ATTUNE_TEST_DATABASE must be sqlite or postgres, not "${wanted}"`);
  provide("testDatabase", wanted);
  provide("postgresAdminUrl", "");
  if (wanted === "sqlite") return;
  const server = await startThrowawayPostgres();
  provide("postgresAdminUrl", server.adminUrl);
  console.log(`[postgres] integration tests run on a throwaway PostgreSQL at ${server.adminUrl}`);
  return () => server.stop();
}

interface Queryable {
  query<R extends Record<string, unknown>>(sql: string): Promise<{ rows: R[] }>;
}

/**
 * The public schema as sorted lines (columns, indexes, constraints), to tell
 * whether two databases have the same schema. Column order is left out: an
 * added column comes last however the schema file lists it.
 */
export async function describePostgresSchema(client: Queryable): Promise<string[]> {
  const columns = await client.query<{ line: string }>(`
    SELECT format('column %s.%s %s %s default %s', table_name, column_name, format_type(a.atttypid, a.atttypmod),
                  CASE WHEN c.is_nullable = 'YES' THEN 'null' ELSE 'not null' END, coalesce(c.column_default, '-')) AS line
    FROM information_schema.columns c
    JOIN pg_attribute a ON a.attrelid = format('%I.%I', c.table_schema, c.table_name)::regclass AND a.attname = c.column_name
    WHERE c.table_schema = 'public' AND c.table_name <> '_prisma_migrations'`);
  const indexes = await client.query<{ line: string }>(`
    SELECT 'index ' || indexdef AS line FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`);
  const constraints = await client.query<{ line: string }>(`
    SELECT format('constraint %s on %s: %s', con.conname, rel.relname, pg_get_constraintdef(con.oid)) AS line
    FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_namespace ns ON ns.oid = rel.relnamespace
    WHERE ns.nspname = 'public' AND rel.relname <> '_prisma_migrations'`);
  return [...columns.rows, ...indexes.rows, ...constraints.rows].map((r) => r.line).sort();
}

import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, migrateDb, prepareDb, type Db } from "../server/db/client.ts";
import { migrateSqlite } from "../server/db/migrate.ts";
import { migratePostgres } from "../server/db/migrate-postgres.ts";
import { ManualClock, systemClock } from "../server/live/clock.ts";
import { CheckInWriter } from "../server/domain/checkin-writer.ts";
import { freshDatabase, testDatabase, withPostgres, type TestDatabase } from "./helpers/database.ts";
import { describePostgresSchema } from "./helpers/postgres.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attune-db-"));
const databases: TestDatabase[] = [];
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await Promise.all(databases.map((d) => d.drop()));
});

/** A fresh database of this run's kind, dropped at the end of the file. */
async function fresh(label: string): Promise<TestDatabase> {
  const database = await freshDatabase(label);
  databases.push(database);
  return database;
}

/** Every migration in the repository, in the order they apply. */
const MIGRATIONS = fs
  .readdirSync(path.resolve("prisma/migrations"), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

function prismaMigrateStatus(config: string, url: string): string {
  return execFileSync("npx", ["prisma", "migrate", "status", "--config", config], {
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
  });
}

// SQLite only: these check the SQLite migrator and the file's pragmas.
describe.runIf(testDatabase === "sqlite")("migrations (SQLite)", () => {
  it("apply once, and are recorded so that prisma migrate status agrees", () => {
    const file = path.join(dir, "status.db");
    expect(migrateSqlite(file).applied).toEqual(MIGRATIONS);
    expect(migrateSqlite(file).applied).toEqual([]);
    expect(prismaMigrateStatus("prisma.config.ts", `file:${file}`)).toMatch(/Database schema is up to date/);
  });

  it("refuse a migration edited after it was applied", () => {
    const file = path.join(dir, "edited.db");
    const migrations = path.join(dir, "migrations");
    fs.cpSync(path.resolve("prisma/migrations"), migrations, { recursive: true });
    migrateSqlite(file, migrations);
    fs.appendFileSync(path.join(migrations, "20261124000000_init", "migration.sql"), "\n-- edited\n");
    expect(() => migrateSqlite(file, migrations)).toThrow(/was changed after it was applied/);
  });

  it("leave the SQLite file in WAL mode, and commits are synchronous", async () => {
    const file = path.join(dir, "wal.db");
    migrateSqlite(file);
    const db = createDb({ kind: "sqlite", file });
    await prepareDb(db);
    const [{ journal_mode }] = await db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    expect(journal_mode).toBe("wal");
    const [{ synchronous }] = await db.$queryRawUnsafe<{ synchronous: bigint | number }[]>("PRAGMA synchronous");
    expect(Number(synchronous)).toBe(2); // FULL
    await db.$disconnect();
  });
});

describe.runIf(testDatabase === "postgres")("migrations (PostgreSQL)", () => {
  it("apply once, and are recorded so that prisma migrate status agrees", async () => {
    const { url } = await fresh("status");
    expect((await migratePostgres(url)).applied).toEqual(MIGRATIONS);
    expect((await migratePostgres(url)).applied).toEqual([]);
    expect(prismaMigrateStatus("prisma.postgres.config.ts", url)).toMatch(/Database schema is up to date/);
  });

  it("produce exactly the schema prisma/postgres/schema.prisma describes", async () => {
    const migrated = await fresh("migrated");
    await migratePostgres(migrated.url);
    const described = await fresh("described");
    const sql = execFileSync(
      "npx",
      ["prisma", "migrate", "diff", "--config", "prisma.postgres.config.ts", "--from-empty", "--to-schema-datamodel", "prisma/postgres/schema.prisma", "--script"],
      { env: { ...process.env, DATABASE_URL: described.url }, encoding: "utf8" },
    );
    await withPostgres(described.url, (client) => client.query(sql));
    const [fromMigrations, fromSchema] = await Promise.all([migrated, described].map((d) => withPostgres(d.url, describePostgresSchema)));
    expect(fromMigrations).toEqual(fromSchema);
  }, 30_000);

  it("refuse a migration edited after it was applied", async () => {
    const { url } = await fresh("edited");
    const migrations = path.join(dir, "pg-migrations");
    fs.cpSync(path.resolve("prisma/postgres/migrations"), migrations, { recursive: true });
    await migratePostgres(url, migrations);
    fs.appendFileSync(path.join(migrations, "20261124000000_init", "migration.sql"), "\n-- edited\n");
    await expect(migratePostgres(url, migrations)).rejects.toThrow(/was changed after it was applied/);
  });

  it("run once when several nodes start together: one migrates, the others wait and find nothing to do", async () => {
    const { url } = await fresh("together");
    const results = await Promise.all([1, 2, 3].map(() => migratePostgres(url)));
    expect(results.map((r) => r.applied).sort()).toEqual([[], [], MIGRATIONS]);
    const rows = await withPostgres(url, (client) => client.query(`SELECT count(*)::int AS n FROM "_prisma_migrations"`));
    expect(rows.rows).toEqual([{ n: MIGRATIONS.length }]);
  });

  it("read and write times in UTC whatever the server's time zone", async () => {
    const database = await fresh("zone");
    await withPostgres(database.url, (client) => client.query(`ALTER DATABASE "${new URL(database.url).pathname.slice(1)}" SET TimeZone = 'Pacific/Auckland'`));
    await migrateDb(database.config);
    const db = createDb(database.config);
    const before = new Date();
    const created = await db.facilitator.create({ data: { id: "f", email: "f@example.org", passwordHash: "x" } });
    // DEFAULT CURRENT_TIMESTAMP, written by the database itself.
    await db.$executeRawUnsafe(`INSERT INTO "Facilitator" (id, email, "passwordHash") VALUES ('g', 'g@example.org', 'x')`);
    const byDefault = await db.facilitator.findUniqueOrThrow({ where: { id: "g" } });
    for (const at of [created.createdAt, byDefault.createdAt]) {
      expect(Math.abs(at.getTime() - before.getTime())).toBeLessThan(60_000);
    }
    await db.$disconnect();
  });
});

/** A migrated database holding one session, "s". */
async function databaseWithSession(name: string): Promise<Db> {
  const database = await fresh(name.replace(/\.db$/, ""));
  await migrateDb(database.config);
  const db = createDb(database.config);
  await db.facilitator.create({ data: { id: "f", email: "f@example.org", passwordHash: "x" } });
  await db.session.create({ data: { id: "s", ownerId: "f", title: "t", palette: "[]" } });
  return db;
}

describe("the check-in writer", () => {
  it("stores a burst in few transactions, each tap once, and settles every caller", async () => {
    const db = await databaseWithSession("writer.db");
    const batches: number[] = [];
    const writer = new CheckInWriter(db, systemClock, { maxBatch: 200, onBatch: (size) => batches.push(size) });
    const ids = Array.from({ length: 1000 }, () => randomUUID());
    const retried = ids.slice(0, 50);
    const outcomes = await Promise.all(
      [...ids, ...retried].map((clientId) => writer.write({ sessionId: "s", clientId, signal: "i-see", at: new Date() })),
    );
    expect(outcomes.filter((o) => o.duplicate)).toHaveLength(50);
    expect(await db.checkIn.count()).toBe(1000);
    // Written with raw SQL, read back by Prisma: the time survives to the millisecond.
    const at = new Date("2026-11-24T10:11:12.345Z");
    await writer.write({ sessionId: "s", clientId: "timed", signal: "moved", at });
    expect((await db.checkIn.findFirstOrThrow({ where: { clientId: "timed" } })).at).toEqual(at);
    expect(batches.slice(0, -1).reduce((a, b) => a + b, 0)).toBe(1050);
    expect(batches.length).toBeLessThanOrEqual(7);
    await db.$disconnect();
  });

  it("drains what is queued when the server stops, so no tap in flight is lost", async () => {
    const db = await databaseWithSession("drain.db");
    // A long delay: nothing would be written before drain() unless drain writes it.
    const writer = new CheckInWriter(db, systemClock, { maxDelayMs: 60_000, maxBatch: 3 });
    const pending = Array.from({ length: 7 }, () => writer.write({ sessionId: "s", clientId: randomUUID(), signal: "moved", at: new Date() }));
    await writer.drain();
    expect(await db.checkIn.count()).toBe(7);
    expect((await Promise.all(pending)).every((o) => !o.duplicate)).toBe(true);
    await db.$disconnect();
  });

  it("refuses taps with BUSY once its queue is full, and stores the ones it took", async () => {
    const db = await databaseWithSession("busy.db");
    const clock = new ManualClock();
    const writer = new CheckInWriter(db, clock, { maxDelayMs: 1_000, maxBatch: 100, maxQueue: 5 });
    const taken = Array.from({ length: 5 }, () => writer.write({ sessionId: "s", clientId: randomUUID(), signal: "moved", at: new Date() }));
    await expect(writer.write({ sessionId: "s", clientId: randomUUID(), signal: "moved", at: new Date() })).rejects.toMatchObject({ code: "BUSY" });
    await clock.advance(1_000);
    expect((await Promise.all(taken)).every((o) => !o.duplicate)).toBe(true);
    expect(await db.checkIn.count()).toBe(5);
    // Room again once written.
    await Promise.all([writer.write({ sessionId: "s", clientId: randomUUID(), signal: "moved", at: new Date() }), clock.advance(1_000)]);
    await db.$disconnect();
  });

  it("one bad row fails alone: the rest of its batch is stored", async () => {
    const db = await databaseWithSession("bad-row.db");
    const writer = new CheckInWriter(db, systemClock, { maxDelayMs: 50, maxBatch: 100 });
    const good = Array.from({ length: 4 }, () => writer.write({ sessionId: "s", clientId: randomUUID(), signal: "moved", at: new Date() }));
    // A session that does not exist: the foreign key refuses this row.
    const bad = writer.write({ sessionId: "no-such-session", clientId: randomUUID(), signal: "moved", at: new Date() });
    await expect(bad).rejects.toBeTruthy();
    expect((await Promise.all(good)).every((o) => !o.duplicate)).toBe(true);
    expect(await db.checkIn.count()).toBe(4);
    await db.$disconnect();
  });
});

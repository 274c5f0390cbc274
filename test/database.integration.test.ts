import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, prepareDb } from "../server/db/client.ts";
import { migrateSqlite } from "../server/db/migrate.ts";
import { ManualClock, systemClock } from "../server/live/clock.ts";
import { CheckInWriter } from "../server/domain/checkin-writer.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attune-db-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("migrations", () => {
  it("apply once, and are recorded so that prisma migrate status agrees", () => {
    const file = path.join(dir, "status.db");
    expect(migrateSqlite(file).applied).toEqual(["20261124000000_init"]);
    expect(migrateSqlite(file).applied).toEqual([]);
    const out = execFileSync("npx", ["prisma", "migrate", "status"], {
      env: { ...process.env, DATABASE_URL: `file:${file}` },
      encoding: "utf8",
    });
    expect(out).toMatch(/Database schema is up to date/);
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
    const db = createDb(file);
    await prepareDb(db);
    const [{ journal_mode }] = await db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    expect(journal_mode).toBe("wal");
    const [{ synchronous }] = await db.$queryRawUnsafe<{ synchronous: bigint | number }[]>("PRAGMA synchronous");
    expect(Number(synchronous)).toBe(2); // FULL
    await db.$disconnect();
  });
});

/** A migrated database holding one session, "s". */
async function databaseWithSession(name: string) {
  const file = path.join(dir, name);
  migrateSqlite(file);
  const db = createDb(file);
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

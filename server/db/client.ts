/**
 * The one place the database adapter is chosen.
 */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client.ts";

export type Db = PrismaClient;

export function createDb(databaseFile: string): Db {
  const adapter = new PrismaBetterSQLite3({ url: `file:${databaseFile}` });
  return new PrismaClient({ adapter });
}

/**
 * Per-connection settings. WAL is set by the migrator and kept in the file;
 * synchronous=FULL makes a commit durable on power loss too, since a check-in
 * is acknowledged as stored the moment its batch commits.
 */
export async function prepareDb(db: Db): Promise<void> {
  await db.$executeRawUnsafe("PRAGMA synchronous = FULL");
  await db.$executeRawUnsafe("PRAGMA busy_timeout = 5000");
}

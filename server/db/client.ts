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

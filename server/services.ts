/**
 * Everything the process holds, built once. The Next.js routes reach it
 * through `globalThis` (they are bundled separately but run in this process).
 */
import { Accounts } from "./auth/accounts.ts";
import { createDb, type Db } from "./db/client.ts";
import { CheckInWriter } from "./domain/checkin-writer.ts";
import { Participants } from "./domain/participants.ts";
import { Sessions } from "./domain/sessions.ts";
import type { Env } from "./env.ts";
import { Rooms, type RoomSink } from "./live/rooms.ts";

export interface Services {
  env: Env;
  db: Db;
  accounts: Accounts;
  sessions: Sessions;
  participants: Participants;
  rooms: Rooms;
  checkIns: CheckInWriter;
  /** Where rooms send coalesced updates; wired to the sockets by attachRealtime. */
  sink: RoomSink;
  close(): Promise<void>;
}

export function createServices(env: Env): Services {
  const db = createDb(env.databaseFile);
  const sink: RoomSink = { pulse: () => {}, presence: () => {} };
  const rooms = new Rooms(db, sink);
  const checkIns = new CheckInWriter(db, { onStored: (stored) => rooms.addStored(stored) });
  return {
    env,
    db,
    accounts: new Accounts(db, env.authSessionDays),
    sessions: new Sessions(db),
    participants: new Participants(db),
    rooms,
    checkIns,
    sink,
    async close() {
      await checkIns.drain();
      rooms.close();
      await db.$disconnect();
    },
  };
}

const GLOBAL_KEY = Symbol.for("attune.services");

export function publishServices(services: Services): void {
  (globalThis as Record<symbol, unknown>)[GLOBAL_KEY] = services;
}

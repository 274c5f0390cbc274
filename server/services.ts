/**
 * Everything the process holds, built once and in order, each part given what
 * it talks to when it is made. The Next.js routes reach it through
 * `globalThis` (they are bundled separately but run in this process).
 */
import type { Redis } from "ioredis";
import type { Server } from "socket.io";
import { Accounts } from "./auth/accounts.ts";
import { hashToken } from "./auth/tokens.ts";
import type { Db } from "./db/client.ts";
import { Answers } from "./domain/answers.ts";
import { CheckInWriter } from "./domain/checkin-writer.ts";
import { Participants } from "./domain/participants.ts";
import { Decks } from "./domain/decks.ts";
import { Sessions } from "./domain/sessions.ts";
import { Templates } from "./domain/templates.ts";
import { Preparations } from "./domain/palette.ts";
import { Team } from "./domain/team.ts";
import { Room } from "./domain/room.ts";
import type { Env } from "./env.ts";
import type { Clock } from "./live/clock.ts";
import type { JoinAddress } from "../lib/protocol/views.ts";
import { joinAddressFor } from "./origin.ts";
import { LiveSessions, type LiveSessionsOptions } from "./live/live-sessions.ts";
import { createLimitStore } from "./rate-limit.ts";
import { attachRealtime, type Realtime } from "./realtime/index.ts";
import type { JoinLimits } from "./realtime/join-gate.ts";
import { namespaces, socketOutbound } from "./realtime/namespaces.ts";
import type { FanOutCounts } from "./realtime/frame-fan-out.ts";
import { peerStream } from "./realtime/peer-stream.ts";
import { loneNode } from "./live/peers.ts";
import { Silences } from "./domain/silence.ts";

export interface Services {
  env: Env;
  db: Db;
  clock: Clock;
  accounts: Accounts;
  sessions: Sessions;
  /** Who may run each session (owner, co-facilitators) and its room display link. */
  team: Team;
  /** The facilitator's own prompt and session templates, and sessions started from them. */
  templates: Templates;
  participants: Participants;
  /** Reading the room: the session's settings and its events for the report (listSessionEvents). */
  room: Room;
  live: LiveSessions;
  /** How many phones each change reached by the one-frame path and by Socket.IO's (server/realtime/frame-fan-out.ts). */
  fanOut: FanOutCounts;
  checkIns: CheckInWriter;
  realtime: Realtime;
  /** Ends a sign-in: the cookie stops working and its open consoles and displays are cut off. */
  signOut(token: string): Promise<void>;
  /** Resolves when the database answers (and, in a cluster, Redis); rejects with why not. */
  ready(): Promise<void>;
  /** Stores every check-in waiting in the queue. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export interface ServiceOptions {
  /** Where phones join (known once the server listens). */
  joinAddress?: () => JoinAddress;
  /** This node's name among its peers when several nodes share sessions (through Redis). */
  node?: string;
  /** Redis, when several nodes share sessions: asked by /readyz, and where every rate limit counts. */
  redis?: Redis;
  joinLimits?: JoinLimits;
  live?: LiveSessionsOptions;
  /** Check-ins waiting to be written before phones are told "busy, retrying". */
  maxQueuedCheckIns?: number;
}

export function createServices(env: Env, db: Db, io: Server, clock: Clock, options: ServiceOptions = {}): Services {
  // One budget per limit for all nodes when they share Redis; this process's own otherwise.
  const limitStore = createLimitStore(options.redis);
  const accounts = new Accounts(db, env.authSessionDays, { now: () => clock.now(), limitStore });
  const sessions = new Sessions(db);
  const templates = new Templates(db);
  const team = new Team(db, clock);
  const participants = new Participants(db);
  const room = new Room(db);
  const checkIns = new CheckInWriter(db, clock, { maxQueue: options.maxQueuedCheckIns });
  const nsps = namespaces(io);
  const outbound = socketOutbound(nsps);
  // Alone, a node has nobody to tell; with Redis, its peers hear every change.
  const stream = options.redis && options.node ? peerStream(options.redis, options.node) : null;
  const peers = stream ?? loneNode;
  const live = new LiveSessions(
    db,
    { clock, outbound, peers, sessions, checkIns, decks: new Decks(db), preparations: new Preparations(db), answers: new Answers(db), silences: new Silences(db), room, maxParticipants: env.maxParticipantsPerSession },
    { idleEndMs: env.idleEndMs, ...options.live },
  );
  stream?.listen((sessionId, event) => live.fromPeer(sessionId, event));
  const realtime = attachRealtime(nsps, {
    clock,
    accounts,
    sessions,
    team,
    participants,
    live,
    limitStore,
    trustedProxies: env.trustedProxies,
    joinLimits: options.joinLimits,
    joinAddress: options.joinAddress ?? (() => joinAddressFor(env.publicOrigins, env.port)),
  });
  return {
    env,
    db,
    clock,
    accounts,
    sessions,
    team,
    templates,
    participants,
    room,
    live,
    fanOut: outbound.fanOut,
    checkIns,
    realtime,
    async signOut(token) {
      await accounts.signOut(token);
      realtime.signedOut(hashToken(token));
    },
    async ready() {
      // /readyz is public through the load balancer: say what, log the details.
      await db.$queryRawUnsafe("SELECT 1").catch((error: unknown) => {
        console.error("[attune] not ready: the database does not answer:", (error as Error).message);
        throw new Error("database");
      });
      await options.redis?.ping().catch((error: unknown) => {
        console.error("[attune] not ready: Redis does not answer:", (error as Error).message);
        throw new Error("redis");
      });
    },
    drain: () => checkIns.drain(),
    async close() {
      live.close();
      stream?.close();
      await checkIns.drain();
      await db.$disconnect();
    },
  };
}

const GLOBAL_KEY = Symbol.for("attune.services");

export function publishServices(services: Services): void {
  (globalThis as Record<symbol, unknown>)[GLOBAL_KEY] = services;
}

/**
 * One HTTP server for the Next.js app and Socket.IO.
 */
import { createServer, type IncomingHttpHeaders, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import { Redis } from "ioredis";
import { Server } from "socket.io";
import { MAX_MESSAGE_BYTES } from "../lib/protocol/schemas.ts";
import { stampClientAddress } from "./client-address.ts";
import { createDb, migrateDb, prepareDb } from "./db/client.ts";
import type { Env } from "./env.ts";
import { fromAllowedOrigin, joinAddressFor } from "./origin.ts";
import { systemClock, type Clock } from "./live/clock.ts";
import { createServices, publishServices, type ServiceOptions, type Services } from "./services.ts";

export interface AttuneServer {
  http: HttpServer;
  io: Server;
  services: Services;
  url: string;
  close(): Promise<void>;
}

export interface StartOptions extends ServiceOptions {
  /** Serve the Next.js app too; integration tests leave it out. */
  withNext?: boolean;
  clock?: Clock;
}

export async function startAttune(env: Env, { withNext = true, clock = systemClock, ...options }: StartOptions = {}): Promise<AttuneServer> {
  await migrateDb(env.database);
  const db = createDb(env.database);
  await prepareDb(db);

  let handle: ((req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => unknown) | null = null;
  if (withNext) {
    const { default: next } = await import("next");
    const app = next({ dev: env.dev, hostname: env.host, port: env.port });
    await app.prepare();
    handle = app.getRequestHandler();
  }

  let stopping = false;
  let services: Services | null = null;
  const http = createServer((req, res) => {
    // Health for load balancers, answered before Next: up, and ready to take sessions.
    if (req.url === "/healthz") return void plain(res, 200, "ok");
    if (req.url === "/readyz") {
      if (stopping || !services) return void plain(res, 503, stopping ? "stopping" : "starting");
      return void services.ready().then(
        () => plain(res, 200, "ready"),
        (error: unknown) => plain(res, 503, `not ready: ${error instanceof Error ? error.message : "unknown"}`),
      );
    }
    // The routes' only trusted source for the client's address (server/client-address.ts):
    // the TCP peer, or what a TRUSTED_PROXY says it saw.
    stampClientAddress(req.headers, req.socket.remoteAddress, env.trustedProxies);
    if (handle) return void handle(req, res);
    res.statusCode = 404;
    res.end("Not found");
  });

  // With REDIS_URL, several nodes share sessions: Socket.IO's Redis Streams
  // adapter carries what crosses between them (docs/deploy.md says why this one).
  const redis = env.redisUrl ? await connectRedis(env.redisUrl) : null;
  const io = new Server(http, {
    ...(redis ? { adapter: createAdapter(redis) } : {}),
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    // Browsers send an Origin with every WebSocket handshake and cross-origin
    // request: only pages from the configured origins may connect, so no other
    // page can ride a facilitator's cookie. Host is not consulted (the sender
    // picks it). Clients without Origin are not browsers (server/origin.ts).
    allowRequest: (req, callback) => callback(null, allowedHandshake(req.headers, env.publicOrigins)),
    // Short heartbeats so the present count follows reality within seconds.
    pingInterval: 10_000,
    pingTimeout: 8_000,
    // No connection state recovery: every (re)connect gets a full snapshot
    // anyway, and recovery replays missed packets to a socket before its
    // middlewares decide, so a signed-out console could be sent what it missed.
  });
  // The port is known once listening (PORT=0 picks a free one).
  let listeningPort = env.port;
  services = createServices(env, db, io, clock, {
    joinAddress: () => joinAddressFor(env.publicOrigins, listeningPort),
    ...options,
    ...(redis ? { node: options.node ?? `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`, redis } : {}),
  });
  publishServices(services);
  const running = services;

  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(env.port, env.host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  listeningPort = port;

  return {
    http,
    io,
    services: running,
    url: `http://${env.host.includes(":") ? `[${env.host}]` : env.host}:${port}`,
    async close() {
      // In order: take no new connections (and say so on /readyz); store what
      // is queued, so its acks still reach open sockets; then close the
      // transports (not a Socket.IO disconnect), so every phone reconnects on
      // its own, to another node or to this one once it is back.
      stopping = true;
      http.close();
      await running.drain();
      // Let the acks of what was just stored reach the sockets' write buffers.
      for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await running.close();
      redis?.disconnect();
    },
  };
}

async function connectRedis(url: string): Promise<Redis> {
  // Retries forever with a short backoff: a Redis restart must not take the node down.
  const redis = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: (attempt) => Math.min(attempt * 200, 2_000) });
  redis.on("error", (error: Error) => console.error("[attune] redis:", error.message));
  await new Promise<void>((resolve, reject) => {
    const fail = setTimeout(() => {
      redis.disconnect();
      reject(new Error(`Could not reach Redis at ${url} within 15 s.`));
    }, 15_000);
    redis.once("ready", () => {
      clearTimeout(fail);
      resolve();
    });
  });
  return redis;
}

function plain(res: import("node:http").ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
  res.end(body);
}

/** The Socket.IO handshake's origin check: the same decision as the HTTP routes'. */
export function allowedHandshake(headers: IncomingHttpHeaders, publicOrigins: readonly string[]): boolean {
  return fromAllowedOrigin(headers, publicOrigins);
}

/**
 * One HTTP server for the Next.js app and Socket.IO.
 */
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { MAX_MESSAGE_BYTES } from "../lib/protocol/schemas.ts";
import { prepareDb } from "./db/client.ts";
import { migrateSqlite } from "./db/migrate.ts";
import type { Env } from "./env.ts";
import { attachRealtime, type Realtime } from "./realtime/sockets.ts";
import { createServices, publishServices, type Services } from "./services.ts";

export interface AttuneServer {
  http: HttpServer;
  io: Server;
  services: Services;
  realtime: Realtime;
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Serve the Next.js app too; integration tests leave it out. */
  withNext?: boolean;
}

export async function startAttune(env: Env, { withNext = true }: StartOptions = {}): Promise<AttuneServer> {
  migrateSqlite(env.databaseFile);
  const services = createServices(env);
  await prepareDb(services.db);
  publishServices(services);

  let handle: ((req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => unknown) | null = null;
  if (withNext) {
    const { default: next } = await import("next");
    const app = next({ dev: env.dev, hostname: env.host, port: env.port });
    await app.prepare();
    handle = app.getRequestHandler();
  }

  const http = createServer((req, res) => {
    if (handle) return void handle(req, res);
    res.statusCode = 404;
    res.end("Not found");
  });

  const io = new Server(http, {
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    // Browsers send an Origin with every WebSocket handshake: only this site's
    // pages may connect, so no other page can ride a facilitator's cookie.
    allowRequest: (req, callback) => callback(null, sameOrigin(req.headers.origin, req.headers.host)),
    // Short heartbeats so the present count follows reality within seconds.
    pingInterval: 10_000,
    pingTimeout: 8_000,
    // A bonus, not the mechanism: every (re)connect gets a full snapshot anyway,
    // and middlewares run again so recovery cannot bypass authorisation.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
  });
  const realtime = attachRealtime(io, services);

  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(env.port, env.host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;

  return {
    http,
    io,
    services,
    realtime,
    url: `http://${env.host.includes(":") ? `[${env.host}]` : env.host}:${port}`,
    async close() {
      // Closing the transports (not a Socket.IO disconnect) lets every client
      // reconnect on its own once a server is back.
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await services.close();
    },
  };
}

/** True when a request carries no Origin (not a browser) or one naming this host. */
export function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

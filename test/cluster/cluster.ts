/**
 * A whole Attune deployment on loopback, in one throwaway folder: PostgreSQL
 * (a database on the run's throwaway server, test/cluster/setup.ts), Redis
 * (test/helpers/redis.ts), N nodes running the production build
 * (`node dist/server.mjs`, each its own process and port) and nginx in front
 * of them, configured from deploy/nginx/ (see `nginxConfig`).
 *
 * Clients tell nginx apart by their source address: all of 127.0.0.0/8 is
 * loopback on Linux, so a client bound to 127.0.7.1 is, to nginx's
 * `hash $remote_addr`, a different phone from one bound to 127.0.8.1, as
 * phones on different networks would be. Which node an address lands on is
 * read from nginx's own access log (`nodeFor`), never assumed.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { withPostgres as withPg } from "../helpers/database.ts";
import type { ThrowawayPostgres } from "../helpers/postgres.ts";
import { freePort, startRedis, type TestRedis } from "../helpers/redis.ts";
import { waitUntil } from "./wait.ts";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const DEPLOY = path.join(ROOT, "deploy", "nginx");
const SERVER = path.join(ROOT, "dist", "server.mjs");
const NGINX = fs.existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";

/** One Attune process. It keeps its port across restarts, as a node behind nginx does. */
export class ClusterNode {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  readonly url: string;
  /** How nginx names it in `$upstream_addr`. */
  readonly upstream: string;
  /** Restarts so far (0 for the first start). */
  starts = 0;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    readonly logFile: string,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.upstream = `127.0.0.1:${port}`;
  }

  get running(): boolean {
    return this.child !== null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the process and resolves once its /readyz answers 200. */
  async start(): Promise<void> {
    if (this.child) throw new Error(`${this.name} is already running`);
    fs.appendFileSync(this.logFile, `\n==== ${this.name} start #${this.starts + 1} at ${new Date().toISOString()} ====\n`);
    const log = fs.openSync(this.logFile, "a");
    const child: ChildProcess = spawn(process.execPath, [SERVER], { cwd: ROOT, env: this.env, stdio: ["ignore", log, log] });
    fs.closeSync(log);
    this.child = child;
    this.starts += 1;
    this.exited = new Promise((resolve) =>
      child.once("exit", (code, signal) => {
        fs.appendFileSync(this.logFile, `==== ${this.name} exited (code ${code}, signal ${signal}) ====\n`);
        if (this.child === child) this.child = null;
        resolve();
      }),
    );
    await waitUntil(
      async () => {
        if (this.child !== child) throw new Error(`${this.name} exited while starting:\n${this.logTail()}`);
        return (await httpGet(`${this.url}/readyz`).catch(() => null))?.status === 200;
      },
      { timeoutMs: 60_000, intervalMs: 100, what: `${this.name} /readyz` },
    );
  }

  /**
   * Sends `signal` and waits for the process to end: SIGKILL is a crash,
   * SIGTERM the drain a deploy would ask for. Resolves with how long it took.
   */
  async stop(signal: "SIGKILL" | "SIGTERM", timeoutMs = 20_000): Promise<number> {
    const child = this.child;
    if (!child) return 0;
    const began = Date.now();
    child.kill(signal);
    const ended = await Promise.race([this.exited.then(() => true), delay(timeoutMs).then(() => false)]);
    if (!ended) {
      child.kill("SIGKILL");
      await this.exited;
      throw new Error(`${this.name} did not exit within ${timeoutMs} ms of ${signal}:\n${this.logTail()}`);
    }
    return Date.now() - began;
  }

  /** Synchronous, for a process exit: nothing is left behind. */
  killNow(): void {
    this.child?.kill("SIGKILL");
  }

  logTail(lines = 40): string {
    return tail(this.logFile, lines);
  }
}

export interface ClusterOptions {
  /** Names the folder and the database. */
  label: string;
  nodes?: number;
  /** The server `adminUrl` belongs to, when the test may stop and start it (scenario.ts's `ownPostgres`). */
  postgres?: ThrowawayPostgres;
}

export class Cluster {
  private addressCounter = 0;
  private readonly nodeOfAddress = new Map<string, ClusterNode>();
  private nginxChild: ChildProcess | null = null;
  private readonly cleanupOnExit = () => this.killNow();

  private constructor(
    readonly dir: string,
    readonly nodes: ClusterNode[],
    readonly redis: TestRedis,
    readonly databaseUrl: string,
    private readonly dropDatabase: () => Promise<void>,
    readonly nginxPort: number,
    private readonly postgresServer: ThrowawayPostgres | undefined,
  ) {
    process.on("exit", this.cleanupOnExit);
  }

  /** The PostgreSQL server, for tests that stop and start it; only when the cluster was given its own. */
  get postgres(): ThrowawayPostgres {
    if (!this.postgresServer) throw new Error("this cluster runs on the run's shared PostgreSQL: start it with useCluster(label, { ownPostgres: true })");
    return this.postgresServer;
  }

  /** The address browsers reach Attune at: nginx. */
  get origin(): string {
    return `http://127.0.0.1:${this.nginxPort}`;
  }

  get accessLog(): string {
    return path.join(this.dir, "nginx-access.log");
  }

  get errorLog(): string {
    return path.join(this.dir, "nginx-error.log");
  }

  static async start(adminUrl: string, { label, nodes: count = 2, postgres }: ClusterOptions): Promise<Cluster> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `attune-cluster-${label}-`));
    const undo: (() => Promise<void> | void)[] = [() => fs.rmSync(dir, { recursive: true, force: true })];
    try {
      const database = `attune_cluster_${label.replace(/\W/g, "_")}_${randomBytes(4).toString("hex")}`;
      await withPg(adminUrl, (client) => client.query(`CREATE DATABASE ${database}`));
      const dropDatabase = () => withPg(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)).then(() => {});
      undo.push(dropDatabase);
      const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString();
      const redis = await startRedis();
      undo.push(() => redis.stop());

      const nginxPort = await freePort();
      const nodes: ClusterNode[] = [];
      for (let i = 1; i <= count; i++) {
        const port = await freePort();
        const env: NodeJS.ProcessEnv = {
          PATH: process.env.PATH ?? "/usr/bin:/bin",
          HOME: process.env.HOME ?? dir,
          NODE_ENV: "production",
          NEXT_TELEMETRY_DISABLED: "1",
          HOST: "127.0.0.1",
          PORT: String(port),
          DATABASE_URL: databaseUrl,
          REDIS_URL: redis.url,
          // Pages come from nginx's address, so that is the origin browsers send.
          PUBLIC_ORIGIN: `http://127.0.0.1:${nginxPort}`,
          // nginx on this machine: each client's own address counts for the limits, not nginx's.
          TRUSTED_PROXY: "loopback",
          // ATTUNE_CLUSTER_DEBUG=socket.io-redis-streams-adapter (say) turns on a library's debug log in the nodes' logs.
          ...(process.env.ATTUNE_CLUSTER_DEBUG ? { DEBUG: process.env.ATTUNE_CLUSTER_DEBUG } : {}),
        };
        nodes.push(new ClusterNode(`node ${i}`, port, env, path.join(dir, `node-${i}.log`)));
      }
      const cluster = new Cluster(dir, nodes, redis, databaseUrl, dropDatabase, nginxPort, postgres);
      undo.length = 0; // from here on, cluster.stop() undoes everything
      try {
        // One at a time: the first applies the migrations, behind PostgreSQL's advisory lock anyway.
        for (const node of nodes) await node.start();
        await cluster.startNginx();
        await waitUntil(async () => (await httpGet(`${cluster.origin}/readyz`).catch(() => null))?.status === 200, {
          timeoutMs: 10_000,
          what: "/readyz through nginx",
        });
      } catch (error) {
        const report = cluster.report();
        await cluster.stop();
        throw new Error(`${error instanceof Error ? error.message : String(error)}\n${report}`);
      }
      return cluster;
    } catch (error) {
      for (const step of undo.reverse()) await Promise.resolve(step()).catch(() => {});
      throw error;
    }
  }

  /**
   * nginx's configuration for this cluster: the global settings a throwaway
   * instance needs (no daemon, its pid, logs and temp files in this folder),
   * then deploy/nginx/attune-http.conf and attune-proxy.conf as they are, and
   * the `upstream attune` block of deploy/nginx/attune.conf with its example
   * node addresses replaced by these nodes (balancing method and failure
   * settings kept). Only the TLS server is left out: this one listens for
   * plain http on loopback.
   */
  nginxConfig(): string {
    const site = fs.readFileSync(path.join(DEPLOY, "attune.conf"), "utf8");
    const block = /^upstream attune \{[\s\S]*?^\}/m.exec(site)?.[0];
    if (!block) throw new Error("deploy/nginx/attune.conf has no `upstream attune { … }` block");
    const serverLine = /^(\s*server\s+)(\S+)(.*)$/m;
    const template = serverLine.exec(block);
    if (!template) throw new Error("the upstream block of deploy/nginx/attune.conf lists no server");
    const servers = this.nodes.map((node) => `${template[1]}${node.upstream}${template[3]}`).join("\n");
    const upstream = block.replace(/^\s*server\s+\S+.*\n/gm, "").replace(/\n\}$/, `\n${servers}\n}`);
    const at = (name: string) => path.join(this.dir, name);
    return `# Written by test/cluster/cluster.ts for one test run.
daemon off;
master_process on;
worker_processes 1;
pid ${at("nginx.pid")};
error_log ${this.errorLog} notice;
events { worker_connections 1024; }
http {
    client_body_temp_path ${at("nginx-tmp/body")};
    proxy_temp_path ${at("nginx-tmp/proxy")};
    fastcgi_temp_path ${at("nginx-tmp/fastcgi")};
    uwsgi_temp_path ${at("nginx-tmp/uwsgi")};
    scgi_temp_path ${at("nginx-tmp/scgi")};

    include ${path.join(DEPLOY, "attune-http.conf")};
    access_log ${this.accessLog} attune;

${upstream}

    server {
        listen 127.0.0.1:${this.nginxPort};
        include ${path.join(DEPLOY, "attune-proxy.conf")};
    }
}
`;
  }

  private async startNginx(): Promise<void> {
    const conf = path.join(this.dir, "nginx.conf");
    fs.mkdirSync(path.join(this.dir, "nginx-tmp"), { recursive: true });
    fs.writeFileSync(conf, this.nginxConfig());
    const args = ["-p", this.dir, "-c", conf, "-e", this.errorLog];
    const checked = spawnSync(NGINX, ["-t", ...args], { encoding: "utf8" });
    if (checked.status !== 0) throw new Error(`nginx -t refused the configuration:\n${checked.stderr}\n${conf}:\n${this.nginxConfig()}`);
    this.nginxChild = spawn(NGINX, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    this.nginxChild.stderr?.on("data", (chunk) => (stderr += chunk));
    const child = this.nginxChild;
    child.once("exit", () => {
      if (this.nginxChild === child) this.nginxChild = null;
    });
    await waitUntil(
      async () => {
        if (!this.nginxChild) throw new Error(`nginx exited at start:\n${stderr}\n${tail(this.errorLog)}`);
        return (await httpGet(`${this.origin}/healthz`).catch(() => null)) !== null;
      },
      { timeoutMs: 10_000, what: "nginx listening" },
    );
  }

  /** A new source address for a client: 127.0.1.1, 127.0.2.1, … (a different "network" each). */
  nextAddress(): string {
    this.addressCounter += 1;
    if (this.addressCounter > 250 * 250) throw new Error("out of loopback addresses");
    return `127.0.${1 + (this.addressCounter % 250)}.${1 + Math.floor(this.addressCounter / 250)}`;
  }

  /**
   * The node nginx sends `address` to: a probe request from that address,
   * looked up in nginx's access log by its user agent. Cached, since the hash
   * of an address does not change while every node is up.
   */
  async nodeFor(address: string): Promise<ClusterNode> {
    const known = this.nodeOfAddress.get(address);
    if (known) return known;
    const probe = `attune-cluster-probe/${randomUUID()}`;
    const response = await httpGet(`${this.origin}/healthz`, { localAddress: address, headers: { "user-agent": probe } });
    if (response.status !== 200) throw new Error(`probe from ${address}: ${response.status}`);
    let upstream = "";
    await waitUntil(
      () => {
        const line = fs.readFileSync(this.accessLog, "utf8").split("\n").find((l) => l.includes(probe));
        // With a failover the log lists every node tried; the last one answered.
        upstream = /upstream=([^ ]+)\//.exec(line ?? "")?.[1]?.split(", ").pop() ?? "";
        return upstream !== "";
      },
      { timeoutMs: 3_000, intervalMs: 20, what: `the access log line of the probe from ${address}` },
    );
    const node = this.nodes.find((n) => n.upstream === upstream);
    if (!node) throw new Error(`nginx sent ${address} to ${upstream}, which is not a node of this cluster`);
    this.nodeOfAddress.set(address, node);
    return node;
  }

  /** `count` fresh source addresses that nginx sends to `node` (bounded: 200 probes). */
  async addressesOn(node: ClusterNode, count: number): Promise<string[]> {
    const found: string[] = [];
    for (let tries = 0; found.length < count; tries++) {
      if (tries >= 200) throw new Error(`found only ${found.length} of ${count} addresses on ${node.name} in 200 probes`);
      const address = this.nextAddress();
      if ((await this.nodeFor(address)) === node) found.push(address);
    }
    return found;
  }

  /** The number of stored rows per check-in id of a session, read from PostgreSQL itself. */
  async storedCheckIns(sessionId: string): Promise<Map<string, number>> {
    const { rows } = await withPg(this.databaseUrl, (client) =>
      client.query<{ clientId: string; rows: number }>(
        `SELECT "clientId", count(*)::int AS rows FROM "CheckIn" WHERE "sessionId" = $1 GROUP BY "clientId"`,
        [sessionId],
      ),
    );
    return new Map(rows.map((r) => [r.clientId, r.rows]));
  }

  /** Lines of nginx's access log that match. */
  accessLogLines(match: (line: string) => boolean = () => true): string[] {
    if (!fs.existsSync(this.accessLog)) return [];
    return fs.readFileSync(this.accessLog, "utf8").split("\n").filter((l) => l && match(l));
  }

  /** The end of every log, for a failed test's output. */
  report(): string {
    const parts = [
      ...this.nodes.map((n) => `--- ${n.name} (port ${n.port}) ---\n${n.logTail()}`),
      `--- nginx error log ---\n${tail(this.errorLog)}`,
      `--- nginx access log ---\n${tail(this.accessLog, 30)}`,
    ];
    return parts.join("\n");
  }

  async stop(): Promise<void> {
    process.off("exit", this.cleanupOnExit);
    const nginx = this.nginxChild;
    if (nginx) {
      const exited = new Promise((resolve) => nginx.once("exit", resolve));
      nginx.kill("SIGTERM"); // fast shutdown: open WebSockets are not waited for
      if (!(await Promise.race([exited.then(() => true), delay(5_000).then(() => false)]))) nginx.kill("SIGKILL");
    }
    await Promise.all(this.nodes.map((n) => n.stop("SIGKILL").catch(() => {})));
    await this.redis.stop().catch(() => {});
    await this.dropDatabase().catch((error) => console.error("[cluster] dropping the database:", error));
    if (process.env.ATTUNE_CLUSTER_KEEP) console.log(`[cluster] kept ${this.dir}`);
    else fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** Synchronous last resort when the test process exits without stop(). */
  private killNow(): void {
    this.nginxChild?.kill("SIGTERM");
    for (const node of this.nodes) node.killNow();
  }
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One HTTP request with node:http, from a chosen source address (fetch cannot pick one, nor send Origin). */
export function httpRequest(
  url: string,
  { method = "GET", headers = {}, body, localAddress, timeoutMs = 10_000 }: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string; timeoutMs?: number } = {},
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers, localAddress, timeout: timeoutMs, agent: false }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
      response.on("error", reject);
    });
    request.on("timeout", () => request.destroy(new Error(`${method} ${url}: no answer within ${timeoutMs} ms`)));
    request.on("error", reject);
    request.end(body);
  });
}

export const httpGet = (url: string, options: Parameters<typeof httpRequest>[1] = {}) => httpRequest(url, { timeoutMs: 3_000, ...options });

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function tail(file: string, lines = 40): string {
  if (!fs.existsSync(file)) return "(none)";
  return fs.readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
}

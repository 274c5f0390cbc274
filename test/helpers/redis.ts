/**
 * A throwaway Redis server on loopback for tests: its own port and folder, no
 * persistence, stopped by the test that started it (never the system service).
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface TestRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Stops and starts it again on the same port, as a Redis restart would. */
  restart(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function listening(port: number, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server did not listen on ${port}`);
}

/** Debian's redis-server, installed when missing and running as root; otherwise says what to do. */
function ensureRedisServer(): void {
  if (spawnSync("sh", ["-c", "command -v redis-server"], { stdio: "ignore" }).status === 0) return;
  if (process.getuid?.() !== 0) throw new Error("These tests need Redis: `sudo apt-get install redis-server` (Debian), then run them again.");
  console.log("[redis] installing Debian's redis-server (once)…");
  const apt = { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } } as const;
  execFileSync("apt-get", ["update", "-qq"], apt);
  execFileSync("apt-get", ["install", "-y", "-qq", "redis-server"], apt);
}

export async function startRedis(): Promise<TestRedis> {
  ensureRedisServer();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attune-redis-"));
  const port = await freePort();
  let child: ChildProcess | null = null;
  const launch = async () => {
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], {
      stdio: "ignore",
    });
    await listening(port, Date.now() + 10_000);
  };
  const halt = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once("exit", () => resolve());
      running.kill("SIGTERM");
    });
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      await halt();
      fs.rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      await halt();
      await launch();
    },
  };
}

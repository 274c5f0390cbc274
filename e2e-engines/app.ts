/**
 * The production Attune these journeys run against: `node scripts/start.mjs`
 * (the build must exist: `npm run test:engines` makes it first) on loopback,
 * with a database of its own in a temporary folder, and the flaky-network
 * proxy phones load it through (e2e/support/flaky-network.ts), whose origin
 * the app is told to accept as its own.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { flakyNetwork, type FlakyNetwork } from "../e2e/support/flaky-network.ts";
import { stopGroup, waitFor } from "./drivers/phone.ts";

export interface RunningApp {
  /** The app itself, as the facilitator's sockets reach it. */
  origin: string;
  /** The proxy in front of it, as the phones reach it. */
  network: FlakyNetwork;
  stop(): Promise<void>;
}

/** A fixed port pair, like the Playwright suite's 3210/3211: the proxy's origin must be known before the app starts. */
const PORT = Number(process.env.ENGINES_PORT ?? 3410);

export async function startApp(): Promise<RunningApp> {
  const proxyPort = PORT + 1;
  for (const port of [PORT, proxyPort]) await mustBeFree(port);
  const origin = `http://127.0.0.1:${PORT}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attune-engines-"));
  const log = fs.openSync(path.join(dir, "server.log"), "a");
  const server = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: path.resolve(import.meta.dirname, ".."),
    // Its own process group, so stopping it stops whatever it started.
    detached: true,
    stdio: ["ignore", log, log],
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: "127.0.0.1",
      DATABASE_URL: `file:${path.join(dir, "attune.db")}`,
      NEXT_TELEMETRY_DISABLED: "1",
      PUBLIC_ORIGIN: [origin, `http://127.0.0.1:${proxyPort}`].join(","),
    },
  });
  let network: FlakyNetwork | undefined;
  const stop = async () => {
    await network?.close();
    await stopGroup(server, 10_000);
    fs.closeSync(log);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor("the app to answer /healthz", 60_000, async () => {
      if (server.exitCode !== null) throw new Error(`the app exited (${server.exitCode}):\n${tail(path.join(dir, "server.log"))}`);
      return (await fetch(`${origin}/healthz`).catch(() => null))?.ok;
    });
    network = await flakyNetwork(PORT, proxyPort);
  } catch (error) {
    await stop();
    throw error;
  }
  return { origin, network, stop };
}

function mustBeFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", () => reject(new Error(`port ${port} is taken: set ENGINES_PORT to a free pair (port and port + 1)`)));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve()));
  });
}

const tail = (file: string) => fs.readFileSync(file, "utf8").split("\n").slice(-30).join("\n");

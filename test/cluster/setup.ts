/**
 * globalSetup of the cluster project (`npm run test:cluster`): the Debian
 * programs the cluster runs on, installed when missing (as root, with apt-get),
 * the production build the nodes run, and one throwaway PostgreSQL server for
 * the run (test/helpers/postgres.ts); each test file makes a database on it.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startThrowawayPostgres } from "../helpers/postgres.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** A superuser URL of the run's PostgreSQL server (its `postgres` database). */
    clusterPostgresAdminUrl: string;
  }
}

const ROOT = path.resolve(import.meta.dirname, "../..");

const onPath = (program: string) => spawnSync("sh", ["-c", `command -v ${program}`], { stdio: "ignore" }).status === 0;

function installMissing(): void {
  const missing = [
    ...(onPath("nginx") || fs.existsSync("/usr/sbin/nginx") ? [] : ["nginx"]),
    ...(onPath("redis-server") ? [] : ["redis-server"]),
  ];
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`The cluster test needs ${missing.join(" and ")}: \`sudo apt-get install ${missing.join(" ")}\` (Debian), then run it again.`);
  }
  console.log(`[cluster] installing Debian's ${missing.join(", ")} (once)…`);
  const apt = { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } } as const;
  execFileSync("apt-get", ["update", "-qq"], apt);
  execFileSync("apt-get", ["install", "-y", "-qq", ...missing], apt);
  // Installing nginx starts Debian's own service on port 80; the test never uses it, and leaves it as it is.
}

export default async function setup({ provide }: TestProject) {
  installMissing();
  if (!fs.existsSync(path.join(ROOT, "dist", "server.mjs"))) {
    throw new Error("No production build: `npm run test:cluster` builds it first (node scripts/start.mjs --build-only).");
  }
  const postgres = await startThrowawayPostgres();
  provide("clusterPostgresAdminUrl", postgres.adminUrl);
  return () => postgres.stop();
}

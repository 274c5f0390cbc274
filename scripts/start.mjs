#!/usr/bin/env node
// `npm start`: builds the production app when there is no build (or the source
// is newer than it), then starts the one-port server, which applies migrations.
//   --build-only   build if needed, then exit (used by the e2e tests)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
process.chdir(root);
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

const BUILD_STAMP = path.join(root, ".next", "BUILD_ID");
const SERVER = path.join(root, "dist", "server.mjs");
const SOURCES = ["app", "lib", "server", "prisma", "messages", "i18n", "public", "proxy.ts", "package.json", "next.config.ts", "postcss.config.mjs"];

function newestMtime(entry) {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const child of fs.readdirSync(entry)) {
    if (child === "generated" || child === "node_modules") continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

function built() {
  if (!fs.existsSync(BUILD_STAMP) || !fs.existsSync(SERVER)) return false;
  const builtAt = Math.min(fs.statSync(BUILD_STAMP).mtimeMs, fs.statSync(SERVER).mtimeMs);
  return SOURCES.every((s) => newestMtime(s) <= builtAt);
}

function run(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!built()) {
  console.log("Building Attune for production (once; about a minute)…");
  // Both clients (SQLite and PostgreSQL), so a schema change reaches both.
  run("npm", ["run", "--silent", "db:generate"]);
  run("npx", ["next", "build"]);
  run(process.execPath, ["scripts/bundle-server.mjs"]);
}

if (!process.argv.includes("--build-only")) {
  process.env.NODE_ENV = "production";
  await import(SERVER);
}

#!/usr/bin/env node
// Run before the end-to-end tests (npm run test:e2e): makes sure there is a
// Chromium for Playwright to drive, installing Debian's when running as root
// with apt-get, and otherwise says how to get one and exits non-zero.
// playwright.config.ts then finds the same one (scripts/find-chromium.ts).
import { spawnSync } from "node:child_process";
import { tsImport } from "tsx/esm/api";

const { findChromium, planChromium, isExecutable, HOW_TO_GET_CHROMIUM } = await tsImport("./find-chromium.ts", import.meta.url);

const plan = planChromium({ env: process.env, isExecutable, isRoot: process.getuid?.() === 0 });
if (plan.kind === "explain") {
  console.error(plan.message);
  process.exit(1);
}
if (plan.kind === "install") {
  console.log("No Chromium found: installing Debian's chromium for the end-to-end tests.");
  const apt = (...args) =>
    spawnSync(plan.aptGet, args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } }).status === 0;
  const found = apt("update", "-qq") && apt("install", "-y", "-qq", "chromium") ? findChromium() : undefined;
  if (!found) {
    console.error(`Installing Debian's chromium with apt-get failed.\n${HOW_TO_GET_CHROMIUM}`);
    process.exit(1);
  }
  console.log(`Chromium for the end-to-end tests: ${found}`);
} else {
  console.log(`Chromium for the end-to-end tests: ${plan.path}`);
}

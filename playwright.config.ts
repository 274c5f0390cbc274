import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { findChromium } from "./scripts/find-chromium.ts";

const PORT = Number(process.env.E2E_PORT ?? 3210);
const dbDir = path.resolve("e2e/output/db");

// A fresh database per run; workers load this file too and must leave it alone.
if (!process.env.TEST_WORKER_INDEX) fs.rmSync(dbDir, { recursive: true, force: true });

export default defineConfig({
  testDir: "e2e",
  outputDir: "e2e/output/test-results",
  timeout: 90_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"], ["html", { outputFolder: "e2e/output/report", open: "never" }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // A system Chromium (CHROMIUM_PATH, else the first found): Playwright's own
      // download is not reachable everywhere. npm run test:e2e checks for one first.
      executablePath: findChromium(),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    // npm test builds first (scripts/start.mjs --build-only), so this only starts.
    command: "node scripts/start.mjs",
    url: `http://127.0.0.1:${PORT}/join`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(PORT),
      HOST: "127.0.0.1",
      DATABASE_URL: `file:${path.join(dbDir, "attune.db")}`,
      NEXT_TELEMETRY_DISABLED: "1",
      // The pages' origins: the app itself, and the flaky-network proxy phones
      // load it through (e2e/support/flaky-network.ts, on PORT + 1).
      PUBLIC_ORIGIN: [`http://127.0.0.1:${PORT}`, `http://localhost:${PORT}`, `http://127.0.0.1:${PORT + 1}`].join(","),
    },
  },
});

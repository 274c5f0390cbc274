/**
 * The phone journey (./journey.ts) in the engines phones have besides
 * Chromium (which the Playwright suite in e2e/ covers): WebKit and Gecko, on
 * today's phone (390×844) and the smallest still in use (320×640). One
 * production app for the run, a fresh browser for each journey.
 *
 * Run with `npm run test:engines` (it builds first and gives WebKit an X
 * display through xvfb-run).
 */
import fs from "node:fs";
import { afterAll, afterEach, beforeAll, describe, test } from "vitest";
import { startApp, type RunningApp } from "./app.ts";
import { openFirefox } from "./drivers/firefox.ts";
import type { PhoneBrowser, Viewport } from "./drivers/phone.ts";
import { openWebKit } from "./drivers/webkit.ts";
import { signUp, type Facilitator } from "./facilitator.ts";
import { phoneJourney, SCREENSHOTS } from "./journey.ts";

const ENGINES: [string, (viewport: Viewport) => Promise<PhoneBrowser>][] = [
  ["WebKit (WebKitGTK MiniBrowser)", openWebKit],
  ["Firefox ESR", openFirefox],
];
const PHONES: Viewport[] = [
  { width: 390, height: 844 },
  { width: 320, height: 640 },
];

let app: RunningApp;
let facilitator: Facilitator;

beforeAll(async () => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  app = await startApp();
  facilitator = await signUp(app.origin);
});
afterEach(() => app?.network.set("online"));
afterAll(async () => {
  await app?.stop();
});

describe.each(ENGINES)("%s", (_engine, open) => {
  test.each(PHONES)("the phone journey at $width×$height", async (viewport) => {
    const phone = await open(viewport);
    try {
      await phoneJourney({ phone, viewport, facilitator, network: app.network });
    } finally {
      await phone.close();
    }
  });
});

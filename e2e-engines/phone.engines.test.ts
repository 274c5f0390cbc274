/**
 * The phone journey (./journey.ts) in the engines phones have besides
 * Chromium (which the Playwright suite in e2e/ covers): WebKit and Gecko, on
 * today's phone (390×844, light) and the smallest still in use (320×640, dark). One
 * production app for the run, a fresh browser for each journey.
 *
 * Run with `npm run test:engines` (it builds first and gives WebKit an X
 * display through xvfb-run).
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, test } from "vitest";
import { startApp, type RunningApp } from "./app.ts";
import { openFirefox } from "./drivers/firefox.ts";
import type { PhoneBrowser, PhoneSpec } from "./drivers/phone.ts";
import { openWebKit } from "./drivers/webkit.ts";
import { signUp, type Facilitator } from "./facilitator.ts";
import { phoneJourney, SCREENSHOTS } from "./journey.ts";

const ENGINES: [string, (phone: PhoneSpec) => Promise<PhoneBrowser>][] = [
  ["WebKit (WebKitGTK MiniBrowser)", openWebKit],
  ["Firefox ESR", openFirefox],
];
/** The small phone is a German one in the dark theme, so each engine shows both themes and both languages in two journeys. */
const PHONES: [string, PhoneSpec][] = [
  ["390×844, light theme, English", { viewport: { width: 390, height: 844 }, theme: "light", language: "en" }],
  ["320×640, dark theme, German", { viewport: { width: 320, height: 640 }, theme: "dark", language: "de" }],
];

const FAILURES = path.resolve(import.meta.dirname, "../e2e/output/engines");

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
  test.each(PHONES)("the phone journey at %s", async (_phone, spec) => {
    const phone = await open(spec);
    try {
      await phoneJourney({ ...spec, phone, facilitator, network: app.network });
    } catch (error) {
      // What the phone showed when it failed, apart from the screenshots that are judged.
      fs.mkdirSync(FAILURES, { recursive: true });
      await phone.screenshot(path.join(FAILURES, `${phone.engine}-${spec.viewport.width}-failed.png`)).catch(() => {});
      throw error;
    } finally {
      await phone.close();
    }
  });
});

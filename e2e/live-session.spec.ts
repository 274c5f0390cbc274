/**
 * The foundation journey: a facilitator signs up, creates a session and goes
 * live; three phones join (two by code, one by link); a pushed technique
 * reaches all of them; their check-ins show in the pulse; a reloaded phone
 * keeps the prompt; a tap made offline arrives exactly once.
 */
import fs from "node:fs";
import { devices, type Browser, type Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { expectAccessible } from "./support/a11y";
import { flakyNetwork, type FlakyNetwork } from "./support/flaky-network";

const SHOTS = "e2e/output/screenshots";
const { defaultBrowserType: _webkit, ...iPhone } = devices["iPhone 13"];
const GENTLE_NUDGE = "I can see something is shifting for you. What are you experiencing right now?";

async function phone(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ ...iPhone });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

async function joinByCode(browser: Browser, baseURL: string, code: string): Promise<Page> {
  const page = await phone(browser, `${baseURL}/join`);
  await expectAccessible(page, "/join");
  // Case does not matter: people type what they see however their keyboard likes.
  await page.getByLabel("Join code").fill(code.toLowerCase());
  await page.getByRole("button", { name: "Join" }).click();
  await expect(page.getByRole("heading", { name: /Welcome to Breakthrough practice/ })).toBeVisible();
  return page;
}

const pulseCell = (console: Page, kind: "recent" | "total", signal: string) => console.getByTestId(`${kind}-${signal}`);

let network: FlakyNetwork;

test.beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  network = await flakyNetwork(Number(process.env.E2E_PORT ?? 3210));
});
test.afterAll(async () => {
  await network.close();
});

test("a live session: join, push, check in, reload, go offline", async ({ browser, baseURL }) => {
  // ---- the facilitator sets up --------------------------------------------
  const facilitatorContext = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const console = await facilitatorContext.newPage();
  await console.goto("/signup");
  await expectAccessible(console, "/signup");
  await console.getByLabel("Email").fill(`trainer-${Date.now()}@example.org`);
  await console.getByLabel("Password").fill("a long enough password");
  await console.getByRole("button", { name: "Create account" }).click();
  await expect(console.getByRole("heading", { name: "Your sessions" })).toBeVisible();
  await expectAccessible(console, "/console");

  await console.getByLabel("Session title").fill("Breakthrough practice");
  await console.getByRole("button", { name: "Create session" }).click();
  await expect(console.getByRole("heading", { name: "Breakthrough practice" })).toBeVisible();
  await expectAccessible(console, "the console (draft)");
  await console.getByRole("button", { name: "Go live" }).click();
  const codeLabel = await console.getByLabel(/^Join code /).getAttribute("aria-label");
  const code = codeLabel!.replace("Join code ", "").replaceAll(" ", "");
  expect(code).toMatch(/^[34679ACDEFGHJKMNPQRTUVWXY]{6}$/);
  await expect(console.getByRole("img", { name: /QR code for .*\/j\// })).toBeVisible();
  await expectAccessible(console, "the console (live)");

  // ---- three phones join: two by code, one by link (through a network we can cut)
  const phoneA = await joinByCode(browser, baseURL!, code);
  const phoneB = await joinByCode(browser, baseURL!, code);
  const phoneC = await phone(browser, `${network.origin}/j/${code}`);
  await expect(phoneC.getByRole("heading", { name: /Welcome to Breakthrough practice/ })).toBeVisible();
  await expect(phoneC.getByText(/confidential space/)).toBeVisible();
  await expectAccessible(phoneC, "/j/CODE");
  await expect(console.getByTestId("present")).toHaveText(/^3 present/);

  // ---- a pushed technique appears on every phone ----------------------------
  await console.getByRole("button", { name: "Push The Gentle Nudge" }).click();
  for (const p of [phoneA, phoneB, phoneC]) {
    await expect(p.getByText(GENTLE_NUDGE)).toBeVisible();
    await expect(p.getByRole("heading", { name: "The Gentle Nudge" })).toBeVisible();
  }
  await expectAccessible(phoneA, "the phone with a prompt");
  await expect(console.getByText("On every phone now:")).toBeVisible();

  // ---- check-ins reach the pulse with the right counts ----------------------
  await phoneA.getByRole("button", { name: "I see!" }).click();
  await expect(phoneA.getByRole("status")).toHaveText(/Received: I see!/);
  await phoneB.getByRole("button", { name: "I see!" }).click();
  await phoneC.getByRole("button", { name: "Energy shift" }).click();
  await expect(phoneC.getByRole("status")).toHaveText(/Received: Energy shift/);
  await expect(pulseCell(console, "recent", "i-see")).toHaveText("2");
  await expect(pulseCell(console, "recent", "energy-shift")).toHaveText("1");
  await expect(pulseCell(console, "total", "i-see")).toHaveText("2");
  await expect(pulseCell(console, "recent", "moved")).toHaveText("0");
  await expectAccessible(console, "the console with a pulse");

  // ---- a reloaded phone is the same participant and still sees the prompt --
  await phoneA.reload();
  await expect(phoneA.getByText(GENTLE_NUDGE)).toBeVisible();
  await expect(console.getByTestId("present")).toHaveText(/^3 present/);

  // ---- a tap made offline arrives once when the phone is back --------------
  network.set("offline");
  await expect(phoneC.getByText(/Offline/)).toBeVisible();
  await phoneC.getByRole("button", { name: "Going deeper" }).click();
  await expect(phoneC.getByRole("status")).toHaveText(/Saved: Going deeper/);
  network.set("online");
  await expect(phoneC.getByText("Connected")).toBeVisible({ timeout: 20_000 });
  await expect(phoneC.getByRole("status")).toHaveText(/Received: Going deeper/);
  await expect(pulseCell(console, "total", "going-deeper")).toHaveText("1");

  // ---- ... and survives a reload while the session cannot be reached --------
  network.set("sockets-down");
  await expect(phoneC.getByText(/Offline/)).toBeVisible();
  await phoneC.getByRole("button", { name: "Moved" }).click();
  await expect(phoneC.getByRole("status")).toHaveText(/Saved: Moved\. It will be sent when you are back online/);
  await phoneC.reload(); // the page still loads; the live session cannot be reached
  await expect(phoneC.getByRole("status")).toContainText("1 waiting");
  const kept = await phoneC.evaluate((c) => localStorage.getItem(`attune:outbox:${c}`), code);
  expect(JSON.parse(kept ?? "[]")).toHaveLength(1);
  await expect(pulseCell(console, "total", "moved")).toHaveText("0");
  network.set("online");
  await expect(pulseCell(console, "total", "moved")).toHaveText("1", { timeout: 20_000 });
  await expect.poll(() => phoneC.evaluate((c) => localStorage.getItem(`attune:outbox:${c}`), code)).toBeNull();
  // Once, even after the phone has settled and confirmed it.
  await expect(phoneC.getByRole("status")).toHaveText(/Received: Moved/);
  await expect(pulseCell(console, "total", "moved")).toHaveText("1");
  await expect(pulseCell(console, "total", "i-see")).toHaveText("2");

  // ---- the room display, then screenshots of what people see ----------------
  const display = await facilitatorContext.newPage();
  await display.goto(console.url() + "/display");
  await expect(display.getByLabel(`Join code ${code.split("").join(" ")}`)).toBeVisible();
  await expect(display.getByText(GENTLE_NUDGE)).toBeVisible();
  await expectAccessible(display, "the room display");
  await display.screenshot({ path: `${SHOTS}/room-display.png` });
  await console.screenshot({ path: `${SHOTS}/console.png`, fullPage: true });
  await phoneB.screenshot({ path: `${SHOTS}/phone.png`, fullPage: true });

  // ---- words typed on the spot arrive as text, never as markup; then closed --
  const typed = "<img src=x onerror=alert(1)> What did you notice just now?";
  await console.getByLabel("Your own words").fill(typed);
  await console.getByRole("button", { name: "Push to every phone" }).click();
  await expect(phoneA.getByText(typed)).toBeVisible();
  await expect(phoneA.getByRole("article").locator("img")).toHaveCount(0);
  await console.getByRole("button", { name: "Close prompt" }).click();
  await expect(phoneA.getByText("Your facilitator will share a prompt here.")).toBeVisible();
  await expect(phoneB.getByText(typed)).toHaveCount(0);

  // ---- ending the session tells the phones and retires the code ------------
  await console.getByRole("button", { name: "End session" }).click();
  await console.getByRole("button", { name: "Yes, end session" }).click();
  await expect(phoneB.getByRole("heading", { name: "This session has ended" })).toBeVisible();
  await expectAccessible(phoneB, "the phone after the session ended");
  const late = await phone(browser, `${baseURL}/j/${code}`);
  await expect(late.getByRole("heading", { name: "This session has ended" })).toBeVisible();
  await late.goto("/j/XXXXXX");
  await expect(late.getByText(/No live session has that code/)).toBeVisible();
  await expectAccessible(late, "a refused code");
});

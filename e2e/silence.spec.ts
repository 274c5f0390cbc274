/**
 * Holding silence, the whole journey: a facilitator starts a silence from the
 * console; two phones (320×640 and 390×844) and the room display show the
 * calm breathing screen with the time left; a phone's "Need more time" shows
 * on the console; the facilitator extends and ends it, phones return to the
 * prompt; a short silence ends on its own, with one gentle vibration; the
 * breath stands still with reduced motion; axe in both themes. No fixed
 * sleeps: every wait is for a state on screen.
 *
 * Screenshots go to /tmp/shots/silence/ (phones, the display at 1080p and
 * 720p, the console panel at 1440 and 480).
 */
import type { Browser, Page } from "@playwright/test";
import { expectAccessible } from "./support/a11y";
import { closeEveryone, facilitatorPage, openConsole, openPhone, openRoomDisplay, PHONE, seedLiveSession, seedPrompt, SMALL_PHONE, type LiveSession } from "./support/seed";
import { expect, test } from "./support/test";

const SHOTS = "/tmp/shots/silence";

test.afterEach(async () => {
  await closeEveryone();
});

/** A phone whose vibrations are recorded (navigator.vibrate stands in for the motor). */
async function phone(browser: Browser, session: LiveSession, device = PHONE, reducedMotion: "reduce" | "no-preference" = "no-preference"): Promise<Page> {
  const page = await openPhone(browser, "about:blank", { ...device, reducedMotion });
  await page.addInitScript(() => {
    const calls: unknown[] = [];
    (window as unknown as { __vibrations: unknown[] }).__vibrations = calls;
    Object.defineProperty(navigator, "vibrate", { configurable: true, value: (pattern: unknown) => (calls.push(pattern), true) });
  });
  await page.goto(session.linkPath);
  await expect(page.getByTestId("phone-status")).toHaveAttribute("data-state", "live");
  return page;
}

const vibrations = (page: Page) => page.evaluate(() => (window as unknown as { __vibrations: unknown[] }).__vibrations);
const secondsLeft = async (locator: ReturnType<Page["getByTestId"]>) => {
  const [m, s] = (await locator.innerText()).replace(/[^\d:]/g, "").split(":").map(Number);
  return m * 60 + s;
};

async function startCustom(console: Page, seconds: number) {
  const panel = console.getByTestId("silence-panel");
  await panel.getByLabel("Custom length").fill(String(seconds));
  await panel.getByRole("button", { name: "Start" }).click();
  await expect(panel.getByText("Silence running")).toBeVisible();
}

test("a held silence reaches every phone and the display, a phone asks for more time, the facilitator extends and ends it", async ({ browser }) => {
  const session = await seedLiveSession(test.info().project.use.baseURL!, "Holding silence");
  await seedPrompt(session, { kind: "text", text: "What is present for you right now?" });
  const console = await openConsole(browser, session);
  const small = await phone(browser, session, SMALL_PHONE);
  const large = await phone(browser, session, PHONE);
  // A third phone, so the console may show a count (k is 3 on the console).
  const third = await phone(browser, session, PHONE);
  const display = await openRoomDisplay(browser, session);

  const panel = console.getByTestId("silence-panel");
  await expect(panel.getByRole("heading", { name: "Hold silence" })).toBeVisible();
  await panel.screenshot({ path: `${SHOTS}/console-panel-idle-1440.png` });
  await expectAccessible(console, "the console with the silence panel");

  await startCustom(console, 30);
  for (const p of [small, large, third]) {
    await expect(p.getByTestId("silence-screen")).toBeVisible();
    await expect(p.getByRole("heading", { name: "A moment of silence" })).toBeVisible();
  }
  await expect(display.getByTestId("silence-stage")).toBeVisible();
  await expect(display.getByTestId("silence-stage-code")).toContainText(session.code);
  expect(await secondsLeft(small.getByTestId("silence-left"))).toBeGreaterThan(20);

  // The breath moves (no reduced motion asked for).
  expect(await small.locator(".silence-breath").first().evaluate((el) => el.getAnimations().length)).toBe(1);

  // "Need more time": once, then "Asked"; the console hears it with k applied.
  await large.getByRole("button", { name: "Need more time" }).click();
  await expect(large.getByTestId("silence-asked")).toHaveText(/Asked for more time/);
  await expect(large.getByRole("button", { name: "Need more time" })).toHaveCount(0);
  await expect(panel.getByTestId("silence-more-time")).toHaveText("Someone asked for more time.");

  await small.screenshot({ path: `${SHOTS}/phone-320x640.png` });
  await large.screenshot({ path: `${SHOTS}/phone-390x844.png` });
  await display.screenshot({ path: `${SHOTS}/display-1920x1080.png` });
  await panel.screenshot({ path: `${SHOTS}/console-panel-running-1440.png` });
  await console.screenshot({ path: `${SHOTS}/console-1440.png`, fullPage: true });
  await expectAccessible(small, "the phone's silence screen");
  await expectAccessible(display, "the display's silence stage");
  await expectAccessible(console, "the console during a silence");

  // Check-ins stay possible: fold the silence away, tap, come back.
  await small.getByRole("button", { name: "Check in" }).click();
  await expect(small.getByTestId("silence-bar")).toBeVisible();
  await small.locator("[data-signal]").first().click();
  await expect(small.getByTestId("tap-confirmation")).toBeVisible();
  await small.screenshot({ path: `${SHOTS}/phone-320x640-checkin.png` });
  await expectAccessible(small, "the phone checking in during a silence");
  await small.getByRole("button", { name: "Back to the silence" }).click();
  await expect(small.getByTestId("silence-screen")).toBeVisible();

  // Extend by a minute: every screen's time left grows.
  const before = await secondsLeft(panel.getByTestId("silence-console-left"));
  await panel.getByRole("button", { name: "Extend the silence by 1 min" }).click();
  await expect.poll(() => secondsLeft(panel.getByTestId("silence-console-left"))).toBeGreaterThan(before + 50);
  await expect.poll(() => secondsLeft(large.getByTestId("silence-left"))).toBeGreaterThan(before + 50);
  await expect.poll(() => secondsLeft(display.getByTestId("silence-stage-left"))).toBeGreaterThan(before + 50);

  // A phone reloaded mid-silence sees it again, with the same end.
  await third.reload();
  await expect(third.getByTestId("silence-screen")).toBeVisible();
  expect(await secondsLeft(third.getByTestId("silence-left"))).toBeGreaterThan(before + 40);

  // End now: phones go back to the prompt, the display to the stage.
  await panel.getByRole("button", { name: "End now" }).click();
  for (const p of [small, large, third]) {
    await expect(p.getByTestId("silence-screen")).toHaveCount(0);
    await expect(p.getByTestId("prompt")).toContainText("What is present for you right now?");
  }
  await expect(display.getByTestId("silence-stage")).toHaveCount(0);
  await expect(panel.getByRole("button", { name: "Hold silence for 30 s" })).toBeVisible();
  // One gentle vibration at the end (the check-in's own short tap aside).
  expect((await vibrations(small)).filter((v) => Array.isArray(v))).toEqual([[60]]);
});

test("a short silence ends on its own; the breath stands still with reduced motion; H holds a minute", async ({ browser }) => {
  const session = await seedLiveSession(test.info().project.use.baseURL!, "Short silence");
  const console = await openConsole(browser, session);
  const calm = await phone(browser, session, SMALL_PHONE, "reduce");

  await startCustom(console, 10);
  await expect(calm.getByTestId("silence-screen")).toBeVisible();
  expect(await calm.locator(".silence-breath").first().evaluate((el) => el.getAnimations().length)).toBe(0);
  await calm.screenshot({ path: `${SHOTS}/phone-320x640-reduced-motion.png` });
  // Ends on the server's clock: the phone returns on its own.
  await expect(calm.getByTestId("silence-screen")).toHaveCount(0, { timeout: 20_000 });
  await expect(calm.getByText("Your facilitator will share a prompt here.").first()).toBeVisible();
  expect(await vibrations(calm)).toEqual([[60]]);

  // H: a one-minute silence from the keyboard.
  await console.locator("body").click({ position: { x: 5, y: 400 } });
  await console.keyboard.press("h");
  await expect(calm.getByTestId("silence-screen")).toBeVisible();
  expect(await secondsLeft(calm.getByTestId("silence-left"))).toBeGreaterThan(50);
  await console.getByTestId("silence-panel").getByRole("button", { name: "End now" }).click();
  await expect(calm.getByTestId("silence-screen")).toHaveCount(0);
});

test("the display at 720p and the console at 480 px during a silence", async ({ browser }) => {
  const session = await seedLiveSession(test.info().project.use.baseURL!, "Silence on small screens");
  const narrow = await openConsole(browser, session, { width: 480, height: 900 });
  const display = await facilitatorPage(browser, session, `${session.consolePath}/display`, { width: 1280, height: 720 });
  await startCustom(narrow, 120);
  await expect(display.getByTestId("silence-stage")).toBeVisible();
  // Nothing overflows the projector's screen.
  const fits = await display.evaluate(() => document.documentElement.scrollHeight <= innerHeight && document.documentElement.scrollWidth <= innerWidth);
  expect(fits).toBe(true);
  await display.screenshot({ path: `${SHOTS}/display-1280x720.png` });
  const panel = narrow.getByTestId("silence-panel");
  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: `${SHOTS}/console-panel-running-480.png` });
  await expectAccessible(narrow, "the console at 480 px during a silence");
  await panel.getByRole("button", { name: "End now" }).click();
  await expect(display.getByTestId("silence-stage")).toHaveCount(0);
  await panel.screenshot({ path: `${SHOTS}/console-panel-idle-480.png` });
});

/**
 * The room display on a projector: it scales from 720p to 4K (the QR code and
 * the join code large enough to use from the back of a room), a 280-character
 * prompt fits without overflowing, the count of who is present follows the
 * phones, it waits calmly before the session is live and thanks the room when
 * it has ended, in the browser's language. Screenshots of each state go to
 * e2e/output/screenshots/display-{720,1080,4k}-*.png.
 *
 * Also the web app manifest and the icons it names, so a participant can add
 * Attune to the home screen.
 */
import type { Browser, Page } from "@playwright/test";
import { AUTH_COOKIE } from "../server/auth/cookie";
import { expectAccessible } from "./support/a11y";
import { closeEveryone, createSession, facilitator, openConsole, openPhone, seedLiveSession, seedPrompt, spaced, type Facilitator } from "./support/seed";
import { expect, test } from "./support/test";

const SHOTS = "e2e/output/screenshots";
const LONG_PROMPT =
  "Take a slow breath, and notice where in your body you feel this conversation right now. Is there tension, warmth, restlessness or ease? " +
  "You do not need to change anything or explain it to anyone. Just stay with it for a moment, and when you are ready, tap the word that fits best.";
const GENTLE_NUDGE = "I can see something is shifting for you. What are you experiencing right now?";

const SCREENS = [
  { name: "720", width: 1280, height: 720 },
  { name: "1080", width: 1920, height: 1080 },
  { name: "4k", width: 3840, height: 2160 },
] as const;
type Screen = { name: string; width: number; height: number };

const opened: Page[] = [];
test.afterEach(async () => {
  await Promise.all(opened.splice(0).map((page) => page.context().close()));
  await closeEveryone();
});

/** The room display of a session, signed in as its facilitator, on a screen of this size (one device pixel per CSS pixel). */
async function openDisplay(browser: Browser, owner: Facilitator, sessionId: string, screen: Screen, locale = "en-GB"): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: screen.width, height: screen.height }, deviceScaleFactor: 1, locale });
  await context.addCookies([{ name: AUTH_COOKIE, value: owner.token, url: owner.baseURL, httpOnly: true, sameSite: "Lax" }]);
  const page = await context.newPage();
  opened.push(page);
  await page.goto(`/console/s/${sessionId}/display`);
  return page;
}

const qrCode = (page: Page) => page.getByRole("img", { name: "QR code to join this session" });

async function heightOf(page: Page, selector: ReturnType<Page["getByRole"]>): Promise<number> {
  const box = await selector.boundingBox();
  expect(box, "it is laid out").not.toBeNull();
  return box!.height;
}

const fontSizeOf = (locator: ReturnType<Page["getByLabel"]>) => locator.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));

/** Nothing scrolls or is cut off: the page fits the screen, and so does the prompt in its box. */
async function expectNoOverflow(page: Page) {
  const sizes = await page.evaluate(() => {
    const root = document.documentElement;
    const box = document.querySelector<HTMLElement>("[data-testid=prompt-box]");
    const text = box?.firstElementChild?.getBoundingClientRect();
    return {
      page: { scrollHeight: root.scrollHeight, scrollWidth: root.scrollWidth, height: innerHeight, width: innerWidth },
      box: box && { scrollHeight: box.scrollHeight, clientHeight: box.clientHeight, scrollWidth: box.scrollWidth, clientWidth: box.clientWidth },
      text: text && { top: text.top, bottom: text.bottom, left: text.left, right: text.right },
    };
  });
  expect(sizes.page.scrollHeight).toBeLessThanOrEqual(sizes.page.height);
  expect(sizes.page.scrollWidth).toBeLessThanOrEqual(sizes.page.width);
  if (sizes.box) {
    expect(sizes.box.scrollHeight, "the prompt fits its box").toBeLessThanOrEqual(sizes.box.clientHeight);
    expect(sizes.box.scrollWidth).toBeLessThanOrEqual(sizes.box.clientWidth);
    expect(sizes.text!.top).toBeGreaterThanOrEqual(0);
    expect(sizes.text!.bottom).toBeLessThanOrEqual(sizes.page.height);
    expect(sizes.text!.right).toBeLessThanOrEqual(sizes.page.width);
  }
}

for (const screen of SCREENS) {
  test(`at ${screen.width}×${screen.height} the way in fills the screen, a 280-character prompt fits, and the count follows the phones`, async ({ browser, baseURL }) => {
    expect(LONG_PROMPT).toHaveLength(280);
    const session = await seedLiveSession(baseURL!);
    const display = await openDisplay(browser, session.facilitator, session.id, screen);
    const code = display.getByLabel(`Join code ${spaced(session.code)}`);

    // Before a prompt: the invitation, the QR code and the code, large.
    await expect(display.getByRole("heading", { name: session.title, level: 1 })).toBeVisible();
    await expect(display.getByRole("heading", { name: "Join on your phone" })).toBeVisible();
    await expect(display.getByText(`${new URL(baseURL!).host}/join`)).toBeVisible();
    await expect(code).toHaveText(session.code);
    await expect(display.getByText("0 people have joined")).toBeVisible();
    expect(await heightOf(display, qrCode(display))).toBeGreaterThanOrEqual(0.4 * screen.height);
    expect(await fontSizeOf(code)).toBeGreaterThanOrEqual(0.13 * screen.height);
    await expectNoOverflow(display);

    const phone = await openPhone(browser, session.linkPath);
    await expect(phone.getByRole("heading", { name: `Welcome to ${session.title}` })).toBeVisible();
    await expect(display.getByText("1 person has joined")).toBeVisible();
    await display.screenshot({ path: `${SHOTS}/display-${screen.name}-join.png` });
    await expectAccessible(display, `the room display at ${screen.name} before a prompt`);

    // A long prompt: readable, inside the screen, with the way in still beside it.
    await seedPrompt(session, { kind: "text", text: LONG_PROMPT });
    await expect(display.getByText(LONG_PROMPT)).toBeVisible();
    await expectNoOverflow(display);
    const promptSize = await fontSizeOf(display.getByText(LONG_PROMPT));
    expect(promptSize, "the prompt's type reads from the back").toBeGreaterThanOrEqual(0.045 * screen.height);
    expect(await heightOf(display, qrCode(display))).toBeGreaterThanOrEqual(0.35 * screen.height);
    expect(await fontSizeOf(code)).toBeGreaterThanOrEqual(0.07 * screen.height);
    await expect(display.getByText("1 person has joined")).toBeVisible();
    await display.screenshot({ path: `${SHOTS}/display-${screen.name}-prompt.png` });
    await display.emulateMedia({ colorScheme: "dark" });
    await display.screenshot({ path: `${SHOTS}/display-${screen.name}-prompt-dark.png` });
    await display.emulateMedia({ colorScheme: "light" });
    await expectAccessible(display, `the room display at ${screen.name} with a long prompt`);
  });
}

test("an older 4:3 projector (1024×768) shows the way in, and prompts up to the longest, without overflow", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!);
  const display = await openDisplay(browser, session.facilitator, session.id, { name: "4x3", width: 1024, height: 768 });
  await expect(display.getByLabel(`Join code ${spaced(session.code)}`)).toBeVisible();
  await expectNoOverflow(display);
  expect(await heightOf(display, qrCode(display))).toBeGreaterThanOrEqual(0.35 * 768);
  await seedPrompt(session, { kind: "text", text: LONG_PROMPT });
  await expect(display.getByText(LONG_PROMPT)).toBeVisible();
  await expectNoOverflow(display);
  await display.screenshot({ path: `${SHOTS}/display-4x3-prompt.png` });

  // The longest prompt a facilitator can push (1,000 characters) still fits.
  const longest = `${LONG_PROMPT} `.repeat(4).slice(0, 1000).trim();
  await seedPrompt(session, { kind: "text", text: longest });
  await expect(display.getByText(longest.slice(-40))).toBeVisible();
  await expectNoOverflow(display);
  await display.screenshot({ path: `${SHOTS}/display-4x3-longest.png` });
});

test("a technique shows its words, large, and not its name", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!);
  await seedPrompt(session, { kind: "technique", technique: "gentle-nudge" });
  const display = await openDisplay(browser, session.facilitator, session.id, SCREENS[1]);
  await expect(display.getByText(GENTLE_NUDGE)).toBeVisible();
  await expect(display.getByText("The Gentle Nudge", { exact: false })).toHaveCount(0);
  expect(await fontSizeOf(display.getByText(GENTLE_NUDGE))).toBeGreaterThanOrEqual(0.07 * 1080);
  await expectNoOverflow(display);
  await display.screenshot({ path: `${SHOTS}/display-1080-short-prompt.png` });
});

test("before the session is live the display waits calmly, with the title", async ({ browser, baseURL }) => {
  const owner = await facilitator(baseURL!);
  const draft = await createSession(owner, "Team retreat, day two");
  const display = await openDisplay(browser, owner, draft.id, SCREENS[1]);
  await expect(display.getByRole("heading", { name: "Team retreat, day two", level: 1 })).toBeVisible();
  await expect(display.getByText("Waiting for the facilitator to go live…")).toBeVisible();
  await expect(display.getByLabel(/^Join code /)).toHaveCount(0);
  await expect(qrCode(display)).toHaveCount(0);
  await display.screenshot({ path: `${SHOTS}/display-1080-waiting.png` });
  await expectAccessible(display, "the room display before the session is live");
});

test("when the session ends the display thanks the room, large, and the way in is gone", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!);
  await seedPrompt(session, { kind: "text", text: LONG_PROMPT });
  const display = await openDisplay(browser, session.facilitator, session.id, SCREENS[0]);
  await expect(display.getByText(LONG_PROMPT)).toBeVisible();

  const console = await openConsole(browser, session);
  await console.getByRole("button", { name: "End session" }).click();
  await console.getByRole("button", { name: "Yes, end session" }).click();

  const thanks = display.getByRole("heading", { name: "This session has ended. Thank you." });
  await expect(thanks).toBeVisible();
  expect(await fontSizeOf(thanks.getByText("Thank you."))).toBeGreaterThanOrEqual(0.15 * 720);
  await expect(display.getByRole("heading", { name: session.title, level: 1 })).toBeVisible();
  await expect(display.getByText(LONG_PROMPT)).toHaveCount(0);
  await expect(display.getByLabel(/^Join code /)).toHaveCount(0);
  await expect(qrCode(display)).toHaveCount(0);
  await expectNoOverflow(display);
  await display.screenshot({ path: `${SHOTS}/display-720-ended.png` });
  await expectAccessible(display, "the room display after the session ended");
});

test("a German browser gets the display in German", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!, "Klausur Tag zwei");
  const display = await openDisplay(browser, session.facilitator, session.id, SCREENS[1], "de-DE");
  await expect(display.locator("html")).toHaveAttribute("lang", "de");
  await expect(display.getByRole("heading", { name: "Mach mit auf deinem Handy" })).toBeVisible();
  await expect(display.getByText("und gib den Code ein")).toBeVisible();
  await expect(display.getByText("0 Personen sind dabei")).toBeVisible();
  await expect(display.getByLabel(`Teilnahmecode ${spaced(session.code)}`)).toBeVisible();
  await expect(display.getByRole("img", { name: "QR-Code, um an dieser Sitzung teilzunehmen" })).toBeVisible();
  await expect(display).toHaveTitle(/^Raumansicht/);
  await display.screenshot({ path: `${SHOTS}/display-1080-de.png` });
  await expectAccessible(display, "the room display in German");

  await seedPrompt(session, { kind: "text", text: "Was nimmst du gerade in dir wahr?" });
  await expect(display.getByText("„Was nimmst du gerade in dir wahr?“")).toBeVisible();
  await expect(display.getByText("Von deiner Moderation")).toBeVisible();
});

/** A PNG's width and height, from its IHDR chunk. */
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

test("Attune can be added to the home screen: a manifest, linked from every page, whose icons load", async ({ page, request }) => {
  const response = await request.get("/manifest.webmanifest");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/^application\/manifest\+json/);
  const manifest = (await response.json()) as {
    name: string;
    short_name: string;
    start_url: string;
    display: string;
    theme_color: string;
    background_color: string;
    icons: { src: string; sizes: string; type: string; purpose?: string }[];
  };
  expect(manifest).toMatchObject({ name: "Attune", short_name: "Attune", start_url: "/join", display: "standalone" });
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);

  const icons = manifest.icons.map((icon) => `${icon.sizes} ${icon.purpose ?? "any"}`);
  expect(icons).toEqual(expect.arrayContaining(["192x192 any", "512x512 any", "512x512 maskable"]));
  for (const icon of manifest.icons) {
    const file = await request.get(icon.src);
    expect(file.status(), icon.src).toBe(200);
    expect(file.headers()["content-type"]).toBe(icon.type);
    const [width, height] = icon.sizes.split("x").map(Number);
    expect(pngSize(await file.body()), icon.src).toEqual({ width, height });
  }

  for (const path of ["/", "/join", "/signin"]) {
    await page.goto(path);
    await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");
  }
  for (const path of ["/favicon.ico", "/apple-icon.png"]) expect((await request.get(path)).status(), path).toBe(200);
  // No service worker: a cached live page would be a stale one.
  expect(await page.evaluate(() => navigator.serviceWorker?.getRegistrations().then((r) => r.length) ?? 0)).toBe(0);
});

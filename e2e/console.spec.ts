/**
 * The facilitator's console as it is used: beside a video call at 480 px
 * (the pulse, the prompt on the phones and the next move in view together;
 * the header with the session's state and "End session" always there), on a
 * laptop in three calm columns, with the keyboard alone, announcing what was
 * pushed, and in German for a German browser.
 */
import type { Browser, Locator, Page } from "@playwright/test";
import { AUTH_COOKIE } from "../server/auth/cookie";
import { expectAccessible } from "./support/a11y";
import { closeEveryone, facilitator, LAPTOP, openConsole, openPhone, seedLiveSession, spaced, type LiveSession } from "./support/seed";
import { expect, test } from "./support/test";

const SHOTS = "e2e/output/screenshots";
/** The seed's facilitators sign up with this password (e2e/support/seed.ts). */
const SEEDED_PASSWORD = "a long enough password";
const BESIDE_A_CALL = { width: 480, height: 900 };

test.afterEach(closeEveryone);

/** A live session with two phones in it, one asking for a break and one who sees something. */
async function roomWithPulse(browser: Browser, baseURL: string) {
  const session = await seedLiveSession(baseURL, "Breakthrough practice — cohort 3");
  const phones = [await openPhone(browser, session.linkPath), await openPhone(browser, session.linkPath)];
  await phones[0]!.locator('button[data-signal="need-break"]').click();
  await phones[1]!.locator('button[data-signal="i-see"]').click();
  await phones[1]!.locator('button[data-signal="going-deeper"]').click();
  return { session, phones };
}

async function expectInViewport(page: Page, target: Locator, what: string) {
  const box = await target.boundingBox();
  const viewport = page.viewportSize()!;
  expect(box, `${what} is on the page`).not.toBeNull();
  expect(box!.y, `${what} starts inside the window`).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height, `${what} ends inside the window`).toBeLessThanOrEqual(viewport.height);
  expect(box!.x, `${what} starts inside the window`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${what} ends inside the window`).toBeLessThanOrEqual(viewport.width);
}

const noSidewaysScroll = async (page: Page) =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth), "no sideways scrolling").toBeLessThanOrEqual(page.viewportSize()!.width);

async function screenshots(page: Page, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `${SHOTS}/${name}-${scheme}.png`, animations: "disabled" });
  }
  await page.emulateMedia({ colorScheme: "light" });
}

test("beside a video call (480 px): the pulse, the prompt and the next move in view together, the header always there", async ({ browser, baseURL }) => {
  const { session } = await roomWithPulse(browser, baseURL!);
  const console = await openConsole(browser, session, BESIDE_A_CALL);
  await expect(console.getByTestId("present")).toHaveText(/^2 present/);
  await expect(console.getByTestId("checkins-all")).toHaveText("3 check-ins in all");

  await console.getByRole("button", { name: /^Push next/ }).click();
  await expect(console.getByRole("article").getByRole("heading", { name: "The Gentle Nudge" })).toBeVisible();
  // The live region says what every phone now shows.
  await expect(console.getByRole("status").filter({ hasText: "Pushed to every phone: The Gentle Nudge" })).toBeAttached();
  await expect(console.getByRole("button", { name: /^Push next/ })).toContainText("The Reflection Technique");

  // Two people are fewer than k (3): no figure that could single one out (lib/anonymity.ts).
  await expect(console.getByTestId("pulse-reading")).toHaveText(/^Fewer than 3 present: figures stay hidden/);
  await expect(console.getByTestId("weather-all-need-break")).toHaveCount(0);

  await console.evaluate(() => window.scrollTo(0, 0));
  await expectInViewport(console, console.getByRole("region", { name: "Pulse" }), "the pulse");
  await expectInViewport(console, console.getByRole("article"), "the prompt on the phones");
  await expectInViewport(console, console.getByRole("button", { name: /^Push next/ }), "Push next");
  await expectInViewport(console, console.getByRole("button", { name: "Close prompt" }), "Close prompt");
  await noSidewaysScroll(console);
  await expectAccessible(console, "the console at 480 px");
  await screenshots(console, "console-480");

  // Scrolled down to the techniques, the session's bar stays on top with its state and "End session".
  await console.getByRole("button", { name: "Push The Integration Technique" }).scrollIntoViewIfNeeded();
  await console.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  expect(await console.evaluate(() => window.scrollY), "the page did scroll").toBeGreaterThan(200);
  const bar = console.getByTestId("session-bar");
  expect((await bar.boundingBox())!.y).toBe(0);
  await expectInViewport(console, bar.getByRole("heading", { name: session.title }), "the title");
  await expectInViewport(console, bar.getByText("Live", { exact: true }), "the live status");
  await expectInViewport(console, bar.getByText("Connected"), "the connection");
  await expectInViewport(console, bar.getByRole("button", { name: "End session" }), "End session");
  await expect(bar.getByTestId("bar-code")).toHaveText(`Code ${session.code}`);
  await console.screenshot({ path: `${SHOTS}/console-480-scrolled.png`, animations: "disabled" });

  // A long prompt of the facilitator's own is cut short here, so the next move stays in view.
  await console.evaluate(() => window.scrollTo(0, 0));
  const long = "Take a slow breath and notice where in your body this lands. ".repeat(5).trim().slice(0, 280);
  await console.getByLabel("Your own words").fill(long);
  await console.getByRole("button", { name: "Push to every phone" }).click();
  await expect(console.getByTestId("announcer")).toHaveText(/^Pushed to every phone: /);
  await console.evaluate(() => window.scrollTo(0, 0));
  await expectInViewport(console, console.getByRole("article"), "a long prompt");
  await expectInViewport(console, console.getByRole("button", { name: /^Push next/ }), "Push next under a long prompt");

  // The join block folds away here, and opens on demand.
  await console.locator("summary", { hasText: "QR code and link" }).click();
  await expect(console.getByRole("img", { name: /^QR code for / })).toBeVisible();
  await noSidewaysScroll(console);
});

test("on a laptop (1440 px): join, prompt and pulse side by side", async ({ browser, baseURL }) => {
  const { session } = await roomWithPulse(browser, baseURL!);
  const console = await openConsole(browser, session, LAPTOP);
  await expect(console.getByTestId("present")).toHaveText(/^2 present/);
  await console.getByRole("button", { name: "Push The Reflection Technique" }).click();
  await expect(console.getByRole("article").getByRole("heading", { name: "The Reflection Technique" })).toBeVisible();
  await expect(console.getByTestId("checkins-all")).toHaveText("3 check-ins in all");
  await expect(console.getByRole("img", { name: /^QR code for / })).toBeVisible();

  // Pushing from the techniques below scrolled the page; the columns' tops are compared from the top.
  await console.evaluate(() => window.scrollTo(0, 0));
  const join = (await console.getByRole("region", { name: "Join" }).boundingBox())!;
  const prompt = (await console.getByRole("region", { name: "Prompt", exact: true }).boundingBox())!;
  const pulse = (await console.getByRole("region", { name: "Pulse" }).boundingBox())!;
  expect(join.x + join.width).toBeLessThanOrEqual(prompt.x);
  expect(prompt.x + prompt.width).toBeLessThanOrEqual(pulse.x);
  for (const column of [join, prompt, pulse]) expect(Math.abs(column.y - pulse.y)).toBeLessThan(2);
  await expectInViewport(console, console.getByRole("region", { name: "Pulse" }), "the pulse");
  await noSidewaysScroll(console);
  // The technique's timing is explained, not a bare CONDITIONS / DURING / AFTER.
  await expect(console.getByText(/When to use each: before a breakthrough/)).toBeVisible();
  await expectAccessible(console, "the console at 1440 px");
  await screenshots(console, "console-1440");

  // Between a laptop and a phone-sized window: the pulse beside the rest, then one column; never sideways.
  for (const width of [1100, 768, 360]) {
    await console.setViewportSize({ width, height: 900 });
    await expect(console.getByRole("region", { name: "Pulse" })).toBeVisible();
    await noSidewaysScroll(console);
  }
  await console.setViewportSize({ width: 1100, height: 900 });
  await console.screenshot({ path: `${SHOTS}/console-1100.png`, animations: "disabled" });
});

/** Presses Tab until `target` has the focus: how a keyboard user reaches it. */
async function tabTo(page: Page, target: Locator, most = 40) {
  for (let i = 0; i < most; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target).toBeFocused();
}

test("the keyboard alone: sign in, create, go live, push with N, close with C, the shortcuts with ? and Esc, end", async ({ page, baseURL }) => {
  const owner = await facilitator(baseURL!);
  await page.setViewportSize(LAPTOP);
  await page.goto("/signin");
  await tabTo(page, page.getByLabel("Email"));
  await page.keyboard.type(owner.email);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password")).toBeFocused();
  await page.keyboard.type(SEEDED_PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Your sessions" })).toBeVisible();

  await tabTo(page, page.getByLabel("Session title"));
  await page.keyboard.type("Keys only");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Keys only" })).toBeVisible();
  await expect(page.getByTestId("connection")).toHaveText("Connected");

  await page.screenshot({ path: `${SHOTS}/console-draft.png`, animations: "disabled" });
  await tabTo(page, page.getByRole("button", { name: "Go live" }));
  await page.keyboard.press("Enter");
  await expect(page.getByLabel(/^Join code /)).toBeVisible();
  // Going live hands the focus to the next move.
  await expect(page.getByRole("button", { name: /^Push next/ })).toBeFocused();

  await page.keyboard.press("n");
  await expect(page.getByRole("article").getByRole("heading", { name: "The Gentle Nudge" })).toBeVisible();
  await expect(page.getByTestId("announcer")).toHaveText("Pushed to every phone: The Gentle Nudge");
  await page.keyboard.press("n");
  await expect(page.getByRole("article").getByRole("heading", { name: "The Reflection Technique" })).toBeVisible();
  await expect(page.getByTestId("announcer")).toHaveText("Pushed to every phone: The Reflection Technique");
  await page.keyboard.press("c");
  await expect(page.getByText("No prompt is showing. Push one below.")).toBeVisible();
  await expect(page.getByTestId("announcer")).toHaveText("Prompt closed on every phone");

  // Typing in a field types; it never pushes or closes.
  await tabTo(page, page.getByLabel("Your own words"));
  await page.keyboard.type("Notice your breath");
  await expect(page.getByLabel("Your own words")).toHaveValue("Notice your breath");
  await expect(page.getByRole("article")).toHaveCount(0);
  // Nor does N with a modifier, anywhere.
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Control+n").catch(() => {});
  await expect(page.getByRole("article")).toHaveCount(0);

  // The help: a modal list, the focus kept inside, Esc closes it and gives the focus back.
  const opener = page.getByRole("button", { name: /Keyboard shortcuts/ });
  await tabTo(page, opener);
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  await expect(help.getByText("Push the next prompt in the deck (or the next technique)")).toBeVisible();
  await expect(help.getByText("Hold a one-minute silence")).toBeVisible();
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press("Tab");
    expect(await help.evaluate((d) => d.contains(document.activeElement) || document.activeElement === document.body), "focus stays in the dialog").toBe(true);
  }
  await expectAccessible(page, "the shortcuts dialog");
  await page.screenshot({ path: `${SHOTS}/console-shortcuts.png`, animations: "disabled" });
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();
  await expect(opener).toBeFocused();
  // The button opens it too, with Enter.
  await page.keyboard.press("Enter");
  await expect(help).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(opener).toBeFocused();

  await tabTo(page, page.getByRole("button", { name: "End session" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Keep going" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Yes, end session" })).toBeFocused();
  await page.keyboard.press("Enter");
  const ended = page.getByRole("heading", { name: "This session has ended" });
  await expect(ended).toBeFocused();
  await expect(page.getByTestId("ended-counts")).toContainText("Nobody joined");
  await expect(page.getByText("Prompts can be pushed once the session is live.")).toHaveCount(0);
  await tabTo(page, page.getByRole("link", { name: "Back to your sessions" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Your sessions" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Keys only/ })).toContainText("Ended");
  await expectAccessible(page, "the sessions list");
  await page.screenshot({ path: `${SHOTS}/console-sessions.png`, animations: "disabled" });
});

/** The console in a browser that asks for German first. */
async function germanConsole(browser: Browser, session: LiveSession) {
  const context = await browser.newContext({ locale: "de-DE", viewport: BESIDE_A_CALL });
  await context.addCookies([{ name: AUTH_COOKIE, value: session.facilitator.token, url: session.facilitator.baseURL, httpOnly: true, sameSite: "Lax" }]);
  const page = await context.newPage();
  await page.goto(session.consolePath);
  await expect(page.getByLabel(`Beitrittscode ${spaced(session.code)}`)).toBeVisible();
  return page;
}

test("in German on a German browser", async ({ browser, baseURL }) => {
  const { session } = await roomWithPulse(browser, baseURL!);
  const console = await germanConsole(browser, session);
  await expect(console.locator("html")).toHaveAttribute("lang", "de");
  await expect(console.getByTestId("present")).toHaveText(/^2 anwesend/);
  await expect(console.getByRole("heading", { name: "Puls", exact: true })).toBeVisible();
  await expect(console.getByTestId("pulse-reading")).toHaveText(/^Weniger als 3 anwesend: Zahlen bleiben verborgen/);
  await console.getByRole("button", { name: /^Nächsten senden/ }).click();
  await expect(console.getByTestId("announcer")).toHaveText("An jedes Handy gesendet: The Gentle Nudge");
  await expect(console.getByRole("button", { name: "Sitzung beenden" })).toBeVisible();
  await expect(console.getByRole("button", { name: "Impuls schließen" })).toBeVisible();
  await expect(console.getByText("Wann du sie nutzt:", { exact: false })).toBeVisible();
  await expect(console.getByRole("button", { name: "Abmelden" })).toBeVisible();
  await console.keyboard.press("?");
  await expect(console.getByRole("dialog", { name: "Tastenkürzel" })).toBeVisible();
  await console.keyboard.press("Escape");
  await expectAccessible(console, "the German console");
  await console.screenshot({ path: `${SHOTS}/console-480-de.png`, animations: "disabled" });
});

/**
 * The phone, as a participant lives it: the first screen from the server, the
 * welcome that folds away, prompts (only their words), a confirmation where
 * the eye is on every tap, the meanings a tap away, honest connection states,
 * German on a German phone, and the end. At 320×640 and 390×844, in light and
 * dark, with screenshots in e2e/output/screenshots/phone-*.png.
 */
import type { BrowserContextOptions, Locator, Page } from "@playwright/test";
import { DEFAULT_PALETTE } from "../lib/content";
import { expectAccessible } from "./support/a11y";
import { flakyNetwork, type FlakyNetwork } from "./support/flaky-network";
import { closeEveryone, openConsole, openPhone, PHONE, seedLiveSession, seedPrompt, SMALL_PHONE, type LiveSession } from "./support/seed";
import { expect, test } from "./support/test";

const SHOTS = "e2e/output/screenshots";
const GENTLE_NUDGE = "I can see something is shifting for you. What are you experiencing right now?";
/** 280+ characters, as a facilitator might type on the spot. */
const LONG_PROMPT =
  "Take a slow breath and notice where this conversation lands in your body right now. Is there tightness, warmth, " +
  "restlessness or ease? Without judging it, name one sensation to yourself, then ask what it might need from you " +
  "in the next ten minutes of this session, and let that answer guide how you listen.";

const SIZES: { name: string; device: BrowserContextOptions }[] = [
  { name: "320", device: SMALL_PHONE },
  { name: "390", device: PHONE },
];

const status = (phone: Page) => phone.getByTestId("phone-status");
const confirmation = (phone: Page) => phone.getByTestId("tap-confirmation");
const checkIn = (phone: Page, key: string) => phone.locator(`button[data-signal="${key}"]`);

/** Fails unless the element is wholly inside the page's viewport, as it stands (no scrolling). */
async function expectInViewport(phone: Page, target: Locator, what: string) {
  const box = await target.boundingBox();
  const viewport = phone.viewportSize()!;
  expect(box, `${what} is laid out`).not.toBeNull();
  const inside = box!.x >= 0 && box!.y >= 0 && box!.x + box!.width <= viewport.width + 0.5 && box!.y + box!.height <= viewport.height + 0.5;
  expect(inside, `${what} at ${JSON.stringify(box)} is inside ${viewport.width}×${viewport.height}`).toBe(true);
}

async function expectEveryCheckInInView(phone: Page, label: string) {
  await expect(phone.locator("button[data-signal]")).toHaveCount(DEFAULT_PALETTE.length);
  for (const signal of DEFAULT_PALETTE) await expectInViewport(phone, checkIn(phone, signal.key), `${signal.label} (${label})`);
}

async function shoot(phone: Page, name: string) {
  // No colour transition caught halfway (axe has just switched the theme back and forth).
  await phone.emulateMedia({ reducedMotion: "reduce" });
  await phone.screenshot({ path: `${SHOTS}/${name}.png` });
}

/** Light then dark, for the screenshots to judge; leaves the page light. */
async function shootBoth(phone: Page, name: string) {
  await phone.emulateMedia({ colorScheme: "light" });
  await shoot(phone, name);
  await phone.emulateMedia({ colorScheme: "dark" });
  await shoot(phone, `${name}-dark`);
  await phone.emulateMedia({ colorScheme: "light" });
}

async function endSession(session: LiveSession, console: Page) {
  await console.getByRole("button", { name: "End session" }).click();
  await console.getByRole("button", { name: "Yes, end session" }).click();
}

test.afterEach(closeEveryone);

for (const { name, device } of SIZES) {
  test(`the live journey at ${name} px: welcome, prompt, a tap confirmed in view, the end`, async ({ browser, baseURL }) => {
    const session = await seedLiveSession(baseURL!);
    const console = await openConsole(browser, session);
    const phone = await openPhone(browser, session.linkPath, device);

    await expect(status(phone)).toHaveAttribute("data-state", "live");
    await expect(phone.getByRole("heading", { name: `Welcome to ${session.title}` })).toBeVisible();
    await expect(phone.getByText(/confidential space/)).toBeVisible();
    await expectEveryCheckInInView(phone, "with the welcome open");
    await expectAccessible(phone, `the phone's welcome at ${name}`);
    await shootBoth(phone, `phone-${name}-welcome`);

    // Read: the welcome folds to one line, and stays folded after a reload.
    await phone.getByRole("button", { name: "Got it" }).click();
    await expect(phone.getByText(/confidential space/)).toHaveCount(0);
    await expect(phone.getByText("Anonymous: only counts reach your facilitator.")).toBeVisible();
    await expect(phone.getByText("Your facilitator will share a prompt here.")).toBeVisible();
    const gridBefore = await checkIn(phone, "energy-shift").boundingBox();

    // A technique arrives: its words, never its name; nothing below it moves.
    await seedPrompt(session, { kind: "technique", technique: "gentle-nudge" });
    await expect(phone.getByTestId("prompt")).toContainText(GENTLE_NUDGE);
    await expect(phone.getByText("The Gentle Nudge")).toHaveCount(0);
    expect(await checkIn(phone, "energy-shift").boundingBox(), "no layout shift when a prompt arrives").toEqual(gridBefore);
    await expectEveryCheckInInView(phone, "with a prompt");
    await expectAccessible(phone, `the phone with a prompt at ${name}`);
    await shootBoth(phone, `phone-${name}-prompt`);

    // A tap: pressed, confirmed right above the grid, and the confirmation clears itself.
    await checkIn(phone, "i-see").click();
    await expect(confirmation(phone)).toHaveText("✓ Received: I see!");
    await expect(checkIn(phone, "i-see")).toHaveAttribute("data-tapped", "true");
    await expectInViewport(phone, confirmation(phone), "the tap's confirmation");
    await expect(console.getByTestId("checkins-all")).toHaveText("1 check-in in all");
    await shootBoth(phone, `phone-${name}-tapped`);
    await expect(confirmation(phone)).toHaveCount(0);
    await expect(checkIn(phone, "i-see")).not.toHaveAttribute("data-tapped");

    // A stale "Received" never outlives its prompt.
    await checkIn(phone, "moved").click();
    await expect(confirmation(phone)).toHaveText("✓ Received: Moved");
    await seedPrompt(session, { kind: "text", text: "What did you notice just now?" });
    await expect(phone.getByTestId("prompt")).toContainText("What did you notice just now?");
    await expect(confirmation(phone)).toHaveCount(0);

    await endSession(session, console);
    await expect(phone.getByTestId("phone-ended")).toBeVisible();
    await expect(phone.getByRole("heading", { name: "This session has ended" })).toBeVisible();
    await expectAccessible(phone, `the ended phone at ${name}`);
    await shootBoth(phone, `phone-${name}-ended`);
  });
}

test("at 320×640 with a 280-character prompt every check-in and the confirmation stay in view", async ({ browser, baseURL }) => {
  expect(LONG_PROMPT.length).toBeGreaterThanOrEqual(280);
  const session = await seedLiveSession(baseURL!);
  await seedPrompt(session, { kind: "text", text: LONG_PROMPT });
  const phone = await openPhone(browser, session.linkPath, SMALL_PHONE);
  await expect(phone.getByTestId("prompt")).toContainText("Take a slow breath");
  await expect(phone.getByText("A prompt from your facilitator")).toHaveCount(0);

  await expectEveryCheckInInView(phone, "under a long prompt");
  await expectInViewport(phone, phone.getByTestId("prompt"), "the prompt card");
  await shootBoth(phone, "phone-320-long-prompt");

  // The last check-in, lowest on the screen: its confirmation shows where the eye is.
  await checkIn(phone, "ready-to-act").click();
  await expect(confirmation(phone)).toHaveText("✓ Received: Ready to act");
  await expectInViewport(phone, confirmation(phone), "the confirmation");
  await expectInViewport(phone, checkIn(phone, "ready-to-act"), "the tapped check-in");

  // The rest of the prompt is a tap away.
  await phone.getByRole("button", { name: "Read more" }).click();
  await expect(phone.getByRole("button", { name: "Show less" })).toHaveAttribute("aria-expanded", "true");
  await shoot(phone, "phone-320-long-prompt-expanded");
  await expectAccessible(phone, "the long prompt read in full");
  await phone.getByRole("button", { name: "Show less" }).click();
  await expectEveryCheckInInView(phone, "after reading the prompt in full");
});

test("other screens: landscape, a tablet, a narrow tab beside a video call", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!);
  await seedPrompt(session, { kind: "text", text: LONG_PROMPT });
  for (const [name, viewport] of [
    ["landscape", { width: 640, height: 320 }],
    ["tablet", { width: 768, height: 1024 }],
    ["narrow-tab", { width: 360, height: 720 }],
  ] as const) {
    const phone = await openPhone(browser, session.linkPath, { ...PHONE, viewport, screen: viewport });
    await expect(phone.getByTestId("prompt")).toContainText("Take a slow breath");
    await expectEveryCheckInInView(phone, name);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth), `${name}: no sideways scrolling`).toBeLessThanOrEqual(viewport.width);
    await shootBoth(phone, `phone-${name}`);
    await phone.context().close();
  }
});

test("a keyboard alone joins by code, checks in and opens the meanings", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!);
  const phone = await openPhone(browser, "/join", PHONE);

  /** Presses Tab until `target` has the focus (at most `limit` times). */
  const tabTo = async (target: Locator, limit = 30) => {
    for (let i = 0; i < limit; i++) {
      if (await target.evaluate((el) => el === document.activeElement)) return;
      await phone.keyboard.press("Tab");
    }
    throw new Error(`Tab never reached ${target}`);
  };

  await tabTo(phone.getByLabel("Join code"));
  await phone.keyboard.type(session.code.toLowerCase());
  await phone.keyboard.press("Enter");
  await expect(phone).toHaveURL(new RegExp(`/j/${session.code}$`));
  await expect(status(phone)).toHaveAttribute("data-state", "live");

  await tabTo(phone.getByRole("button", { name: "Got it" }));
  await phone.keyboard.press("Enter");
  await expect(phone.getByText("Your facilitator will share a prompt here.")).toBeVisible();

  await tabTo(checkIn(phone, "going-deeper"));
  await phone.keyboard.press("Space");
  await expect(confirmation(phone)).toHaveText("✓ Received: Going deeper");

  await tabTo(phone.getByRole("button", { name: "Meanings" }));
  await phone.keyboard.press("Enter");
  const meanings = phone.getByRole("dialog", { name: "What each check-in means" });
  await expect(meanings).toBeVisible();
  await expect(meanings.getByText("I'm exploring something and want to stay with it.")).toBeVisible();
  await expectAccessible(phone, "the meanings of the check-ins");
  await shoot(phone, "phone-390-meanings");
  await tabTo(meanings.getByRole("button", { name: "Close" }));
  await phone.keyboard.press("Enter");
  await expect(meanings).toBeHidden();
  // Back where the reader was.
  await expect(phone.getByRole("button", { name: "Meanings" })).toBeFocused();
});

test("a new prompt is announced in a live region", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!);
  const phone = await openPhone(browser, session.linkPath, SMALL_PHONE);
  await expect(status(phone)).toHaveAttribute("data-state", "live");
  const stage = phone.getByRole("region", { name: "Current prompt" });
  await expect(stage).toHaveAttribute("aria-live", "polite");
  await expect(stage).not.toContainText("What would help you right now?");

  await seedPrompt(session, { kind: "text", text: "What would help you right now?" });
  await expect(stage).toContainText("What would help you right now?");
  await seedPrompt(session, { kind: "technique", technique: "gentle-nudge" });
  await expect(stage).toContainText(GENTLE_NUDGE);
  await expect(stage).not.toContainText("What would help you right now?");
});

test("a German phone gets German words, and can switch to English", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!);
  await seedPrompt(session, { kind: "technique", technique: "gentle-nudge" });
  const phone = await openPhone(browser, session.linkPath, { ...PHONE, locale: "de-DE" });
  await expect(phone.locator("html")).toHaveAttribute("lang", "de");
  await expect(status(phone)).toHaveText("Verbunden");
  await expect(phone.getByRole("heading", { name: "Wie geht es dir gerade?" })).toBeVisible();
  await expect(phone.getByRole("button", { name: "Energiewechsel" })).toBeVisible();
  await expect(phone.getByText("Von deiner Moderation")).toBeVisible();
  // The facilitator's words stay as written.
  await expect(phone.getByTestId("prompt")).toContainText(GENTLE_NUDGE);
  await checkIn(phone, "need-break").click();
  await expect(confirmation(phone)).toHaveText("✓ Angekommen: Brauche Pause");
  await expectAccessible(phone, "the phone in German");
  await shootBoth(phone, "phone-390-de");

  await phone.getByLabel("Sprache").selectOption("en");
  await expect(phone.locator("html")).toHaveAttribute("lang", "en");
  await expect(phone.getByRole("heading", { name: "How are you right now?" })).toBeVisible();
  // Still in the session: the switch reloads words, not the connection.
  await expect(status(phone)).toHaveAttribute("data-state", "live");
});

test.describe("connection states", () => {
  let network: FlakyNetwork;
  test.beforeAll(async () => {
    network = await flakyNetwork(Number(process.env.E2E_PORT ?? 3210));
  });
  test.afterEach(() => network.set("online"));
  test.afterAll(() => network.close());

  test("offline says how many taps wait, and back says they were sent", async ({ browser, baseURL }) => {
    const session = await seedLiveSession(baseURL!);
    await seedPrompt(session, { kind: "technique", technique: "gentle-nudge" });
    const console = await openConsole(browser, session);
    const phone = await openPhone(browser, `${network.origin}${session.linkPath}`, SMALL_PHONE);
    await expect(status(phone)).toHaveAttribute("data-state", "live");
    await expect(status(phone)).toHaveText("Connected");

    network.set("offline");
    await expect(status(phone)).toHaveAttribute("data-state", "offline");
    await expect(status(phone)).toHaveText("Offline — reconnecting…");
    await checkIn(phone, "moved").click();
    await expect(confirmation(phone)).toHaveText("Saved on this phone: Moved");
    await expectInViewport(phone, confirmation(phone), "the confirmation offline");
    await expect(status(phone)).toHaveText("Offline · 1 tap waiting");
    await checkIn(phone, "i-see").click();
    await expect(status(phone)).toHaveText("Offline · 2 taps waiting");
    // Read in full at 320 px, not cut off with an ellipsis.
    expect(await status(phone).locator("span.truncate").evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await expectAccessible(phone, "the offline phone");
    await shootBoth(phone, "phone-320-offline");

    network.set("online");
    await expect(status(phone)).toHaveAttribute("data-state", "back", { timeout: 20_000 });
    await expect(status(phone)).toHaveText("Back — 2 taps sent");
    await expect(console.getByTestId("checkins-all")).toHaveText("2 check-ins in all");
    await shoot(phone, "phone-320-back");
    await expect(status(phone)).toHaveAttribute("data-state", "live");
    await expect(status(phone)).toHaveText("Connected");
  });
});

test("the server's HTML has the welcome and the check-ins, and says JavaScript is needed", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!);
  const context = await browser.newContext({ ...SMALL_PHONE, javaScriptEnabled: false });
  try {
    const phone = await context.newPage();
    await phone.goto(session.linkPath);
    await expect(phone.getByRole("heading", { name: "Welcome" })).toBeVisible();
    await expect(phone.getByText(/confidential space/)).toBeVisible();
    await expect(phone.locator("button[data-signal]")).toHaveCount(DEFAULT_PALETTE.length);
    await expect(phone.getByRole("button", { name: "Energy shift" })).toBeVisible();
    await expect(phone.getByText(/Attune needs JavaScript/)).toBeVisible();
    await shoot(phone, "phone-320-no-javascript");
  } finally {
    await context.close();
  }
});

test("a code with a stray character says which, and the complaint goes while a right code is typed", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!);
  const phone = await openPhone(browser, "/j/K7M3Q0", SMALL_PHONE);
  await expect(phone.getByRole("heading", { name: "We could not join that session" })).toBeVisible();
  const complaint = phone.getByRole("alert").filter({ hasText: /join code/ });
  await expect(complaint).toContainText("“0” is never part of a join code");
  await expectAccessible(phone, "a code with a stray character");

  const field = phone.getByLabel("Join code");
  await field.fill("");
  await expect(complaint).toHaveCount(0);
  await field.pressSequentially(session.code.slice(0, 3));
  await expect(complaint).toHaveCount(0);
  await field.pressSequentially("1");
  await expect(complaint).toContainText("“1” is never part of a join code");
  await field.fill(session.code);
  await expect(complaint).toHaveCount(0);
  await phone.getByRole("button", { name: "Join" }).click();
  await expect(status(phone)).toHaveAttribute("data-state", "live");

  // Too short: the length is what is wrong.
  await phone.goto("/join");
  await phone.getByLabel("Join code").fill("K7M");
  await phone.getByRole("button", { name: "Join" }).click();
  await expect(complaint).toHaveText("A join code has 6 letters and numbers, like K7M3QX. Check it with your facilitator.");
});

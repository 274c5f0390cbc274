/**
 * Before going live and the check-in palette: a facilitator ticks the
 * checklist (a second console sees the ticks), writes the phones' welcome
 * note, edits the palette (add, rename, reorder from the keyboard, remove
 * after a confirmation) and goes live; a phone that joins shows the note and
 * the new check-ins, and a change saved while live reaches it without a reload.
 */
import { mkdirSync } from "node:fs";
import type { Page } from "@playwright/test";
import { AUTH_COOKIE } from "../server/auth/cookie";
import { expectAccessible } from "./support/a11y";
import {
  asConsole,
  closeEveryone,
  createSession,
  facilitator,
  facilitatorPage,
  LAPTOP,
  openPhone,
  PHONE,
  SMALL_PHONE,
  type LiveSession,
} from "./support/seed";
import { expect, test } from "./support/test";

const SHOTS = "/tmp/shots/palette";
const NOTE = "What is said in this circle stays in this circle.\nYou can pass on anything, at any time.";

test.afterEach(closeEveryone);

async function shot(page: Page, name: string, fullPage = false) {
  mkdirSync(SHOTS, { recursive: true });
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `${SHOTS}/${name}-${scheme}.png`, animations: "disabled", fullPage });
  }
  await page.emulateMedia({ colorScheme: "light" });
}

const rowOf = (page: Page, key: string) => page.getByTestId("palette-rows").locator(`li[data-key="${key}"]`);
const labels = (page: Page) => page.getByTestId("palette-rows").locator('input[data-field="label"]');

test("prepare a draft, edit its palette, go live: a joining phone shows the note and the new check-ins, and a live change reaches it", async ({
  browser,
  baseURL,
}) => {
  const owner = await facilitator(baseURL!);
  const draft = await createSession(owner, "Palette practice");
  const as = { facilitator: owner } as LiveSession;
  const console = await facilitatorPage(browser, as, `/console/s/${draft.id}`, LAPTOP);
  const prelive = console.getByTestId("prelive-panel");
  const palettePanel = console.getByTestId("palette-panel");
  await expect(prelive.getByRole("heading", { name: "Before going live" })).toBeVisible();
  await expect(palettePanel.getByRole("heading", { name: "Check-ins on the phones" })).toBeVisible();
  await expect(labels(console)).toHaveCount(8);

  // The checklist: ticks are stored, and a second console of the session sees them.
  await prelive.getByLabel(/^Privacy:/).check();
  await prelive.getByLabel(/^Safety:/).check();
  await expect(prelive.getByTestId("checklist-progress")).toHaveText("2 of 14 checked");
  const second = await facilitatorPage(browser, as, `/console/s/${draft.id}`, LAPTOP);
  await expect(second.getByTestId("checklist-progress")).toHaveText("2 of 14 checked");
  await expect(second.getByTestId("prelive-panel").getByLabel(/^Privacy:/)).toBeChecked();
  await second.getByTestId("prelive-panel").getByLabel(/^Patience:/).check();
  await expect(prelive.getByTestId("checklist-progress")).toHaveText("3 of 14 checked");
  await expect(prelive.getByLabel(/^Patience:/)).toBeChecked();

  // The note, with a preview of the phone's welcome.
  await prelive.getByLabel("Note on the welcome screen").fill(NOTE);
  await expect(prelive.getByTestId("welcome-preview")).toContainText("What is said in this circle stays in this circle.");
  await prelive.getByRole("button", { name: "Save note" }).click();
  await expect(prelive.getByTestId("note-status")).toHaveText("Saved. Phones that join from now on see it.");

  // The palette: add, rename, reorder with the keyboard, remove after a question.
  await palettePanel.getByRole("button", { name: "Add a signal" }).click();
  const added = palettePanel.getByTestId("palette-rows").locator("li").last();
  await expect(added.locator('input[data-field="label"]')).toBeFocused();
  await console.keyboard.type("Need air");
  await added.locator('input[data-field="emoji"]').fill("🌬️");
  await added.locator('input[data-field="meaning"]').fill("I'd like a window open.");
  await expect(palettePanel.getByTestId("palette-count")).toHaveText("9 of 12");
  await rowOf(console, "moved").locator('input[data-field="label"]').fill("Touched");
  await rowOf(console, "moved").locator('input[data-field="meaning"]').fill("Something reached me.");
  // Alt+↑ twice from the new signal's label: it moves up two places and keeps the focus.
  await added.locator('input[data-field="label"]').focus();
  await console.keyboard.press("Alt+ArrowUp");
  await console.keyboard.press("Alt+ArrowUp");
  await expect(labels(console).nth(6)).toHaveValue("Need air");
  await expect(labels(console).nth(6)).toBeFocused();
  await expect(palettePanel.getByRole("status").filter({ hasText: "is now number" })).toHaveText("“Need air” is now number 7.");
  await rowOf(console, "overwhelmed").getByRole("button", { name: "Remove “Overwhelmed”" }).click();
  const question = rowOf(console, "overwhelmed").getByRole("group");
  await expect(question).toContainText("Check-ins already given stay in the totals");
  await expect(question.getByRole("button", { name: "Keep" })).toBeFocused();
  await question.getByRole("button", { name: "Remove" }).click();
  await expect(rowOf(console, "overwhelmed")).toHaveCount(0);
  await expect(palettePanel.getByTestId("palette-preview")).toContainText("Need air");
  await expect(palettePanel.getByTestId("palette-preview")).toContainText("Touched");
  await palettePanel.getByRole("button", { name: "Save palette" }).click();
  await expect(palettePanel.getByTestId("palette-status")).toHaveText("Saved. Phones will show these check-ins.");
  await expect(rowOf(console, "need-air")).toHaveCount(1);
  await expect(second.getByTestId("palette-rows").locator('li[data-key="need-air"]')).toHaveCount(1);

  await expectAccessible(console, "the console's draft with the pre-live and palette panels");
  await shot(console, "console-1440-draft", true);
  await console.setViewportSize({ width: 480, height: 900 });
  await expect(palettePanel).toBeVisible();
  expect(await console.evaluate(() => document.documentElement.scrollWidth), "no sideways scrolling at 480 px").toBeLessThanOrEqual(480);
  await shot(console, "console-480-draft", true);
  await console.setViewportSize(LAPTOP);

  // Live: the panels fold away below the room's work; a phone joining sees the note and the palette.
  await console.getByRole("button", { name: "Go live" }).click();
  await expect(console.getByRole("button", { name: "End session" })).toBeVisible();
  const watched = await asConsole(owner, "session:watch", { sessionId: draft.id });
  const link = `/j/${watched.session.joinCode}?k=${watched.session.joinKey}`;

  const phone = await openPhone(browser, link, PHONE);
  await expect(phone.getByTestId("phone-status")).toHaveAttribute("data-state", "live");
  await expect(phone.getByTestId("welcome-note")).toHaveText(NOTE);
  const grid = phone.locator("button[data-signal]");
  await expect(grid).toHaveCount(8);
  await expect(grid.nth(5)).toHaveAttribute("data-signal", "need-air");
  await expect(phone.locator('button[data-signal="moved"]')).toContainText("Touched");
  await expect(phone.locator('button[data-signal="overwhelmed"]')).toHaveCount(0);
  await phone.getByRole("button", { name: "Meanings" }).click();
  const meanings = phone.getByRole("dialog");
  await expect(meanings).toContainText("I'd like a window open.");
  await expect(meanings).toContainText("Something reached me.");
  await meanings.getByRole("button", { name: "Close" }).click();
  await expectAccessible(phone, "the phone's welcome with the session's note and palette");
  await shot(phone, "phone-390-welcome");
  const small = await openPhone(browser, link, SMALL_PHONE);
  await expect(small.getByTestId("welcome-note")).toHaveText(NOTE);
  await expect(small.locator('button[data-signal="need-air"]')).toBeInViewport();
  await shot(small, "phone-320-welcome");

  // A note of the longest kind scrolls inside the welcome card: the check-ins sit where they do under a short one.
  const shortNoteAt = (await small.locator("button[data-signal]").first().boundingBox())!.y;
  await asConsole(owner, "session:prepare", { sessionId: draft.id, confidentialityNote: "Everything said here stays here. ".repeat(15).slice(0, 500) });
  const longer = await openPhone(browser, link, SMALL_PHONE);
  await expect(longer.getByTestId("welcome-note")).toContainText("Everything said here stays here.");
  expect((await longer.locator("button[data-signal]").first().boundingBox())!.y).toBe(shortNoteAt);
  await expect(longer.getByTestId("welcome-note")).toHaveAttribute("tabindex", "0");
  await expectAccessible(longer, "the phone's welcome with a long note");

  // While live: the palette is folded; opened, a change goes to the phone at once.
  await phone.locator('button[data-signal="need-break"]').click();
  await expect(phone.getByTestId("tap-confirmation")).toHaveText(/Received: Need a break/);
  const folded = console.getByTestId("palette-panel");
  await folded.locator("summary").click();
  await rowOf(console, "need-break").getByRole("button", { name: "Remove “Need a break”" }).click();
  await rowOf(console, "need-break").getByRole("group").getByRole("button", { name: "Remove" }).click();
  await folded.getByRole("button", { name: "Add a signal" }).click();
  await console.keyboard.type("Calm");
  await folded.getByRole("button", { name: "Save and send to phones" }).click();
  await expect(folded.getByTestId("palette-status")).toHaveText("Saved. Phones show the new check-ins now.");
  await expect(phone.locator('button[data-signal="calm"]')).toBeVisible();
  await expect(phone.locator('button[data-signal="need-break"]')).toHaveCount(0);
  await expect(phone.getByTestId("welcome-note")).toHaveText(NOTE);
  await phone.locator('button[data-signal="calm"]').click();
  await expect(phone.getByTestId("tap-confirmation")).toHaveText(/Received: Calm/);

  await expectAccessible(console, "the live console with the palette open");
  await console.setViewportSize({ width: 480, height: 900 });
  // Beside a call, the room's work stays first: the pulse and "Push next" above the folded panels.
  await console.evaluate(() => window.scrollTo(0, 0));
  await expect(console.getByTestId("present")).toBeInViewport();
  await expect(console.getByRole("button", { name: /^Push next/ })).toBeInViewport();
  await shot(console, "console-480-live", true);

  // Ended: what the room said still counts the check-in given under a signal removed since.
  await console.getByRole("button", { name: "End session" }).click();
  await console.getByRole("button", { name: "Yes, end session" }).click();
  const summary = console.getByTestId("ended-counts");
  // Two check-ins are fewer than the console's k (3): no count of them, but the removed signal is still listed.
  await expect(summary).toContainText("fewer than 3 check-ins");
  await expect(console.getByRole("listitem").filter({ hasText: "Need a break" })).toContainText("not shown");
});

test("in German: the checklist and the palette editor in the reader's language, a renamed signal as written", async ({ browser, baseURL }) => {
  const owner = await facilitator(baseURL!);
  const draft = await createSession(owner, "Palette auf Deutsch");
  await asConsole(owner, "palette:set", {
    sessionId: draft.id,
    palette: [{ key: "moved", emoji: "💗", label: "Touched" }, { key: "i-see", emoji: "💡", label: "I see!" }, { emoji: "🌬️", label: "Need air" }],
  });
  const context = await browser.newContext({ locale: "de-DE", viewport: { width: 480, height: 900 } });
  await context.addCookies([{ name: AUTH_COOKIE, value: owner.token, url: owner.baseURL, httpOnly: true, sameSite: "Lax" }]);
  const console = await context.newPage();
  try {
    await console.goto(`/console/s/${draft.id}`);
    await expect(console.getByRole("heading", { name: "Bevor du live gehst" })).toBeVisible();
    await expect(console.getByRole("group", { name: "Äußere Umgebung" })).toBeVisible();
    await expect(console.getByLabel(/^Privatsphäre:/)).toBeVisible();
    await expect(console.getByRole("heading", { name: "Check-ins auf den Handys" })).toBeVisible();
    // A default signal under its default label in German; a renamed one and the facilitator's own as written.
    for (const [i, label] of ["Touched", "Aha!", "Need air"].entries()) await expect(labels(console).nth(i)).toHaveValue(label);
    await expect(console.getByTestId("welcome-preview")).toContainText("Dies ist ein vertraulicher Raum.");
    await expectAccessible(console, "the German console's draft panels");
    mkdirSync(SHOTS, { recursive: true });
    await console.screenshot({ path: `${SHOTS}/console-480-de.png`, animations: "disabled", fullPage: true });
  } finally {
    await context.close();
  }
});

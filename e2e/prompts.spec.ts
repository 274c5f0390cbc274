/**
 * Prompts: a technique or the facilitator's own words pushed from the console
 * reach every phone and the room display; typed markup arrives as text;
 * closing the prompt clears every phone; a phone that joins late is shown
 * what is up now.
 */
import { expectAccessible } from "./support/a11y";
import { closeEveryone, openConsole, openPhone, openRoomDisplay, seedLiveSession, seedPrompt } from "./support/seed";
import { expect, test } from "./support/test";

const SHOTS = "e2e/output/screenshots";
const GENTLE_NUDGE = "I can see something is shifting for you. What are you experiencing right now?";
const WAITING = "Your facilitator will share a prompt here.";

test.afterEach(closeEveryone);

test("a pushed technique appears on every phone and on the room display", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!);
  const console = await openConsole(browser, session);
  const display = await openRoomDisplay(browser, session);
  const phones = [await openPhone(browser, session.linkPath), await openPhone(browser, session.linkPath)];
  for (const phone of phones) await expect(phone.getByText(WAITING)).toBeVisible();
  await expect(console.getByTestId("present")).toHaveText(/^2 present/);

  await console.getByRole("button", { name: "Push The Gentle Nudge" }).click();
  await expect(console.getByText("On every phone now:")).toBeVisible();
  await expect(console.getByRole("article").getByRole("heading", { name: "The Gentle Nudge" })).toBeVisible();
  await expect(console.getByTestId("announcer")).toHaveText("Pushed to every phone: The Gentle Nudge");
  for (const phone of phones) {
    await expect(phone.getByTestId("prompt")).toContainText(GENTLE_NUDGE);
    // The technique is the facilitator's method, not the participant's business.
    await expect(phone.getByText("The Gentle Nudge")).toHaveCount(0);
  }
  await expect(display.getByText(GENTLE_NUDGE)).toBeVisible();
  await expect(display.getByText("2 people have joined")).toBeVisible();

  await expectAccessible(console, "the console with a prompt");
  await expectAccessible(phones[0]!, "the phone with a prompt");
  await expectAccessible(display, "the room display with a prompt");
  await phones[0]!.screenshot({ path: `${SHOTS}/phone.png`, fullPage: true });
  await display.screenshot({ path: `${SHOTS}/room-display.png` });
});

test("words typed on the spot arrive as text, and closing the prompt clears every phone", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!);
  const console = await openConsole(browser, session);
  const phones = [await openPhone(browser, session.linkPath), await openPhone(browser, session.linkPath)];
  await expect(console.getByTestId("present")).toHaveText(/^2 present/);

  const typed = "<img src=x onerror=alert(1)> What did you notice just now?";
  await console.getByLabel("Your own words").fill(typed);
  await console.getByRole("button", { name: "Push to every phone" }).click();
  await expect(console.getByLabel("Your own words")).toHaveValue("");
  for (const phone of phones) {
    await expect(phone.getByTestId("prompt")).toContainText(typed);
    await expect(phone.getByTestId("prompt").locator("img")).toHaveCount(0);
  }

  await console.getByRole("button", { name: "Close prompt" }).click();
  await expect(console.getByText("No prompt is showing. Push one below.")).toBeVisible();
  for (const phone of phones) {
    await expect(phone.getByText(WAITING)).toBeVisible();
    await expect(phone.getByTestId("prompt").filter({ hasText: typed })).toHaveCount(0);
  }
});

test("a phone that joins later is shown the prompt that is up now", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!);
  await seedPrompt(session, { kind: "technique", technique: "gentle-nudge" });

  const late = await openPhone(browser, session.linkPath);
  await expect(late.getByTestId("prompt")).toContainText(GENTLE_NUDGE);
  const console = await openConsole(browser, session);
  await expect(console.getByText("On every phone now:")).toBeVisible();
  await expect(console.getByTestId("present")).toHaveText(/^1 present/);
});

/**
 * Ending a session: the facilitator confirms, every phone says goodbye, the
 * console sums it up (who joined, how many check-ins, the way back) and the
 * room display says it has ended, and the code (typed or in the link) no
 * longer lets anyone in.
 */
import { expectAccessible } from "./support/a11y";
import { closeEveryone, openConsole, openPhone, openRoomDisplay, seedLiveSession, seedPrompt } from "./support/seed";
import { expect, test } from "./support/test";

const ENDED = "This session has ended";

test.afterEach(closeEveryone);

test("ending the session says goodbye on every phone and retires its code", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!);
  await seedPrompt(session, { kind: "technique", technique: "integration" });
  const console = await openConsole(browser, session);
  const display = await openRoomDisplay(browser, session);
  // Three people: the summary's figures are shown from k (3) up (lib/anonymity.ts).
  const phones = [await openPhone(browser, session.linkPath), await openPhone(browser, `/j/${session.code}`), await openPhone(browser, session.linkPath)];
  await expect(console.getByTestId("present")).toHaveText(/^3 present/);
  for (const phone of phones) await phone.locator('button[data-signal="need-break"]').click();
  await expect(console.getByTestId("checkins-all")).toHaveText("3 check-ins in all");

  // A slip of the hand is not the end.
  await console.getByRole("button", { name: "End session" }).click();
  await console.getByRole("group", { name: "Confirm ending the session" }).getByRole("button", { name: "Keep going" }).click();
  await expect(console.getByTestId("session-bar").getByText("Live", { exact: true })).toBeVisible();
  await expect(console.getByRole("button", { name: "End session" })).toBeFocused();

  await console.getByRole("button", { name: "End session" }).click();
  await console.getByRole("button", { name: "Yes, end session" }).click();
  for (const phone of phones) {
    await expect(phone.getByRole("heading", { name: ENDED })).toBeVisible();
    await expect(phone.getByRole("link", { name: "Join another session" })).toBeVisible();
  }
  await expectAccessible(phones[0]!, "the phone after the session ended");

  // The console says how it went, not what could be done once live.
  await expect(console.getByText("Ended", { exact: true })).toBeVisible();
  await expect(console.getByRole("heading", { name: ENDED })).toBeFocused();
  await expect(console.getByText(/Its code no longer works/)).toBeVisible();
  await expect(console.getByTestId("ended-counts")).toContainText("3 people joined · 3 check-ins");
  const needBreak = console.getByRole("region", { name: ENDED }).getByRole("listitem").filter({ hasText: "Need a break" });
  // (.first(): the check-ins by signal; a care cue for the three holding it may follow in the session's moments.)
  await expect(needBreak.first()).toContainText("3");
  await expect(console.getByRole("link", { name: "Back to your sessions" })).toBeVisible();
  await expect(console.getByText("Prompts can be pushed once the session is live.")).toHaveCount(0);
  await expect(console.getByRole("button", { name: "End session" })).toHaveCount(0);
  await expect(console.getByRole("button", { name: "Push The Gentle Nudge" })).toHaveCount(0);
  await expectAccessible(console, "the console after the session ended");
  await console.screenshot({ path: "e2e/output/screenshots/console-ended.png", animations: "disabled" });

  await expect(display.getByText("This session has ended. Thank you.")).toBeVisible();
  await expect(display.getByLabel(/^Join code /)).toHaveCount(0);
  await expectAccessible(display, "the room display after the session ended");

  // The code, typed or in the link, leads nowhere live.
  const late = await openPhone(browser, "/join");
  await late.getByLabel("Join code").fill(session.code);
  await late.getByRole("button", { name: "Join" }).click();
  await expect(late.getByRole("heading", { name: ENDED })).toBeVisible();
  await late.goto(session.linkPath);
  await expect(late.getByRole("heading", { name: ENDED })).toBeVisible();
  // A code that was never given out is told apart from one that ended.
  await late.goto("/j/XXXXXX");
  await expect(late.getByText(/No live session has that code/)).toBeVisible();
  await expectAccessible(late, "a refused code");
});

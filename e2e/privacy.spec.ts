/**
 * Anonymity thresholds and the phone's own side of reading the room: phones
 * say where they are through the welcome (one in the room, one remote) without
 * pushing the check-ins off a 320×640 screen; a phone sees its own state with
 * time left and clears it; a choice answered by a small group shows "fewer
 * than 3" on the console and "fewer than 5" with no number and no bar on the
 * room display. Screenshots go to PRIVACY_SHOTS (default e2e/output/screenshots/privacy).
 */
import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { request } from "../lib/protocol/registry";
import { expectAccessible } from "./support/a11y";
import { asConsole, closeEveryone, nodePhone, openConsole, openPhone, openRoomDisplay, PHONE, seedLiveSession, seedPrompt, SMALL_PHONE, type LiveSession } from "./support/seed";
import { expect, test } from "./support/test";

const SHOTS = process.env.PRIVACY_SHOTS ?? "e2e/output/screenshots/privacy";
test.afterEach(closeEveryone);

const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });

test("phones say where they are, see and clear their own state; small groups show no small counts on the console or the display", async ({ browser }) => {
  const session = await seedLiveSession(test.info().project.use.baseURL!, "Privacy check");
  const console = await openConsole(browser, session);
  const display = await openRoomDisplay(browser, session);
  const small = await openPhone(browser, session.linkPath, SMALL_PHONE);
  const phone = await openPhone(browser, session.linkPath, PHONE);

  // The welcome offers the choice, optional; all the check-ins stay within a 320×640 screen.
  for (const p of [small, phone]) await expect(p.getByTestId("where-choice")).toBeVisible();
  const lastCheckIn = await small.locator("[data-signal]").last().boundingBox();
  expect(lastCheckIn!.y + lastCheckIn!.height).toBeLessThanOrEqual(640);
  await shot(small, "phone-320-welcome-where");
  await shot(phone, "phone-390-welcome-where");
  await expectAccessible(small, "the welcome with the where choice");

  await small.getByTestId("where-choice").getByRole("button", { name: "In the room" }).click();
  await phone.getByTestId("where-choice").getByRole("button", { name: "Joining remotely" }).click();
  await expect(small.getByRole("button", { name: "In the room" })).toHaveAttribute("aria-pressed", "true");
  await expect(phone.getByRole("button", { name: "Joining remotely" })).toHaveAttribute("aria-pressed", "true");
  // Kept across a reload, and changeable later from the footer.
  await phone.reload();
  await phone.getByRole("button", { name: "Got it" }).click().catch(() => {});
  await expect(phone.getByTestId("where-line")).toContainText("joining remotely");

  // The phone's own state: a line with time left and Clear, for this phone only.
  await small.getByRole("button", { name: "Got it" }).click();
  await small.locator('[data-signal="need-break"]').click();
  const states = small.getByTestId("my-states");
  await expect(states.locator('[data-state="need-break"]')).toBeVisible();
  await expect(states).toContainText("min left");
  await expect(phone.getByTestId("my-states")).toHaveCount(0);
  await states.scrollIntoViewIfNeeded();
  await shot(small, "phone-320-own-state", true);
  await expectAccessible(small, "a phone with its own state");
  await small.reload();
  await expect(small.getByTestId("my-states").locator('[data-state="need-break"]')).toBeVisible();
  await small.getByRole("button", { name: "Clear “Need a break”" }).click();
  await expect(small.getByTestId("my-states")).toHaveCount(0);

  // A choice: six phones pick Calm, one picks Curious (from the browser).
  const prompt = await seedPrompt(session, { kind: "content", content: { kind: "choice", title: "Pick one", body: "Which feels closest right now?", options: ["Calm", "Curious", "Tired"] } });
  const six = await Promise.all(Array.from({ length: 6 }, () => nodePhone(session)));
  for (const s of six) {
    const ack = await request(s, "answer:send", { promptId: prompt.id, secret: randomBytes(16).toString("base64url"), answer: { option: 0 } });
    expect(ack.ok).toBe(true);
  }
  await phone.getByTestId("answer-card").getByRole("button", { name: "Curious" }).click();
  const bars = console.getByTestId("results-bars");
  await expect(bars.locator('[data-row="Calm"] td').last()).toHaveText("6");
  await expect(bars.locator('[data-row="Curious"] td').last()).toHaveText("fewer than 3");
  await expect(console.getByTestId("results-counts")).toContainText("total not shown");
  await console.getByTestId("results-panel").scrollIntoViewIfNeeded();
  await shot(console, "console-results-fewer-than-3");
  await expectAccessible(console, "the console's results with a count under k");

  // Revealed on the display: Curious has no number and no bar; nothing from 1 to 4 anywhere on the stage.
  await asConsole(session.facilitator, "display:show", { sessionId: session.id, shows: "results" });
  await asConsole(session.facilitator, "prompt:reveal", { sessionId: session.id, revealed: true });
  const stage = display.getByTestId("results-on-stage");
  await expect(stage).toBeVisible();
  await expect(stage.locator('[data-shown="fewer"]')).toHaveCount(1);
  await expect(stage.locator('[data-shown="fewer"]')).toContainText("fewer than 5");
  await expect(stage.getByTestId("stage-counts")).toContainText("Counts under 5 are not shown");
  const numbers = await stage.locator("li").allInnerTexts();
  for (const text of numbers) expect(text).not.toMatch(/(^|\s)[1-4](\s|$)/);
  await shot(display, "display-1920-results-hidden-small-option");
  await expectAccessible(display, "the display's results with an option under k");
  // The phones see the same as the display.
  await expect(phone.getByTestId("room-results")).toContainText("fewer than 5");

  // Ended: the summary applies the console's k and lists the session's moments.
  await asConsole(session.facilitator, "session:end", { sessionId: session.id });
  await expect(console.getByTestId("ended-moments")).toBeVisible();
  await expect(console.getByTestId("ended-counts")).toBeVisible();
  await shot(console, "console-ended-summary-moments", true);
  await expectAccessible(console, "the ended summary with its moments");
});

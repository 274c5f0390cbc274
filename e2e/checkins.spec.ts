/**
 * Check-ins: taps on the phones reach the console's pulse, counted per signal
 * for the last minute and the whole session, on a laptop's console and a
 * narrow one beside a video call; the smallest phone can tap every signal.
 */
import type { Page } from "@playwright/test";
import { DEFAULT_PALETTE } from "../lib/content";
import { expectAccessible } from "./support/a11y";
import { closeEveryone, openConsole, openPhone, seedLiveSession, seedPrompt, SMALL_PHONE } from "./support/seed";
import { expect, test } from "./support/test";

const SHOTS = "e2e/output/screenshots";
const pulseCell = (console: Page, kind: "recent" | "total", signal: string) => console.getByTestId(`${kind}-${signal}`);

test.afterEach(closeEveryone);

test("taps reach the console's pulse, counted per signal", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!);
  await seedPrompt(session, { kind: "technique", technique: "gentle-nudge" });
  const console = await openConsole(browser, session);
  const a = await openPhone(browser, session.linkPath);
  const b = await openPhone(browser, session.linkPath);
  const c = await openPhone(browser, session.linkPath);
  await expect(console.getByTestId("present")).toHaveText(/^3 present/);

  await a.getByRole("button", { name: "I see!" }).click();
  await expect(a.getByTestId("tap-confirmation")).toHaveText("✓ Received: I see!");
  await b.getByRole("button", { name: "I see!" }).click();
  await expect(b.getByTestId("tap-confirmation")).toHaveText("✓ Received: I see!");
  await c.getByRole("button", { name: "Energy shift" }).click();
  await expect(c.getByTestId("tap-confirmation")).toHaveText("✓ Received: Energy shift");

  // Counts from 1 to k − 1 (k = 3 on the console) are never shown as numbers (lib/anonymity.ts).
  await expect(console.getByText("3 check-ins in all")).toBeVisible();
  await expect(console.getByTestId("weather-all-i-see")).toContainText("fewer than 3");
  await expect(console.getByTestId("weather-all-moved")).toHaveText("0");
  // The raw counts, one click away.
  await console.getByRole("button", { name: "Raw counts" }).click();
  await expect(pulseCell(console, "recent", "i-see")).toContainText("fewer than 3");
  await expect(pulseCell(console, "recent", "energy-shift")).toContainText("fewer than 3");
  await expect(pulseCell(console, "total", "i-see")).toContainText("fewer than 3");
  await expect(pulseCell(console, "recent", "moved")).toHaveText("0");
  await expectAccessible(console, "the console with a pulse");
  await console.screenshot({ path: `${SHOTS}/console.png`, fullPage: true });

  // Beside a video call: the same console, one column.
  await console.setViewportSize({ width: 480, height: 900 });
  await expect(pulseCell(console, "total", "i-see")).toBeVisible();
  await expect(console.getByRole("button", { name: "Push The Gentle Nudge" })).toBeVisible();
  await expectAccessible(console, "the console at 480 wide");
  await console.screenshot({ path: `${SHOTS}/console-480.png`, fullPage: true });
});

test("the smallest phone shows every signal within its width and checks in", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!);
  await seedPrompt(session, { kind: "technique", technique: "reflection" });
  const console = await openConsole(browser, session);
  const phone = await openPhone(browser, session.linkPath, SMALL_PHONE);
  // The technique's words, never its name: that is the facilitator's method.
  await expect(phone.getByTestId("prompt")).toBeVisible();
  await expect(phone.getByText("The Reflection Technique")).toHaveCount(0);

  const signals = phone.getByRole("region", { name: "How are you right now?" }).locator("button[data-signal]");
  await expect(signals).toHaveCount(DEFAULT_PALETTE.length);
  expect(await phone.evaluate(() => document.documentElement.scrollWidth), "no sideways scrolling").toBeLessThanOrEqual(320);
  await expectAccessible(phone, "the phone at 320×640");

  await phone.getByRole("button", { name: "Need a break" }).click();
  await expect(phone.getByTestId("tap-confirmation")).toHaveText("✓ Received: Need a break");
  // One person present is fewer than k: the console counts the tap and shows no figure that would point at them.
  await expect(console.getByTestId("checkins-all")).toHaveText("1 check-in in all");
  await expect(console.getByTestId("pulse-reading")).toHaveText(/^Fewer than 3 present/);
  await phone.screenshot({ path: `${SHOTS}/phone-320.png`, fullPage: true });
});

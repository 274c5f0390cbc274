/**
 * The console reads the room: phones tapping I see!, Energy shift and Moved
 * together start a moment; the radar's card says so in plain words and offers
 * the Gentle Nudge as one button, which puts it on every phone. The weather
 * shows the groups side by side (in the room, remote), k applied, with the raw
 * counts one click away. Screen-share-safe hides the private panels and
 * survives a reload. The room settings dialog refuses a k below 3.
 *
 * Some phones are browsers (to see what they show), the rest real socket
 * clients that said where they are (their taps are the same events).
 */
import { randomUUID } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import { request } from "../lib/protocol/registry";
import { ROOM_READING_DEFAULTS } from "../lib/radar/settings";
import { expectAccessible } from "./support/a11y";
import { asConsole, closeEveryone, LAPTOP, nodePhone, openConsole, openPhone, seedLiveSession, type LiveSession, type NodePhone } from "./support/seed";
import { expect, test } from "./support/test";

const SHOTS = process.env.ROOM_UI_SHOTS ?? "e2e/output/screenshots/radar";
const BESIDE_A_CALL = { width: 480, height: 900 };
const GENTLE_NUDGE = "I can see something is shifting for you. What are you experiencing right now?";

test.afterEach(closeEveryone);

async function tap(socket: NodePhone, signal: string) {
  const ack = await request(socket, "checkin:send", { id: randomUUID(), signal, ageMs: 0 });
  expect(ack.ok, `${signal} stored`).toBe(true);
}

/**
 * A session whose radar holds a start for a minute before it confirms it (so a test can act while a shift is
 * starting) and never jumps straight to happening.
 */
async function patientRadar(session: LiveSession, holdBins = 12) {
  await asConsole(session.facilitator, "room:configure", {
    sessionId: session.id,
    settings: { ...ROOM_READING_DEFAULTS, radar: { ...ROOM_READING_DEFAULTS.radar, holdBins, instantShare: 1 } },
  });
}

/**
 * Three browser phones that have not said where they are, and seven socket phones (four in the room, three
 * remote): ten present, every group at least k (a smaller one would hide its neighbour too, lib/anonymity.ts).
 */
async function room(browser: Browser, session: LiveSession) {
  const phones = [await openPhone(browser, session.linkPath), await openPhone(browser, session.linkPath), await openPhone(browser, session.linkPath)];
  for (const phone of phones) await expect(phone.locator('button[data-signal="i-see"]')).toBeVisible();
  const inRoom = [await nodePhone(session, "room"), await nodePhone(session, "room"), await nodePhone(session, "room"), await nodePhone(session, "room")];
  const remote = [await nodePhone(session, "remote"), await nodePhone(session, "remote"), await nodePhone(session, "remote")];
  return { phones, inRoom, remote };
}

/** Four of the ten tap a moment signal within a few seconds. */
async function shift(people: Awaited<ReturnType<typeof room>>) {
  await people.phones[0]!.locator('button[data-signal="i-see"]').click();
  await people.phones[1]!.locator('button[data-signal="energy-shift"]').click();
  await tap(people.inRoom[0]!, "moved");
  await tap(people.remote[0]!, "i-see");
}

test("a shift starting: the moment card offers the Gentle Nudge, one tap puts it on every phone; raw counts one click away", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!, "Reading the room");
  await patientRadar(session);
  const console = await openConsole(browser, session);
  const people = await room(browser, session);
  await expect(console.getByTestId("present")).toHaveText(/^10 present/);
  await expect(console.getByTestId("radar-quiet")).toBeVisible();

  await shift(people);
  const card = console.getByTestId("moment");
  await expect(card).toHaveAttribute("data-phase", "starting", { timeout: 20_000 });
  await expect(card.getByRole("heading", { name: "A shift is starting" })).toBeVisible();
  await expect(console.getByTestId("moment-evidence")).toHaveText(/^4 of 10 present tapped .*(I see!|Energy shift|Moved).* in the last 30 s — usually (less than 1|about \d+)\.$/);
  await expect(console.getByTestId("moment-reminders")).toContainText("Stay calm and present");
  // Announced once, politely: the card itself is not a live region.
  await expect(console.getByTestId("radar-announcer")).toHaveText("Moment radar: a shift is starting.");

  // The weather: groups side by side once phones said where; a lone tap in a group reads "fewer than 3",
  // and the total beside two such cells (a remote phone's, and one of the three that did not say where) is
  // not shown: with them it would pin both (lib/anonymity.ts showGroups).
  await expect(console.getByTestId("group-room").first()).toHaveText("In the room4");
  await expect(console.getByTestId("group-remote").first()).toHaveText("Remote3");
  await expect(console.getByTestId("weather-remote-i-see")).toContainText("fewer than 3");
  await expect(console.getByTestId("weather-room-i-see")).toHaveText("0");
  await expect(console.getByTestId("weather-all-i-see")).toContainText("hidden");

  // Raw counts, one click away.
  await expect(console.getByTestId("raw-counts")).toHaveCount(0);
  await console.getByRole("button", { name: "Raw counts" }).click();
  await expect(console.getByRole("button", { name: "Raw counts" })).toHaveAttribute("aria-expanded", "true");
  await expect(console.getByTestId("recent-i-see")).toContainText("hidden"); // the same rule for the raw counts
  await expectAccessible(console, "the console with a starting moment and the raw counts open");
  await console.screenshot({ path: `${SHOTS}/raw-open-1440.png`, fullPage: true });
  await console.setViewportSize(BESIDE_A_CALL);
  await console.getByTestId("weather").screenshot({ path: `${SHOTS}/raw-open-480.png` });
  await console.setViewportSize(LAPTOP);

  // One tap: the Gentle Nudge on every phone.
  const move = console.getByTestId("moment-move");
  await expect(move).toHaveText("Push the Gentle Nudge");
  await move.click();
  await expect(console.getByRole("article").getByRole("heading", { name: "The Gentle Nudge" })).toBeVisible();
  for (const phone of people.phones) await expect(phone.getByTestId("prompt")).toContainText(GENTLE_NUDGE);
  // Done: the card says so instead of offering it again.
  await expect(console.getByTestId("moment-done")).toHaveText("✓ Up on every phone now.");
  await expect(console.getByTestId("moment-move")).toHaveCount(0);
});

test("screen-share-safe hides the radar and the care signals, says so, and survives a reload", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!, "Shared on a call");
  await patientRadar(session);
  const console = await openConsole(browser, session, BESIDE_A_CALL);
  const people = await room(browser, session);
  await shift(people);
  await expect(console.getByTestId("moment")).toBeVisible({ timeout: 20_000 });
  await expect(console.getByRole("row", { name: /Need a break/ })).toBeVisible();

  // The key (S), as the shortcuts list says.
  await console.keyboard.press("s");
  const safe = async (page: Page) => {
    await expect(page.getByTestId("screen-share-banner")).toBeVisible();
    await expect(page.getByTestId("screen-share-safe")).toHaveAttribute("aria-checked", "true");
    await expect(page.getByTestId("moment")).toHaveCount(0);
    await expect(page.getByTestId("radar-hidden")).toHaveText("Hidden while you share your screen.");
    await expect(page.getByTestId("care-hidden")).toBeVisible();
    await expect(page.getByRole("row", { name: /Need a break/ })).toHaveCount(0);
  };
  await safe(console);
  await expectAccessible(console, "the console in screen-share-safe mode");
  await console.screenshot({ path: `${SHOTS}/safe-480.png`, fullPage: true });

  await console.reload();
  await expect(console.getByRole("heading", { name: session.title })).toBeVisible();
  await safe(console);

  await console.getByTestId("screen-share-safe").click();
  await expect(console.getByTestId("screen-share-banner")).toHaveCount(0);
  await expect(console.getByTestId("moment")).toBeVisible();
});

test("room settings: a k below 3 is refused with the reason, a valid one is kept, defaults one click away", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!, "Settings");
  const console = await openConsole(browser, session, LAPTOP);
  await console.getByRole("button", { name: "Room settings" }).click();
  const dialog = console.getByRole("dialog", { name: "Room settings" });
  await expect(dialog).toBeVisible();
  await expectAccessible(console, "the room settings dialog");
  await console.screenshot({ path: `${SHOTS}/settings-1440.png` });

  await dialog.getByLabel("Smallest group shown on this console").fill("2");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Not saved: the console’s smallest group must be at least 3.");
  await expect(dialog.getByLabel("Smallest group shown on this console")).toHaveAttribute("aria-invalid", "true");

  await dialog.getByLabel("Smallest group shown on this console").fill("4");
  await dialog.getByLabel("Within (seconds)").fill("45");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(console.getByTestId("announcer")).toHaveText("Room settings saved");

  await console.getByRole("button", { name: "Room settings" }).click();
  await expect(dialog.getByLabel("Smallest group shown on this console")).toHaveValue("4");
  await expect(dialog.getByLabel("Within (seconds)")).toHaveValue("45");
  await dialog.getByRole("button", { name: "Reset to defaults" }).click();
  await expect(dialog.getByLabel("Smallest group shown on this console")).toHaveValue("3");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  const saved = await asConsole(session.facilitator, "session:watch", { sessionId: session.id });
  expect(saved.roomSettings.anonymity.consoleK).toBe(3);
  expect(saved.roomSettings.radar.windowMs).toBe(30_000);
});

test("screenshots: a moment starting, happening and subsiding, at 1440 and 480 wide", async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const session = await seedLiveSession(baseURL!, "Breakthrough practice — cohort 3");
  // Starting for three bins (15 s): time for both screenshots before it confirms.
  await patientRadar(session, 3);
  const wide = await openConsole(browser, session, LAPTOP);
  const narrow = await openConsole(browser, session, BESIDE_A_CALL);
  const people = await room(browser, session);
  await shift(people);
  // Three more taps, so both groups show figures.
  await tap(people.inRoom[1]!, "i-see");
  await tap(people.remote[1]!, "moved");
  await tap(people.remote[2]!, "need-break");
  for (const phase of ["starting", "happening", "subsiding"] as const) {
    for (const [page, width] of [[wide, 1440], [narrow, 480]] as const) {
      await expect(page.getByTestId("moment")).toHaveAttribute("data-phase", phase, { timeout: 60_000 });
      await page.screenshot({ path: `${SHOTS}/${phase}-${width}.png`, fullPage: width === 480 });
    }
  }
  await expectAccessible(narrow, "the console with a subsiding moment at 480 px");
  await expect(wide.getByTestId("moment-move")).toHaveText("Push the Integration technique");

  // Three of ten holding "Need a break" (25 %): a care cue, once a minute has passed since the moment's.
  await tap(people.inRoom[2]!, "need-break");
  await tap(people.inRoom[3]!, "need-break");
  const cue = wide.getByTestId("care-cue");
  await expect(cue).toContainText("3 of 10 present: Need a break", { timeout: 60_000 });
  await expect(cue).toContainText("Offer a break");
  await wide.screenshot({ path: `${SHOTS}/care-1440.png` });
  await expectAccessible(wide, "the console with a care cue");
  await cue.getByRole("button", { name: "Dismiss: Need a break" }).click();
  await expect(cue).toHaveCount(0);
  await expect(narrow.getByTestId("care-cue")).toHaveCount(0);
});

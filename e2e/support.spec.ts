/**
 * "I need support" and cues between facilitators: a lead, a co-facilitator
 * (invited and accepted through the app's own doors), phones and the room
 * display. A phone asks with a seat; the grounding text shows while it
 * waits; the lead's console lists it and the display does not; "seen"
 * reaches the phone; the co-facilitator sends "2 minutes left" and the lead
 * sees it; screen-share-safe hides both. Screenshots to /tmp/shots/support/
 * (or SUPPORT_SHOTS).
 */
import { request as http, type Browser, type Page } from "@playwright/test";
import { AUTH_COOKIE } from "../server/auth/cookie";
import { expectAccessible } from "./support/a11y";
import {
  asConsole,
  closeEveryone,
  facilitatorPage,
  LAPTOP,
  openConsole,
  openPhone,
  openRoomDisplay,
  PHONE,
  seedLiveSession,
  signUpFacilitator,
  SMALL_PHONE,
  type Facilitator,
  type LiveSession,
} from "./support/seed";
import { expect, test } from "./support/test";

const SHOTS = process.env.SUPPORT_SHOTS ?? "/tmp/shots/support";
const SEAT = "Seat 14, row C";

test.afterEach(async () => {
  await closeEveryone();
});

/** A second facilitator, invited by the owner and accepted through POST /api/invites/accept. */
async function coFacilitator(session: LiveSession): Promise<Facilitator> {
  const co = await signUpFacilitator(session.facilitator.baseURL);
  const invite = await asConsole(session.facilitator, "team:invite", { sessionId: session.id });
  const api = await http.newContext({
    baseURL: co.baseURL,
    extraHTTPHeaders: { origin: co.baseURL, "content-type": "application/json", cookie: `${AUTH_COOKIE}=${co.token}` },
  });
  try {
    const response = await api.post("/api/invites/accept", { data: { token: invite.token } });
    expect(response.status(), await response.text()).toBe(200);
  } finally {
    await api.dispose();
  }
  return co;
}

async function connectedPhone(browser: Browser, session: LiveSession, device = PHONE): Promise<Page> {
  const phone = await openPhone(browser, session.linkPath, device);
  await expect(phone.getByTestId("phone-status")).toHaveAttribute("data-state", "live");
  return phone;
}

/** Screen-share-safe on or off as the console's switch keeps it (this browser's storage), then the page as it loads. */
async function screenShareSafe(page: Page, on: boolean) {
  await page.evaluate((on) => (on ? localStorage.setItem("attune.console.screenShareSafe", "on") : localStorage.removeItem("attune.console.screenShareSafe")), on);
  await page.reload();
  await expect(page.getByTestId("support-inbox")).toBeVisible();
}

test("a phone asks for support with a seat; only the facilitators see it; seen reaches the phone; a co-facilitator's cue reaches the lead; screen-share-safe hides both", async ({
  browser,
  baseURL,
}) => {
  const session = await seedLiveSession(baseURL!, "Holding the room");
  const co = await coFacilitator(session);
  const lead = await openConsole(browser, session);
  const coConsole = await facilitatorPage(browser, { ...session, facilitator: co }, session.consolePath, LAPTOP);
  await expect(coConsole.getByTestId("cue-panel")).toBeVisible();
  const display = await openRoomDisplay(browser, session);
  const asker = await connectedPhone(browser, session, SMALL_PHONE);
  const other = await connectedPhone(browser, session);

  // Quiet, under the check-ins: at 320×640 all eight check-ins stay on screen, the button a short scroll below.
  const checkins = asker.locator("[data-signal]");
  await expect(checkins).toHaveCount(8);
  const lastCheckIn = await checkins.last().boundingBox();
  expect(lastCheckIn!.y + lastCheckIn!.height).toBeLessThanOrEqual(640);
  const open = asker.getByRole("button", { name: "I need support" });
  await open.scrollIntoViewIfNeeded();
  await expect(open).toBeInViewport();
  await asker.screenshot({ path: `${SHOTS}/phone-button-320.png`, fullPage: true });

  await open.click();
  const sheet = asker.getByRole("dialog", { name: "Ask a facilitator for support" });
  await expect(sheet).toBeVisible();
  await expect(sheet.getByText(/You stay anonymous unless/)).toBeVisible();
  await asker.screenshot({ path: `${SHOTS}/phone-sheet-320.png` });
  await expectAccessible(asker, "the support sheet");
  await sheet.getByLabel("A way to find you (seat, first name)").fill(SEAT);
  await sheet.getByRole("button", { name: "Send to the facilitators" }).click();

  const waiting = asker.getByRole("dialog", { name: "Your request is with the facilitators" });
  await expect(waiting.getByTestId("support-grounding")).toContainText("feet");
  await expect(waiting.getByText(`They can find you by: ${SEAT}`)).toBeVisible();
  await asker.screenshot({ path: `${SHOTS}/phone-waiting-320.png` });
  await expectAccessible(asker, "the support sheet while waiting");

  // The lead's console (and the co-facilitator's): the request, the count in the tab, a calm line in the bar.
  const inbox = lead.getByTestId("support-inbox");
  await expect(inbox.getByText(`Find them: ${SEAT}`)).toBeVisible();
  await expect(coConsole.getByTestId("support-inbox").getByText(`Find them: ${SEAT}`)).toBeVisible();
  await expect(lead.getByTestId("support-nudge")).toHaveText("A support request is waiting.");
  await expect(lead).toHaveTitle(/^\(1\) /);
  await expect(lead.getByTestId("support-announcer")).toHaveText("Someone asked for support.");
  await inbox.scrollIntoViewIfNeeded();
  await inbox.screenshot({ path: `${SHOTS}/console-inbox-1440.png` });
  // Never on the room display, never on another phone.
  await expect(display.locator("body")).not.toContainText(SEAT);
  await expect(display.locator("body")).not.toContainText(/support/i);
  await expect(other.getByText(SEAT)).toHaveCount(0);

  await inbox.getByRole("button", { name: /^Seen: the request from/ }).click();
  await expect(waiting.getByTestId("support-seen")).toHaveText("A facilitator has seen your request.");
  await expect(inbox.getByTestId("support-request")).toHaveAttribute("data-seen", "true");
  await asker.screenshot({ path: `${SHOTS}/phone-seen-320.png` });

  // A reload keeps the request: the button says so, and the sheet opens on the waiting text.
  await asker.reload();
  await expect(asker.getByTestId("support-open")).toHaveAttribute("data-state", "seen");

  // The co-facilitator's cue reaches the lead as a private banner; never the display or the phones.
  await coConsole.getByTestId("cue-panel").getByRole("button", { name: "2 minutes left" }).click();
  await expect(coConsole.getByTestId("cue-sent")).toHaveText("Sent: 2 minutes left");
  const banner = lead.getByTestId("cue-banner");
  await expect(banner).toContainText("2 minutes left");
  await expect(banner).toContainText(`Cue from ${co.email} (co-facilitator)`);
  await expect(coConsole.getByTestId("cue-banner")).toHaveCount(0);
  await lead.getByTestId("session-bar").screenshot({ path: `${SHOTS}/console-cue-banner-1440.png` });
  await lead.screenshot({ path: `${SHOTS}/console-1440.png`, fullPage: true });
  await expectAccessible(lead, "the lead's console with a support request and a cue");
  await expect(display.locator("body")).not.toContainText("2 minutes left");
  await expect(other.locator("body")).not.toContainText("2 minutes left");

  // At 480 wide, beside a call.
  await lead.setViewportSize({ width: 480, height: 900 });
  await lead.screenshot({ path: `${SHOTS}/console-banner-480.png` });
  await inbox.scrollIntoViewIfNeeded();
  await inbox.screenshot({ path: `${SHOTS}/console-inbox-480.png` });

  // Dismissed, the banner goes (and stays gone after a reload).
  await banner.getByRole("button", { name: "Dismiss the cue “2 minutes left”" }).click();
  await expect(lead.getByTestId("cue-banner")).toHaveCount(0);

  // Screen-share-safe: the inbox, the cues and the banner hide; the title shows no count.
  await screenShareSafe(lead, true);
  await expect(lead.getByTestId("support-hidden")).toHaveText("Support requests are hidden while you share your screen.");
  await expect(lead.getByTestId("cue-banner")).toHaveCount(0);
  await expect(lead.locator("body")).not.toContainText(SEAT);
  await expect(lead.locator("body")).not.toContainText("2 minutes left");
  await expect(lead).not.toHaveTitle(/^\(\d+\)/);
  await screenShareSafe(coConsole, true);
  await expect(coConsole.getByTestId("cue-hidden")).toBeVisible();
  await lead.screenshot({ path: `${SHOTS}/console-safe-480.png`, fullPage: true });
  await expectAccessible(lead, "the console in screen-share-safe mode");
  // A new request while sharing: only a content-free line.
  await other.getByRole("button", { name: "I need support" }).click();
  await other.getByRole("dialog").getByRole("button", { name: "Send to the facilitators" }).click();
  await expect(lead.getByTestId("support-nudge")).toHaveText("A private item is waiting. Turn off screen-share safe to see it.");
  await screenShareSafe(lead, false);
  await lead.setViewportSize(LAPTOP);
  await expect(lead.getByTestId("support-inbox").getByText("Anonymous")).toBeVisible();
  await expect(lead.getByTestId("cue-banner")).toHaveCount(0);

  // The anonymous one waits beside it; Done: the seat's request leaves the list, and its phone is told.
  await expect(inbox.getByText("Anonymous")).toBeVisible();
  await other.screenshot({ path: `${SHOTS}/phone-waiting-390.png` });
  await inbox.getByTestId("support-request").filter({ hasText: SEAT }).getByRole("button", { name: /^Done: the request from/ }).click();
  await expect(asker.getByText("A facilitator has closed your request. You can ask again at any time.")).toBeVisible();
  await expect(asker.getByTestId("support-open")).toHaveAttribute("data-state", "idle");
  await expect(inbox.getByText(`Find them: ${SEAT}`)).toHaveCount(0);
  await expect(inbox.getByTestId("support-request")).toHaveCount(1);
});

test("the support sheet at 390×844, in German", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!, "Im Raum bleiben");
  const phone = await openPhone(browser, session.linkPath, { ...PHONE, locale: "de-DE" });
  await expect(phone.getByTestId("phone-status")).toHaveAttribute("data-state", "live");
  await phone.getByRole("button", { name: "Ich brauche Unterstützung" }).click();
  const sheet = phone.getByRole("dialog", { name: "Die Moderation um Unterstützung bitten" });
  await expect(sheet.getByLabel("Wie man dich findet (Platz, Vorname)")).toBeVisible();
  await phone.screenshot({ path: `${SHOTS}/phone-sheet-390-de.png` });
  await sheet.getByRole("button", { name: "An die Moderation senden" }).click();
  await expect(phone.getByRole("dialog", { name: "Deine Anfrage ist bei der Moderation" }).getByText("Anonym gesendet.")).toBeVisible();
  await phone.screenshot({ path: `${SHOTS}/phone-waiting-390-de.png` });
  await expectAccessible(phone, "the support sheet in German while waiting");
});

/**
 * Running a session together, and the room display's own link. Two
 * facilitators in browsers of their own: the owner invites, the second one
 * opens the link signed out (sign in or sign up, then back), joins, pushes
 * from their console, and the owner's console shows it at once; the owner
 * removes them and their console says so. A display link opens the room
 * display on a "projector" with nobody signed in, until it is revoked.
 * Screenshots go to /tmp/shots/team/ (or TEAM_SHOTS).
 */
import type { Browser, Page } from "@playwright/test";
import { AUTH_COOKIE } from "../server/auth/cookie";
import { expectAccessible } from "./support/a11y";
import { closeEveryone, LAPTOP, openConsole, pathIn, PHONE, ROOM_SCREEN, seedLiveSession, signUpFacilitator, spaced, type Facilitator } from "./support/seed";
import { expect, test } from "./support/test";

const SHOTS = process.env.TEAM_SHOTS ?? "/tmp/shots/team";
const GENTLE_NUDGE = "I can see something is shifting for you. What are you experiencing right now?";

const opened: Page[] = [];
test.afterEach(async () => {
  await Promise.all(opened.splice(0).map((page) => page.context().close()));
  await closeEveryone();
});

/** A browser of its own at `path`: signed in as `who`, or nobody. */
async function personAt(browser: Browser, path: string, who: Facilitator | null, viewport = LAPTOP, locale = "en-GB"): Promise<Page> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale });
  if (who) await context.addCookies([{ name: AUTH_COOKIE, value: who.token, url: who.baseURL, httpOnly: true, sameSite: "Lax" }]);
  const page = await context.newPage();
  opened.push(page);
  await page.goto(path);
  return page;
}

test("an owner invites a co-facilitator, who joins, pushes from their own console, and is removed", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!, "Team retrospective");
  const owner = await openConsole(browser, session);
  const team = owner.getByTestId("team-panel");
  await expect(team.getByText(`Owner: ${session.facilitator.email} (you)`)).toBeVisible();
  await team.getByRole("button", { name: "Invite a co-facilitator" }).click();
  const invitePath = await pathIn(owner, "Invitation link");
  expect(invitePath).toMatch(/^\/console\/invite\/[A-Za-z0-9_-]{43}$/);
  await expect(team.getByText(/It works once, until/)).toBeVisible();
  await team.screenshot({ path: `${SHOTS}/team-panel-owner-invite.png` });
  await expectAccessible(owner, "the console's team panel with an invitation");

  // The invitee opens the link signed out: what it is, who sends it, and the way to sign in and come back.
  const co = await signUpFacilitator(baseURL!);
  const invited = await personAt(browser, invitePath, null, PHONE.viewport!);
  await expect(invited.getByRole("heading", { name: "Co-facilitate a session" })).toBeVisible();
  await expect(invited.getByText(`${session.facilitator.email} invites you to run “Team retrospective” with them.`)).toBeVisible();
  await expect(invited.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", `/signin?next=${encodeURIComponent(invitePath)}`);
  await expect(invited.getByRole("link", { name: "Create an account" })).toHaveAttribute("href", `/signup?next=${encodeURIComponent(invitePath)}`);
  await invited.screenshot({ path: `${SHOTS}/invite-signed-out-390.png`, fullPage: true });
  await expectAccessible(invited, "the invite page, signed out");
  await invited.setViewportSize({ width: 320, height: 640 });
  await invited.screenshot({ path: `${SHOTS}/invite-signed-out-320.png`, fullPage: true });
  await invited.setViewportSize(PHONE.viewport!);

  // Signed in (as sign-in would leave them), the one button.
  await invited.context().addCookies([{ name: AUTH_COOKIE, value: co.token, url: co.baseURL, httpOnly: true, sameSite: "Lax" }]);
  await invited.reload();
  const join = invited.getByRole("button", { name: "Join as co-facilitator" });
  await expect(join).toBeVisible();
  await invited.screenshot({ path: `${SHOTS}/invite-signed-in-390.png`, fullPage: true });
  await expectAccessible(invited, "the invite page, signed in");
  await join.click();
  await invited.waitForURL(`**${session.consolePath}`);

  // The co-facilitator's console: the same session, live, and who they run it with.
  await invited.setViewportSize(LAPTOP);
  const coConsole = invited;
  await expect(coConsole.getByLabel(`Join code ${spaced(session.code)}`)).toBeVisible();
  await expect(coConsole.getByText(`You run this session with ${session.facilitator.email}, its owner.`)).toBeVisible();
  await expect(coConsole.getByRole("list", { name: "Co-facilitators" }).getByText(`${co.email} (you)`)).toBeVisible();
  // The owner's console hears who joined, at once.
  await expect(team.getByRole("list", { name: "Co-facilitators" }).getByText(co.email)).toBeVisible();

  // A push from the co-facilitator shows on the owner's console.
  await coConsole.getByRole("button", { name: "Push The Gentle Nudge" }).click();
  await expect(owner.getByRole("article").getByRole("heading", { name: "The Gentle Nudge" })).toBeVisible();
  await expect(owner.getByText(GENTLE_NUDGE).first()).toBeVisible();
  await coConsole.getByTestId("team-panel").screenshot({ path: `${SHOTS}/team-panel-co.png` });
  await coConsole.screenshot({ path: `${SHOTS}/console-co-1440.png` });
  await expectAccessible(coConsole, "a co-facilitator's console");

  // Their list of sessions names this one, and whose it is.
  const list = await invited.context().newPage();
  await list.goto("/console");
  const coList = list.getByRole("region", { name: "Sessions you co-facilitate" });
  await expect(coList.getByRole("link", { name: /Team retrospective/ })).toContainText(`with ${session.facilitator.email}`);
  await list.close();

  // The invitation was single use: opened again, it says so.
  const again = await personAt(browser, invitePath, await signUpFacilitator(baseURL!));
  await expect(again.getByText(`This invitation has been used. Ask ${session.facilitator.email} for a new link.`)).toBeVisible();

  // Removal, with a confirm; the co-facilitator's open console ends at once.
  await team.getByRole("button", { name: `Remove ${co.email}` }).click();
  await expect(team.getByRole("group", { name: `Confirm removing ${co.email}` })).toBeVisible();
  await team.screenshot({ path: `${SHOTS}/team-panel-confirm-remove.png` });
  await team.getByRole("button", { name: "Remove", exact: true }).click();
  await expect(coConsole.getByRole("heading", { name: "You are no longer a co-facilitator of this session" })).toBeVisible();
  await expect(team.getByText(`${co.email} was removed; their console has closed.`)).toBeVisible();
  await expect(team.getByRole("list", { name: "Co-facilitators" })).toHaveCount(0);
  await coConsole.screenshot({ path: `${SHOTS}/access-ended-1440.png` });
  await expectAccessible(coConsole, "a removed co-facilitator's console");
  // And the console is gone for them: the session looks like none at all.
  const response = await coConsole.goto(session.consolePath);
  expect(response?.status()).toBe(404);
});

test("a room display link opens the display with nobody signed in, until it is revoked", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!, "Integration circle");
  const owner = await openConsole(browser, session, { width: 480, height: 900 });
  const team = owner.getByTestId("team-panel");
  // Beside a call (one column) the team's tools are folded away until asked for.
  await expect(team.getByRole("button", { name: "Create display link" })).toBeHidden();
  await team.getByText("Co-facilitators and the display link").click();
  await team.getByRole("button", { name: "Create display link" }).click();
  const displayPath = await pathIn(owner, "Room display link");
  expect(displayPath).toMatch(/^\/d\/[A-Za-z0-9_-]{43}$/);
  await expect(team.getByText("Copy it now: it is shown only once.", { exact: false })).toBeVisible();
  await team.screenshot({ path: `${SHOTS}/team-panel-display-link-480.png` });
  await owner.screenshot({ path: `${SHOTS}/console-480.png`, fullPage: true });
  await expectAccessible(owner, "the console with a fresh display link");

  // A projector computer: a fresh browser, no sign-in.
  const projector = await personAt(browser, displayPath, null, ROOM_SCREEN);
  await expect(projector.getByRole("heading", { name: "Integration circle", level: 1 })).toBeVisible();
  await expect(projector.getByLabel(`Join code ${spaced(session.code)}`)).toBeVisible();
  // The same headers as every page: a nonce-based policy, and the secret in its path never sent on as a referrer.
  for (const path of [displayPath, "/console/invite/" + "A".repeat(43)]) {
    const headers = (await projector.request.get(path)).headers();
    expect(headers["content-security-policy"], path).toMatch(/script-src [^;]*'nonce-/);
    expect(headers["referrer-policy"], path).toBe("no-referrer");
    expect(headers["x-frame-options"], path).toBe("DENY");
  }
  // No console chrome: no sign-out, no session list.
  await expect(projector.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await projector.screenshot({ path: `${SHOTS}/display-link-1080.png` });
  await expectAccessible(projector, "the room display opened by its link");

  // Revoked from the console: the projector's display closes at once and says why.
  await team.getByRole("button", { name: "Revoke" }).click();
  await expect(projector.getByRole("heading", { name: "This display link no longer works" })).toBeVisible();
  await expect(team.getByRole("button", { name: "Create display link" })).toBeVisible();
  await projector.screenshot({ path: `${SHOTS}/display-link-revoked-1080.png` });
  await expectAccessible(projector, "a revoked display link");
  // Opened again, the old link shows the same calm screen.
  await projector.reload();
  await expect(projector.getByRole("heading", { name: "This display link no longer works" })).toBeVisible();
});

test("in German, the team panel and the invite page say du", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!, "Teamrunde");
  const owner = await personAt(browser, session.consolePath, session.facilitator, LAPTOP, "de-DE");
  const team = owner.getByTestId("team-panel");
  await team.getByRole("button", { name: "Zur Co-Moderation einladen" }).click();
  await expect(team.getByText(/Er gilt einmal, bis/)).toBeVisible();
  const invitePath = await pathIn(owner, "Einladungslink");
  await team.getByRole("button", { name: "Anzeige-Link erstellen" }).click();
  await expect(team.getByText("Kopier ihn jetzt: Er wird nur einmal gezeigt.", { exact: false })).toBeVisible();
  await team.screenshot({ path: `${SHOTS}/team-panel-de.png` });

  const invited = await personAt(browser, invitePath, null, PHONE.viewport!, "de-DE");
  await expect(invited.getByRole("heading", { name: "Eine Sitzung mitmoderieren" })).toBeVisible();
  await expect(invited.getByRole("link", { name: "Konto erstellen" })).toBeVisible();
  await invited.screenshot({ path: `${SHOTS}/invite-signed-out-de-390.png`, fullPage: true });
});

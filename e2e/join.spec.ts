/**
 * Joining a live session: by the code typed at /join, in whatever case the
 * keyboard gives, and by the join link the QR code carries; the console counts
 * who is present and the room display shows the way in.
 */
import { expectAccessible } from "./support/a11y";
import { closeEveryone, openConsole, openPhone, openRoomDisplay, seedLiveSession } from "./support/seed";
import { expect, test } from "./support/test";

test.afterEach(closeEveryone);

test("phones join by the code in any case and by the link, and the console counts them", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!);
  const console = await openConsole(browser, session);
  await expect(console.getByRole("img", { name: `QR code for ${baseURL}${session.linkPath}` })).toBeVisible();
  await expect(console.getByRole("link", { name: `${baseURL}${session.linkPath}` })).toBeVisible();
  // The e2e server listens on loopback only: the console says phones cannot reach it.
  await expect(console.getByText("Phones cannot reach this address.")).toBeVisible();
  await expectAccessible(console, "the console (live)");
  await console.getByRole("button", { name: "Copy link for the video-call chat" }).click();
  await expect(console.getByRole("status").filter({ hasText: "Link copied" })).toBeVisible();

  // People type what they see however their keyboard likes.
  const byCode = await openPhone(browser, "/join");
  await expectAccessible(byCode, "/join");
  // Every page names the app's icon, and browsers that ask for /favicon.ico get one.
  await expect(byCode.locator('link[rel="icon"][type="image/svg+xml"]')).toHaveCount(1);
  const favicon = await byCode.request.get("/favicon.ico");
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()["content-type"]).toBe("image/x-icon");
  await byCode.getByLabel("Join code").fill(session.code.toLowerCase());
  await byCode.getByRole("button", { name: "Join" }).click();
  await expect(byCode).toHaveURL(new RegExp(`/j/${session.code}$`));
  await expect(byCode.getByRole("heading", { name: `Welcome to ${session.title}` })).toBeVisible();
  await expect(byCode.getByText("Connected")).toBeVisible();
  await expect(byCode.getByText(/confidential space/)).toBeVisible();
  await expect(byCode.getByText("Your facilitator will share a prompt here.")).toBeVisible();
  await expectAccessible(byCode, "/j/CODE");

  const byLink = await openPhone(browser, session.linkPath);
  await expect(byLink.getByRole("heading", { name: `Welcome to ${session.title}` })).toBeVisible();
  await expect(byLink.getByRole("button", { name: "I see!" })).toBeVisible();
  await expectAccessible(byLink, "/j/CODE?k=KEY");

  await expect(console.getByTestId("present")).toHaveText(/^2 present/);
  // Someone leaves (closes the tab): the count follows.
  await byLink.context().close();
  await expect(console.getByTestId("present")).toHaveText(/^1 present/);
});

test("the room display shows the code, the way in and how many have joined", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!);
  const display = await openRoomDisplay(browser, session);
  await expect(display.getByRole("heading", { name: session.title })).toBeVisible();
  await expect(display.getByRole("img", { name: "QR code to join this session" })).toBeVisible();
  await expect(display.getByText(`${new URL(baseURL!).host}/join`)).toBeVisible();
  await expect(display.getByText("0 people have joined")).toBeVisible();

  const phone = await openPhone(browser, session.linkPath);
  await expect(phone.getByRole("heading", { name: `Welcome to ${session.title}` })).toBeVisible();
  await expect(display.getByText("1 person has joined")).toBeVisible();
  await expectAccessible(display, "the room display before a prompt");
});

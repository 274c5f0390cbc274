/**
 * The ways in and out: the home page, signing up, out and back in, the
 * errors a person sees, a keyboard-only join, and the console in a narrow
 * window beside a video call.
 */
import fs from "node:fs";
import { expect, test } from "./support/test";
import { expectAccessible } from "./support/a11y";

const SHOTS = "e2e/output/screenshots";

test("a facilitator signs up, out and back in; the console is theirs alone", async ({ browser, page }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const email = `keys-${Date.now()}@example.org`;

  await page.goto("/");
  await expectAccessible(page, "/");
  await page.getByRole("link", { name: "Facilitator sign in" }).click();
  await expect(page.getByRole("heading", { name: "Welcome back" })).toBeVisible();
  await expectAccessible(page, "/signin");

  // The console asks for a sign-in first.
  await page.goto("/console");
  await expect(page).toHaveURL(/\/signin\?next=%2Fconsole/);

  await page.getByRole("link", { name: "Create an account" }).click();
  // The sign-in page has an Email field too: wait for the new page before typing.
  await expect(page.getByRole("heading", { name: "Create your facilitator account" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("too short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByLabel("Password")).toHaveJSProperty("validity.valid", false);
  await page.getByLabel("Password").fill("long enough password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Your sessions" })).toBeVisible();
  await page.getByLabel("Session title").fill("Mine only");
  await page.getByRole("button", { name: "Create session" }).click();
  await expect(page.getByRole("heading", { name: "Mine only" })).toBeVisible();
  const sessionUrl = page.url();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Welcome back" })).toBeVisible();
  await page.goto(sessionUrl);
  await expect(page).toHaveURL(/\/signin/);

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "do not match" })).toBeVisible();
  await expectAccessible(page, "/signin with an error");
  await page.getByLabel("Password").fill("long enough password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(sessionUrl.replace(/^https?:\/\/[^/]+/, "")));

  // Someone else's session is simply not there.
  const stranger = await browser.newContext();
  const other = await stranger.newPage();
  await other.goto("/signup");
  await other.getByLabel("Email").fill(`other-${Date.now()}@example.org`);
  await other.getByLabel("Password").fill("another long password");
  await other.getByRole("button", { name: "Create account" }).click();
  await expect(other.getByRole("heading", { name: "Your sessions" })).toBeVisible();
  await expect(other.getByText("Mine only")).toHaveCount(0);
  await other.goto(sessionUrl);
  await expect(other.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expectAccessible(other, "not found");

  // A narrow console beside a video call, live.
  await page.setViewportSize({ width: 420, height: 900 });
  await page.getByRole("button", { name: "Go live" }).click();
  await expect(page.getByLabel(/^Join code /)).toBeVisible();
  await expectAccessible(page, "the narrow console");
  await page.screenshot({ path: `${SHOTS}/console-narrow.png`, fullPage: true });
});

test("a participant joins with the keyboard alone, and a bad code is explained", async ({ page }) => {
  await page.goto("/join");
  await page.keyboard.press("Tab"); // the brand link
  await page.keyboard.press("Tab"); // the language
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Join code")).toBeFocused();
  await page.keyboard.type("k7m3q");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("alert").filter({ hasText: "6 letters and numbers" })).toBeVisible();
  await expectAccessible(page, "/join with an error");
  await page.getByLabel("Join code").fill("k7m-3qx");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/j\/K7M3QX$/);
  await expect(page.getByText(/No live session has that code/)).toBeVisible();
});

test("the JSON routes refuse bad input with a clear error", async ({ request }) => {
  const unauthenticated = await request.post("/api/sessions", { data: { title: "x" } });
  expect(unauthenticated.status()).toBe(401);
  expect(await unauthenticated.json()).toEqual({ ok: false, error: { code: "UNAUTHORIZED", message: "Please sign in." } });

  const notJson = await request.post("/api/auth/signup", { headers: { "content-type": "text/plain" }, data: "email=a" });
  expect(notJson.status()).toBe(400);
  expect((await notJson.json()).error.message).toMatch(/Send JSON/);

  const broken = await request.post("/api/auth/signin", { headers: { "content-type": "application/json" }, data: Buffer.from("{") });
  expect((await broken.json()).error).toEqual({ code: "BAD_REQUEST", message: "That request is not valid JSON." });

  const huge = await request.post("/api/auth/signup", { data: { email: "a@b.org", password: "x".repeat(20_000) } });
  expect(huge.status()).toBe(400);

  const email = `dup-${Date.now()}@example.org`;
  expect((await request.post("/api/auth/signup", { data: { email, password: "long enough password" } })).status()).toBe(201);
  const again = await request.post("/api/auth/signup", { data: { email, password: "long enough password" } });
  expect(again.status()).toBe(400);
  expect((await again.json()).error.message).toMatch(/already exists/);
});

/**
 * Phones that come and go: a reloaded phone is the same participant and keeps
 * the prompt; a tap made while the network is down is kept on the phone, also
 * across a reload, and reaches the pulse exactly once when it is back.
 *
 * "Down" is real: these phones load Attune through a loopback proxy that cuts
 * their connections (e2e/support/flaky-network.ts; STACK.md, trap 9).
 */
import type { Browser, Page } from "@playwright/test";
import { expectAccessible } from "./support/a11y";
import { flakyNetwork, type FlakyNetwork, type NetworkMode } from "./support/flaky-network";
import { closeEveryone, openConsole, openPhone, seedLiveSession, seedPrompt } from "./support/seed";
import { expect, test } from "./support/test";

const GENTLE_NUDGE = "I can see something is shifting for you. What are you experiencing right now?";
const SAVED = (label: string) => `Saved on this phone: ${label}`;
const status = (phone: Page) => phone.getByTestId("phone-status");
const confirmation = (phone: Page) => phone.getByTestId("tap-confirmation");
/** The session's check-ins in all (one phone is fewer than k: no single signal's count is shown). */
const checkIns = (console: Page) => console.getByTestId("checkins-all");
/** What the phone keeps for the session in localStorage: its outbox, and its resume token. */
const stored = (phone: Page, what: "outbox" | "resume", code: string) =>
  phone.evaluate((key) => localStorage.getItem(key), `attune:${what}:${code}`);
const outboxOf = async (phone: Page, code: string) => JSON.parse((await stored(phone, "outbox", code)) ?? "null") as unknown;

let network: FlakyNetwork;
test.beforeAll(async () => {
  network = await flakyNetwork(Number(process.env.E2E_PORT ?? 3210));
});
test.afterEach(async () => {
  await closeEveryone();
  network.set("online");
});
test.afterAll(async () => {
  await network.close();
});

/** A live session with a prompt up, its console, and one phone joined through the flaky network. */
async function sessionWithPhone(browser: Browser, baseURL: string) {
  const session = await seedLiveSession(baseURL);
  await seedPrompt(session, { kind: "technique", technique: "gentle-nudge" });
  const console = await openConsole(browser, session);
  const phone = await openPhone(browser, `${network.origin}${session.linkPath}`);
  await expect(phone.getByText(GENTLE_NUDGE)).toBeVisible();
  await expect(status(phone)).toHaveText("Connected");
  await expect(console.getByTestId("present")).toHaveText(/^1 present/);
  return { session, console, phone };
}

/** Cuts the phone off (from everything, or only from the live session), then taps while it is cut off. */
async function tapWhileDown(phone: Page, mode: Exclude<NetworkMode, "online">, signal: string) {
  network.set(mode);
  await expect(status(phone)).toHaveText("Offline — reconnecting…");
  await phone.getByRole("button", { name: signal }).click();
  await expect(confirmation(phone)).toHaveText(SAVED(signal));
  await expect(status(phone)).toHaveText("Offline · 1 tap waiting");
}

test("a reloaded phone is the same participant and still sees the prompt", async ({ browser, baseURL }) => {
  const { session, console, phone } = await sessionWithPhone(browser, baseURL!);
  const resumeToken = await stored(phone, "resume", session.code);
  expect(resumeToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

  await phone.reload();
  await expect(status(phone)).toHaveText("Connected");
  await expect(phone.getByTestId("prompt")).toContainText(GENTLE_NUDGE);
  // Taken back as who it was, not as a newcomer.
  expect(await stored(phone, "resume", session.code)).toBe(resumeToken);
  await expect(console.getByTestId("present")).toHaveText(/^1 present/);
  await expectAccessible(phone, "the reloaded phone");
});

test("a tap made offline is kept, and arrives exactly once when the phone is back", async ({ browser, baseURL }) => {
  const { session, console, phone } = await sessionWithPhone(browser, baseURL!);

  await tapWhileDown(phone, "offline", "Going deeper");
  expect(await outboxOf(phone, session.code)).toMatchObject({ v: 1, pending: [{ signal: "going-deeper" }] });
  await expect(checkIns(console)).toHaveText("0 check-ins in all");
  await expectAccessible(phone, "the offline phone");

  network.set("online");
  await expect(status(phone)).toHaveAttribute("data-state", "back", { timeout: 20_000 });
  await expect(status(phone)).toHaveText("Back — 1 tap sent");
  await expect(confirmation(phone)).toHaveText("✓ Received: Going deeper");
  await expect(checkIns(console)).toHaveText("1 check-in in all");
  // Nothing waits any more, so nothing is kept.
  await expect.poll(() => stored(phone, "outbox", session.code)).toBeNull();
  await expect(checkIns(console)).toHaveText("1 check-in in all");
});

test("a tap kept while the session cannot be reached survives a reload, and arrives once", async ({ browser, baseURL }) => {
  const { session, console, phone } = await sessionWithPhone(browser, baseURL!);

  await tapWhileDown(phone, "sockets-down", "Moved");
  await phone.reload(); // the page still loads; the live session cannot be reached
  await expect(status(phone)).toHaveText("Offline · 1 tap waiting");
  expect(await outboxOf(phone, session.code)).toMatchObject({ v: 1, pending: [{ signal: "moved" }] });
  await expect(checkIns(console)).toHaveText("0 check-ins in all");

  network.set("online");
  await expect(checkIns(console)).toHaveText("1 check-in in all", { timeout: 20_000 });
  await expect.poll(() => stored(phone, "outbox", session.code)).toBeNull();
  // Once, even after the phone has settled and confirmed it.
  await expect(status(phone)).toHaveText("Back — 1 tap sent");
  await expect(checkIns(console)).toHaveText("1 check-in in all");
});

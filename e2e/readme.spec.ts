/**
 * The README's pictures, taken from a real session on every run so they show
 * Attune as it is: the console at 1440 px with a live pulse, a phone at
 * 390×844 with a prompt, and the room display at 1920×1080 — each in the light
 * theme. They land in docs/screenshots/, which the README shows.
 */
import { closeEveryone, openConsole, openPhone, openRoomDisplay, seedLiveSession, seedPrompt } from "./support/seed";
import { expect, test } from "./support/test";

const DOCS = "docs/screenshots";
const TAPS: readonly string[] = ["i-see", "energy-shift", "i-see", "moved", "need-silence", "i-see", "going-deeper", "need-break"];

test.afterEach(closeEveryone);

test("the README's screenshots of the console, a phone and the room display", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!, "Leadership cohort · Day 2");
  const console = await openConsole(browser, session);
  const display = await openRoomDisplay(browser, session);
  const phones = [];
  for (let i = 0; i < 4; i++) phones.push(await openPhone(browser, session.linkPath));
  await expect(console.getByTestId("present")).toHaveText(/^4\b/);

  await seedPrompt(session, { kind: "technique", technique: "gentle-nudge" });
  for (const phone of phones) await expect(phone.getByTestId("prompt")).toBeVisible();

  // A room that is shifting: insight and energy rising, one person asking for silence, one for a break.
  for (const [i, signal] of TAPS.entries()) {
    const phone = phones[i % phones.length]!;
    await phone.locator(`button[data-signal="${signal}"]`).click();
    await expect(phone.getByTestId("tap-confirmation")).toBeVisible();
  }
  await expect(console.getByTestId("checkins-all")).toHaveText(`${TAPS.length} check-ins in all`);

  await console.screenshot({ path: `${DOCS}/console.png` });
  await phones[0]!.screenshot({ path: `${DOCS}/phone.png` });
  await expect(display.getByTestId("display-prompt").or(display.getByText(/I can see something is shifting/))).toBeVisible();
  await display.screenshot({ path: `${DOCS}/room-display.png` });
});

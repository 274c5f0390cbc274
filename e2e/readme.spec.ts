/**
 * The README's pictures, taken from a real session on every run so they show
 * Attune as it is: the console at 1440 px with a live pulse, a phone at
 * 390×844 with a prompt, and the room display at 1920×1080 — each in the light
 * theme. They land in docs/screenshots/, which the README shows.
 *
 * And results with enough answers that their numbers show (anonymity: k 3 on
 * the console, 5 on the display; fewer read "fewer than k"): the console with
 * a scale's results, a phone that answered a choice, and the display with
 * the choice revealed. The answers come from phones in Node, one from a phone
 * in the browser.
 */
import { answerFromNode, answerStatus, card, counts, SENT } from "./support/answers";
import { asConsole, closeEveryone, nodePhone, openConsole, openPhone, openRoomDisplay, seedLiveSession, seedPrompt } from "./support/seed";
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

  await console.screenshot({ path: `${DOCS}/console.png`, animations: "disabled" });
  await phones[0]!.screenshot({ path: `${DOCS}/phone.png`, animations: "disabled" });
  await expect(display.getByTestId("display-prompt").or(display.getByText(/I can see something is shifting/))).toBeVisible();
  await display.screenshot({ path: `${DOCS}/room-display.png`, animations: "disabled" });
});

test("the README's screenshots of results: the console, a phone that answered and the room display", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!, "Leadership cohort · Day 2");
  const console = await openConsole(browser, session);
  const display = await openRoomDisplay(browser, session);
  const phone = await openPhone(browser, session.linkPath);
  await expect(phone.getByTestId("phone-status")).toHaveAttribute("data-state", "live");
  // The rest of the room: 25 phones in Node, joined for the whole test.
  const room = await Promise.all(Array.from({ length: 25 }, () => nodePhone(session)));
  await expect(console.getByTestId("present")).toHaveText(/^26\b/);

  // A scale: 22 answers and 3 passes, every point either empty or from k up.
  const scale = await seedPrompt(session, {
    kind: "content",
    content: { kind: "scale", title: "Presence", body: "How present do you feel right now?", labels: { low: "Miles away", high: "Fully here" } },
  });
  const points = [2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5];
  await answerFromNode(session, scale.id, [...points.map((value) => ({ value })), { pass: true }, { pass: true }, { pass: true }], room);
  await expect(counts(console)).toHaveText("22 answered · 3 passed");
  await expect(console.getByTestId("results-bars").locator('[data-row="4"] td').last()).toHaveText("7");
  await console.screenshot({ path: `${DOCS}/console-results.png`, animations: "disabled" });

  // A choice: every option the room sees is empty or from 5 up; the browser's phone makes "Time to write" 9.
  const choice = await seedPrompt(session, {
    kind: "content",
    content: { kind: "choice", title: "Next hour", body: "What would help you most in the next hour?", options: ["A short break", "Time to write", "A walk in pairs", "Keep going"] },
  });
  const picks = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2];
  await answerFromNode(session, choice.id, picks.map((option) => ({ option })), room);
  await card(phone).getByRole("button", { name: "Time to write" }).click();
  await expect(answerStatus(phone)).toHaveText(SENT);
  await expect(counts(console)).toHaveText("20 answered · 0 passed");
  await phone.screenshot({ path: `${DOCS}/phone-answer.png`, animations: "disabled" });

  await asConsole(session.facilitator, "display:show", { sessionId: session.id, shows: "results" });
  await asConsole(session.facilitator, "prompt:reveal", { sessionId: session.id, revealed: true });
  const stage = display.getByTestId("stage-bars");
  await expect(stage.getByRole("listitem", { name: /^Time to write: 9\b/ })).toBeVisible();
  await expect(stage.getByRole("listitem", { name: /^A short break: 5\b/ })).toBeVisible();
  await display.screenshot({ path: `${DOCS}/room-display-results.png`, animations: "disabled" });
});

/**
 * The whole of a facilitated session, as issue 8 asks for it end to end: two
 * facilitators, four phones and a room display. The owner builds a deck from
 * the library in the console (search, filters, a reorder from the keyboard),
 * goes live and opens the room display by its link on a "projector" nobody is
 * signed in to. Push next takes the deck's prompts in turn: a technique's
 * script, a reflection (answers, a pass, a changed answer, a reload, a hidden
 * answer that never reaches the display), a scale and a choice (bars on the
 * console, the phones and the display). A co-facilitator is invited, accepts,
 * pushes the deck's last prompt from their own console, and is removed.
 *
 * Each spec of its own covers a part in depth (answers, library, team,
 * palette); this one checks that they hold together. Screenshots go to
 * /tmp/shots/journey/ (or JOURNEY_SHOTS).
 */
import { mkdirSync } from "node:fs";
import { devices, type Page } from "@playwright/test";
import { expectAccessible } from "./support/a11y";
import { answerStatus, card, counts, expectBars, pass, scalePoint, SENT, writeAnswer } from "./support/answers";
import {
  asConsole,
  closeEveryone,
  createSession,
  facilitator,
  facilitatorPage,
  LAPTOP,
  openPhone,
  pathIn,
  PHONE,
  ROOM_SCREEN,
  signUpFacilitator,
  SMALL_PHONE,
  spaced,
  type LiveSession,
} from "./support/seed";
import { expect, test } from "./support/test";

const SHOTS = process.env.JOURNEY_SHOTS ?? "/tmp/shots/journey";
// Playwright's Pixel preset is Chromium already; only its browser name is dropped, as seed.ts does for the iPhone.
const { defaultBrowserType: _chromium, ...PIXEL } = devices["Pixel 5"];

// The deck's prompts, as the built-in library words them (lib/library/prompts.ts, lib/content.ts).
const NUDGE = "The Gentle Nudge";
const NUDGE_SCRIPT = "I can see something is shifting for you. What are you experiencing right now?";
const OPEN_QUESTION = "What would you like to explore today?";
const READINESS = "How ready do you feel to explore today?";
const FIRST_SIGN = "Which sign did you notice first?";
const GRATITUDE = "What are you grateful for from this session?";

const FIRST_ANSWER = "How to stay with a silence.";
const CHANGED_ANSWER = "How to let a silence be, without filling it.";
const TO_HIDE = "Honestly, the person next to me: ask Sam about their divorce.";

// Generous where a change travels over sockets to several browsers on a small CI machine.
const SOCKETS = { timeout: 20_000 };

test.afterEach(closeEveryone);

/** The titles in the console's deck, in order. */
const deckTitles = (page: Page) => page.getByTestId("deck").locator("li[data-deck-item] p.font-medium");
const deckItem = (page: Page, title: string) => page.getByTestId("deck").locator("li[data-deck-item]").filter({ hasText: title });
/** The console's heading of the prompt showing now. */
const showing = (page: Page, title: string) => page.getByRole("article").getByRole("heading", { name: title });

async function shot(page: Page, name: string, fullPage = false) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, animations: "disabled", fullPage });
}

/**
 * Every piece of text the page has shown since it opened, kept by the page
 * itself: so "never on the display" covers what came and went between two
 * looks, not only what is there at the end.
 */
async function recordEverythingShown(page: Page) {
  await page.context().addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __shown: string[] }).__shown = seen;
    const keep = (node: Node) => seen.push(node.textContent ?? "");
    new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === "characterData") keep(record.target);
        record.addedNodes.forEach(keep);
      }
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
}
const everythingShown = (page: Page) => page.evaluate(() => (window as unknown as { __shown: string[] }).__shown.join("\n") + document.body.innerText);

test("two facilitators, four phones and a room display run a session from a deck built in the library", async ({ browser, baseURL }) => {
  test.setTimeout(300_000);

  // ---- the owner builds a deck from the library, in a draft -------------------
  const owner = await facilitator(baseURL!);
  const draft = await createSession(owner, "Breakthrough practice · the whole evening");
  const as: LiveSession = { facilitator: owner } as LiveSession;
  const console = await facilitatorPage(browser, as, `/console/s/${draft.id}`, LAPTOP);
  const deck = console.getByTestId("deck");
  await expect(deck.getByText(/The deck is empty/)).toBeVisible();

  await deck.getByRole("button", { name: "Add from library" }).click();
  const picker = console.getByRole("dialog", { name: "Add from the library" });
  const search = picker.getByRole("searchbox", { name: "Search" });
  const phase = picker.getByRole("combobox", { name: "Phase" });
  const kind = picker.getByRole("combobox", { name: "Kind" });
  // A reflection, by its filters.
  await kind.selectOption({ label: "Reflection" });
  await phase.selectOption({ label: "Creating conditions" });
  await expect(picker.getByText("1 template shown")).toBeVisible();
  await picker.getByRole("button", { name: "Add Open-ended question to the deck" }).click();
  await expect(console.getByTestId("announcer")).toHaveText("Added to the deck: Open-ended question");
  // A technique's script, by search and kind.
  await picker.getByRole("button", { name: "Clear filters" }).click();
  await kind.selectOption({ label: "Script" });
  await search.fill("nudge");
  await picker.getByRole("button", { name: `Add ${NUDGE} to the deck` }).click();
  await expect(console.getByTestId("announcer")).toHaveText(`Added to the deck: ${NUDGE}`);
  // A scale and a choice; then one more for the co-facilitator.
  await picker.getByRole("button", { name: "Clear filters" }).click();
  await kind.selectOption({ label: "Scale 1–5" });
  await phase.selectOption({ label: "Creating conditions" });
  await expect(picker.getByText("1 template shown")).toBeVisible();
  await picker.getByRole("button", { name: "Add Readiness to explore to the deck" }).click();
  await picker.getByRole("button", { name: "Clear filters" }).click();
  await search.fill("first sign");
  await picker.getByRole("button", { name: "Add First sign noticed to the deck" }).click();
  await search.fill("grateful");
  await expect(picker.getByText("1 template shown")).toBeVisible();
  await picker.getByRole("button", { name: "Add Gratitude to the deck" }).click();
  await expect(deckTitles(console)).toHaveText(["Open-ended question", NUDGE, "Readiness to explore", "First sign noticed", "Gratitude"]);
  await picker.getByRole("button", { name: "Done" }).click();
  await expect(picker).toBeHidden();

  // The script goes first: Alt+↑ on the focused prompt, which keeps the focus.
  const nudge = deckItem(console, NUDGE);
  await nudge.focus();
  await console.keyboard.press("Alt+ArrowUp");
  await expect(deckTitles(console)).toHaveText([NUDGE, "Open-ended question", "Readiness to explore", "First sign noticed", "Gratitude"]);
  await expect(nudge).toBeFocused();
  await expect(console.getByTestId("announcer")).toHaveText(`${NUDGE} moved to position 1 of 5`);

  // ---- live; the room display by its link; four phones ------------------------
  await console.getByRole("button", { name: "Go live" }).click();
  await expect(console.getByRole("button", { name: "End session" })).toBeVisible();
  const { session } = await asConsole(owner, "session:watch", { sessionId: draft.id });
  const code = session.joinCode!;
  await expect(console.getByLabel(`Join code ${spaced(code)}`)).toBeVisible();
  const pushNext = console.getByRole("button", { name: /^Push next/ });
  await expect(pushNext).toContainText(NUDGE);

  const team = console.getByTestId("team-panel");
  await team.getByRole("button", { name: "Create display link" }).click();
  const displayPath = await pathIn(console, "Room display link");
  // The projector: a browser of its own, nobody signed in (openPhone opens any page that way).
  const display = await openPhone(browser, "about:blank", { viewport: ROOM_SCREEN, deviceScaleFactor: 1 });
  await recordEverythingShown(display);
  await display.goto(displayPath);
  await expect(display.getByRole("heading", { name: draft.title, level: 1 })).toBeVisible();
  await expect(display.getByLabel(`Join code ${spaced(code)}`)).toBeVisible();

  const link = `/j/${code}?k=${session.joinKey}`;
  const phones = [
    await openPhone(browser, link, PHONE),
    await openPhone(browser, link, PHONE),
    await openPhone(browser, link, SMALL_PHONE),
    await openPhone(browser, link, PIXEL),
  ];
  const [a, b, c, d] = phones as [Page, Page, Page, Page];
  for (const phone of phones) await expect(phone.getByTestId("phone-status")).toHaveAttribute("data-state", "live", SOCKETS);
  await expect(console.getByTestId("present")).toHaveText(/^4 present/, SOCKETS);
  await expect(display.getByTestId("present")).toHaveText("4 people have joined", SOCKETS);

  // ---- 1. the script, with N ---------------------------------------------------
  await console.locator("body").press("n");
  await expect(showing(console, NUDGE)).toBeVisible();
  await expect(nudge).toContainText("Pushed");
  await expect(pushNext).toContainText("Open-ended question");
  for (const phone of phones) {
    await expect(phone.getByTestId("prompt")).toContainText(NUDGE_SCRIPT, SOCKETS);
    // A script is read, not answered.
    await expect(card(phone)).toHaveCount(0);
  }
  await expect(display.getByText(`“${NUDGE_SCRIPT}”`)).toBeVisible(SOCKETS);
  await expect(console.getByTestId("results-panel")).toHaveCount(0);

  // ---- 2. the reflection: answers, a pass, a change, a reload, a hidden answer -
  await pushNext.click();
  await expect(showing(console, "Open-ended question")).toBeVisible();
  await expect(counts(console)).toHaveText("0 answered · 0 passed", SOCKETS);
  for (const phone of phones) await expect(phone.getByTestId("prompt")).toContainText(OPEN_QUESTION, SOCKETS);
  await expect(display.getByText(`“${OPEN_QUESTION}”`)).toBeVisible(SOCKETS);

  await card(a).getByRole("textbox", { name: "Your answer" }).fill(FIRST_ANSWER);
  await shot(a, "phone-390-reflection-typing");
  await expectAccessible(a, "a phone answering the deck's reflection");
  await card(a).getByRole("button", { name: "Send" }).click();
  await expect(answerStatus(a)).toHaveText(SENT);
  await writeAnswer(c, TO_HIDE);
  await card(b).getByRole("button", { name: "I pass" }).click();
  await expect(card(b).getByText("You passed — that is fine.")).toBeVisible();
  await expect(answerStatus(b)).toHaveText(SENT);
  // One pass is fewer than the console's k (3): not a number (docs/reading-the-room.md).
  await expect(counts(console)).toHaveText("2 answered · fewer than 3 passed", SOCKETS);
  const wall = console.getByTestId("results-wall");
  await expect(wall.getByText(FIRST_ANSWER)).toBeVisible();

  // Changed: it replaces the first and still counts once.
  await card(a).getByRole("button", { name: "Change my answer" }).click();
  await card(a).getByRole("textbox", { name: "Your answer" }).fill(CHANGED_ANSWER);
  await card(a).getByRole("button", { name: "Send" }).click();
  await expect(answerStatus(a)).toHaveText(SENT);
  await expect(wall.getByText(CHANGED_ANSWER)).toBeVisible(SOCKETS);
  await expect(wall.getByText(FIRST_ANSWER)).toHaveCount(0);
  await expect(counts(console)).toHaveText("2 answered · fewer than 3 passed");

  // Reloaded, a phone shows its own answer; the one that passed, its pass.
  await a.reload();
  await expect(card(a).getByTestId("my-answer")).toHaveText(CHANGED_ANSWER, SOCKETS);
  await expect(answerStatus(a)).toHaveText(SENT);
  await c.reload();
  await expect(card(c).getByTestId("my-answer")).toHaveText(TO_HIDE, SOCKETS);
  await expect(card(d).getByRole("textbox", { name: "Your answer" })).toHaveValue("");

  // Hidden before anything is revealed; then the display shows results and they are revealed.
  await console.getByRole("button", { name: `Hide this answer from the room: ${TO_HIDE}` }).click();
  await expect(wall.locator("[data-hidden]")).toContainText(TO_HIDE);
  await console.getByTestId("display-shows").getByText("Results").click();
  await expect(console.getByText("The display shows results once you reveal them.")).toBeVisible();
  await console.getByRole("button", { name: "Reveal results" }).click();
  await expect(console.getByTestId("results-visibility")).toHaveText("Shown to the room");
  // One answer to show is fewer than the shared k (5): the room's wall waits for more (e2e/privacy.spec.ts).
  const stage = display.getByTestId("results-on-stage");
  await expect(stage.getByTestId("stage-wall-waiting")).toBeVisible(SOCKETS);
  await expect(stage.getByText(CHANGED_ANSWER)).toHaveCount(0);
  for (const phone of phones) {
    await expect(phone.getByTestId("room-results")).toContainText("Waiting for more answers", SOCKETS);
    await expect(phone.getByTestId("room-results").getByText(TO_HIDE)).toHaveCount(0);
  }
  expect(await everythingShown(display), "the hidden answer never reached the display").not.toContain(TO_HIDE);
  expect(await everythingShown(display), "nor the answer changed before the reveal").not.toContain(FIRST_ANSWER);
  await shot(display, "display-1080-reflection-revealed");

  // ---- 3. the scale: answers, a change, a pass; bars everywhere ------------------
  await expect(pushNext).toContainText("Readiness to explore");
  await pushNext.click();
  await expect(showing(console, "Readiness to explore")).toBeVisible();
  // A new prompt starts hidden: the display shows the question until it is revealed.
  await expect(display.getByText(`“${READINESS}”`)).toBeVisible(SOCKETS);
  await expect(display.getByTestId("results-on-stage")).toHaveCount(0);
  await expect(card(d).getByRole("group", { name: "From 1 (Not yet) to 5 (Ready to go deeper)" })).toBeVisible(SOCKETS);
  await scalePoint(d, 3).click();
  await expect(answerStatus(d)).toHaveText(SENT);
  await scalePoint(d, 4).click();
  await expect(scalePoint(d, 4)).toHaveAttribute("aria-pressed", "true");
  await expect(scalePoint(d, 3)).toHaveAttribute("aria-pressed", "false");
  await shot(d, "phone-pixel-scale-answered");
  await expectAccessible(d, "a phone that answered the deck's scale");
  await scalePoint(a, 4).click();
  await expect(answerStatus(a)).toHaveText(SENT);
  await scalePoint(c, 2).click();
  await expect(answerStatus(c)).toHaveText(SENT);
  await pass(b);
  // Counts under the console's k read "fewer than 3", and the total that would give them away is left out.
  await expect(counts(console)).toHaveText("total not shown · fewer than 3 passed", SOCKETS);
  await expectBars(console, { 4: "fewer than 3", 2: "fewer than 3", 3: 0 });
  await console.getByRole("button", { name: "Reveal results" }).click();
  // On the room's screens three answers are fewer than the shared k (5): no count at all.
  const stageBars = display.getByTestId("stage-bars");
  await expect(stageBars.getByRole("listitem", { name: "4: not shown" })).toBeVisible(SOCKETS);
  await expect(stageBars.getByRole("listitem", { name: "1 (Not yet): not shown" })).toBeVisible();
  await expect(c.getByTestId("room-results")).toContainText("Fewer than 5 answers so far", SOCKETS);
  await shot(console, "console-1440-scale-results", true);
  await shot(display, "display-1080-scale-revealed");

  // ---- 4. the choice ---------------------------------------------------------------
  await pushNext.click();
  await expect(showing(console, "First sign noticed")).toBeVisible();
  await expect(display.getByText(`“${FIRST_SIGN}”`)).toBeVisible(SOCKETS);
  for (const [phone, option] of [
    [a, "Energy shifts"],
    [b, "Voice changes"],
    [c, "Energy shifts"],
  ] as const) {
    await card(phone).getByRole("button", { name: option }).click();
    await expect(answerStatus(phone)).toHaveText(SENT);
  }
  await pass(d);
  await expect(counts(console)).toHaveText("total not shown · fewer than 3 passed", SOCKETS);
  await expectBars(console, { "Energy shifts": "fewer than 3", "Voice changes": "fewer than 3", "Eye contact changes": 0 });
  await console.getByRole("button", { name: "Reveal results" }).click();
  await expect(display.getByTestId("stage-bars").getByRole("listitem", { name: "Energy shifts: not shown" })).toBeVisible(SOCKETS);
  await expect(display.getByTestId("stage-bars").getByRole("listitem", { name: "Voice changes: not shown" })).toBeVisible();
  await expect(c.getByTestId("room-results")).toContainText("Energy shifts", SOCKETS);
  await expect(deck.locator("li[data-deck-item]").filter({ hasText: "Pushed" })).toHaveCount(4);
  await expect(pushNext).toContainText("Gratitude");
  await shot(console, "console-1440-choice-results", true);
  await shot(display, "display-1080-choice-revealed");
  await shot(c, "phone-320-choice-revealed", true);
  await expectAccessible(console, "the live console with a deck and a choice's results");
  await expectAccessible(display, "the room display, opened by its link, with a choice's results");

  // ---- 5. a co-facilitator: invited, accepts, pushes; removed -----------------------
  await team.getByRole("button", { name: "Invite a co-facilitator" }).click();
  const invitePath = await pathIn(console, "Invitation link");
  const co = await signUpFacilitator(baseURL!);
  const coConsole = await facilitatorPage(browser, { facilitator: co } as LiveSession, invitePath, LAPTOP);
  await expect(coConsole.getByText(`${owner.email} invites you to run “${draft.title}” with them.`)).toBeVisible();
  await coConsole.getByRole("button", { name: "Join as co-facilitator" }).click();
  await coConsole.waitForURL(`**/console/s/${draft.id}`);
  await expect(coConsole.getByLabel(`Join code ${spaced(code)}`)).toBeVisible();
  await expect(coConsole.getByText(`You run this session with ${owner.email}, its owner.`)).toBeVisible();
  await expect(team.getByRole("list", { name: "Co-facilitators" }).getByText(co.email)).toBeVisible(SOCKETS);
  // The same deck, the same place in it, and the prompt showing now with its results.
  await expect(deckTitles(coConsole)).toHaveText([NUDGE, "Open-ended question", "Readiness to explore", "First sign noticed", "Gratitude"]);
  await expect(showing(coConsole, "First sign noticed")).toBeVisible();
  await expect(counts(coConsole)).toHaveText("total not shown · fewer than 3 passed");

  // The co-facilitator pushes the deck's next prompt: the owner's console and every phone show it at once.
  const coPushNext = coConsole.getByRole("button", { name: /^Push next/ });
  await expect(coPushNext).toContainText("Gratitude");
  await coPushNext.click();
  await expect(showing(coConsole, "Gratitude")).toBeVisible();
  await expect(showing(console, "Gratitude")).toBeVisible(SOCKETS);
  await expect(deckItem(console, "Gratitude")).toContainText("Pushed", SOCKETS);
  await expect(counts(console)).toHaveText("0 answered · 0 passed", SOCKETS);
  for (const phone of phones) {
    await expect(phone.getByTestId("prompt")).toContainText(GRATITUDE, SOCKETS);
    await expect(card(phone).getByRole("textbox", { name: "Your answer" })).toBeVisible();
  }
  await shot(coConsole, "console-co-1440-pushed", true);

  // Removed by the owner: the co-facilitator's open console ends at once.
  await team.getByRole("button", { name: `Remove ${co.email}` }).click();
  await team.getByRole("button", { name: "Remove", exact: true }).click();
  await expect(coConsole.getByRole("heading", { name: "You are no longer a co-facilitator of this session" })).toBeVisible(SOCKETS);
  await expect(team.getByText(`${co.email} was removed; their console has closed.`)).toBeVisible();
  await expect(coConsole.getByRole("button", { name: /^Push next/ })).toHaveCount(0);
  await shot(coConsole, "console-co-1440-access-ended");
  // The room goes on: the owner's console still runs it.
  await expect(console.getByTestId("connection")).toHaveText("Connected");
  await expect(a.getByTestId("phone-status")).toHaveAttribute("data-state", "live");
});

/**
 * Answers: the facilitator asks the room (a reflection, a scale, a choice)
 * from the console; phones answer or pass, change an answer, see it again
 * after a reload, and keep one made offline until they are back. The console
 * shows the results live and moderates the wall; the room display shows the
 * revealed results (never a hidden answer) and the pulse.
 *
 * Screenshots to e2e/output/screenshots/answers-*.png (the README's pictures
 * of results, with enough answers to show their numbers, are readme.spec.ts's).
 */
import type { Browser, Page } from "@playwright/test";
import { AUTH_COOKIE } from "../server/auth/cookie";
import { expectAccessible } from "./support/a11y";
import { answerFromNode, answerStatus, card, counts, scalePoint, SENT, writeAnswer } from "./support/answers";
import { flakyNetwork, type FlakyNetwork } from "./support/flaky-network";
import { asConsole, closeEveryone, openConsole, openPhone, openRoomDisplay, PHONE, seedLiveSession, seedPrompt, SMALL_PHONE, type LiveSession } from "./support/seed";
import { expect, test } from "./support/test";

const SHOTS = process.env.ANSWERS_SHOTS ?? "e2e/output/screenshots";
const NARROW = { width: 480, height: 900 };

const REFLECTION = "What is one thing you noticed in yourself today?";
const SCALE = "How present do you feel right now?";
const CHOICE = "What would help you most in the next hour?";

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

/** Asks every phone from the console's "Ask the room" form. */
async function ask(console: Page, kind: "Reflection" | "Scale 1–5" | "Choice", question: string, extra?: { low?: string; high?: string; options?: string[] }) {
  const form = console.getByRole("form", { name: "Ask the room" });
  await form.getByRole("radio", { name: kind }).check();
  await form.getByLabel("Question").fill(question);
  if (extra?.low) await form.getByLabel("1 means").fill(extra.low);
  if (extra?.high) await form.getByLabel("5 means").fill(extra.high);
  if (extra?.options) await form.getByLabel(/^Options/).fill(extra.options.join("\n"));
  await form.getByRole("button", { name: "Ask every phone" }).click();
  await expect(form.getByLabel("Question")).toHaveValue("");
  await expect(console.getByTestId("results-panel")).toBeVisible();
}

async function phones(browser: Browser, session: LiveSession): Promise<Page[]> {
  // The third is the smallest phone still in use (320×640).
  const joined = [
    await openPhone(browser, session.linkPath, PHONE),
    await openPhone(browser, session.linkPath, PHONE),
    await openPhone(browser, session.linkPath, SMALL_PHONE),
  ];
  for (const phone of joined) await expect(phone.getByTestId("phone-status")).toHaveAttribute("data-state", "live");
  return joined;
}

test("a reflection: phones answer, pass and change an answer; a reload shows it again; a hidden answer never reaches the room", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!, "Breakthrough practice · answers");
  const console = await openConsole(browser, session);
  const display = await openRoomDisplay(browser, session);
  const [a, b, c] = await phones(browser, session);
  await expect(console.getByTestId("present")).toHaveText(/^3 present/);

  await ask(console, "Reflection", REFLECTION);
  for (const phone of [a!, b!, c!]) {
    await expect(phone.getByTestId("prompt")).toContainText(REFLECTION);
    await expect(card(phone).getByRole("textbox", { name: "Your answer" })).toBeVisible();
    await expect(card(phone).getByRole("button", { name: "I pass" })).toBeVisible();
  }
  await expect(counts(console)).toHaveText("0 answered · 0 passed");
  await card(a!).getByRole("textbox", { name: "Your answer" }).fill("I noticed I rush to fill silences.");
  await expect(card(a!).getByText("34 of 500 characters")).toBeVisible();
  await a!.screenshot({ path: `${SHOTS}/answers-phone-390-reflection.png` });
  await c!.screenshot({ path: `${SHOTS}/answers-phone-320-reflection.png` });
  await expectAccessible(a!, "a phone answering a reflection");

  await card(a!).getByRole("button", { name: "Send" }).click();
  await expect(answerStatus(a!)).toHaveText(SENT);
  await card(b!).getByRole("button", { name: "I pass" }).click();
  await expect(card(b!).getByText("You passed — that is fine.")).toBeVisible();
  await expect(answerStatus(b!)).toHaveText(SENT);
  // Typed markup is words on the wall, never HTML.
  const markup = "<b>Not sure</b> yet, and that is all right";
  await writeAnswer(c!, markup);
  // One pass is fewer than the console's k (3): not a number (docs/reading-the-room.md).
  await expect(counts(console)).toHaveText("2 answered · fewer than 3 passed");
  const wall = console.getByTestId("results-wall");
  await expect(wall.getByText(markup)).toBeVisible();
  await expect(wall.locator("b")).toHaveCount(0);

  // A changed answer replaces the one before and counts once.
  await card(a!).getByRole("button", { name: "Change my answer" }).click();
  const area = card(a!).getByRole("textbox", { name: "Your answer" });
  await expect(area).toBeFocused();
  await area.fill("I noticed I can let a silence be.");
  await card(a!).getByRole("button", { name: "Send" }).click();
  await expect(answerStatus(a!)).toHaveText(SENT);
  await expect(wall.getByText("I noticed I can let a silence be.")).toBeVisible();
  await expect(wall.getByText("I noticed I rush to fill silences.")).toHaveCount(0);
  await expect(counts(console)).toHaveText("2 answered · fewer than 3 passed");

  // After a reload the phone asks for its own answer and shows it.
  await a!.reload();
  await expect(card(a!).getByTestId("my-answer")).toHaveText("I noticed I can let a silence be.");
  await expect(answerStatus(a!)).toHaveText(SENT);
  await b!.reload();
  await expect(card(b!).getByText("You passed — that is fine.")).toBeVisible();

  // Moderation: one hidden, one highlighted; the room display shows the results once revealed.
  await console.getByRole("button", { name: `Hide this answer from the room: ${markup}` }).click();
  await expect(wall.locator("[data-hidden]")).toContainText(markup);
  await console.getByRole("button", { name: "Highlight this answer: I noticed I can let a silence be." }).click();
  await expect(wall.locator("[data-highlighted]")).toContainText("I noticed I can let a silence be.");

  // The room sees a wall only once the shared k (5) answers can be shown on it: four more phones answer.
  const { prompt } = await asConsole(session.facilitator, "session:watch", { sessionId: session.id });
  await answerFromNode(session, prompt!.id, WALL.slice(0, 4).map((text) => ({ text })));
  await expect(counts(console)).toHaveText("6 answered · fewer than 3 passed");
  await console.getByTestId("display-shows").getByText("Results").click();
  await expect(console.getByText("The display shows results once you reveal them.")).toBeVisible();
  await expect(display.getByText(`“${REFLECTION}”`)).toBeVisible();
  await expect(display.getByTestId("results-on-stage")).toHaveCount(0);
  await console.getByRole("button", { name: "Reveal results" }).click();
  await expect(console.getByTestId("results-visibility")).toHaveText("Shown to the room");
  const stage = display.getByTestId("results-on-stage");
  await expect(stage.getByText("I noticed I can let a silence be.")).toBeVisible();
  await expect(stage.locator("[data-highlighted]")).toHaveCount(1);
  await expect(display.getByText(markup)).toHaveCount(0);
  for (const phone of [a!, b!, c!]) {
    await expect(phone.getByTestId("room-results")).toContainText("I noticed I can let a silence be.");
    await expect(phone.getByTestId("room-results").getByText(markup)).toHaveCount(0);
  }

  // Shown again: it returns to the room; hidden again: it leaves it.
  await console.getByRole("button", { name: `Show this answer again: ${markup}` }).click();
  await expect(stage.getByText(markup)).toBeVisible();
  await console.getByRole("button", { name: `Hide this answer from the room: ${markup}` }).click();
  await expect(display.getByText(markup)).toHaveCount(0);

  await console.screenshot({ path: `${SHOTS}/answers-console-1440-reflection.png`, fullPage: true });
  await display.screenshot({ path: `${SHOTS}/answers-display-1080-reflection.png` });
  await a!.screenshot({ path: `${SHOTS}/answers-phone-390-revealed.png`, fullPage: true });
  await expectAccessible(console, "the console with a reflection's results");
  await expectAccessible(display, "the room display with a reflection's results");
  await expectAccessible(c!, "a phone with revealed results");
  const narrow = await openConsole(browser, session, NARROW);
  await expect(narrow.getByTestId("results-wall")).toBeVisible();
  await expect(narrow.getByRole("button", { name: /^Push next/ })).toBeInViewport();
  await narrow.screenshot({ path: `${SHOTS}/answers-console-480-reflection.png`, fullPage: true });
});

test("a scale and a choice: bars on the console, on the phones and on the room display; the pulse on the display", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!, "Leadership cohort · Day 2");
  const console = await openConsole(browser, session);
  const display = await openRoomDisplay(browser, session);
  const [a, b, c] = await phones(browser, session);

  await ask(console, "Scale 1–5", SCALE, { low: "Miles away", high: "Fully here" });
  await expect(card(c!).getByRole("group", { name: "From 1 (Miles away) to 5 (Fully here)" })).toBeVisible();
  await c!.screenshot({ path: `${SHOTS}/answers-phone-320-scale.png` });
  await expectAccessible(c!, "a phone answering a scale");
  await scalePoint(a!, 4).click();
  await expect(answerStatus(a!)).toHaveText(SENT);
  await expect(scalePoint(a!, 4)).toHaveAttribute("aria-pressed", "true");
  await scalePoint(b!, 2).click();
  await expect(answerStatus(b!)).toHaveText(SENT);
  // Changed: 2 becomes 5, still one answer.
  await scalePoint(b!, 5).click();
  await expect(scalePoint(b!, 5)).toHaveAttribute("aria-pressed", "true");
  await expect(scalePoint(b!, 2)).toHaveAttribute("aria-pressed", "false");
  await card(c!).getByRole("button", { name: "I pass" }).click();
  await expect(answerStatus(c!)).toHaveText(SENT);
  // Fewer than the console's k (3) answered: no point's count is shown (docs/reading-the-room.md).
  await expect(counts(console)).toHaveText("fewer than 3 answered · fewer than 3 passed");
  const bars = console.getByTestId("results-bars");
  await expect(bars.locator('[data-row="4"] td').last()).toHaveText("not shown");
  await expect(bars.locator('[data-row="5"] td').last()).toHaveText("not shown");
  await expect(bars.locator('[data-row="2"] td').last()).toHaveText("not shown");
  await b!.screenshot({ path: `${SHOTS}/answers-phone-390-scale.png` });

  await console.getByTestId("display-shows").getByText("Results").click();
  await console.getByRole("button", { name: "Reveal results" }).click();
  const stageBars = display.getByTestId("stage-bars");
  await expect(stageBars.getByRole("listitem", { name: "4: not shown" })).toBeVisible();
  await expect(stageBars.getByRole("listitem", { name: "1 (Miles away): not shown" })).toBeVisible();
  await expect(a!.getByTestId("room-results")).toContainText("Fewer than 5 answers so far");
  await console.screenshot({ path: `${SHOTS}/answers-console-1440-scale.png`, fullPage: true });
  await display.screenshot({ path: `${SHOTS}/answers-display-1080-scale.png` });
  await expectAccessible(console, "the console with a scale's results");

  await ask(console, "Choice", CHOICE, { options: ["A short break", "Time to write", "A walk in pairs", "Keep going"] });
  // A new prompt starts hidden: the display shows the question until it is revealed.
  await expect(display.getByText(`“${CHOICE}”`)).toBeVisible();
  await expect(a!.getByTestId("room-results")).toHaveCount(0);
  for (const [phone, option] of [
    [a!, "Time to write"],
    [b!, "Time to write"],
    [c!, "A walk in pairs"],
  ] as const) {
    await card(phone).getByRole("button", { name: option }).click();
    await expect(answerStatus(phone)).toHaveText(SENT);
  }
  // Two options under k: their counts read "fewer than 3", and the total would give them away.
  await expect(counts(console)).toHaveText("total not shown · 0 passed");
  await expect(console.getByTestId("results-bars").locator('[data-row="Time to write"] td').last()).toHaveText("fewer than 3");
  await a!.screenshot({ path: `${SHOTS}/answers-phone-390-choice.png` });
  await expectAccessible(a!, "a phone that answered a choice");
  await console.getByRole("button", { name: "Reveal results" }).click();
  await expect(display.getByTestId("stage-bars").getByRole("listitem", { name: "Time to write: not shown" })).toBeVisible();
  await expect(c!.getByTestId("room-results")).toContainText("Time to write");
  await console.screenshot({ path: `${SHOTS}/answers-console-1440-choice.png`, fullPage: true });
  await display.screenshot({ path: `${SHOTS}/answers-display-1080-choice.png` });
  await c!.screenshot({ path: `${SHOTS}/answers-phone-320-choice-revealed.png`, fullPage: true });
  await expectAccessible(display, "the room display with a choice's results");
  const narrow = await openConsole(browser, session, NARROW);
  await expect(narrow.getByTestId("results-bars")).toBeVisible();
  await expect(narrow.getByRole("button", { name: /^Push next/ })).toBeInViewport();
  await narrow.screenshot({ path: `${SHOTS}/answers-console-480-choice.png`, fullPage: true });

  // The pulse, for everyone: bars, no counts.
  await a!.getByRole("button", { name: "I see!" }).click();
  await b!.getByRole("button", { name: "I see!" }).click();
  await console.getByTestId("display-shows").getByText("Pulse").click();
  await expect(display.getByRole("heading", { name: "The room right now" })).toBeVisible();
  await display.screenshot({ path: `${SHOTS}/answers-display-1080-pulse.png` });
  await expectAccessible(display, "the room display with the pulse");
});

test("an answer made offline is kept and sent on return; one whose prompt closed meanwhile is dropped calmly", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!);
  const console = await openConsole(browser, session);
  const phone = await openPhone(browser, `${network.origin}${session.linkPath}`);
  await expect(phone.getByTestId("phone-status")).toHaveAttribute("data-state", "live");

  await ask(console, "Scale 1–5", SCALE);
  await expect(scalePoint(phone, 3)).toBeVisible();
  network.set("offline");
  await expect(phone.getByTestId("phone-status")).toHaveAttribute("data-state", "offline");
  await scalePoint(phone, 3).click();
  await expect(answerStatus(phone)).toHaveText("Saved on this phone — it goes when you are back online");
  await scalePoint(phone, 2).click();
  network.set("online");
  await expect(answerStatus(phone)).toHaveText(SENT);
  await expect(counts(console)).toHaveText("fewer than 3 answered");
  await expect(console.getByTestId("results-bars").locator('[data-row="2"] td').last()).toHaveText("not shown");

  // Offline again; the facilitator moves on before the answer can go.
  await ask(console, "Reflection", REFLECTION);
  await expect(card(phone).getByRole("textbox", { name: "Your answer" })).toBeVisible();
  network.set("offline");
  await expect(phone.getByTestId("phone-status")).toHaveAttribute("data-state", "offline");
  await card(phone).getByRole("textbox", { name: "Your answer" }).fill("Written on the train");
  await card(phone).getByRole("button", { name: "Send" }).click();
  await expect(answerStatus(phone)).toHaveText("Saved on this phone — it goes when you are back online");
  await console.getByRole("button", { name: "Close prompt" }).click();
  await expect(console.getByText("No prompt is showing. Push one below.")).toBeVisible();
  network.set("online");
  await expect(phone.getByText("Your facilitator will share a prompt here.")).toBeVisible();
  await expect(phone.getByTestId("answer-note")).toHaveText("The prompt closed before your answer could go, so it was not sent. That is all right.");
  await expect(phone.getByTestId("phone-status")).toHaveAttribute("data-state", /live|back/);
  expect(await phone.evaluate((code) => localStorage.getItem(`attune:answers:${code}`) ?? "", session.code)).not.toContain("Written on the train");
});

const WALL = [
  "I noticed how quickly I want to fix things for other people.",
  "Calm.",
  "That I was holding my breath when it got quiet, and that letting the silence stay did not hurt anyone.",
  "More patience than I expected",
  "I felt seen when nobody rushed me.",
  "My shoulders dropped during the pause.",
  "Curious about what happens when I do not fill the gap.",
  "A little tired, and grateful.",
  "That asking one open question did more than my three suggestions.",
  "Hope.",
  "When the room went quiet after the second question I noticed an old habit of mine: reaching for a joke to break the tension. This time I did not. " +
    "I waited, and someone across the circle said the thing we had all been circling around. I want to remember what that felt like.",
];

for (const screen of [
  { name: "720", width: 1280, height: 720 },
  { name: "1080", width: 1920, height: 1080 },
]) {
  test(`at ${screen.width}×${screen.height} a full wall of answers fits the room display, highlighted ones larger, hidden ones never`, async ({ browser, baseURL }) => {
    const session = await seedLiveSession(baseURL!, "Integration circle");
    const prompt = await seedPrompt(session, { kind: "content", content: { kind: "reflection", title: "Noticed", body: REFLECTION } });
    await answerFromNode(session, prompt.id, WALL.map((text) => ({ text })));
    const console = await openConsole(browser, session);
    await expect(counts(console)).toHaveText(`${WALL.length} answered · 0 passed`);
    await console.getByRole("button", { name: `Hide this answer from the room: ${WALL[7]}` }).click();
    await expect(console.getByTestId("results-wall").locator("[data-hidden]")).toHaveCount(1);
    await console.getByRole("button", { name: `Highlight this answer: ${WALL[8]}` }).click();
    await expect(console.getByTestId("results-wall").locator("[data-highlighted]")).toHaveCount(1);
    await console.getByTestId("display-shows").getByText("Results").click();
    await console.getByRole("button", { name: "Reveal results" }).click();

    const context = await browser.newContext({ viewport: { width: screen.width, height: screen.height }, deviceScaleFactor: 1 });
    await context.addCookies([{ name: AUTH_COOKIE, value: session.facilitator.token, url: session.facilitator.baseURL, httpOnly: true, sameSite: "Lax" }]);
    const display = await context.newPage();
    try {
      await display.goto(`${session.consolePath}/display`);
      const wall = display.getByTestId("stage-wall");
      await expect(wall.getByRole("listitem")).toHaveCount(WALL.length - 1);
      await expect(wall.locator("[data-highlighted]")).toHaveText(WALL[8]!);
      await expect(display.getByText(WALL[7]!)).toHaveCount(0);
      const fits = await display.evaluate(() => document.documentElement.scrollHeight <= innerHeight && document.documentElement.scrollWidth <= innerWidth);
      expect(fits, "nothing scrolls on the projector").toBe(true);
      // Every answer on the screen, none cut off at the side or the bottom.
      const wallBox = (await wall.boundingBox())!;
      for (const box of await wall.getByRole("listitem").evaluateAll((items) => items.map((el) => el.getBoundingClientRect().toJSON() as DOMRect))) {
        expect(box.right).toBeLessThanOrEqual(screen.width);
        expect(box.bottom).toBeLessThanOrEqual(wallBox.y + wallBox.height + 1);
      }
      const size = await wall.getByRole("listitem").last().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect(size, "the wall reads from the back of the room").toBeGreaterThanOrEqual(0.022 * screen.height);
      await display.screenshot({ path: `${SHOTS}/answers-display-${screen.name}-wall.png` });
      await expectAccessible(display, `the room display at ${screen.name} with a wall of answers`);
    } finally {
      await context.close();
    }
  });
}

test("a German phone answers in German (du), and the small screen keeps the scale and the pass in view", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!, "Integrationsrunde");
  await seedPrompt(session, {
    kind: "content",
    content: { kind: "scale", title: "Präsenz", body: "Wie präsent bist du gerade?", labels: { low: "Ganz woanders", high: "Ganz hier" } },
  });
  const phone = await openPhone(browser, session.linkPath, { ...SMALL_PHONE, locale: "de-DE" });
  await expect(card(phone).getByRole("group", { name: "Von 1 (Ganz woanders) bis 5 (Ganz hier)" })).toBeVisible();
  await expect(card(phone).getByRole("button", { name: "Ich passe" })).toBeInViewport();
  await expect(scalePoint(phone, 5)).toBeInViewport();
  await scalePoint(phone, 3).click();
  await expect(answerStatus(phone)).toHaveText("✓ Gesendet – du kannst sie ändern, solange der Impuls offen ist");
  await phone.screenshot({ path: `${SHOTS}/answers-phone-320-scale-de.png` });
  await expectAccessible(phone, "a German phone that answered a scale");
});

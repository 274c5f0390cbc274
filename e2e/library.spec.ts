/**
 * The prompt library and the deck as a facilitator uses them: a deck built
 * from the library (search, filter, add), rearranged with the keyboard alone,
 * pushed with Push next and followed by a second console; own templates of
 * each kind written, found, duplicated and deleted; a session started from a
 * practice exercise and saved as the facilitator's own template.
 */
import { request as http, type Browser, type Page } from "@playwright/test";
import type { LibraryEntry } from "../lib/library/entries";
import { AUTH_COOKIE } from "../server/auth/cookie";
import { expectAccessible } from "./support/a11y";
import { closeEveryone, facilitator, facilitatorPage, LAPTOP, openConsole, seedLiveSession, signUpFacilitator, type LiveSession } from "./support/seed";
import { expect, test } from "./support/test";

const SHOTS = process.env.DECK_SHOTS ?? "e2e/output/screenshots";
const BESIDE_A_CALL = { width: 480, height: 900 };

test.afterEach(closeEveryone);

async function shot(page: Page, name: string, fullPage = false) {
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `${SHOTS}/${name}-${scheme}.png`, animations: "disabled", fullPage });
  }
  await page.emulateMedia({ colorScheme: "light" });
}

const deckTitles = (page: Page) => page.getByTestId("deck").locator("li[data-deck-item] p.font-medium");

/** The library page of the worker's facilitator. */
async function openLibrary(browser: Browser, baseURL: string, viewport = LAPTOP) {
  const owner = await facilitator(baseURL);
  const page = await facilitatorPage(browser, { facilitator: owner } as LiveSession, "/console/library", viewport);
  await expect(page.getByRole("heading", { level: 1, name: "Prompt library" })).toBeVisible();
  return page;
}

test("a deck built from the library, rearranged by keyboard, pushed with Push next, in step on a second console", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!, "Deck practice");
  const console = await openConsole(browser, session);
  const second = await openConsole(browser, session, BESIDE_A_CALL);
  const deck = console.getByTestId("deck");
  await expect(deck.getByText(/The deck is empty/)).toBeVisible();

  await deck.getByRole("button", { name: "Add from library" }).click();
  const picker = console.getByRole("dialog", { name: "Add from the library" });
  await expect(picker).toBeVisible();
  // Search: words from a template's prompt.
  await picker.getByRole("searchbox", { name: "Search" }).fill("grateful");
  await expect(picker.getByText("1 template shown")).toBeVisible();
  await picker.getByRole("button", { name: "Add Gratitude to the deck" }).click();
  await expect(console.getByTestId("announcer")).toHaveText("Added to the deck: Gratitude");
  // Filters: phase and kind.
  await picker.getByRole("searchbox", { name: "Search" }).fill("");
  await picker.getByRole("combobox", { name: "Phase" }).selectOption({ label: "Creating conditions" });
  await picker.getByRole("combobox", { name: "Kind" }).selectOption({ label: "Scale 1–5" });
  await expect(picker.getByText("1 template shown")).toBeVisible();
  await picker.getByRole("button", { name: "Add Readiness to explore to the deck" }).click();
  await picker.getByRole("button", { name: "Clear filters" }).click();
  await picker.getByRole("combobox", { name: "Kind" }).selectOption({ label: "Reflection" });
  await picker.getByRole("combobox", { name: "Phase" }).selectOption({ label: "After" });
  await picker.getByRole("button", { name: "Add Clarification to the deck" }).click();
  await expect(deckTitles(console)).toHaveText(["Gratitude", "Readiness to explore", "Clarification"]);
  await expectAccessible(console, "console: the library picker");
  await shot(console, "console-1440-picker");
  await picker.getByRole("button", { name: "Done" }).click();
  await expect(picker).toBeHidden();

  // Keyboard alone: Alt+↑ on a focused prompt moves it; focus stays on it; it is announced.
  const readiness = deck.locator("li[data-deck-item]").filter({ hasText: "Readiness to explore" });
  await readiness.focus();
  await console.keyboard.press("Alt+ArrowUp");
  await expect(deckTitles(console)).toHaveText(["Readiness to explore", "Gratitude", "Clarification"]);
  await expect(readiness).toBeFocused();
  await expect(console.getByTestId("announcer")).toHaveText("Readiness to explore moved to position 1 of 3");
  const clarification = deck.locator("li[data-deck-item]").filter({ hasText: "Clarification" });
  await clarification.focus();
  await console.keyboard.press("Alt+ArrowUp");
  await expect(deckTitles(console)).toHaveText(["Readiness to explore", "Clarification", "Gratitude"]);
  await expect(clarification).toBeFocused();
  // The other console follows.
  await expect(deckTitles(second)).toHaveText(["Readiness to explore", "Clarification", "Gratitude"]);

  // Push next (N) takes the deck's next prompt, marks it, and moves on.
  const pushNext = console.getByRole("button", { name: /^Push next/ });
  await expect(pushNext).toContainText("Readiness to explore");
  await console.keyboard.press("n");
  await expect(console.getByRole("article").getByRole("heading", { name: "Readiness to explore" })).toBeVisible();
  await expect(readiness).toContainText("Pushed");
  await expect(pushNext).toContainText("Clarification");
  await expect(second.getByTestId("deck").locator("li[data-deck-item]").first()).toContainText("Pushed");
  await pushNext.click();
  await expect(console.getByRole("article").getByRole("heading", { name: "Clarification" })).toBeVisible();
  await expect(pushNext).toContainText("Gratitude");

  await expectAccessible(console, "console: with a deck");
  await shot(console, "console-1440-deck");
  await console.setViewportSize(BESIDE_A_CALL);
  await deck.scrollIntoViewIfNeeded();
  await expect(console.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(BESIDE_A_CALL.width);
  await shot(console, "console-480-deck");
  await expectAccessible(second, "console at 480: with a deck");
});

test("own templates: each kind written, found, edited, duplicated and deleted", async ({ browser, baseURL }) => {
  const page = await openLibrary(browser, baseURL!);
  await expectAccessible(page, "library");
  const own = page.getByRole("region", { name: /Your templates/ });

  await page.getByRole("button", { name: "New template" }).click();
  const form = page.getByRole("dialog", { name: "New template" });
  await form.getByRole("radio", { name: /Choice/ }).check();
  await form.getByLabel("Title").fill("Energy check");
  await form.getByLabel("Prompt").fill("How is your energy right now?");
  await form.getByRole("textbox", { name: "Option 1", exact: true }).fill("Calm");
  await form.getByRole("textbox", { name: "Option 2", exact: true }).fill("Restless");
  await form.getByRole("button", { name: "Add an option" }).click();
  await form.getByRole("textbox", { name: "Option 3", exact: true }).fill("Tired");
  await form.getByRole("combobox", { name: "Phase" }).selectOption({ label: "During" });
  await form.getByLabel("When to use it").fill("When the room goes quiet and you cannot read it.");
  await expectAccessible(page, "library: the template form");
  await form.getByRole("button", { name: "Save template" }).click();
  await expect(form).toBeHidden();
  await expect(page.getByTestId("library-announcer")).toHaveText("Template saved: Energy check");
  const card = own.getByRole("article", { name: "Energy check" });
  await expect(card).toContainText("Yours");
  await expect(card.getByRole("list", { name: "Options" }).getByRole("listitem")).toHaveText(["Calm", "Restless", "Tired"]);

  // A scale, with its end labels.
  await page.getByRole("button", { name: "New template" }).click();
  await form.getByRole("radio", { name: /Scale/ }).check();
  await form.getByLabel("Title").fill("Presence");
  await form.getByLabel("Prompt").fill("How present are you?");
  await form.getByLabel("Label at 1").fill("Elsewhere");
  await form.getByLabel("Label at 5").fill("Right here");
  await form.getByLabel("When to use it").fill("At the start.");
  await form.getByRole("button", { name: "Save template" }).click();
  await expect(own.getByRole("article", { name: "Presence" })).toContainText("1 = Elsewhere · 5 = Right here");

  // Search and filters cover both lists.
  await page.getByRole("searchbox", { name: "Search" }).fill("cannot read");
  await expect(page.getByText("1 template shown")).toBeVisible();
  await page.getByRole("searchbox", { name: "Search" }).fill("");
  await page.getByRole("combobox", { name: "Kind" }).selectOption({ label: "Scale 1–5" });
  await expect(own.getByRole("article")).toHaveCount(1);
  await page.getByRole("button", { name: "Clear filters" }).click();

  // Duplicate a built-in one; edit and delete one's own.
  await page.getByRole("button", { name: "Duplicate Commitment", exact: true }).click();
  await expect(own.getByRole("article", { name: "Copy of Commitment" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Edit Copy of Commitment" })).toBeFocused();
  await page.getByRole("button", { name: "Edit Energy check" }).click();
  const edit = page.getByRole("dialog", { name: "Edit template" });
  await expect(edit.getByRole("textbox", { name: "Option 3", exact: true })).toHaveValue("Tired");
  await edit.getByLabel("Title").fill("Energy in the room");
  await edit.getByRole("button", { name: "Save template" }).click();
  await expect(own.getByRole("article", { name: "Energy in the room" })).toBeVisible();
  await page.getByRole("button", { name: "Delete Presence" }).click();
  await page.getByRole("button", { name: "Yes, delete" }).click();
  await expect(own.getByRole("article", { name: "Presence" })).toHaveCount(0);
  await expect(page.getByTestId("library-announcer")).toHaveText("Template deleted: Presence");

  await shot(page, "library-1440", true);
  await page.setViewportSize(BESIDE_A_CALL);
  await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(BESIDE_A_CALL.width);
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, "library-480");
  await expectAccessible(page, "library at 480");
});

test("a session started from a practice exercise has its deck, and is saved as the facilitator's own template", async ({ browser, baseURL }) => {
  const owner = await facilitator(baseURL!);
  const home = await facilitatorPage(browser, { facilitator: owner } as LiveSession, "/console", LAPTOP);
  await home.getByLabel("Start from").selectOption({ label: "Breakthrough Integration" });
  await expect(home.getByLabel("Session title")).toHaveValue("Breakthrough Integration");
  await expect(home.getByText(/^Deck: Confidentiality agreement · Open-ended question/)).toBeVisible();
  await expectAccessible(home, "console home: starting from an exercise");
  await home.getByRole("button", { name: "Create session" }).click();
  await expect(home.getByRole("heading", { level: 1, name: "Breakthrough Integration" })).toBeVisible();
  await expect(deckTitles(home)).toHaveCount(8);
  await expect(deckTitles(home).first()).toHaveText("Confidentiality agreement");

  await home.getByRole("button", { name: "Save as template" }).click();
  const dialog = home.getByRole("dialog", { name: "Save this session as a template" });
  await dialog.getByLabel("Template title").fill("My integration evening");
  await dialog.getByRole("button", { name: "Save as template" }).click();
  await expect(home.getByTestId("announcer")).toHaveText("Saved as a session template: My integration evening");

  await home.goto("/console");
  await home.getByLabel("Start from").selectOption({ label: "My integration evening" });
  await expect(home.getByText(/^Deck: Confidentiality agreement/)).toBeVisible();
});

test("the template routes: a sign-in, Attune's own pages and the owner only", async ({ baseURL }) => {
  const api = async (token: string | null, origin = baseURL!) =>
    http.newContext({ baseURL, extraHTTPHeaders: { origin, "content-type": "application/json", ...(token ? { cookie: `${AUTH_COOKIE}=${token}` } : {}) } });
  const template = { kind: "scale", title: "Mine", body: "How much?", labels: { low: "Little", high: "Much" }, phase: "during", note: "Any time." };
  const owner = await api((await signUpFacilitator(baseURL!)).token);
  const created = await owner.post("/api/templates", { data: { template } });
  expect(created.status()).toBe(201);
  const { ref } = ((await created.json()) as { data: LibraryEntry }).data;
  const id = ref.slice("mine:".length);

  const stranger = await api((await signUpFacilitator(baseURL!)).token);
  expect((await stranger.put(`/api/templates/${id}`, { data: { template } })).status()).toBe(404);
  expect((await stranger.delete(`/api/templates/${id}`)).status()).toBe(404);
  expect((await stranger.post("/api/templates", { data: { duplicate: ref, title: "Taken" } })).status()).toBe(404);
  expect(((await (await stranger.get("/api/templates")).json()) as { data: LibraryEntry[] }).data).toEqual([]);
  const anonymous = await api(null);
  expect((await anonymous.get("/api/templates")).status()).toBe(401);
  expect((await anonymous.post("/api/templates", { data: { template } })).status()).toBe(401);
  const elsewhere = await api(null, "https://elsewhere.example");
  expect((await elsewhere.delete(`/api/templates/${id}`)).status()).toBe(403);
  // Bad payloads change nothing.
  expect((await owner.put(`/api/templates/${id}`, { data: { template: { ...template, labels: { low: "Little" } } } })).status()).toBe(400);
  expect((await owner.post("/api/sessions", { data: { title: "x", from: { kind: "template", id: "someone-elses" } } })).status()).toBe(404);
  const listed = ((await (await owner.get("/api/templates")).json()) as { data: LibraryEntry[] }).data;
  expect(listed.map((e) => e.template.title)).toEqual(["Mine"]);
  expect((await owner.delete(`/api/templates/${id}`)).status()).toBe(200);
  for (const context of [owner, stranger, anonymous, elsewhere]) await context.dispose();
});

test("in German: the library and the deck speak German (informal), at 480 px too", async ({ browser, baseURL }) => {
  const session = await seedLiveSession(baseURL!, "Deck auf Deutsch");
  const console = await facilitatorPage(browser, session, session.consolePath, BESIDE_A_CALL);
  await console.context().addCookies([{ name: "attune-locale", value: "de", url: baseURL! }]);
  await console.reload();
  const deck = console.getByTestId("deck");
  await deck.getByRole("button", { name: "Aus der Bibliothek hinzufügen" }).click();
  const picker = console.getByRole("dialog", { name: "Aus der Bibliothek hinzufügen" });
  await picker.getByRole("button", { name: "Commitment zum Deck hinzufügen", exact: true }).click();
  await picker.getByRole("button", { name: "Fertig" }).click();
  await expect(deck.getByText("Als Nächstes")).toBeVisible();
  await expect(console.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(BESIDE_A_CALL.width);
  await expectAccessible(console, "console in German: with a deck");
  await deck.scrollIntoViewIfNeeded();
  await shot(console, "console-480-deck-de");
  await console.goto("/console/library");
  await expect(console.getByRole("heading", { level: 1, name: "Impuls-Bibliothek" })).toBeVisible();
  await expect(console.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(BESIDE_A_CALL.width);
  await shot(console, "library-480-de", true);
});

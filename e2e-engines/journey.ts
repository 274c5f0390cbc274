/**
 * One participant's whole session on a phone, in whichever engine drives it:
 * join by typing the code, the prompt arrives, two check-ins, the network
 * lost and two more taps kept on the phone, back with each tap counted
 * exactly once, a reload that keeps who they are, and the session's end.
 *
 * The phone is read through its stable test hooks only (no English wording,
 * so a redesign or a German browser does not break it): phone-status and its
 * data-state, prompt, button[data-signal], tap-confirmation, phone-ended.
 * The facilitator's side is a console socket from Node (./facilitator.ts).
 */
import path from "node:path";
import { expect } from "vitest";
import { LOCALE_COOKIE } from "../i18n/locales.ts";
import type { FlakyNetwork } from "../e2e/support/flaky-network.ts";
import type { PhoneBrowser, PhoneSpec, Viewport } from "./drivers/phone.ts";
import { waitFor } from "./drivers/phone.ts";
import { liveSession, type Facilitator } from "./facilitator.ts";

export const SCREENSHOTS = path.resolve(import.meta.dirname, "../e2e/output/screenshots");

/** Long enough for Socket.IO to give up on a cut connection and come back (its backoff tops out at 5 s). */
const RECONNECT_MS = 25_000;
const STEP_MS = 15_000;

const TAPPED_ONLINE = ["i-see", "energy-shift"];
const TAPPED_OFFLINE = ["going-deeper", "moved"];

/** Inside the page: a JSON string literal, so values from Node cannot break the script. */
const js = (value: unknown) => JSON.stringify(value);
const $ = (selector: string) => `document.querySelector(${js(selector)})`;
const STATUS = '[data-testid="phone-status"]';
const stateOf = `${$(STATUS)}?.getAttribute("data-state") ?? null`;
const signal = (key: string) => `button[data-signal="${key}"]`;

export interface JourneyContext extends PhoneSpec {
  phone: PhoneBrowser;
  facilitator: Facilitator;
  network: FlakyNetwork;
}

export async function phoneJourney({ phone, viewport, theme, language, facilitator, network }: JourneyContext): Promise<void> {
  const name = [phone.engine, viewport.width, ...(theme === "dark" ? ["dark"] : []), ...(language !== "en" ? [language] : [])].join("-");
  const session = await liveSession(facilitator, `Engines ${name}`);
  // The facilitator's own words: never translated, so the same in every language.
  const prompt = `What did you notice in the last ten minutes? (${name})`;
  try {
    const state = (...wanted: string[]) => {
      let seen: string | null = null;
      return waitFor(() => `phone-status to be ${wanted.join(" or ")} (it is ${seen})`, wanted.includes("offline") ? STEP_MS : RECONNECT_MS, async () => {
        seen = await phone.evaluate<string | null>(stateOf);
        return seen !== null && wanted.includes(seen) && seen;
      });
    };
    const totals = (expected: Record<string, number>, timeoutMs = STEP_MS) =>
      waitFor(() => `the console's pulse to count ${js(expected)} (it counts ${js(nonZero(session.pulse().total))})`, timeoutMs, async () =>
        Object.entries(expected).every(([key, count]) => (session.pulse().total[key] ?? 0) === count),
      );
    const showsPrompt = () => phone.evaluate<boolean>(`(${$('[data-testid="prompt"]')}?.textContent ?? "").includes(${js(prompt)})`);
    const noPageErrors = async (when: string) => expect(await phone.pageErrors(), `page errors ${when}`).toEqual([]);

    // ---- join by code, on a phone exactly the size asked for
    await phone.open(`${network.origin}/join`);
    if (!phone.asksForLanguage && language !== "en") {
      // Chosen on the phone instead, as its language switch stores it.
      await phone.evaluate(`(document.cookie = ${js(`${LOCALE_COOKIE}=${language}; path=/; samesite=lax`)})`);
      await phone.reload();
    }
    expect(await phone.evaluate<Viewport>("({ width: innerWidth, height: innerHeight })"), "the viewport").toEqual(viewport);
    expect(await phone.evaluate<boolean>('matchMedia("(prefers-color-scheme: dark)").matches'), "the theme asked for").toBe(theme === "dark");
    expect(await phone.evaluate<string>("document.documentElement.lang"), "the page in the phone's language").toBe(language);
    await phone.type('input[name="code"]', session.code.toLowerCase());
    await phone.click('form:has(input[name="code"]) button[type="submit"]');
    await waitFor(`the phone to be at /j/${session.code}`, STEP_MS, () => phone.evaluate<boolean>(`location.pathname === ${js(`/j/${session.code}`)}`));
    await state("live");
    await waitFor("the console to count one phone present", STEP_MS, async () => (await session.watch()).present === 1);
    await expectNoSidewaysScroll(phone, "joined");

    // ---- the prompt arrives
    await session.push(prompt);
    await waitFor("the prompt on the phone", STEP_MS, showsPrompt);

    // ---- check-ins, each confirmed on the phone and counted on the console
    for (const [i, key] of TAPPED_ONLINE.entries()) {
      await phone.click(signal(key));
      await totals(Object.fromEntries(TAPPED_ONLINE.slice(0, i + 1).map((k) => [k, 1])));
    }
    await waitFor("the tap confirmation", STEP_MS, () => phone.evaluate<boolean>(`!!${$('[data-testid="tap-confirmation"]')}?.textContent?.trim()`));
    await expectNoSidewaysScroll(phone, "after two taps");
    await screenshot(phone, `engine-${name}.png`);

    // ---- offline: taps are kept on the phone, and it says how many wait
    network.set("offline");
    await state("offline");
    for (const key of TAPPED_OFFLINE) await phone.click(signal(key));
    const waiting = TAPPED_OFFLINE.length;
    await waitFor(`the phone to say ${waiting} taps are waiting`, STEP_MS, () =>
      phone.evaluate<boolean>(
        `/(^|\\D)${waiting}(\\D|$)/.test([${js(STATUS)}, '[data-testid="tap-confirmation"]'].map((s) => document.querySelector(s)?.textContent ?? "").join(" "))`,
      ),
    );
    expect(await phone.evaluate<string | null>(stateOf), "still offline after the taps").toBe("offline");
    await screenshot(phone, `engine-${name}-offline.png`);
    const whileCut = await session.watch();
    for (const key of TAPPED_OFFLINE) expect(whileCut.total[key] ?? 0, `${key} counted while the phone is cut off`).toBe(0);

    // ---- back: every tap reaches the pulse exactly once
    network.set("online");
    await state("back", "live");
    const everyTap = Object.fromEntries([...TAPPED_ONLINE, ...TAPPED_OFFLINE].map((k) => [k, 1]));
    await totals(everyTap, RECONNECT_MS);
    // Nothing left to send (lib/outbox's storage, as e2e/reconnect.spec.ts reads it), then the server's own count.
    await waitFor("the phone's outbox to be empty", STEP_MS, () => phone.evaluate<boolean>(`localStorage.getItem(${js(`attune:outbox:${session.code}`)}) === null`));
    const settled = await session.watch();
    expect(nonZero(settled.total), "every tap counted exactly once").toEqual(everyTap);
    expect(settled.totalCount).toBe(4);
    await noPageErrors("before the reload");

    // ---- a reload: the same participant, the prompt still there
    await phone.reload();
    expect(await phone.evaluate<Viewport>("({ width: innerWidth, height: innerHeight })"), "the viewport after reloading").toEqual(viewport);
    await state("live", "back");
    await waitFor("the prompt after the reload", STEP_MS, showsPrompt);
    for (const key of TAPPED_ONLINE) await waitFor(`${key}'s button after the reload`, STEP_MS, () => phone.evaluate<boolean>(`!!${$(signal(key))}`));
    await waitFor("the console to count the reloaded phone as the one participant it was", STEP_MS, async () => (await session.watch()).present === 1);
    expect(session.pulse().totalCount, "a reload sends nothing again").toBe(4);

    // ---- the session ends
    await session.end();
    await waitFor("the ended screen", STEP_MS, () => phone.evaluate<boolean>(`!!${$('[data-testid="phone-ended"]')}`));
    await noPageErrors("after the reload");
  } finally {
    session.close();
  }
}

/**
 * What the phone shows once it has settled: no animation or transition still
 * running (the endless breathing ones aside), then two frames, so the picture
 * is not a frame behind the page (WebKitGTK's was, taken right after a tap).
 */
async function screenshot(phone: PhoneBrowser, file: string) {
  await waitFor("the phone's animations to finish", STEP_MS, () =>
    phone.evaluate<boolean>(
      'document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getComputedTiming().iterations === Infinity)',
    ),
  );
  await phone.evaluate("new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true))))");
  await phone.screenshot(path.join(SCREENSHOTS, file));
}

/** A phone page never scrolls sideways: nothing is wider than the screen. */
async function expectNoSidewaysScroll(phone: PhoneBrowser, when: string) {
  const widths = await phone.evaluate<{ page: number; viewport: number }>("({ page: document.documentElement.scrollWidth, viewport: innerWidth })");
  expect(widths.page, `the page's width ${when} (viewport ${widths.viewport})`).toBeLessThanOrEqual(widths.viewport);
}

const nonZero = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));

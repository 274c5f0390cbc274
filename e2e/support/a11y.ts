import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * Fails the test on any WCAG 2.2 A/AA violation axe finds on the page as it is
 * now, in the light theme and in the dark one (the device chooses; both must
 * hold). The page is left in the scheme and motion setting it had.
 *
 * A theme switch starts colour transitions (buttons fade to their new colours
 * over 150 ms); axe must measure the colours they end on, not one in between.
 * So motion is reduced while checking (Attune's own CSS then makes transitions
 * instant) and each check waits until no transition is running.
 */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const current = await page.evaluate(() => ({
    scheme: matchMedia("(prefers-color-scheme: dark)").matches ? ("dark" as const) : ("light" as const),
    reducedMotion: matchMedia("(prefers-reduced-motion: reduce)").matches ? ("reduce" as const) : ("no-preference" as const),
  }));
  const other = current.scheme === "dark" ? "light" : "dark";
  const violations: string[] = [];
  for (const scheme of [current.scheme, other] as const) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: "reduce" });
    await page.waitForFunction(() => document.getAnimations().every((a) => !(a instanceof CSSTransition) || a.playState !== "running"), undefined, {
      timeout: 5_000,
    });
    const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    violations.push(...results.violations.map((v) => `[${scheme}] ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`));
  }
  await page.emulateMedia({ colorScheme: current.scheme, reducedMotion: current.reducedMotion });
  expect(violations, `accessibility violations on ${label}`).toEqual([]);
}

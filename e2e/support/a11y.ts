import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * Fails the test on any WCAG 2.2 A/AA violation axe finds on the page as it is
 * now, in the light theme and in the dark one (the device chooses; both must
 * hold). The page is left in the scheme it had.
 */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const current = await page.evaluate(() => (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light"));
  const other = current === "dark" ? "light" : "dark";
  const violations: string[] = [];
  for (const scheme of [current, other] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    violations.push(...results.violations.map((v) => `[${scheme}] ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`));
  }
  await page.emulateMedia({ colorScheme: current });
  expect(violations, `accessibility violations on ${label}`).toEqual([]);
}

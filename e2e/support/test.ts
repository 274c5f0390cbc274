/**
 * Attune's Playwright `test` and `expect`: the stock ones, plus a watch on the
 * Content-Security-Policy. Every page of every browser context a test opens
 * (the default one and those from browser.newContext / browser.newPage) reports
 * `securitypolicyviolation` events and the browser's own CSP console errors;
 * a test that saw any fails when it ends, listing them. So a change that needs
 * an inline script, a foreign host or eval cannot slip by unnoticed.
 *
 * A test that provokes a violation on purpose reads `cspViolations`, asserts
 * on it, and empties it.
 */
import { test as base, type BrowserContext, type Page } from "@playwright/test";

export { expect } from "@playwright/test";

export interface CspViolation {
  /** How it was seen: the page's own event, or the browser's console. */
  via: "event" | "console";
  url: string;
  /** For events: the directive that refused, what it refused, a sample of it, and the script that tried. */
  directive?: string;
  blocked?: string;
  sample?: string;
  sourceFile?: string;
  /** For console errors: the message. */
  text?: string;
}

const BINDING = "__attuneCspViolation";

/**
 * axe-core (expectAccessible) compiles its message templates with
 * `new Function`, which the policy rightly refuses. Playwright evaluates axe
 * without a script URL, so its violations have no source file, while every
 * script of the app's own (a file, or an inline script of the document) has
 * one. Only that exact case is let go.
 */
const byTestTooling = (report: Omit<CspViolation, "via" | "url">) => report.blocked === "eval" && !report.sourceFile;

export const test = base.extend<{ cspViolations: CspViolation[] }>({
  cspViolations: [
    async ({ browser, context }, use) => {
      const violations: CspViolation[] = [];
      const watched = new WeakSet<BrowserContext>();

      const watchPage = (page: Page) =>
        page.on("console", (message) => {
          if (message.type() === "error" && /Content[- ]Security[- ]Policy/i.test(message.text())) {
            violations.push({ via: "console", url: page.url(), text: message.text() });
          }
        });

      const watch = async (target: BrowserContext) => {
        if (watched.has(target)) return;
        watched.add(target);
        await target.exposeBinding(BINDING, ({ page }, report: Omit<CspViolation, "via" | "url">) => {
          if (byTestTooling(report)) return;
          violations.push({ via: "event", url: page.url(), ...report });
        });
        // Runs in every document before its own scripts (and, being injected
        // by the browser's tooling, is not itself subject to the policy).
        await target.addInitScript((binding: string) => {
          document.addEventListener(
            "securitypolicyviolation",
            (event) => {
              const report = (window as unknown as Record<string, (r: unknown) => void>)[binding];
              report?.({ directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample, sourceFile: event.sourceFile });
            },
            true,
          );
        }, BINDING);
        target.pages().forEach(watchPage);
        target.on("page", watchPage);
      };

      await watch(context);
      // browser.newPage() goes through newContext() too.
      const newContext = browser.newContext;
      browser.newContext = async (...args: Parameters<typeof newContext>) => {
        const created = await newContext.apply(browser, args);
        await watch(created);
        return created;
      };
      try {
        await use(violations);
      } finally {
        browser.newContext = newContext;
      }
      if (violations.length) {
        const lines = violations.map((v) =>
          v.via === "event"
            ? `  ${v.url}: ${v.directive} refused ${v.blocked || "(inline)"} in ${v.sourceFile || "(no file)"} ${v.sample ? `«${v.sample}»` : ""}`
            : `  ${v.url}: ${v.text}`,
        );
        throw new Error(`Content-Security-Policy violations:\n${lines.join("\n")}`);
      }
    },
    { auto: true },
  ],
});

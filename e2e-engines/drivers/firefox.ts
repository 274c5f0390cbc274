/**
 * Gecko, as Firefox on Android has it: Debian's Firefox ESR, headless, driven
 * by puppeteer-core over WebDriver BiDi (no geckodriver: Debian has none, and
 * npm's would download one). The viewport is set exactly through BiDi.
 */
import puppeteer from "puppeteer-core";
import { ACCEPT_LANGUAGES, COMMAND_TIMEOUT_MS, ERROR_HOOK, READ_ERRORS, within, type PhoneBrowser, type PhoneSpec } from "./phone.ts";

const FIREFOX = process.env.FIREFOX_PATH ?? "/usr/bin/firefox-esr";

export async function openFirefox({ viewport, theme, language }: PhoneSpec): Promise<PhoneBrowser> {
  const browser = await within(
    "starting Firefox",
    30_000,
    puppeteer.launch({
      browser: "firefox",
      executablePath: FIREFOX,
      headless: true,
      timeout: 30_000,
      protocolTimeout: COMMAND_TIMEOUT_MS,
      // Scrollbars that float over the page, as on a phone, instead of taking 12 px of its width.
      extraPrefsFirefox: {
        "ui.useOverlayScrollbars": 1,
        // The theme pages are asked for: 0 dark, 1 light.
        "layout.css.prefers-color-scheme.content-override": theme === "dark" ? 0 : 1,
        "intl.accept_languages": ACCEPT_LANGUAGES[language].join(","),
      },
    }),
  );
  const kill = () => browser.process()?.kill("SIGKILL");
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(COMMAND_TIMEOUT_MS);
    page.setDefaultNavigationTimeout(COMMAND_TIMEOUT_MS);
    // Unlike WebKit's driver, BiDi reports errors raised before the hook is in place too.
    const seen: string[] = [];
    page.on("pageerror", (error) => seen.push(`pageerror: ${error instanceof Error ? error.stack || error.message : String(error)}`));
    await page.setViewport(viewport);

    const evaluate = <T>(expression: string) => within(`Firefox: ${expression}`, COMMAND_TIMEOUT_MS, page.evaluate(expression) as Promise<T>);
    const afterLoad = () => evaluate(ERROR_HOOK);

    return {
      engine: "firefox",
      asksForLanguage: true,
      async open(url) {
        await page.goto(url, { waitUntil: "load" });
        await afterLoad();
      },
      async reload() {
        await page.reload({ waitUntil: "load" });
        await afterLoad();
      },
      evaluate,
      async click(selector) {
        await page.click(selector);
      },
      async type(selector, text) {
        await page.type(selector, text);
      },
      async screenshot(file) {
        await page.screenshot({ path: file as `${string}.png` });
      },
      pageErrors: async () => [...seen, ...(await evaluate<string[]>(READ_ERRORS))],
      async close() {
        await within("closing Firefox", 10_000, browser.close()).catch(kill);
        kill();
      },
    };
  } catch (error) {
    await within("closing Firefox", 10_000, browser.close()).catch(kill);
    throw error;
  }
}

/**
 * WebKit as an iPhone's Safari has it, as near as this machine gets: Debian's
 * WebKitGTK (MiniBrowser) driven by WebKitWebDriver over WebDriver classic
 * (the driver refuses BiDi's webSocketUrl), on the X display xvfb-run gives.
 *
 * Exact phone viewports: MiniBrowser's toolbar keeps its window at least
 * 447 px wide and takes height from the page. A GTK theme of our own (under
 * XDG_CONFIG_HOME) shrinks the toolbar to nothing wide; the window is then
 * sized so that innerWidth × innerHeight is the target, and checked.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { remote } from "webdriverio";
import { freePort } from "../../test/helpers/redis.ts";
import { COMMAND_TIMEOUT_MS, ERROR_HOOK, READ_ERRORS, stopGroup, waitFor, within, type PhoneBrowser, type PhoneSpec, type Viewport } from "./phone.ts";

/** Debian puts it in the architecture's library folder (libwebkit2gtk-4.1-0, which webkit2gtk-driver depends on). */
function miniBrowser(): string {
  const found = fs
    .readdirSync("/usr/lib")
    .map((folder) => path.join("/usr/lib", folder, "webkit2gtk-4.1", "MiniBrowser"))
    .find((candidate) => fs.existsSync(candidate));
  if (!found) throw new Error("no MiniBrowser under /usr/lib/*/webkit2gtk-4.1/: apt-get install webkit2gtk-driver");
  return found;
}
const SHRUNK_TOOLBAR = "* { min-width: 0; min-height: 0; margin: 0; padding: 0; border-width: 0; font-size: 1px; }\n";

export async function openWebKit({ viewport, theme }: PhoneSpec): Promise<PhoneBrowser> {
  if (!process.env.DISPLAY) throw new Error("WebKitGTK needs an X display: run under `xvfb-run -a` (npm run test:engines does)");
  const binary = miniBrowser();
  const config = fs.mkdtempSync(path.join(os.tmpdir(), "attune-webkit-"));
  fs.mkdirSync(path.join(config, "gtk-3.0"));
  fs.writeFileSync(path.join(config, "gtk-3.0", "gtk.css"), SHRUNK_TOOLBAR);
  const port = await freePort();
  const driver = spawn("WebKitWebDriver", [`--port=${port}`, "--host=127.0.0.1"], {
    detached: true, // its own process group: stopping it stops MiniBrowser too
    stdio: "ignore",
    env: {
      ...process.env,
      XDG_CONFIG_HOME: config,
      XDG_CACHE_HOME: config,
      XDG_DATA_HOME: config,
    },
  });
  const stop = async () => {
    await stopGroup(driver, 5_000);
    fs.rmSync(config, { recursive: true, force: true });
  };
  try {
    await waitFor("WebKitWebDriver to listen", 15_000, () => connects(port));
    const browser = await within(
      "starting MiniBrowser",
      COMMAND_TIMEOUT_MS,
      remote({
        hostname: "127.0.0.1",
        port,
        logLevel: "error",
        connectionRetryTimeout: COMMAND_TIMEOUT_MS,
        connectionRetryCount: 0,
        capabilities: {
          browserName: "MiniBrowser",
          "wdio:enforceWebDriverClassic": true,
          "webkitgtk:browserOptions": { binary, args: ["--automation", ...(theme === "dark" ? ["--dark-mode"] : [])] },
          timeouts: { script: COMMAND_TIMEOUT_MS, pageLoad: COMMAND_TIMEOUT_MS, implicit: 0 },
        } as WebdriverIO.Capabilities,
      }),
    );
    const run = <T>(what: string, command: Promise<T>) => within(`WebKit: ${what}`, COMMAND_TIMEOUT_MS, command);
    const evaluate = <T>(expression: string) => run<T>(expression, browser.execute(`return (${expression});`) as Promise<T>);
    const afterLoad = () => evaluate(ERROR_HOOK);

    await run("blank page", browser.url("about:blank"));
    await sizeWindow(viewport, evaluate, (w, h) => run("window size", browser.setWindowSize(w, h)));

    return {
      engine: "webkit",
      // From the locale (LANGUAGE, LANG), and only one that is installed: here only C is.
      asksForLanguage: false,
      async open(url) {
        await run(`open ${url}`, browser.url(url));
        await afterLoad();
      },
      async reload() {
        await run("reload", browser.refresh());
        await afterLoad();
      },
      evaluate,
      async click(selector) {
        const element = await browser.$(selector);
        await run(`scroll to ${selector}`, element.scrollIntoView({ block: "center" }));
        await run(`click ${selector}`, element.click());
      },
      async type(selector, text) {
        await run(`type into ${selector}`, browser.$(selector).setValue(text));
      },
      async screenshot(file) {
        await run("screenshot", browser.saveScreenshot(file));
      },
      pageErrors: () => evaluate<string[]>(READ_ERRORS),
      async close() {
        await within("closing MiniBrowser", 10_000, browser.deleteSession()).catch(() => {});
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Sizes the window so that the page's viewport is exactly `target`: the toolbar's height is measured, then added. */
async function sizeWindow(target: Viewport, evaluate: <T>(expression: string) => Promise<T>, setWindowSize: (w: number, h: number) => Promise<unknown>) {
  const inner = () => evaluate<Viewport>("({ width: innerWidth, height: innerHeight })");
  await setWindowSize(target.width, target.height);
  const first = await inner();
  await setWindowSize(target.width + (target.width - first.width), target.height + (target.height - first.height));
  await waitFor(`a ${target.width}×${target.height} viewport in MiniBrowser`, 5_000, async () => {
    const now = await inner();
    return now.width === target.width && now.height === target.height;
  });
}

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

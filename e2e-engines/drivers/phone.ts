/**
 * What the journey asks of a phone's browser, whichever engine drives it:
 * WebKitGTK over WebDriver classic (./webkit.ts) or Firefox ESR over
 * WebDriver BiDi (./firefox.ts). Scripts go in as strings, so neither
 * driver's serialisation of functions (nor a transpiler's helpers) gets in
 * the way; clicks and typing are the drivers' real input, not DOM calls.
 */
import type { ChildProcess } from "node:child_process";

export type Engine = "webkit" | "firefox";

export interface Viewport {
  width: number;
  height: number;
}

/** A phone: its screen, the theme its system asks pages for (prefers-color-scheme) and its language (Accept-Language). */
export interface PhoneSpec {
  viewport: Viewport;
  theme: "light" | "dark";
  language: "en" | "de";
}

/** What the browser asks for, per language: the region first, as phones set up in that language do. */
export const ACCEPT_LANGUAGES: Record<PhoneSpec["language"], string[]> = { en: ["en-US", "en"], de: ["de-DE", "de"] };

export interface PhoneBrowser {
  engine: Engine;
  /**
   * Whether the browser asks for the spec's language (Accept-Language). WebKitGTK
   * takes its languages from the system's locale, and this machine has none but C.
   */
  asksForLanguage: boolean;
  /** Loads `url` and resolves once its document has loaded. */
  open(url: string): Promise<void>;
  reload(): Promise<void>;
  /** The value of a JavaScript expression in the page (JSON-serialisable). */
  evaluate<T>(expression: string): Promise<T>;
  /** Scrolls the first element matching `selector` into view and clicks it as a finger would. */
  click(selector: string): Promise<void>;
  type(selector: string, text: string): Promise<void>;
  /** The viewport as it is now, into `file` (PNG). */
  screenshot(file: string): Promise<void>;
  /** Errors the page raised since it loaded (see ERROR_HOOK), and those the driver itself saw. */
  pageErrors(): Promise<string[]>;
  close(): Promise<void>;
}

/** How long one driver command may take before the run gives up on it. */
export const COMMAND_TIMEOUT_MS = 20_000;

/**
 * Collects the page's uncaught errors, unhandled rejections and console.error
 * calls into `window.__attuneErrors`. WebDriver classic has no log endpoint,
 * so both drivers inject this after every load (errors thrown before it is in
 * place are not seen, except by Firefox's own pageerror event).
 */
export const ERROR_HOOK = `(() => {
  if (window.__attuneErrors) return true;
  const errors = (window.__attuneErrors = []);
  const text = (value) => (value && value.stack) || String(value);
  addEventListener("error", (event) => errors.push("error: " + (event.error ? text(event.error) : event.message)));
  addEventListener("unhandledrejection", (event) => errors.push("unhandled rejection: " + text(event.reason)));
  const consoleError = console.error.bind(console);
  console.error = (...args) => {
    errors.push("console.error: " + args.map(text).join(" "));
    consoleError(...args);
  };
  return true;
})()`;

export const READ_ERRORS = "window.__attuneErrors ?? []";

/**
 * Resolves with the first truthy value `probe` gives, polling; rejects after
 * `timeoutMs` with what it waited for (a function: worded once it has failed,
 * so it can say what was seen instead).
 */
export async function waitFor<T>(what: string | (() => string), timeoutMs: number, probe: () => Promise<T | null | undefined | false | "">): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : "";
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === "string" ? what : what()}${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `promise`, or a rejection naming `what` once `ms` have passed. */
export function within<T>(what: string, ms: number, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Stops a process started with `detached: true` and everything it started
 * (its process group): SIGTERM, then SIGKILL if it is still there after `graceMs`.
 */
export async function stopGroup(child: ChildProcess, graceMs: number): Promise<void> {
  const group = child.pid;
  if (group === undefined) return;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-group, name);
    } catch {
      // The whole group is gone already.
    }
  };
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    signal("SIGTERM");
    await within("stopping", graceMs, exited).catch(() => signal("SIGKILL"));
  }
  // What it started may outlive it (a browser whose driver has exited): the group id stays
  // taken, and so cannot be reused, while any of them lives.
  signal("SIGKILL");
}

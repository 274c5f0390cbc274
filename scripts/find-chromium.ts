/**
 * Finds the Chromium the end-to-end tests drive. Playwright's own browser
 * downloads are not available everywhere Attune is built, so the tests use a
 * system Chromium (or Chrome): CHROMIUM_PATH when set, else the first one found.
 * Read by playwright.config.ts and by scripts/ensure-chromium.mjs, which
 * installs one when it can.
 */
import fs from "node:fs";
import path from "node:path";

/** Executable names, in order of preference: Debian's package, Ubuntu's, then Google's. */
const NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];
/** Also looked in when PATH does not list them (a minimal PATH under sudo, cron or a CI runner). */
const SYSTEM_DIRS = ["/usr/bin", "/usr/local/bin", "/snap/bin"];
const MAC_APPS = [
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];

export const HOW_TO_GET_CHROMIUM =
  "Install Chromium: sudo apt-get install chromium (macOS: brew install --cask chromium),\n" +
  "or point CHROMIUM_PATH at a Chromium or Chrome executable: CHROMIUM_PATH=/path/to/chromium npm test";

export interface Lookup {
  env: Readonly<Record<string, string | undefined>>;
  isExecutable: (file: string) => boolean;
}

export function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

const systemLookup: Lookup = { env: process.env, isExecutable };

/** The first executable called `name` on PATH or in the system directories. */
export function findExecutable(name: string, { env, isExecutable }: Lookup = systemLookup): string | undefined {
  const dirs = [...(env.PATH ?? "").split(path.delimiter).filter(Boolean), ...SYSTEM_DIRS];
  for (const dir of dirs) {
    const file = path.join(dir, name);
    if (isExecutable(file)) return file;
  }
  return undefined;
}

/** CHROMIUM_PATH as given (an explicit choice is never second-guessed), else the first Chromium found. */
export function findChromium(lookup: Lookup = systemLookup): string | undefined {
  if (lookup.env.CHROMIUM_PATH) return lookup.env.CHROMIUM_PATH;
  for (const name of NAMES) {
    const found = findExecutable(name, lookup);
    if (found) return found;
  }
  return MAC_APPS.find(lookup.isExecutable);
}

export type ChromiumPlan =
  | { kind: "use"; path: string }
  | { kind: "install"; aptGet: string }
  | { kind: "explain"; message: string };

/**
 * What to do before the end-to-end tests: use the Chromium found; install
 * Debian's when running as root where apt-get exists (a fresh container or CI
 * machine); otherwise say how to get one.
 */
export function planChromium(lookup: Lookup & { isRoot: boolean }): ChromiumPlan {
  const { CHROMIUM_PATH } = lookup.env;
  if (CHROMIUM_PATH && !lookup.isExecutable(CHROMIUM_PATH)) {
    return { kind: "explain", message: `CHROMIUM_PATH=${CHROMIUM_PATH} is not an executable file.\n${HOW_TO_GET_CHROMIUM}` };
  }
  const found = findChromium(lookup);
  if (found) return { kind: "use", path: found };
  const aptGet = lookup.isRoot ? findExecutable("apt-get", lookup) : undefined;
  if (aptGet) return { kind: "install", aptGet };
  return { kind: "explain", message: `The end-to-end tests need Chromium (or Chrome), and none was found.\n${HOW_TO_GET_CHROMIUM}` };
}

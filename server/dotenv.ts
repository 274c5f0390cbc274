/**
 * Settings from `.env` files, read once at boot before parseEnv(), the way
 * Next.js reads them (@next/env): `.env.$MODE.local`, `.env.local`,
 * `.env.$MODE`, `.env`, the first one naming a setting wins, and the
 * environment wins over all of them. It writes process.env, so parseEnv()
 * stays a pure function of its source.
 */
// A CommonJS bundle whose exports Node cannot name statically: take its default.
import nextEnv from "@next/env";

/** Loads the `.env` files in `dir` into process.env; returns the files read. */
export function loadDotEnv(dir: string): string[] {
  const dev = process.env.NODE_ENV === "development";
  const { loadedEnvFiles } = nextEnv.loadEnvConfig(dir, dev, console);
  return loadedEnvFiles.map((file) => file.path);
}

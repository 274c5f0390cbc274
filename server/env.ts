/**
 * The environment, parsed once at boot. Nothing else reads process.env.
 */
import path from "node:path";
import { z } from "zod";

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z
    .string()
    .regex(/^file:/, "DATABASE_URL must be a SQLite file: URL (file:/path/to/attune.db)")
    .optional(),
  /** Days a facilitator stays signed in. */
  AUTH_SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  /** Set when Attune is served over https, so cookies are marked Secure. */
  COOKIE_SECURE: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
});

export interface Env {
  dev: boolean;
  port: number;
  host: string;
  /** Absolute SQLite path: relative file: URLs would resolve from the working directory. */
  databaseFile: string;
  authSessionDays: number;
  cookieSecure: boolean;
}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    dev: e.NODE_ENV === "development",
    port: e.PORT,
    host: e.HOST,
    databaseFile: sqliteFileFromUrl(e.DATABASE_URL ?? `file:${path.resolve("data", "attune.db")}`),
    authSessionDays: e.AUTH_SESSION_DAYS,
    cookieSecure: e.COOKIE_SECURE,
  };
}

export function sqliteFileFromUrl(url: string): string {
  return path.resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
}

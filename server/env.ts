/**
 * The environment, parsed once at boot. Nothing else reads process.env.
 */
import { networkInterfaces } from "node:os";
import path from "node:path";
import { z } from "zod";
import { TrustedProxies } from "./client-address.ts";
import { defaultPublicOrigins, normalizeOrigin } from "./origin.ts";

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  /** A SQLite file (the embedded default, data/attune.db) or a PostgreSQL database (scale-out). */
  DATABASE_URL: z
    .string()
    .regex(
      /^(file:|postgres(ql)?:\/\/)/,
      "DATABASE_URL must be a SQLite file: URL (file:/path/to/attune.db) or a PostgreSQL URL (postgresql://user:password@host:5432/attune)",
    )
    .optional(),
  /** New participants one session admits (phones coming back are always let in). */
  MAX_PARTICIPANTS_PER_SESSION: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  /** A live session nobody has used for this many hours ends on its own, so its code stops working. */
  IDLE_END_HOURS: z.coerce.number().positive().max(24 * 365).default(24),
  /**
   * Redis, for several nodes serving the same sessions (redis://host:6379).
   * Unset: one node, fan-out in process.
   */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "REDIS_URL must be a redis:// or rediss:// URL")
    .optional(),
  /** Days a facilitator stays signed in. */
  AUTH_SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  /** Set when Attune is served over https, so cookies are marked Secure. */
  COOKIE_SECURE: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  /**
   * The origins browsers reach Attune at, comma-separated
   * (https://attune.example.org). Pages from anywhere else may not use a
   * signed-in cookie: not over Socket.IO, not on the JSON routes.
   */
  PUBLIC_ORIGIN: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const items = (value ?? "").split(",").map((item) => item.trim()).filter(Boolean);
      const origins: string[] = [];
      for (const item of items) {
        const origin = normalizeOrigin(item);
        if (origin === null) {
          ctx.addIssue({
            code: "custom",
            message: `"${item}" is not an origin: write scheme, host and port only, like https://attune.example.org or http://192.168.1.20:3000`,
          });
          return z.NEVER;
        }
        origins.push(origin);
      }
      return origins.length ? [...new Set(origins)] : undefined;
    }),
  /**
   * The reverse proxies in front of Attune, comma-separated: addresses, CIDR
   * ranges, or `loopback` (nginx on the same machine). From these peers only,
   * the client's address is read from X-Forwarded-For. Unset: none.
   */
  TRUSTED_PROXY: z
    .string()
    .optional()
    .transform((value, ctx) => {
      try {
        return TrustedProxies.parse(value ?? "");
      } catch (error) {
        ctx.addIssue({ code: "custom", message: `${(error as Error).message}; write addresses or ranges like 10.0.0.5, 10.0.0.0/8, fd00::/8 or loopback` });
        return z.NEVER;
      }
    }),
});

/** Where the data lives; server/db/client.ts opens and migrates it. */
export type DatabaseConfig =
  /** Absolute SQLite path: relative file: URLs would resolve from the working directory. */
  | { kind: "sqlite"; file: string }
  | { kind: "postgres"; url: string };

export interface Env {
  dev: boolean;
  port: number;
  host: string;
  database: DatabaseConfig;
  authSessionDays: number;
  cookieSecure: boolean;
  maxParticipantsPerSession: number;
  idleEndMs: number;
  /** Set when several nodes share sessions through Redis. */
  redisUrl: string | null;
  /** Origins allowed to use a visitor's cookie (server/origin.ts): PUBLIC_ORIGIN, or where this server can be reached. */
  publicOrigins: string[];
  /** Peers whose X-Forwarded-For names the client (server/client-address.ts): TRUSTED_PROXY. */
  trustedProxies: TrustedProxies;
}

/**
 * `lanAddresses` are this machine's LAN IPv4 addresses, read only when HOST
 * listens on every interface and PUBLIC_ORIGIN is unset.
 */
export function parseEnv(
  source: Record<string, string | undefined> = process.env,
  lanAddresses: () => string[] = lanIPv4Addresses,
): Env {
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
    database: databaseFromUrl(e.DATABASE_URL ?? `file:${path.resolve("data", "attune.db")}`),
    authSessionDays: e.AUTH_SESSION_DAYS,
    maxParticipantsPerSession: e.MAX_PARTICIPANTS_PER_SESSION,
    idleEndMs: e.IDLE_END_HOURS * 60 * 60_000,
    redisUrl: e.REDIS_URL ?? null,
    cookieSecure: e.COOKIE_SECURE,
    publicOrigins:
      e.PUBLIC_ORIGIN ?? defaultPublicOrigins(e.HOST, e.PORT, e.HOST === "0.0.0.0" || e.HOST === "::" ? lanAddresses() : []),
    trustedProxies: e.TRUSTED_PROXY,
  };
}

/** The addresses phones on the same network can reach this machine at. */
export function lanIPv4Addresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && a.family === "IPv4" && !a.internal)
    .map((a) => a!.address);
}

function databaseFromUrl(url: string): DatabaseConfig {
  return url.startsWith("file:") ? { kind: "sqlite", file: sqliteFileFromUrl(url) } : { kind: "postgres", url };
}

/** The database for a log line: the file, or the URL without its password. */
export function describeDatabase(database: DatabaseConfig): string {
  if (database.kind === "sqlite") return database.file;
  const url = new URL(database.url);
  if (url.password) url.password = "***";
  return url.toString();
}

export function sqliteFileFromUrl(url: string): string {
  return path.resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
}

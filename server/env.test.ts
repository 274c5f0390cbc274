import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

describe("parseEnv", () => {
  it("defaults to localhost:3000 and data/attune.db", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ port: 3000, host: "127.0.0.1", dev: false, cookieSecure: false });
    expect(env.databaseFile).toBe(path.resolve("data", "attune.db"));
  });

  it("reads PORT, HOST and a relative DATABASE_URL as an absolute path", () => {
    const env = parseEnv({ PORT: "4000", HOST: "0.0.0.0", DATABASE_URL: "file:./tmp/x.db", NODE_ENV: "development" });
    expect(env).toMatchObject({ port: 4000, host: "0.0.0.0", dev: true, databaseFile: path.resolve("tmp/x.db") });
  });

  it("fails fast with a clear message", () => {
    expect(() => parseEnv({ PORT: "eighty" })).toThrow(/Invalid environment:\n\s+PORT/);
    expect(() => parseEnv({ DATABASE_URL: "postgres://x" })).toThrow(/DATABASE_URL must be a SQLite file/);
  });
});

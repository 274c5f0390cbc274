import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeDatabase, parseEnv } from "./env";

describe("parseEnv", () => {
  it("defaults to localhost:3000 and data/attune.db", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ port: 3000, host: "127.0.0.1", dev: false, cookieSecure: false });
    expect(env.database).toEqual({ kind: "sqlite", file: path.resolve("data", "attune.db") });
  });

  it("reads PORT, HOST and a relative DATABASE_URL as an absolute path", () => {
    const env = parseEnv({ PORT: "4000", HOST: "0.0.0.0", DATABASE_URL: "file:./tmp/x.db", NODE_ENV: "development" });
    expect(env).toMatchObject({ port: 4000, host: "0.0.0.0", dev: true, database: { kind: "sqlite", file: path.resolve("tmp/x.db") } });
  });

  it("reads a PostgreSQL DATABASE_URL, and logs it without its password", () => {
    for (const scheme of ["postgresql", "postgres"]) {
      const url = `${scheme}://attune:s3cret@db.internal:5432/attune?sslmode=require`;
      const env = parseEnv({ DATABASE_URL: url });
      expect(env.database).toEqual({ kind: "postgres", url });
      expect(describeDatabase(env.database)).toBe(`${scheme}://attune:***@db.internal:5432/attune?sslmode=require`);
    }
    expect(describeDatabase(parseEnv({ DATABASE_URL: "file:/srv/attune.db" }).database)).toBe("/srv/attune.db");
  });

  it("fails fast with a clear message", () => {
    expect(() => parseEnv({ PORT: "eighty" })).toThrow(/Invalid environment:\n\s+PORT/);
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL must be a SQLite file: URL .* or a PostgreSQL URL/);
    expect(() => parseEnv({ DATABASE_URL: "./attune.db" })).toThrow(/DATABASE_URL must be/);
  });

  it("defaults PUBLIC_ORIGIN to every loopback name at PORT", () => {
    expect(parseEnv({ PORT: "4000" }, () => ["192.168.1.20"]).publicOrigins).toEqual([
      "http://localhost:4000",
      "http://127.0.0.1:4000",
      "http://[::1]:4000",
    ]);
  });

  it("adds the LAN addresses when HOST=0.0.0.0", () => {
    expect(parseEnv({ PORT: "4000", HOST: "0.0.0.0" }, () => ["192.168.1.20", "10.0.0.5"]).publicOrigins).toEqual([
      "http://localhost:4000",
      "http://127.0.0.1:4000",
      "http://[::1]:4000",
      "http://192.168.1.20:4000",
      "http://10.0.0.5:4000",
    ]);
  });

  it("reads PUBLIC_ORIGIN as a comma-separated list of origins, written as browsers send them", () => {
    const env = parseEnv({ PUBLIC_ORIGIN: " https://attune.example.org , http://192.168.1.20:3000/, https://attune.example.org:443" });
    expect(env.publicOrigins).toEqual(["https://attune.example.org", "http://192.168.1.20:3000"]);
  });

  it("refuses a PUBLIC_ORIGIN with a path or another scheme", () => {
    expect(() => parseEnv({ PUBLIC_ORIGIN: "https://attune.example.org/app" })).toThrow(/PUBLIC_ORIGIN: "https:\/\/attune.example.org\/app" is not an origin/);
    expect(() => parseEnv({ PUBLIC_ORIGIN: "attune.example.org" })).toThrow(/PUBLIC_ORIGIN/);
    expect(() => parseEnv({ PUBLIC_ORIGIN: "ftp://attune.example.org" })).toThrow(/PUBLIC_ORIGIN/);
  });

  it("trusts no proxy by default, and reads TRUSTED_PROXY as addresses, ranges and loopback", () => {
    expect(parseEnv({}).trustedProxies.trusts("127.0.0.1")).toBe(false);
    const env = parseEnv({ TRUSTED_PROXY: "10.0.0.5, fd00::/8, loopback" });
    expect(env.trustedProxies.entries).toEqual(["10.0.0.5", "fd00::/8", "loopback"]);
    expect(["10.0.0.5", "fd00::1", "127.0.0.1", "::1"].every((a) => env.trustedProxies.trusts(a))).toBe(true);
    expect(env.trustedProxies.trusts("10.0.0.6")).toBe(false);
  });

  it("refuses a TRUSTED_PROXY it cannot read, naming the entry", () => {
    expect(() => parseEnv({ TRUSTED_PROXY: "10.0.0.5, nginx.internal" })).toThrow(
      /TRUSTED_PROXY: not an address, a CIDR range or "loopback": "nginx.internal"; write addresses or ranges like/,
    );
  });
});

import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce } from "./csp";

const parse = (policy: string) => Object.fromEntries(policy.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));

describe("Content-Security-Policy", () => {
  it("allows only nonced or same-origin scripts, and this origin's sockets", () => {
    const csp = parse(contentSecurityPolicy({ nonce: "abc", host: "attune.example.org", dev: false }));
    expect(csp["script-src"]).toEqual(["'self'", "'nonce-abc'"]);
    expect(csp["style-src"]).toEqual(["'self'", "'nonce-abc'"]);
    expect(csp["style-src-attr"]).toEqual(["'unsafe-inline'"]);
    expect(csp["connect-src"]).toEqual(["'self'", "ws://attune.example.org", "wss://attune.example.org"]);
    expect(csp["object-src"]).toEqual(["'none'"]);
    expect(csp["base-uri"]).toEqual(["'self'"]);
    expect(csp["frame-ancestors"]).toEqual(["'none'"]);
    expect(csp["form-action"]).toEqual(["'self'"]);
  });

  it("adds eval (and unnonced styles) only for development", () => {
    const dev = parse(contentSecurityPolicy({ nonce: "abc", host: "localhost:3000", dev: true }));
    expect(dev["script-src"]).toEqual(["'self'", "'nonce-abc'", "'unsafe-eval'"]);
    expect(dev["style-src"]).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it("names no socket origin for a Host that could smuggle in a directive", () => {
    for (const host of ["evil.example; script-src *", "a b", "", null]) {
      expect(parse(contentSecurityPolicy({ nonce: "abc", host, dev: false }))["connect-src"]).toEqual(["'self'"]);
    }
    expect(parse(contentSecurityPolicy({ nonce: "abc", host: "[::1]:3000", dev: false }))["connect-src"]).toContain("ws://[::1]:3000");
  });

  it("makes a new 128-bit nonce each time", () => {
    const a = newNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(newNonce()).not.toBe(a);
  });
});

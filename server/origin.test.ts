import { describe, expect, it } from "vitest";
import { defaultPublicOrigins, fromAllowedOrigin, headersOf, normalizeOrigin } from "./origin";

const allowed = ["https://attune.example.org", "http://127.0.0.1:3000"];

describe("allowed origins", () => {
  it("reads an origin as a browser writes it", () => {
    expect(normalizeOrigin("https://Attune.Example.org:443/")).toBe("https://attune.example.org");
    expect(normalizeOrigin("http://[::1]:3000")).toBe("http://[::1]:3000");
    for (const bad of ["null", "", "attune.example.org", "https://attune.example.org/x", "https://a@attune.example.org", "ws://x"]) {
      expect(normalizeOrigin(bad), bad).toBeNull();
    }
  });

  it("defaults to the loopback names, a specific HOST, or the LAN addresses behind 0.0.0.0", () => {
    expect(defaultPublicOrigins("127.0.0.1", 3000, ["10.0.0.5"])).toEqual(["http://localhost:3000", "http://127.0.0.1:3000", "http://[::1]:3000"]);
    expect(defaultPublicOrigins("0.0.0.0", 80, ["10.0.0.5"])).toEqual(["http://localhost", "http://127.0.0.1", "http://[::1]", "http://10.0.0.5"]);
    expect(defaultPublicOrigins("fd00::7", 3000, [])).toContain("http://[fd00::7]:3000");
  });

  it("lets a request through only when its Origin is configured, whatever Host it claims", () => {
    expect(fromAllowedOrigin({ origin: "https://attune.example.org" }, allowed)).toBe(true);
    expect(fromAllowedOrigin({ origin: "http://127.0.0.1:3000" }, allowed)).toBe(true);
    expect(fromAllowedOrigin({ origin: "http://evil.example" }, allowed)).toBe(false);
    expect(fromAllowedOrigin({ origin: "http://127.0.0.1:3001" }, allowed)).toBe(false);
    expect(fromAllowedOrigin({ origin: "null" }, allowed)).toBe(false);
    expect(fromAllowedOrigin({ origin: "http://evil.example", "sec-fetch-site": "same-origin" }, allowed)).toBe(false);
    expect(fromAllowedOrigin({ origin: ["https://attune.example.org", "http://evil.example"] }, allowed)).toBe(false);
  });

  it("takes Origin: null (a form POST from a no-referrer page) only with Sec-Fetch-Site: same-origin", () => {
    expect(fromAllowedOrigin({ origin: "null", "sec-fetch-site": "same-origin" }, allowed)).toBe(true);
    expect(fromAllowedOrigin({ origin: "null", "sec-fetch-site": "cross-site" }, allowed)).toBe(false);
    expect(fromAllowedOrigin({ origin: "null", "sec-fetch-site": "same-site" }, allowed)).toBe(false);
    expect(fromAllowedOrigin({ origin: "null", referer: "https://attune.example.org/" }, allowed)).toBe(false);
  });

  it("without Origin, falls back to Sec-Fetch-Site, then Referer, then lets a non-browser through", () => {
    expect(fromAllowedOrigin({ "sec-fetch-site": "same-origin" }, allowed)).toBe(true);
    expect(fromAllowedOrigin({ "sec-fetch-site": "same-site" }, allowed)).toBe(false);
    expect(fromAllowedOrigin({ "sec-fetch-site": "cross-site", referer: "https://attune.example.org/x" }, allowed)).toBe(false);
    expect(fromAllowedOrigin({ referer: "https://attune.example.org/console" }, allowed)).toBe(true);
    expect(fromAllowedOrigin({ referer: "https://evil.example/attune.example.org" }, allowed)).toBe(false);
    expect(fromAllowedOrigin({ referer: "not a url" }, allowed)).toBe(false);
    expect(fromAllowedOrigin({}, allowed)).toBe(true);
  });

  it("reads Fetch Headers the same way", () => {
    const headers = new Headers({ origin: "http://evil.example", "sec-fetch-site": "same-origin" });
    expect(fromAllowedOrigin(headersOf(headers), allowed)).toBe(false);
  });
});

describe("where phones join", () => {
  it("is the first address phones can reach, or the loopback one marked unreachable", async () => {
    const { joinAddressFor } = await import("./origin");
    expect(joinAddressFor(["http://localhost:3000", "http://127.0.0.1:3000", "http://192.168.1.20:3000"], 3000)).toEqual({
      origin: "http://192.168.1.20:3000",
      reachable: true,
    });
    expect(joinAddressFor(["https://attune.example.org"], 3000)).toEqual({ origin: "https://attune.example.org", reachable: true });
    expect(joinAddressFor(["http://localhost:3000", "http://[::1]:3000"], 3000)).toEqual({ origin: "http://localhost:3000", reachable: false });
    // PORT=0 picks a free port: the real one is used.
    expect(joinAddressFor(["http://localhost:0"], 41234)).toEqual({ origin: "http://localhost:41234", reachable: false });
  });
});

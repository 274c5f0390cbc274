import { describe, expect, it } from "vitest";
import { addressKey, CLIENT_ADDRESS_HEADER, NO_TRUSTED_PROXY, resolveClientAddress, stampClientAddress, TrustedProxies } from "./client-address";

describe("client address", () => {
  it("overwrites whatever the client sent under the header's name", () => {
    const headers: Record<string, string | string[] | undefined> = { [CLIENT_ADDRESS_HEADER]: "203.0.113.9" };
    stampClientAddress(headers, "198.51.100.7");
    expect(headers[CLIENT_ADDRESS_HEADER]).toBe("198.51.100.7");
    stampClientAddress(headers, undefined);
    expect(headers[CLIENT_ADDRESS_HEADER]).toBe("");
  });

  it("counts IPv4 as it is and IPv6 by its /64", () => {
    expect(addressKey("198.51.100.7")).toBe("198.51.100.7");
    expect(addressKey("::ffff:198.51.100.7")).toBe("198.51.100.7");
    expect(addressKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:DB8:1:2:bbbb:cccc:dddd:eeee")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressKey("")).toBe("unknown");
  });

  it("reads X-Forwarded-For only from a trusted proxy, and then its right-most untrusted entry", () => {
    const nginx = TrustedProxies.parse("10.0.0.5");
    // Not from the proxy: the header is the client's say, and is not read.
    expect(resolveClientAddress("198.51.100.7", "203.0.113.9", nginx)).toBe("198.51.100.7");
    expect(resolveClientAddress("198.51.100.7", "203.0.113.9", NO_TRUSTED_PROXY)).toBe("198.51.100.7");
    expect(resolveClientAddress("10.0.0.5", "203.0.113.9", NO_TRUSTED_PROXY)).toBe("10.0.0.5");
    // From the proxy: what it appended, whatever the client wrote before it.
    expect(resolveClientAddress("10.0.0.5", "203.0.113.9", nginx)).toBe("203.0.113.9");
    expect(resolveClientAddress("10.0.0.5", "1.2.3.4, 203.0.113.9", nginx)).toBe("203.0.113.9");
    expect(resolveClientAddress("::ffff:10.0.0.5", ["1.2.3.4", "203.0.113.9"], nginx)).toBe("203.0.113.9");
    // No header from the proxy (its own health check): the proxy.
    expect(resolveClientAddress("10.0.0.5", undefined, nginx)).toBe("10.0.0.5");
    expect(resolveClientAddress("10.0.0.5", " , ", nginx)).toBe("10.0.0.5");
    expect(resolveClientAddress(undefined, "203.0.113.9", nginx)).toBe("");
  });

  it("walks back over a chain of trusted proxies, and takes ports off", () => {
    const proxies = TrustedProxies.parse("10.0.0.0/8, fd00::/8");
    expect(resolveClientAddress("10.0.0.5", "1.2.3.4, 203.0.113.9, 10.1.1.1, fd00::2", proxies)).toBe("203.0.113.9");
    expect(resolveClientAddress("10.0.0.5", "203.0.113.9:51234", proxies)).toBe("203.0.113.9");
    expect(resolveClientAddress("10.0.0.5", "[2001:db8::7]:443", proxies)).toBe("2001:db8::7");
    // Every hop a proxy: the furthest one known.
    expect(resolveClientAddress("10.0.0.5", "10.9.9.9, 10.1.1.1", proxies)).toBe("10.9.9.9");
    // Something that is not an address, written by a trusted proxy: kept as its key, bounded.
    expect(resolveClientAddress("10.0.0.5", "unknown", proxies)).toBe("unknown");
    expect(resolveClientAddress("10.0.0.5", "x".repeat(500), proxies)).toHaveLength(64);
  });

  it("stamps the address it chose, behind a proxy too", () => {
    const headers: Record<string, string | string[] | undefined> = { "x-forwarded-for": "1.2.3.4, 203.0.113.9" };
    stampClientAddress(headers, "127.0.0.1", TrustedProxies.parse("loopback"));
    expect(headers[CLIENT_ADDRESS_HEADER]).toBe("203.0.113.9");
    stampClientAddress(headers, "127.0.0.1");
    expect(headers[CLIENT_ADDRESS_HEADER]).toBe("127.0.0.1");
  });

  it("reads TRUSTED_PROXY's addresses, ranges and loopback, and says which entries it cannot", () => {
    const proxies = TrustedProxies.parse(" 192.0.2.10 , 10.0.0.0/8,2001:db8:a::/48, loopback ");
    expect(proxies.entries).toEqual(["192.0.2.10", "10.0.0.0/8", "2001:db8:a::/48", "loopback"]);
    for (const yes of ["192.0.2.10", "10.255.0.1", "::ffff:10.1.2.3", "2001:db8:a:ffff::1", "127.0.0.1", "127.8.9.10", "::1"]) {
      expect(proxies.trusts(yes), yes).toBe(true);
    }
    for (const no of ["192.0.2.11", "11.0.0.1", "2001:db8:b::1", "::2", "", "not-an-address", "10.0.0"]) {
      expect(proxies.trusts(no), no).toBe(false);
    }
    expect(TrustedProxies.parse("0.0.0.0/0").trusts("203.0.113.9")).toBe(true);
    expect(TrustedProxies.parse("").trusts("127.0.0.1")).toBe(false);
    expect(() => TrustedProxies.parse("10.0.0.0/33, nginx, 10.0.0.1/8/2, 300.1.1.1")).toThrow(
      'not an address, a CIDR range or "loopback": "10.0.0.0/33", "nginx", "10.0.0.1/8/2", "300.1.1.1"',
    );
  });
});

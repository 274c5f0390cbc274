import { describe, expect, it } from "vitest";
import { addressKey, CLIENT_ADDRESS_HEADER, stampClientAddress } from "./client-address";

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
});

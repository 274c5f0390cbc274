/**
 * The client's network address, as the custom server saw the TCP connection
 * (or, behind a trusted reverse proxy, as the proxy saw it), carried to the
 * Next.js routes in a request header the server writes itself.
 *
 * Next.js gives a route handler no trusted address: the `x-forwarded-for` it
 * adds keeps whatever the client sent. Our server overwrites this header on
 * every request before Next sees it, so a client cannot choose its value.
 *
 * Pure (no node:* imports): the Next.js routes import it too.
 */
export const CLIENT_ADDRESS_HEADER = "x-attune-client-address";

type Headers = Record<string, string | string[] | undefined>;

/**
 * Sets the header from the connection, replacing anything the client sent
 * under that name. `headers` is the Node request's own object, which Next
 * reads the route's headers from.
 */
export function stampClientAddress(headers: Headers, remoteAddress: string | undefined, trusted: TrustedProxies = NO_TRUSTED_PROXY): void {
  headers[CLIENT_ADDRESS_HEADER] = resolveClientAddress(remoteAddress, headers["x-forwarded-for"], trusted);
}

/**
 * Who is at the other end. The TCP peer, unless it is a trusted proxy: then
 * the right-most `X-Forwarded-For` entry that is not itself a trusted proxy.
 * Entries to its left were written by whoever reached that proxy, so a client
 * that sends its own header only adds entries that are never read; from an
 * untrusted peer the header is not read at all. All entries trusted (a
 * request from a proxy's own network): the left-most; none: the peer.
 */
export function resolveClientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trusted: TrustedProxies): string {
  const direct = peer ?? "";
  if (!trusted.trusts(direct)) return direct;
  const hops = [forwardedFor ?? []].flat().join(",").split(",").map(withoutPort).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) if (!trusted.trusts(hops[i]!)) return hops[i]!.slice(0, 64);
  return hops[0] ?? direct;
}

/** The addresses and ranges of the reverse proxies in front of Attune (TRUSTED_PROXY). */
export class TrustedProxies {
  private constructor(
    private readonly ranges: readonly IpRange[],
    /** As configured, for the log line at start. */
    readonly entries: readonly string[],
  ) {}

  /**
   * A comma-separated list of addresses (`10.0.0.5`, `::1`), CIDR ranges
   * (`10.0.0.0/8`, `fd00::/8`) and `loopback` (127.0.0.0/8 and ::1). Throws
   * with the entries it cannot read.
   */
  static parse(list: string): TrustedProxies {
    const entries = list.split(",").map((item) => item.trim()).filter(Boolean);
    const ranges: IpRange[] = [];
    const unreadable: string[] = [];
    for (const entry of entries) {
      const found = entry.toLowerCase() === "loopback" ? [range("127.0.0.0/8"), range("::1/128")] : [range(entry)];
      if (found.some((r) => r === null)) unreadable.push(entry);
      else ranges.push(...(found as IpRange[]));
    }
    if (unreadable.length) throw new Error(`not an address, a CIDR range or "loopback": ${unreadable.map((e) => `"${e}"`).join(", ")}`);
    return new TrustedProxies(ranges, entries);
  }

  static readonly none = new TrustedProxies([], []);

  trusts(address: string): boolean {
    if (this.ranges.length === 0) return false;
    const ip = parseIp(address);
    return ip !== null && this.ranges.some((r) => r.family === ip.family && ip.bits >> r.hostBits === r.network);
  }
}

export const NO_TRUSTED_PROXY = TrustedProxies.none;

interface Ip {
  family: 4 | 6;
  bits: bigint;
}

interface IpRange {
  family: 4 | 6;
  /** The address shifted right by `hostBits`. */
  network: bigint;
  hostBits: bigint;
}

function range(text: string): IpRange | null {
  const [address, prefixText, ...rest] = text.split("/");
  const ip = parseIp(address ?? "");
  if (!ip || rest.length) return null;
  const width = ip.family === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? width : Number(prefixText);
  if (prefix > width) return null;
  const hostBits = BigInt(width - prefix);
  return { family: ip.family, network: ip.bits >> hostBits, hostBits };
}

/** An IPv4 or IPv6 address (an IPv4-mapped one as IPv4), or null. */
function parseIp(text: string): Ip | null {
  const trimmed = text.trim().toLowerCase().replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(trimmed);
  const v4 = parseIPv4(mapped ? mapped[1]! : trimmed);
  if (v4 !== null) return { family: 4, bits: v4 };
  if (!trimmed.includes(":")) return null;
  const groups = expandIPv6(trimmed);
  if (!groups) return null;
  return { family: 6, bits: groups.reduce((bits, group) => (bits << 16n) | BigInt(parseInt(group, 16)), 0n) };
}

function parseIPv4(text: string): bigint | null {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.reduce((bits, part) => (bits << 8n) | BigInt(Number(part)), 0n);
}

/** `[::1]:443` and `203.0.113.7:5000` as some proxies write them, without the port. */
function withoutPort(hop: string): string {
  const trimmed = hop.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(trimmed);
  if (bracketed) return bracketed[1]!;
  const v4WithPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(trimmed);
  return v4WithPort ? v4WithPort[1]! : trimmed;
}

/**
 * The key rate limits count an address under: an IPv4 address as it is (also
 * when Node reports it IPv4-mapped), an IPv6 address by its /64, because one
 * home or phone is usually given a whole /64 and could otherwise rotate
 * through it.
 */
export function addressKey(address: string): string {
  const trimmed = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(trimmed);
  if (mapped) return mapped[1]!;
  if (!trimmed.includes(":")) return trimmed || "unknown";
  const groups = expandIPv6(trimmed.replace(/%.*$/, ""));
  return groups ? `${groups.slice(0, 4).join(":")}::/64` : trimmed;
}

function expandIPv6(address: string): string[] | null {
  const halves = address.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const groups = [...head, ...Array<string>(missing).fill("0"), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.map((g) => g.replace(/^0+(?=.)/, ""));
}

/**
 * The client's network address, as the custom server saw the TCP connection,
 * carried to the Next.js routes in a request header the server writes itself.
 *
 * Next.js gives a route handler no trusted address: the `x-forwarded-for` it
 * adds keeps whatever the client sent. Our server overwrites this header on
 * every request before Next sees it, so a client cannot choose its value.
 *
 * Pure (no node:* imports): the Next.js routes import it too.
 */
export const CLIENT_ADDRESS_HEADER = "x-attune-client-address";

/**
 * Sets the header from the connection, replacing anything the client sent
 * under that name. `headers` is the Node request's own object, which Next
 * reads the route's headers from.
 */
export function stampClientAddress(headers: Record<string, string | string[] | undefined>, remoteAddress: string | undefined): void {
  headers[CLIENT_ADDRESS_HEADER] = remoteAddress ?? "";
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

/**
 * Which origins may use Attune with a visitor's cookie: the one decision behind
 * the Socket.IO handshake check and the state-changing HTTP routes.
 *
 * The list is configured (PUBLIC_ORIGIN, or the addresses the server listens
 * at), never read from the request: a request's own Host header is the
 * sender's to choose, so comparing Origin with it proves nothing.
 *
 * Pure (no node:* imports): the Next.js routes import it too.
 */

/** `http(s)://host[:port]` as a browser sends it in Origin, or null when `value` is not one. */
export function normalizeOrigin(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.username || url.password || url.search || url.hash || (url.pathname !== "/" && url.pathname !== "")) return null;
  // URL drops a default port (":80", ":443") exactly as browsers do in Origin.
  return url.origin;
}

/**
 * The origins a server is reachable at when PUBLIC_ORIGIN is unset: this
 * computer by every loopback name, and, when it listens on every interface,
 * the LAN addresses phones use.
 */
export function defaultPublicOrigins(host: string, port: number, lanAddresses: readonly string[]): string[] {
  const hosts = ["localhost", "127.0.0.1", "[::1]"];
  if (host === "0.0.0.0" || host === "::") hosts.push(...lanAddresses.map(bracketIPv6));
  else if (!["localhost", "127.0.0.1", "::1"].includes(host)) hosts.push(bracketIPv6(host));
  const origins = hosts.map((h) => normalizeOrigin(`http://${h}:${port}`)).filter((o): o is string => o !== null);
  return [...new Set(origins)];
}

function bracketIPv6(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

/** The request headers the decision reads; Node's IncomingHttpHeaders and a small adapter for Fetch Headers both fit. */
export interface OriginHeaders {
  origin?: string | string[];
  "sec-fetch-site"?: string | string[];
  referer?: string | string[];
}

export function headersOf(headers: Headers): OriginHeaders {
  return {
    origin: headers.get("origin") ?? undefined,
    "sec-fetch-site": headers.get("sec-fetch-site") ?? undefined,
    referer: headers.get("referer") ?? undefined,
  };
}

/**
 * True when a request may act with the visitor's cookie.
 *
 * 1. An Origin header must be one of `allowed`.
 * 2. Origin "null" hides where a request came from: our own pages send it
 *    with a plain form POST (the sign-out button), because their
 *    Referrer-Policy is no-referrer; so do sandboxed frames and other sites'
 *    privacy-minded pages. Then Sec-Fetch-Site decides, and must say
 *    "same-origin"; without it, "null" is refused.
 * 3. Without Origin, Sec-Fetch-Site must not say another site sent it
 *    ("same-site" is refused too: a sibling subdomain is not this app).
 * 4. Without either, a Referer must be one of `allowed`.
 * 5. With none of them the sender is not a browser (a script, a test, a
 *    monitoring probe). Browsers send Origin on every cross-origin request and
 *    on every POST, and Sec-Fetch-Site on every request, so a page on
 *    another site cannot make one that arrives without them; a non-browser
 *    client has no visitor's cookie to ride, only its own credentials.
 */
export function fromAllowedOrigin(headers: OriginHeaders, allowed: readonly string[]): boolean {
  const origin = single(headers.origin);
  const site = single(headers["sec-fetch-site"]);
  if (origin === "null") return site === "same-origin";
  if (origin !== undefined) return isAllowedOrigin(origin, allowed);
  if (site !== undefined) return site === "same-origin" || site === "none";
  const referer = single(headers.referer);
  if (referer !== undefined) {
    try {
      return isAllowedOrigin(new URL(referer).origin, allowed);
    } catch {
      return false;
    }
  }
  return true;
}

export function isAllowedOrigin(origin: string, allowed: readonly string[]): boolean {
  const normalized = normalizeOrigin(origin);
  return normalized !== null && allowed.includes(normalized);
}

/** A header sent twice is not something a browser does: refuse to pick one. */
function single(value: string | string[] | undefined): string | undefined {
  if (Array.isArray(value)) return value.length === 1 ? value[0] : "";
  return value;
}

/** Whether an origin is this computer's own loopback address (no phone can reach it). */
export function isLoopbackOrigin(origin: string): boolean {
  try {
    const host = new URL(origin).hostname;
    return host === "localhost" || host === "[::1]" || host === "::1" || /^127\./.test(host);
  } catch {
    return true;
  }
}

/**
 * Where phones join: the first public origin that is not loopback (PUBLIC_ORIGIN,
 * or this machine's network address when listening on every interface), else
 * the first one, marked unreachable. A port of 0 (tests) becomes the real one.
 */
export function joinAddressFor(publicOrigins: readonly string[], port: number): { origin: string; reachable: boolean } {
  const chosen = publicOrigins.find((o) => !isLoopbackOrigin(o)) ?? publicOrigins[0] ?? `http://localhost:${port}`;
  const url = new URL(chosen);
  if (url.port === "0") url.port = String(port);
  return { origin: url.origin, reachable: !isLoopbackOrigin(url.origin) };
}

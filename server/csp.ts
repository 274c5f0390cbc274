/**
 * The Content-Security-Policy every page is sent (proxy.ts makes a fresh nonce
 * per request; Next.js puts it on its own scripts).
 *
 * Pure (no node:* imports): proxy.ts runs inside Next.js.
 */
export interface CspInput {
  /** Base64, fresh per request. */
  nonce: string;
  /** The Host the page was requested at; its ws:/wss: is where Socket.IO connects. */
  host: string | null;
  /** `next dev`: React's dev tooling needs eval, and the error overlay unnonced styles. */
  dev: boolean;
}

export function contentSecurityPolicy({ nonce, host, dev }: CspInput): string {
  const socketOrigins = host && isPlainHost(host) ? [`ws://${host}`, `wss://${host}`] : [];
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // Only nonced scripts and files from this origin (Next's chunks); never
    // inline handlers or injected <script> text. No 'strict-dynamic': every
    // script we load is ours, so a script-created <script> must be ours too.
    "script-src": ["'self'", `'nonce-${nonce}'`, ...(dev ? ["'unsafe-eval'"] : [])],
    "style-src": dev ? ["'self'", "'unsafe-inline'"] : ["'self'", `'nonce-${nonce}'`],
    // React writes style="" attributes (the pulse bars' widths) into the
    // server-rendered HTML, and a nonce cannot cover an attribute. Attributes
    // only: <style> elements still need the nonce. A style attribute cannot run
    // script or load anything beyond what img-src/font-src allow.
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    // 'self' covers ws:/wss: in current browsers; named for older Safari.
    "connect-src": ["'self'", ...socketOrigins],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}

/** A hostname or IP literal with an optional port: nothing that could end a directive. */
function isPlainHost(host: string): boolean {
  return /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i.test(host);
}

/** 16 random bytes, base64. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Next.js 16 Proxy (the former middleware): a Content-Security-Policy with a
 * fresh nonce on every page. Next.js reads the nonce from the request's
 * policy header and puts it on its own scripts, which is why pages render per
 * request (app/layout.tsx).
 */
import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, newNonce } from "./server/csp";

export function proxy(request: NextRequest) {
  const policy = contentSecurityPolicy({
    nonce: newNonce(),
    host: request.headers.get("host"),
    // Inlined by Next.js at build time.
    dev: process.env.NODE_ENV === "development",
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: not the JSON routes, not the hashed static files.
      source: "/((?!api/|_next/static/|_next/image|favicon.ico|icon.svg|apple-icon.png|manifest.webmanifest|icons/).*)",
      // A prefetch is not a document; the page it prefetches is sent its own policy.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};

/**
 * Server-side access for routes and pages: the services the custom server
 * built (same process, published on globalThis) and the signed-in facilitator.
 */
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { Services } from "@/server/services";
import { AUTH_COOKIE } from "@/server/auth/cookie";
import { CLIENT_ADDRESS_HEADER } from "@/server/client-address";

export function services(): Services {
  const found = (globalThis as Record<symbol, unknown>)[Symbol.for("attune.services")] as Services | undefined;
  if (!found) throw new Error("Attune's services are not running: start the app with `npm start` or `npm run dev`.");
  return found;
}

export async function currentFacilitator() {
  const token = (await cookies()).get(AUTH_COOKIE)?.value;
  return services().accounts.resolve(token);
}

/** The signed-in facilitator, or a redirect to sign in. */
export async function requireFacilitator(next?: string) {
  const facilitator = await currentFacilitator();
  if (!facilitator) redirect(next ? `/signin?next=${encodeURIComponent(next)}` : "/signin");
  return facilitator;
}

/**
 * The client's network address, for rate limits: written by our own server
 * on every request (server/client-address.ts), never the client's say.
 */
export function clientAddress(request: Request): string {
  return request.headers.get(CLIENT_ADDRESS_HEADER) || "unknown";
}

/**
 * Server-side access for routes and pages: the services the custom server
 * built (same process, published on globalThis) and the signed-in facilitator.
 */
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { Services } from "@/server/services";
import { AUTH_COOKIE } from "@/server/auth/cookie";

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

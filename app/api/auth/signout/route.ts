import { NextResponse } from "next/server";
import { cookies } from "next/headers";
import { AUTH_COOKIE } from "@/server/auth/cookie";
import { stateChanging } from "@/app/_lib/api";
import { clearAuthCookie } from "@/app/_lib/auth-cookie";
import { services } from "@/app/_lib/server";

// A plain form post from the console header; only Attune's own pages may send it.
export const POST = stateChanging(async () => {
  const token = (await cookies()).get(AUTH_COOKIE)?.value;
  if (token) await services().signOut(token);
  // A relative Location: the server's own idea of its host (0.0.0.0, a proxy's
  // upstream) is not always an address the browser can reach.
  return clearAuthCookie(new NextResponse(null, { status: 303, headers: { Location: "/signin" } }));
});

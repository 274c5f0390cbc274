import { NextResponse } from "next/server";
import { cookies } from "next/headers";
import { AUTH_COOKIE } from "@/server/auth/cookie";
import { clearAuthCookie } from "@/app/_lib/auth-cookie";
import { services } from "@/app/_lib/server";

// A plain form post from the console header; SameSite=Lax keeps other sites from sending it.
export async function POST(request: Request) {
  const token = (await cookies()).get(AUTH_COOKIE)?.value;
  if (token) await services().accounts.signOut(token);
  return clearAuthCookie(NextResponse.redirect(new URL("/signin", request.url), 303));
}

import type { NextResponse } from "next/server";
import { AUTH_COOKIE } from "@/server/auth/cookie";
import { services } from "./server";

export function setAuthCookie(response: NextResponse, token: string, expiresAt: Date): NextResponse {
  response.cookies.set(AUTH_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: services().env.cookieSecure,
    path: "/",
    expires: expiresAt,
  });
  return response;
}

export function clearAuthCookie(response: NextResponse): NextResponse {
  response.cookies.set(AUTH_COOKIE, "", { httpOnly: true, sameSite: "lax", path: "/", maxAge: 0 });
  return response;
}

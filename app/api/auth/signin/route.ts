import { z } from "zod";
import { fail, ok, readJson } from "@/app/_lib/api";
import { setAuthCookie } from "@/app/_lib/auth-cookie";
import { services } from "@/app/_lib/server";

// Signing in checks the password, not its strength: only shape and size here.
const signInSchema = z.strictObject({
  email: z.string().trim().max(254).transform((e) => e.toLowerCase()),
  password: z.string().min(1, "Enter your password.").max(200),
});

export async function POST(request: Request) {
  try {
    const { email, password } = await readJson(request, signInSchema);
    const signed = await services().accounts.signIn(email, password);
    return setAuthCookie(ok({ email: signed.facilitator.email }), signed.token, signed.expiresAt);
  } catch (error) {
    return fail(error);
  }
}

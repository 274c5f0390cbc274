import { z } from "zod";
import { ok, readJson, stateChanging } from "@/app/_lib/api";
import { setAuthCookie } from "@/app/_lib/auth-cookie";
import { clientAddress, services } from "@/app/_lib/server";

// Signing in checks the password, not its strength: only shape and size here.
const signInSchema = z.strictObject({
  email: z.string().trim().max(254).transform((e) => e.toLowerCase()),
  password: z.string().min(1, "Enter your password.").max(200),
});

export const POST = stateChanging(async (request) => {
  const { email, password } = await readJson(request, signInSchema);
  const signed = await services().accounts.signIn(email, password, clientAddress(request));
  return setAuthCookie(ok({ email: signed.facilitator.email }), signed.token, signed.expiresAt);
});

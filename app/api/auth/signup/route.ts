import { credentialsSchema } from "@/lib/protocol/schemas";
import { ok, readJson, stateChanging } from "@/app/_lib/api";
import { setAuthCookie } from "@/app/_lib/auth-cookie";
import { clientAddress, services } from "@/app/_lib/server";

export const POST = stateChanging(async (request) => {
  const { email, password } = await readJson(request, credentialsSchema);
  const signed = await services().accounts.signUp(email, password, clientAddress(request));
  return setAuthCookie(ok({ email: signed.facilitator.email }, { status: 201 }), signed.token, signed.expiresAt);
});

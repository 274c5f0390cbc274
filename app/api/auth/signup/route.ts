import { credentialsSchema } from "@/lib/protocol/schemas";
import { fail, ok, readJson } from "@/app/_lib/api";
import { setAuthCookie } from "@/app/_lib/auth-cookie";
import { services } from "@/app/_lib/server";

export async function POST(request: Request) {
  try {
    const { email, password } = await readJson(request, credentialsSchema);
    const signed = await services().accounts.signUp(email, password);
    return setAuthCookie(ok({ email: signed.facilitator.email }, { status: 201 }), signed.token, signed.expiresAt);
  } catch (error) {
    return fail(error);
  }
}

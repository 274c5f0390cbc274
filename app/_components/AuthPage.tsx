import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { currentFacilitator } from "@/app/_lib/server";
import { AuthForm } from "./AuthForm";
import { Brand } from "./Brand";
import { LanguageSwitch } from "./LanguageSwitch";
import { Messages } from "./Messages";

/** The sign-in and sign-up pages: a signed-in facilitator goes straight to the console. */
export async function AuthPage({ mode, next }: { mode: "signin" | "signup"; next?: string }) {
  if (await currentFacilitator()) redirect("/console");
  const t = await getTranslations("Auth");
  return (
    <main className="mx-auto flex min-h-dvh max-w-sm flex-col justify-center gap-8 px-5 py-10">
      <div className="flex items-center justify-between gap-3">
        <Brand />
        <LanguageSwitch />
      </div>
      <div className="space-y-2">
        <h1 className="text-3xl font-semibold tracking-tight">{t(mode === "signin" ? "signInHeading" : "signUpHeading")}</h1>
        <p className="text-ink/80">{t(mode === "signin" ? "signInLede" : "signUpLede")}</p>
      </div>
      <Messages namespaces={["Auth"]}>
        <AuthForm mode={mode} next={next} />
      </Messages>
    </main>
  );
}

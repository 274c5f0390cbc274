import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { currentFacilitator } from "@/app/_lib/server";
import { AuthForm } from "./AuthForm";
import { Messages } from "./Messages";
import { PageIntro } from "./PageIntro";

/** The sign-in and sign-up pages: a signed-in facilitator goes straight to the console. */
export async function AuthPage({ mode, next }: { mode: "signin" | "signup"; next?: string }) {
  if (await currentFacilitator()) redirect("/console");
  const t = await getTranslations("Auth");
  return (
    <main className="mx-auto flex min-h-dvh max-w-sm flex-col justify-center gap-8 px-5 py-10">
      <PageIntro heading={t(mode === "signin" ? "signInHeading" : "signUpHeading")} lede={t(mode === "signin" ? "signInLede" : "signUpLede")} />
      <Messages namespaces={["Auth"]}>
        <AuthForm mode={mode} next={next} />
      </Messages>
    </main>
  );
}

import { redirect } from "next/navigation";
import { currentFacilitator } from "@/app/_lib/server";
import { AuthForm } from "./AuthForm";
import { Brand } from "./Brand";

/** The sign-in and sign-up pages: a signed-in facilitator goes straight to the console. */
export async function AuthPage({ mode, heading, next }: { mode: "signin" | "signup"; heading: string; next?: string }) {
  if (await currentFacilitator()) redirect("/console");
  return (
    <main className="mx-auto flex min-h-dvh max-w-sm flex-col justify-center gap-8 px-5 py-10">
      <Brand />
      <h1 className="text-3xl font-semibold tracking-tight">{heading}</h1>
      <AuthForm mode={mode} next={next} />
    </main>
  );
}

import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthForm } from "../_components/AuthForm";
import { Brand } from "../_components/Brand";
import { currentFacilitator } from "../_lib/server";

export const metadata: Metadata = { title: "Create your account" };

export default async function Page({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  if (await currentFacilitator()) redirect("/console");
  const { next } = await searchParams;
  return (
    <main className="mx-auto flex min-h-dvh max-w-sm flex-col justify-center gap-8 px-5 py-10">
      <Brand />
      <h1 className="text-3xl font-semibold tracking-tight">Create your facilitator account</h1>
      <AuthForm mode="signup" next={next} />
    </main>
  );
}

import type { Metadata } from "next";
import { Brand } from "../_components/Brand";
import { JoinForm } from "../_components/JoinForm";

export const metadata: Metadata = { title: "Join a session" };

export default function JoinPage() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col gap-8 px-5 py-10">
      <Brand />
      <div className="space-y-2">
        <h1 className="text-3xl font-semibold tracking-tight">Join a session</h1>
        <p className="text-ink/80">Type the code your facilitator shows. No account, no name.</p>
      </div>
      <JoinForm />
    </main>
  );
}

import Link from "next/link";
import { Brand } from "./_components/Brand";

export default function Home() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-3xl flex-col justify-center gap-10 px-6 py-16">
      <Brand />
      <div className="space-y-4">
        <h1 className="text-4xl font-semibold tracking-tight sm:text-5xl">Read the room. Hold the moment.</h1>
        <p className="max-w-xl text-lg text-ink/80">
          Attune is a live facilitation tool for workshops. Push a prompt to every phone in the room, and see how people
          are doing through anonymous one-tap check-ins — no accounts, no names.
        </p>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Link href="/join" className="rounded-xl bg-calm px-6 py-3 text-lg font-medium text-white hover:bg-calm-dark">
          Join a session
        </Link>
        <Link href="/signin" className="rounded-xl border border-calm/40 px-6 py-3 text-lg font-medium text-calm-dark hover:bg-white">
          Facilitator sign in
        </Link>
        <Link href="/signup" className="py-3 text-lg font-medium text-calm-dark underline underline-offset-4 hover:text-ink">
          Create a facilitator account
        </Link>
      </div>
    </main>
  );
}

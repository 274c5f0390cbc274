import Link from "next/link";
import { Brand } from "./Brand";

export function ConsoleHeader({ email }: { email: string }) {
  return (
    <header className="flex flex-wrap items-center justify-between gap-3 border-b border-ink/10 bg-white/60 px-4 py-3 sm:px-6">
      <Brand href="/console" />
      <nav aria-label="Account" className="flex items-center gap-4 text-sm">
        <Link href="/console" className="text-calm-dark underline-offset-2 hover:underline">
          Sessions
        </Link>
        <span className="hidden text-ink/70 sm:inline">{email}</span>
        <form action="/api/auth/signout" method="post">
          <button type="submit" className="rounded-md border border-ink/20 px-3 py-1 hover:bg-white">
            Sign out
          </button>
        </form>
      </nav>
    </header>
  );
}

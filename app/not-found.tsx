import Link from "next/link";
import { Brand } from "./_components/Brand";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-6 px-5">
      <Brand />
      <h1 className="text-3xl font-semibold tracking-tight">Not found</h1>
      <p className="text-ink/80">That page does not exist, or it belongs to someone else.</p>
      <Link href="/" className="text-calm-dark underline">
        Back to Attune
      </Link>
    </main>
  );
}

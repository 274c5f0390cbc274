import Link from "next/link";

export function Brand({ href = "/" }: { href?: string }) {
  return (
    <Link href={href} className="inline-flex items-center gap-2 font-semibold tracking-tight text-accent-strong">
      <span aria-hidden="true" className="grid size-7 place-items-center rounded-full bg-accent text-sm text-on-accent">
        ◎
      </span>
      Attune
    </Link>
  );
}

import Link from "next/link";

export function Brand({ href = "/" }: { href?: string }) {
  return (
    <Link href={href} className="inline-flex items-center gap-2 font-semibold tracking-tight text-calm-dark">
      <span aria-hidden="true" className="grid size-7 place-items-center rounded-full bg-calm text-sm text-white">
        ◎
      </span>
      Attune
    </Link>
  );
}

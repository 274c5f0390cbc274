import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Brand } from "./_components/Brand";

export default async function NotFound() {
  const t = await getTranslations("Common.notFound");
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-6 px-5">
      <Brand />
      <h1 className="text-3xl font-semibold tracking-tight">{t("title")}</h1>
      <p className="text-ink/80">{t("body")}</p>
      <Link href="/" className="text-accent-strong underline">
        {t("backHome")}
      </Link>
    </main>
  );
}

import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Brand } from "../_components/Brand";
import { JoinForm } from "../_components/JoinForm";
import { LanguageSwitch } from "../_components/LanguageSwitch";
import { Messages } from "../_components/Messages";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("Join");
  return { title: t("title") };
}

export default async function JoinPage() {
  const t = await getTranslations("Join");
  return (
    <Messages namespaces={["Join"]}>
      <main className="mx-auto flex min-h-dvh max-w-md flex-col gap-8 px-5 py-10">
        <div className="flex items-center justify-between gap-3">
          <Brand />
          <LanguageSwitch />
        </div>
        <div className="space-y-2">
          <h1 className="text-3xl font-semibold tracking-tight">{t("title")}</h1>
          <p className="text-ink/80">{t("lede")}</p>
        </div>
        <JoinForm />
      </main>
    </Messages>
  );
}

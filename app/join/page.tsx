import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { JoinForm } from "../_components/JoinForm";
import { PageIntro } from "../_components/PageIntro";
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
        <PageIntro heading={t("title")} lede={t("lede")} />
        <JoinForm />
      </main>
    </Messages>
  );
}

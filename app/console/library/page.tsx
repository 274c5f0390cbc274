import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { BUILT_IN_ENTRIES } from "@/lib/library/entries";
import { builtInTemplate } from "@/lib/library/prompts";
import { BUILT_IN_SESSION_TEMPLATES } from "@/lib/library/templates";
import { ConsoleHeader } from "@/app/_components/ConsoleHeader";
import { Messages } from "@/app/_components/Messages";
import { requireFacilitator, services } from "@/app/_lib/server";
import { LibraryBrowser } from "./LibraryBrowser";
import { SessionTemplates } from "./SessionTemplates";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("Library"))("metaTitle") };
}

export default async function LibraryPage() {
  const facilitator = await requireFacilitator("/console/library");
  const { templates } = services();
  const [own, ownSessionTemplates] = await Promise.all([templates.list(facilitator.id), templates.listSessionTemplates(facilitator.id)]);
  const exercises = BUILT_IN_SESSION_TEMPLATES.map(({ key, title, description, deck }) => ({
    key,
    title,
    description,
    deck: deck.map((k) => builtInTemplate(k).title),
  }));
  return (
    <>
      <ConsoleHeader email={facilitator.email} />
      <main className="mx-auto max-w-7xl space-y-10 px-3 py-6 sm:px-6 sm:py-8">
        <Messages namespaces={["Library"]}>
          <LibraryBrowser builtIn={BUILT_IN_ENTRIES} initialOwn={own} />
          <SessionTemplates exercises={exercises} initialOwn={ownSessionTemplates} />
        </Messages>
      </main>
    </>
  );
}

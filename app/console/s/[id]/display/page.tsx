import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { Messages } from "@/app/_components/Messages";
import { requireFacilitator, services } from "@/app/_lib/server";
import { RoomDisplay } from "./RoomDisplay";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("Display");
  return { title: t("metaTitle") };
}

export default async function RoomDisplayPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const facilitator = await requireFacilitator(`/console/s/${id}/display`);
  // The owner's or a co-facilitator's; anyone else's session looks like none at all.
  const role = await services().team.access(facilitator.id, id).catch(() => null);
  if (!role) notFound();
  return (
    <Messages namespaces={["Display", "Answers", "Silence", "Privacy"]}>
      <RoomDisplay sessionId={id} />
    </Messages>
  );
}

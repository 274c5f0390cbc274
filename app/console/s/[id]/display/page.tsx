import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireFacilitator, services } from "@/app/_lib/server";
import { RoomDisplay } from "./RoomDisplay";

export const metadata: Metadata = { title: "Room display" };

export default async function RoomDisplayPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const facilitator = await requireFacilitator(`/console/s/${id}/display`);
  const session = await services().sessions.getOwned(facilitator.id, id).catch(() => null);
  if (!session) notFound();
  return <RoomDisplay sessionId={id} />;
}

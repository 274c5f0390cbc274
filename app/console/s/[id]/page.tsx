import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ConsoleHeader } from "@/app/_components/ConsoleHeader";
import { requireFacilitator, services } from "@/app/_lib/server";
import { SessionConsole } from "./SessionConsole";

export const metadata: Metadata = { title: "Console" };

export default async function SessionConsolePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const facilitator = await requireFacilitator(`/console/s/${id}`);
  const session = await services().sessions.getOwned(facilitator.id, id).catch(() => null);
  if (!session) notFound();
  return (
    <>
      <ConsoleHeader email={facilitator.email} />
      <SessionConsole sessionId={id} initialTitle={session.title} />
    </>
  );
}

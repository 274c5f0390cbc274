import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { ConsoleHeader } from "@/app/_components/ConsoleHeader";
import { Messages } from "@/app/_components/Messages";
import { requireFacilitator, services } from "@/app/_lib/server";
import { kFor } from "@/lib/anonymity";
import { endedMoments } from "./ended-moments";
import { SessionConsole, type EndedCounts } from "./SessionConsole";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("Console"))("metaTitle") };
}

export default async function SessionConsolePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const facilitator = await requireFacilitator(`/console/s/${id}`);
  // The owner's or a co-facilitator's; anyone else's session looks like none at all.
  const session = (await services().team.open(facilitator.id, id).catch(() => null))?.session;
  if (!session) notFound();
  return (
    <>
      <ConsoleHeader email={facilitator.email} />
      <Messages namespaces={["Console", "Answers", "Palette", "Phone", "Team", "Library", "Room", "Privacy", "Silence", "Support"]}>
        <SessionConsole sessionId={id} me={facilitator.email} initialTitle={session.title} ended={session.status === "ended" ? await endedCounts(id) : null} />
      </Messages>
    </>
  );
}

/** What an ended session's summary says: read once the session is over, when nothing changes any more. */
async function endedCounts(sessionId: string): Promise<EndedCounts> {
  const { db, room } = services();
  const [joined, checkIns, events, settings] = await Promise.all([
    db.participant.count({ where: { sessionId } }),
    db.checkIn.count({ where: { sessionId } }),
    room.listSessionEvents(sessionId),
    room.settingsOf(sessionId),
  ]);
  return { joined, checkIns, moments: endedMoments(events), k: kFor("console", settings.anonymity) };
}

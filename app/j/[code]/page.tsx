import type { Metadata } from "next";
import { ParticipantView } from "./ParticipantView";

export const metadata: Metadata = { title: "Live session" };

export default async function JoinByLink({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  return <ParticipantView code={code.slice(0, 12)} />;
}

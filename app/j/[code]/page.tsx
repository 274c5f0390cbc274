import type { Metadata } from "next";
import { ParticipantView } from "./ParticipantView";

export const metadata: Metadata = { title: "Live session" };

export default async function JoinByLink({
  params,
  searchParams,
}: {
  params: Promise<{ code: string }>;
  searchParams: Promise<{ k?: string | string[] }>;
}) {
  const { code } = await params;
  const { k } = await searchParams;
  // The join link's key (from the QR code or the link): shows the phone is not guessing codes.
  const linkKey = typeof k === "string" && /^[A-Za-z0-9_-]{22}$/.test(k) ? k : undefined;
  return <ParticipantView code={code.slice(0, 12)} linkKey={linkKey} />;
}

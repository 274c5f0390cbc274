import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Messages } from "@/app/_components/Messages";
import { services } from "@/app/_lib/server";
import { secretTokenSchema } from "@/lib/protocol/schemas";
import { LinkedDisplay, LinkRevoked } from "./LinkedDisplay";

export async function generateMetadata(): Promise<Metadata> {
  // The address is a secret: no search engine, no preview.
  return { title: (await getTranslations("Team.display"))("metaTitle"), robots: { index: false, follow: false } };
}

/**
 * The room display opened with its own link, for a projector computer with
 * nobody signed in: the link's key admits the socket to this one session's
 * display (server/realtime/display.ts) and stops working once revoked.
 */
export default async function DisplayLinkPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const opened = secretTokenSchema.safeParse(key).success ? await services().team.sessionOfDisplayKey(key) : null;
  return (
    <Messages namespaces={["Display", "Answers", "Team", "Silence", "Privacy"]}>
      {opened ? <LinkedDisplay sessionId={opened.sessionId} displayKey={key} /> : <LinkRevoked />}
    </Messages>
  );
}

import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { checkJoinCode } from "@/lib/join-code";
import { Messages } from "@/app/_components/Messages";
import { ParticipantView } from "./ParticipantView";
import { Refused } from "./Refused";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("Phone");
  return { title: t("metaTitle") };
}

/**
 * A phone's page for one session. The server renders the welcome and the
 * default check-ins without looking the session up (that is the join gate's
 * business, with its rate limits, on the socket), so the first screen paints
 * before the connection; the session's own words replace them once joined.
 */
export default async function JoinByLink({
  params,
  searchParams,
}: {
  params: Promise<{ code: string }>;
  searchParams: Promise<{ k?: string | string[] }>;
}) {
  const { code: raw } = await params;
  const { k } = await searchParams;
  const typed = decoded(raw).slice(0, 12);
  const check = checkJoinCode(typed);
  if (!check.ok) {
    const t = await getTranslations("Join");
    const message = check.problem === "character" ? t("codeAlphabet", { character: check.character }) : t("notACode", { code: typed });
    return (
      <Messages namespaces={["Join"]}>
        <Refused title={t("refusedTitle")} code={typed} message={message} />
      </Messages>
    );
  }
  const common = await getTranslations("Common");
  // The join link's key (from the QR code or the link): shows the phone is not guessing codes.
  const linkKey = typeof k === "string" && /^[A-Za-z0-9_-]{22}$/.test(k) ? k : undefined;
  return (
    <Messages namespaces={["Phone", "Join", "Answers", "Silence", "Support", "Privacy"]}>
      <ParticipantView code={check.code} linkKey={linkKey}>
        <noscript>
          <p className="rounded-xl border border-warn/40 bg-warn-soft p-3 text-sm text-warn">{common("noscript")}</p>
        </noscript>
      </ParticipantView>
    </Messages>
  );
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

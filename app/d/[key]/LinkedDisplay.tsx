"use client";
import { useTranslations } from "next-intl";
import { useCallback, useState } from "react";
import { RoomDisplay } from "@/app/console/s/[id]/display/RoomDisplay";
import { MUTED, STAGE } from "@/app/console/s/[id]/display/stage";

/** The room display through a display link; once the link is revoked, a calm screen that says so. */
export function LinkedDisplay({ sessionId, displayKey }: { sessionId: string; displayKey: string }) {
  const [revoked, setRevoked] = useState(false);
  const ended = useCallback(() => setRevoked(true), []);
  if (revoked) return <LinkRevoked />;
  return <RoomDisplay sessionId={sessionId} displayKey={displayKey} onAccessEnded={ended} />;
}

export function LinkRevoked() {
  const t = useTranslations("Team.display");
  return (
    <main className={`${STAGE} grid h-dvh place-items-center overflow-hidden p-[6vmin] text-center`} data-testid="display-link-revoked">
      <div className="flex max-w-[80vw] flex-col items-center gap-[4vmin]">
        <h1 className="text-[6vmin] leading-tight font-semibold tracking-tight text-balance">{t("revokedHeading")}</h1>
        <p className={`text-[3.5vmin] ${MUTED}`}>{t("revokedBody")}</p>
      </div>
    </main>
  );
}

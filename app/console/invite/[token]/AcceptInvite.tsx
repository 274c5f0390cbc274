"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { AppErrorBody } from "@/lib/protocol/errors";
import type { ConsoleRole } from "@/lib/protocol/views";
import { button } from "@/app/_components/ui";
import { useErrorText } from "@/app/_lib/error-text";
import { postJson } from "@/app/_lib/post-json";

/** "Join as co-facilitator": spends the invitation, then opens the session's console. */
export function AcceptInvite({ token }: { token: string }) {
  const t = useTranslations("Team.invite");
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorBody | null>(null);
  const accept = async () => {
    setBusy(true);
    setError(null);
    const ack = await postJson<{ sessionId: string; role: ConsoleRole }>("/api/invites/accept", { token });
    if (!ack.ok) {
      setBusy(false);
      return setError(ack.error);
    }
    window.location.assign(`/console/s/${ack.data.sessionId}`);
  };
  return (
    <div className="space-y-3">
      <button type="button" onClick={() => void accept()} disabled={busy} className={button({ size: "lg", className: "w-full" })}>
        {t("join")}
      </button>
      <p role="alert" className={error ? "font-medium text-danger" : "sr-only"}>
        {error && errorText(error)}
      </p>
    </div>
  );
}

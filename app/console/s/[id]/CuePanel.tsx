"use client";
/**
 * Cues between facilitators: a co-facilitator sends the lead a short private
 * nudge ("2 minutes left"), from a preset or in their own words; it shows on
 * the other facilitators' consoles as a banner in the session bar that can be
 * dismissed. Never on the room display or the phones. Hidden in
 * screen-share-safe mode (the panel and the banners alike).
 */
import { useTranslations } from "next-intl";
import { useEffect, useId, useState } from "react";
import { MAX_CUE } from "@/lib/protocol/limits";
import type { AppErrorBody } from "@/lib/protocol/errors";
import type { CueView } from "@/lib/protocol/room";
import { button, card, field, notice } from "@/app/_components/ui";
import { useErrorText } from "@/app/_lib/error-text";
import { request } from "@/app/_lib/sockets";
import { useScreenShareSafe } from "./screen-share-safe";
import type { SupportState } from "./SupportPanel";

const PRESETS = ["energy", "time", "chat", "support"] as const;
const DISMISSED_KEY = "attune.console.dismissedCues";

export function CuePanel({ support, className = "" }: { support: SupportState; className?: string }) {
  const t = useTranslations("Support.cues");
  const errorText = useErrorText();
  const { safe } = useScreenShareSafe();
  const id = useId();
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorBody | null>(null);
  const [sent, setSent] = useState<{ text: string; n: number } | null>(null);

  const send = async (words: string) => {
    if (!support.socket || busy || !words.trim()) return;
    setBusy(true);
    const ack = await request(support.socket, "cue:send", { sessionId: support.sessionId, text: words }).finally(() => setBusy(false));
    if (!ack.ok) return setError(ack.error);
    setError(null);
    setSent((s) => ({ text: ack.data.text, n: (s?.n ?? 0) + 1 }));
    if (words === text) setText("");
  };

  return (
    <section aria-labelledby={`${id}-heading`} data-testid="cue-panel" className={card(`space-y-2 max-sm:p-3 ${className}`)}>
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        {t("heading")}
      </h2>
      {safe ? (
        <p className="rounded-xl bg-sunken px-3 py-1.5 text-sm text-ink/80" data-testid="cue-hidden">
          {t("hidden")}
        </p>
      ) : (
        <>
          <p className="text-sm text-ink/75">{t("lede")}</p>
          <div role="group" aria-label={t("presetsLabel")} className="flex flex-wrap gap-2">
            {PRESETS.map((key) => (
              <button key={key} type="button" disabled={busy} onClick={() => void send(t(`presets.${key}`))} className={button({ variant: "secondary", size: "sm" })}>
                {t(`presets.${key}`)}
              </button>
            ))}
          </div>
          <form
            className="flex flex-wrap items-end gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              void send(text);
            }}
          >
            <label className="flex min-w-0 flex-1 basis-48 flex-col gap-1 text-sm font-semibold">
              {t("customLabel")}
              <input value={text} onChange={(event) => setText(event.target.value)} maxLength={MAX_CUE} autoComplete="off" className={field("font-normal")} />
            </label>
            <button type="submit" disabled={busy || !text.trim()} className={button({ size: "md" })}>
              {t("send")}
            </button>
          </form>
          <p role="status" className="text-sm text-ok empty:hidden" data-testid="cue-sent">
            {sent && <span key={sent.n}>{t("sent", { text: sent.text })}</span>}
          </p>
          {error && (
            <p role="alert" className={notice("danger")}>
              {t("failed", { message: errorText(error) })}
            </p>
          )}
        </>
      )}
    </section>
  );
}

/**
 * Cues from the other facilitators, newest first, as private banners in the
 * session bar until dismissed (a cue this console sent is never among them:
 * the server sends it to every other console). Nothing while the screen is shared.
 */
export function CueBanners({ support, me }: { support: SupportState; me?: string }) {
  const t = useTranslations("Support.cues");
  const { safe } = useScreenShareSafe();
  // Kept for this tab (a reload does not bring back a cue already dismissed).
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    try {
      setDismissed(new Set(JSON.parse(sessionStorage.getItem(DISMISSED_KEY) ?? "[]") as string[]));
    } catch {
      // Not kept: dismissed cues may show again after a reload, until they are ten minutes old.
    }
  }, []);
  const dismiss = (id: string) =>
    setDismissed((d) => {
      const next = new Set(d).add(id);
      try {
        sessionStorage.setItem(DISMISSED_KEY, JSON.stringify([...next].slice(-20)));
      } catch {
        // As above.
      }
      return next;
    });
  // Cues this console sent are in the snapshot too (after a reload): not news to their sender.
  const shown = support.cues.filter((cue: CueView) => !dismissed.has(cue.id) && (!me || cue.fromName !== me)).slice(-3).reverse();
  if (safe) return null;
  return (
    <div role="status" aria-live="polite" className="flex flex-col gap-1.5 empty:hidden" data-testid="cue-banners">
      {shown.map((cue) => (
        <div key={cue.id} data-testid="cue-banner" className={notice("care", "mb-2 flex flex-wrap items-center gap-x-3 gap-y-1")}>
          <p className="min-w-0 flex-1">
            <span className="text-base font-semibold break-words">{cue.text}</span>
            <span className="ms-2 break-all text-ink/80">· {t("received", { name: `${cue.fromName} (${t(cue.fromRole === "owner" ? "roleOwner" : "roleCo")})` })}</span>
          </p>
          <button
            type="button"
            aria-label={t("dismissLabel", { text: cue.text })}
            onClick={() => dismiss(cue.id)}
            className={button({ variant: "secondary", size: "sm" })}
          >
            {t("dismiss")}
          </button>
        </div>
      ))}
    </div>
  );
}

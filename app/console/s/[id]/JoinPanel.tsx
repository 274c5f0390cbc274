"use client";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import type { JoinAddress, SessionView } from "@/lib/protocol/views";
import { QrCode } from "@/app/_components/QrCode";
import { joinLink } from "@/app/_components/UpdatedNotice";
import { card, notice } from "@/app/_components/ui";

/**
 * The way in for phones: the code always in sight, the QR code and link
 * folded away beside a video call (open on a wide screen), and a warning when
 * the address is one phones cannot reach.
 */
export function JoinPanel({ session, join, className = "" }: { session: SessionView | null; join: JoinAddress | null; className?: string }) {
  const t = useTranslations("Console.join");
  const wide = useWideScreen();
  const [opened, setOpened] = useState<boolean | null>(null);
  const live = session?.status === "live" && session.joinCode;
  const origin = join?.origin ?? "";
  const joinUrl = live && origin ? joinLink(origin, session.joinCode!, session.joinKey) : "";
  const open = opened ?? wide;
  return (
    <section aria-labelledby="join-heading" className={card(`space-y-3 max-sm:p-3 ${className}`)}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <h2 id="join-heading" className="text-lg font-semibold">
          {t("heading")}
        </h2>
        {live && (
          <p className="font-mono text-3xl font-bold tracking-[0.18em] text-accent-strong" aria-label={t("codeLabel", { spaced: session.joinCode!.split("").join(" ") })}>
            {session.joinCode}
          </p>
        )}
      </div>
      {!live ? (
        <p className="text-sm text-ink/80">{t("beforeLive")}</p>
      ) : (
        <>
          {origin && <p className="text-sm text-ink/80">{t("at", { address: `${new URL(origin).host}/join` })}</p>}
          {join && !join.reachable && !open && (
            <p className="flex items-center gap-1.5 text-sm font-semibold text-warn">
              <span aria-hidden="true">⚠</span>
              {t("unreachableShort")}
            </p>
          )}
          <details open={open} onToggle={(event) => setOpened(event.currentTarget.open)} className="group">
            <summary className="inline-flex min-h-9 cursor-pointer items-center gap-1.5 text-sm font-medium text-accent-strong underline-offset-4 hover:underline">
              <span aria-hidden="true" className="inline-block transition-transform group-open:rotate-90">
                ▸
              </span>
              {t("details")}
            </summary>
            <div className="mt-3 space-y-3">
              {join && !join.reachable && <UnreachableJoinWarning />}
              {joinUrl && (
                <>
                  <QrCode value={joinUrl} label={t("qrLabel", { url: joinUrl })} className="mx-auto w-44 rounded-lg" />
                  <p className="text-sm break-all">
                    <a href={joinUrl} className="text-accent-strong underline" target="_blank" rel="noreferrer">
                      {joinUrl}
                    </a>
                  </p>
                  <CopyLinkButton url={joinUrl} />
                </>
              )}
              <Link href={`/console/s/${session.id}/display`} target="_blank" className="block text-sm font-medium text-accent-strong underline">
                {t("openDisplay")} <span aria-hidden="true">↗</span>
                <span className="sr-only"> {t("newTab")}</span>
              </Link>
            </div>
          </details>
        </>
      )}
    </section>
  );
}

const WIDE = "(min-width: 1280px)";

/** True at the three-column width (xl), where the join block has a column of its own; false on the server, so a narrow first paint stays compact. */
export function useWideScreen(): boolean {
  return useSyncExternalStore(
    (changed) => {
      const query = matchMedia(WIDE);
      query.addEventListener("change", changed);
      return () => query.removeEventListener("change", changed);
    },
    () => matchMedia(WIDE).matches,
    () => false,
  );
}

/**
 * Copies the join link, and says so. The Clipboard API exists only on secure
 * pages (https, localhost), so a console opened at a LAN address over plain
 * http copies through a selected text field instead.
 */
export function CopyLinkButton({ url, label }: { url: string; label?: string }) {
  const t = useTranslations("Console.join");
  const [feedback, setFeedback] = useState("");
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!feedback) return;
    const timer = setTimeout(() => setFeedback(""), 4_000);
    return () => clearTimeout(timer);
  }, [feedback]);
  const copy = async () => {
    setFeedback("");
    const copied = (await copyWithClipboardApi(url)) || copyWithSelection(url);
    button.current?.focus();
    setFeedback(copied ? t("copied") : t("copyByHand"));
  };
  return (
    <div className="flex flex-wrap items-center gap-x-3">
      <button ref={button} type="button" className="min-h-9 text-left text-sm font-medium text-accent-strong underline underline-offset-4" onClick={() => void copy()}>
        {label ?? t("copy")}
      </button>
      <p role="status" aria-live="polite" className="text-sm font-semibold text-ok">
        {feedback}
      </p>
    </div>
  );
}

async function copyWithClipboardApi(text: string): Promise<boolean> {
  if (!navigator.clipboard?.writeText) return false;
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Refused (no permission, page not focused): try the selection instead.
    return false;
  }
}

function copyWithSelection(text: string): boolean {
  const field = document.createElement("textarea");
  field.value = text;
  field.readOnly = true;
  field.setAttribute("aria-hidden", "true");
  field.style.position = "fixed";
  field.style.top = "0";
  field.style.opacity = "0";
  document.body.append(field);
  try {
    field.focus({ preventScroll: true });
    field.select();
    // Deprecated, but the only way to copy on a page that is not secure.
    return document.execCommand("copy");
  } catch {
    return false;
  } finally {
    field.remove();
  }
}

/** The join address is this computer's own: say so, and what to do, before phones try it. */
function UnreachableJoinWarning() {
  const t = useTranslations("Console.join");
  return (
    <div role="note" className={notice("warn")}>
      <p className="font-semibold">{t("unreachableTitle")}</p>
      <p className="mt-1">{t.rich("unreachableBody", { code: (chunks) => <code className="font-mono">{chunks}</code> })}</p>
    </div>
  );
}

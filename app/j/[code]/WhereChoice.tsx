"use client";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useState } from "react";
import { kFor } from "@/lib/anonymity-k";
import { WHERE, type Where } from "@/lib/protocol/handshake";
import type { ParticipantSocket } from "@/app/_lib/sockets";

/**
 * In the room or joining remotely (issue 9, item 6): one optional tap, never
 * required. Kept in this browser per session (localStorage) and sent as
 * `auth.where` on every (re)connect (use-live-session.ts reads `loadWhere`),
 * and at once with `where:set` when it changes. The server keeps it in memory
 * only, and shows the facilitator groups side by side, k applied per group.
 */

const storageKey = (code: string) => `attune:where:${code}`;
const WAIT_MS = 5_000;

export function loadWhere(code: string): Where | null {
  try {
    const kept = localStorage.getItem(storageKey(code));
    return WHERE.find((w) => w === kept) ?? null;
  } catch {
    return null;
  }
}

function saveWhere(code: string, where: Where | null): void {
  try {
    if (where) localStorage.setItem(storageKey(code), where);
    else localStorage.removeItem(storageKey(code));
  } catch {
    // Not kept: said for this connection only.
  }
}

/** This phone's answer and a way to change it; sent to the server at once when connected (else with the next handshake). */
export function useWhere(code: string, socket: ParticipantSocket | null) {
  const [where, setWhere] = useState<Where | null>(null);
  useEffect(() => setWhere(loadWhere(code)), [code]);
  const say = useCallback(
    (next: Where | null) => {
      setWhere(next);
      saveWhere(code, next);
      if (socket?.connected) socket.timeout(WAIT_MS).emit("where:set", { where: next }, () => {});
    },
    [code, socket],
  );
  return { where, say };
}

const choice =
  "inline-flex min-h-11 flex-1 items-center justify-center gap-1.5 rounded-xl border px-2 text-sm font-medium transition-colors " +
  "border-line bg-canvas text-ink hover:bg-sunken aria-pressed:border-accent aria-pressed:bg-accent/10 aria-pressed:text-accent-strong aria-pressed:ring-1 aria-pressed:ring-accent";

/** The two choices side by side, on the welcome card: tap one, tap it again to take it back. */
export function WhereChoice({ where, onSay }: { where: Where | null; onSay: (where: Where | null) => void }) {
  const t = useTranslations("Privacy.where");
  return (
    <div role="group" aria-labelledby="where-question" className="flex shrink-0 flex-col gap-1" data-testid="where-choice">
      <p id="where-question" className="text-sm font-medium">
        {t("question")} <span className="font-normal text-ink/75">· {t("optional")}</span>
      </p>
      <div className="flex gap-2">
        {WHERE.map((w) => (
          <button key={w} type="button" aria-pressed={where === w} data-where={w} onClick={() => onSay(where === w ? null : w)} className={choice}>
            <span aria-hidden="true">{w === "room" ? "🪑" : "💻"}</span>
            {t(w)}
          </button>
        ))}
      </div>
    </div>
  );
}

/** Once the welcome is folded: what this phone said, one line in the footer, with a way to change it. */
export function WhereLine({ where, onSay }: { where: Where | null; onSay: (where: Where | null) => void }) {
  const t = useTranslations("Privacy.where");
  const [open, setOpen] = useState(false);
  if (open) {
    return (
      <div className="flex w-full flex-col gap-1.5" data-testid="where-line">
        <WhereChoice
          where={where}
          onSay={(next) => {
            onSay(next);
            setOpen(false);
          }}
        />
        <p className="text-xs text-ink/75">{t("why", { k: kFor("shared") })}</p>
      </div>
    );
  }
  return (
    <p className="flex items-center gap-2" data-testid="where-line">
      <span>{where === "room" ? t("saidRoom") : where === "remote" ? t("saidRemote") : t("question")}</span>
      <button type="button" onClick={() => setOpen(true)} className="min-h-9 rounded-lg px-1 font-medium text-accent-strong underline underline-offset-4">
        {t("change")}
      </button>
    </p>
  );
}

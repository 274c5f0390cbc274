"use client";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useId, useState } from "react";
import type { AppErrorBody } from "@/lib/protocol/errors";
import { MAX_FIND_ME } from "@/lib/protocol/limits";
import type { ParticipantSocket } from "@/app/_lib/sockets";
import { Dialog } from "@/app/_components/Dialog";
import { button, field, notice } from "@/app/_components/ui";
import { useErrorText } from "@/app/_lib/error-text";

/**
 * "I need support": a quiet button under the check-ins that opens a sheet. A
 * participant asks the facilitators (and only them) for attention,
 * anonymously or with a way to be found that they type themselves; then a
 * short grounding text while they wait, and a line once a facilitator has
 * seen it. The open request's id is kept in this browser (localStorage) so a
 * reload keeps the waiting state: on every (re)join the phone asks the
 * server for its open request (`support:mine`) and forgets it if there is none
 * any more (dealt with, dropped, or the server restarted: requests live in
 * memory only).
 */

const WAIT_MS = 5_000;
const storageKey = (code: string) => `attune:support:${code}`;

interface Asked {
  requestId: string;
  findMe: string | null;
  seen: boolean;
}

function load(code: string): Asked | null {
  try {
    const raw = localStorage.getItem(storageKey(code));
    return raw ? (JSON.parse(raw) as Asked) : null;
  } catch {
    return null;
  }
}

function save(code: string, asked: Asked | null) {
  try {
    if (asked) localStorage.setItem(storageKey(code), JSON.stringify(asked));
    else localStorage.removeItem(storageKey(code));
  } catch {
    // Not kept: the request still stands on the server; a reload forgets the waiting screen.
  }
}

type Outcome<T> = { ok: true; data: T } | { ok: false; error: AppErrorBody | null };

function ask<T>(socket: ParticipantSocket, send: (done: (err: Error | null, ack: { ok: true; data: T } | { ok: false; error: AppErrorBody }) => void) => void): Promise<Outcome<T>> {
  return new Promise((resolve) => send((err, ack) => resolve(err ? { ok: false, error: null } : ack)));
}

export function SupportSheet({ code, socket, joins, live }: { code: string; socket: ParticipantSocket | null; joins: number; live: boolean }) {
  const t = useTranslations("Support.phone");
  const errorText = useErrorText();
  const titleId = useId();
  const [open, setOpen] = useState(false);
  const [asked, setAsked] = useState<Asked | null>(null);
  const [findMe, setFindMe] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** A closing word beside the button: done by a facilitator, or withdrawn. */
  const [note, setNote] = useState<string | null>(null);

  const keep = useCallback(
    (next: Asked | null) => {
      setAsked(next);
      save(code, next);
    },
    [code],
  );

  useEffect(() => setAsked(load(code)), [code]);

  // Each (re)join: is the request kept here still open? (seen meanwhile, or gone)
  useEffect(() => {
    const kept = load(code);
    if (!socket || joins === 0 || !kept) return;
    void ask<{ requestId: string; seen: boolean } | null>(socket, (done) => socket.timeout(WAIT_MS).emit("support:mine", {}, done)).then((outcome) => {
      if (!outcome.ok) return;
      const mine = outcome.data;
      keep(mine ? { requestId: mine.requestId, findMe: kept.requestId === mine.requestId ? kept.findMe : null, seen: mine.seen } : null);
    });
  }, [socket, joins, code, keep]);

  useEffect(() => {
    if (!socket) return;
    const onSeen = ({ requestId, done }: { requestId: string; done: boolean }) => {
      const kept = load(code);
      if (kept?.requestId !== requestId) return;
      if (done) {
        keep(null);
        setNote(t("done"));
      } else keep({ ...kept, seen: true });
    };
    socket.on("support:seen", onSeen);
    return () => void socket.off("support:seen", onSeen);
  }, [socket, code, keep, t]);

  const send = async () => {
    if (!socket || sending) return;
    setSending(true);
    setError(null);
    const text = findMe.trim() || null;
    const outcome = await ask<{ requestId: string }>(socket, (done) => socket.timeout(WAIT_MS).emit("support:ask", { findMe: text }, done));
    setSending(false);
    if (outcome.ok) {
      keep({ requestId: outcome.data.requestId, findMe: text, seen: false });
      setFindMe("");
    } else setError(outcome.error ? errorText(outcome.error) : t("failed"));
  };

  const withdraw = async () => {
    if (!asked) return;
    if (socket?.connected) await ask<null>(socket, (done) => socket.timeout(WAIT_MS).emit("support:cancel", { requestId: asked.requestId }, done));
    keep(null);
    setNote(t("cancelled"));
    setOpen(false);
  };

  const label = asked ? (asked.seen ? t("openSeen") : t("openWaiting")) : t("open");

  return (
    <div className="flex flex-col items-start gap-1">
      <button
        type="button"
        aria-haspopup="dialog"
        data-testid="support-open"
        data-state={asked ? (asked.seen ? "seen" : "waiting") : "idle"}
        onClick={() => {
          setNote(null);
          setError(null);
          setOpen(true);
        }}
        className={`inline-flex min-h-9 items-center gap-1.5 rounded-lg px-2 text-sm font-medium ${
          asked ? "bg-care-soft text-care" : "text-accent-strong underline underline-offset-4"
        }`}
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4 shrink-0 fill-none stroke-current stroke-2">
          <path d="M10 17s-6-3.6-6-8.2A3.3 3.3 0 0 1 10 6a3.3 3.3 0 0 1 6 2.8C16 13.4 10 17 10 17Z" strokeLinejoin="round" />
        </svg>
        {label}
      </button>
      <p role="status" className="px-2 text-sm text-ink/75">
        {note}
      </p>

      <Dialog open={open} onClose={() => setOpen(false)} labelledBy={titleId} narrow>
        <div data-testid="support-sheet" className="flex flex-col gap-4 p-5">
          {asked ? (
            <>
              <h2 id={titleId} className="text-lg font-semibold">
                {t("waitingTitle")}
              </h2>
              <div className="flex flex-col gap-1">
                <p className="text-sm text-ink/80">{asked.findMe ? t("waitingFindMe", { findMe: asked.findMe }) : t("waitingAnonymous")}</p>
                {/* Present from the start (a live region that appears with its news is not always read out). */}
                <p role="status" aria-live="polite" data-testid="support-seen" className="font-medium text-care">
                  {asked.seen && t("seen")}
                </p>
              </div>
              <div className="flex items-start gap-3 rounded-2xl bg-sunken p-4">
                <span aria-hidden="true" className="mt-1.5 size-3 shrink-0 animate-breathe rounded-full bg-accent" />
                <p data-testid="support-grounding" className="font-serif text-base leading-relaxed text-ink min-[26rem]:text-lg">
                  {t("grounding")}
                </p>
              </div>
              <div className="flex flex-col-reverse gap-2 min-[26rem]:flex-row min-[26rem]:items-center min-[26rem]:justify-between">
                <button type="button" onClick={() => void withdraw()} className={button({ variant: "secondary", size: "sm" })}>
                  {t("cancel")}
                </button>
                <button type="button" onClick={() => setOpen(false)} className={button({ size: "sm" })}>
                  {t("close")}
                </button>
              </div>
            </>
          ) : (
            <form
              className="flex flex-col gap-4"
              onSubmit={(event) => {
                event.preventDefault();
                void send();
              }}
            >
              <h2 id={titleId} className="text-lg font-semibold">
                {t("title")}
              </h2>
              <p className="text-sm text-ink/80">{t("lede")}</p>
              <div className="flex flex-col gap-1.5">
                <label htmlFor={`${titleId}-find`} className="text-sm font-semibold">
                  {t("findMeLabel")}
                </label>
                <input
                  id={`${titleId}-find`}
                  value={findMe}
                  onChange={(event) => setFindMe(event.target.value)}
                  maxLength={MAX_FIND_ME}
                  autoComplete="off"
                  aria-describedby={`${titleId}-hint`}
                  className={field()}
                />
                <p id={`${titleId}-hint`} className="text-sm text-ink/75">
                  {t("findMeHint")}
                </p>
              </div>
              {!live && <p className={notice("warn")}>{t("offline")}</p>}
              {error && (
                <p role="alert" className={notice("danger")}>
                  {error}
                </p>
              )}
              <div className="flex flex-col-reverse gap-2 min-[26rem]:flex-row min-[26rem]:items-center min-[26rem]:justify-between">
                <button type="button" onClick={() => setOpen(false)} className={button({ variant: "secondary", size: "sm" })}>
                  {t("close")}
                </button>
                <button type="submit" disabled={!live || sending} className={button({ size: "sm" })}>
                  {sending ? t("sending") : t("send")}
                </button>
              </div>
            </form>
          )}
        </div>
      </Dialog>
    </div>
  );
}

"use client";
/**
 * The console's support inbox: participants who asked for a facilitator
 * ("I need support"), anonymous or with the words they typed to be found.
 * Seen tells the phone someone has seen it; Done closes it (and tells the
 * phone). Private to the lead and co-facilitators; never on the room display.
 *
 * A new request is said once to screen readers, marked in the list, counted in
 * the tab's title and in a calm line in the session bar (`SupportNudge`).
 * Screen-share-safe: the list, the count and the words are hidden; a request
 * waiting raises only a content-free line ("a private item is waiting"), no
 * count and no word of support, so a shared screen says nothing about anyone.
 */
import { useFormatter, useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState } from "react";
import type { AppErrorBody } from "@/lib/protocol/errors";
import type { CueView, SupportRequestView } from "@/lib/protocol/room";
import { button, card, notice } from "@/app/_components/ui";
import { useErrorText } from "@/app/_lib/error-text";
import { request, type ConsoleSocket } from "@/app/_lib/sockets";
import { useScreenShareSafe } from "./screen-share-safe";

/** Support requests and cues as this console knows them: from the snapshot, then the pushes. */
export interface SupportState {
  socket: ConsoleSocket | null;
  sessionId: string;
  requests: SupportRequestView[];
  /** Ids this console has not yet shown as seen by a facilitator here (marked "new"). */
  fresh: ReadonlySet<string>;
  cues: CueView[];
  /** Takes the snapshot's lists (every (re)connect's session:watch). */
  fromSnapshot(snapshot: { support: SupportRequestView[]; cues: CueView[] }): void;
  setRequests(requests: SupportRequestView[]): void;
  /** Adds a cue this console sent or received. */
  addCue(cue: CueView): void;
}

export function useSupport(socket: ConsoleSocket | null, sessionId: string): SupportState {
  const [requests, setRequestsState] = useState<SupportRequestView[]>([]);
  const [cues, setCues] = useState<CueView[]>([]);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const known = useRef<Set<string> | null>(null);

  const setRequests = useCallback((next: SupportRequestView[]) => {
    // The first list (the snapshot) is not news; after it, any id not known before is.
    const before = known.current;
    const ids = new Set(next.map((r) => r.id));
    if (before) {
      const added = next.filter((r) => !before.has(r.id)).map((r) => r.id);
      setFresh((f) => new Set([...[...f].filter((id) => ids.has(id)), ...added]));
    }
    known.current = ids;
    setRequestsState(next);
  }, []);
  const addCue = useCallback((cue: CueView) => setCues((list) => (list.some((c) => c.id === cue.id) ? list : [...list, cue].slice(-10))), []);
  const fromSnapshot = useCallback(
    (snapshot: { support: SupportRequestView[]; cues: CueView[] }) => {
      setRequests(snapshot.support);
      setCues(snapshot.cues);
    },
    [setRequests],
  );

  useEffect(() => {
    if (!socket) return;
    const onCurrent = (next: { sessionId: string; requests: SupportRequestView[] }) => next.sessionId === sessionId && setRequests(next.requests);
    const onCue = (next: { sessionId: string; cue: CueView }) => next.sessionId === sessionId && addCue(next.cue);
    socket.on("support:current", onCurrent);
    socket.on("cue:received", onCue);
    return () => {
      socket.off("support:current", onCurrent);
      socket.off("cue:received", onCue);
    };
  }, [socket, sessionId, setRequests, addCue]);

  return { socket, sessionId, requests, fresh, cues, fromSnapshot, setRequests, addCue };
}

export function SupportPanel({ support, className = "" }: { support: SupportState; className?: string }) {
  const t = useTranslations("Support.console");
  const format = useFormatter();
  const errorText = useErrorText();
  const { safe } = useScreenShareSafe();
  const { requests, fresh } = support;
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<AppErrorBody | null>(null);
  const count = requests.length;

  // The tab's title counts open requests (not while the screen is shared: the title shows on a call too).
  const titleWas = useRef<string | null>(null);
  useEffect(() => {
    titleWas.current ??= document.title;
    const title = titleWas.current;
    document.title = count > 0 && !safe ? t("titleCount", { count, title }) : title;
  }, [count, safe, t]);
  useEffect(
    () => () => {
      if (titleWas.current !== null) document.title = titleWas.current;
    },
    [],
  );

  // Said once per new request: "Someone asked for support." (a content-free word while sharing the screen).
  const [said, setSaid] = useState({ text: "", n: 0 });
  const freshCount = fresh.size;
  const lastFresh = useRef(0);
  useEffect(() => {
    if (freshCount > lastFresh.current) setSaid((s) => ({ text: safe ? t("hiddenNudge") : t("newRequest"), n: s.n + 1 }));
    lastFresh.current = freshCount;
  }, [freshCount, safe, t]);

  const handle = async (request_: SupportRequestView, done: boolean) => {
    if (!support.socket) return;
    setBusy(request_.id);
    const ack = await request(support.socket, "support:handle", { sessionId: support.sessionId, requestId: request_.id, done }).finally(() => setBusy(null));
    if (!ack.ok) return setError(ack.error);
    setError(null);
    support.setRequests(ack.data);
  };

  const time = (at: number) => format.dateTime(new Date(at), { hour: "2-digit", minute: "2-digit" });

  return (
    <section id="support-inbox" aria-labelledby="support-heading" data-testid="support-inbox" className={card(`space-y-2 max-sm:p-3 ${count > 0 && !safe ? "border-care/60" : ""} ${className}`)}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="support-heading" className="text-lg font-semibold">
          {t("heading")}
          {count > 0 && !safe && (
            <span className="ms-2 inline-grid min-w-6 place-items-center rounded-full bg-care px-1.5 text-sm text-canvas" data-testid="support-count">
              {count}
            </span>
          )}
        </h2>
      </div>
      <p role="status" aria-live="polite" className="sr-only" data-testid="support-announcer">
        <span key={said.n}>{said.text}</span>
      </p>
      {safe ? (
        <p className="rounded-xl bg-sunken px-3 py-1.5 text-sm text-ink/80" data-testid="support-hidden">
          {t("hidden")}
        </p>
      ) : (
        <>
          <p className="text-sm text-ink/75">{t("private")}</p>
          {count === 0 ? (
            <p className="rounded-xl bg-sunken px-3 py-1.5 text-sm text-ink/80">{t("empty")}</p>
          ) : (
            <ul className="space-y-2">
              {requests.map((r) => (
                <li
                  key={r.id}
                  data-testid="support-request"
                  data-seen={r.seen || undefined}
                  className={`flex flex-wrap items-center gap-x-3 gap-y-2 rounded-xl border px-3 py-2 ${
                    fresh.has(r.id) && !r.seen ? "border-care bg-care-soft" : "border-line bg-raised"
                  }`}
                >
                  <div className="min-w-0 flex-1">
                    <p className="font-semibold break-words">{r.findMe ? t("findMe", { findMe: r.findMe }) : t("anonymous")}</p>
                    <p className="text-sm text-ink/75">
                      {t("askedAt", { time: time(r.at) })}
                      {r.seen && <span className="ms-2 rounded-full bg-ok-soft px-2 py-0.5 text-ok">{t("seenBadge")}</span>}
                    </p>
                  </div>
                  <div className="flex gap-2">
                    {!r.seen && (
                      <button
                        type="button"
                        disabled={busy === r.id}
                        aria-label={t("markSeenLabel", { time: time(r.at) })}
                        onClick={() => void handle(r, false)}
                        className={button({ variant: "secondary", size: "sm" })}
                      >
                        {t("markSeen")}
                      </button>
                    )}
                    <button
                      type="button"
                      disabled={busy === r.id}
                      aria-label={t("markDoneLabel", { time: time(r.at) })}
                      onClick={() => void handle(r, true)}
                      className={button({ size: "sm" })}
                    >
                      {t("markDone")}
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )}
          {error && (
            <p role="alert" className={notice("danger")}>
              {errorText(error)}
            </p>
          )}
        </>
      )}
    </section>
  );
}

/**
 * A calm line in the session bar while requests wait, linking to the inbox.
 * Screen-share-safe: a content-free line (no count, no word of support).
 */
export function SupportNudge({ support }: { support: SupportState }) {
  const t = useTranslations("Support.console");
  const { safe } = useScreenShareSafe();
  const count = support.requests.filter((r) => !r.seen).length;
  if (count === 0) return null;
  return (
    <a href="#support-inbox" data-testid="support-nudge" className={notice("care", "mb-2 flex items-center gap-2 font-medium no-underline hover:underline")}>
      <span aria-hidden="true" className="size-2 shrink-0 animate-breathe rounded-full bg-care" />
      {safe ? t("hiddenNudge") : t("announce", { count })}
    </a>
  );
}

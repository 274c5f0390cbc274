"use client";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { TECHNIQUES, type Signal } from "@/lib/content";
import type { ConsoleClientEvents } from "@/lib/protocol/events";
import type { AckOf, RequestPayload } from "@/lib/protocol/registry";
import type { PromptSource } from "@/lib/protocol/schemas";
import { MAX_PROMPT_TEXT } from "@/lib/protocol/schemas";
import type { JoinAddress, PromptView, SessionView } from "@/lib/protocol/views";
import type { Pulse } from "@/lib/pulse";
import { PromptCard } from "@/app/_components/PromptCard";
import { QrCode } from "@/app/_components/QrCode";
import { joinLink, UpdatedNotice } from "@/app/_components/UpdatedNotice";
import { consoleSocket, refusal, request, type ConsoleSocket } from "@/app/_lib/sockets";
import { PulsePanel } from "./PulsePanel";

export function SessionConsole({ sessionId, initialTitle }: { sessionId: string; initialTitle: string }) {
  const [socket, setSocket] = useState<ConsoleSocket | null>(null);
  const [outdated, setOutdated] = useState(false);
  const [connected, setConnected] = useState(false);
  const [session, setSession] = useState<SessionView | null>(null);
  const [palette, setPalette] = useState<Signal[]>([]);
  const [prompt, setPrompt] = useState<PromptView | null>(null);
  const [pulse, setPulse] = useState<Pulse | null>(null);
  const [error, setError] = useState("");
  // Where phones join, as the server knows it (not this browser's address: a
  // console opened at localhost must still hand phones a reachable link).
  const [join, setJoin] = useState<JoinAddress | null>(null);
  const origin = join?.origin ?? "";

  useEffect(() => {
    const s = consoleSocket();
    const watch = async () => {
      const ack = await request(s, "session:watch", { sessionId });
      if (!ack.ok) return setError(ack.error.message);
      setSession(ack.data.session);
      setPalette(ack.data.palette);
      setPrompt(ack.data.prompt);
      setPulse(ack.data.pulse);
      setJoin(ack.data.join);
    };
    // Every (re)connect starts from a full snapshot: the server is authoritative.
    s.on("connect", () => {
      setConnected(true);
      setError("");
      void watch();
    });
    s.on("disconnect", () => setConnected(false));
    let retryConnect: ReturnType<typeof setTimeout> | undefined;
    const signIn = () => window.location.assign(`/signin?next=/console/s/${sessionId}`);
    // Signed out (here or in another tab) or the sign-in expired: this console no longer acts.
    s.on("auth:ended", signIn);
    s.on("connect_error", (err) => {
      const data = refusal(err);
      if (data?.code === "OUTDATED") return setOutdated(true);
      if (data?.code === "UNAUTHORIZED") return signIn();
      // Refused by the server for now (not a network drop, which retries by itself).
      if (data) retryConnect = setTimeout(() => s.connect(), 3_000);
    });
    s.on("session:state", (next) => next.id === sessionId && setSession(next));
    s.on("prompt:current", (next) => next.sessionId === sessionId && setPrompt(next.prompt));
    s.on("pulse:update", (next) => next.sessionId === sessionId && setPulse(next.pulse));
    s.connect();
    setSocket(s);
    return () => {
      clearTimeout(retryConnect);
      s.removeAllListeners();
      s.disconnect();
    };
  }, [sessionId]);

  const [busy, setBusy] = useState(false);
  type Ev = keyof ConsoleClientEvents;
  type Data<E extends Ev> = Extract<AckOf<ConsoleClientEvents[E]>, { ok: true }>["data"];
  const act = async <E extends Ev>(event: E, payload: RequestPayload<ConsoleClientEvents[E]>): Promise<Data<E> | null> => {
    if (!socket || busy) return null;
    // One action at a time: a double click must not go live (or push) twice.
    setBusy(true);
    const ack = await request(socket, event, payload).finally(() => setBusy(false));
    if (!ack.ok) {
      setError(ack.error.message);
      return null;
    }
    setError("");
    return ack.data;
  };

  const push = async (source: PromptSource) => {
    const pushed = await act("prompt:push", { sessionId, source });
    if (pushed) setPrompt(pushed);
    return pushed !== null;
  };

  const title = session?.title ?? initialTitle;
  const live = session?.status === "live";
  const joinUrl = session?.joinCode && origin ? joinLink(origin, session.joinCode, session.joinKey) : "";
  if (outdated) return <UpdatedNotice />;

  return (
    <main className="mx-auto max-w-7xl space-y-5 px-4 py-5 sm:px-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
          <StatusBadge status={session?.status} />
          {!connected && session && <span className="text-sm text-amber-800">Reconnecting…</span>}
        </div>
        <SessionActions
          status={session?.status}
          busy={busy}
          onStart={async () => {
            const next = await act("session:start", { sessionId });
            if (next) setSession(next);
          }}
          onEnd={async () => {
            const next = await act("session:end", { sessionId });
            if (next) {
              setSession(next);
              setPrompt(null);
            }
          }}
        />
      </div>

      <p role="alert" className={error ? "rounded-lg bg-red-50 px-4 py-2 font-medium text-red-900" : "sr-only"}>
        {error}
      </p>

      <div className="grid gap-5 lg:grid-cols-[minmax(0,18rem)_minmax(0,1fr)_minmax(0,22rem)]">
        <section aria-labelledby="join-heading" className="space-y-3 rounded-2xl bg-white p-5 shadow-sm">
          <h2 id="join-heading" className="text-lg font-semibold">
            Join
          </h2>
          {live && session?.joinCode ? (
            <>
              {join && !join.reachable && <UnreachableJoinWarning />}
              <p className="text-sm text-ink/80">Phones join at {origin ? new URL(origin).host : ""}/join with</p>
              <p className="font-mono text-4xl font-bold tracking-[0.2em] text-calm-dark" aria-label={`Join code ${session.joinCode.split("").join(" ")}`}>
                {session.joinCode}
              </p>
              {joinUrl && (
                <>
                  <QrCode value={joinUrl} label={`QR code for ${joinUrl}`} className="mx-auto w-44" />
                  <p className="text-sm break-all">
                    <a href={joinUrl} className="text-calm-dark underline" target="_blank" rel="noreferrer">
                      {joinUrl}
                    </a>
                  </p>
                  <CopyLinkButton url={joinUrl} />
                </>
              )}
              <Link href={`/console/s/${sessionId}/display`} target="_blank" className="block text-sm font-medium text-calm-dark underline">
                Open the room display ↗
              </Link>
            </>
          ) : session?.status === "ended" ? (
            <p className="text-ink/80">This session has ended; its code no longer works.</p>
          ) : (
            <p className="text-ink/80">Go live when the room is ready. Phones then join with a code, a link or a QR code.</p>
          )}
        </section>

        <section aria-labelledby="prompt-heading" className="space-y-4 rounded-2xl bg-white p-5 shadow-sm">
          <h2 id="prompt-heading" className="text-lg font-semibold">
            Prompt
          </h2>
          {prompt ? (
            <div className="space-y-2">
              <p className="text-sm font-medium text-ink/80">On every phone now:</p>
              <PromptCard prompt={prompt} size="console" />
              <button
                type="button"
                onClick={() => void act("prompt:close", { sessionId }).then((r) => r !== null && setPrompt(null))}
                className="rounded-lg border border-ink/30 px-3 py-1.5 text-sm font-medium hover:bg-sand"
              >
                Close prompt
              </button>
            </div>
          ) : (
            <p className="text-sm text-ink/80">{live ? "No prompt is showing. Push one below." : "Prompts can be pushed once the session is live."}</p>
          )}
          <div className="space-y-2">
            <h3 className="font-semibold">Techniques</h3>
            <ul className="space-y-2">
              {TECHNIQUES.map((t) => (
                <li key={t.key} className="flex items-start justify-between gap-3 rounded-xl border border-ink/10 p-3">
                  <div className="min-w-0">
                    <p className="font-medium">
                      {t.name} <span className="text-xs font-normal text-ink/70 uppercase">· {t.phase}</span>
                    </p>
                    <p className="text-sm text-ink/80 italic">“{t.script}”</p>
                  </div>
                  <button
                    type="button"
                    disabled={!live || busy}
                    aria-label={`Push ${t.name}`}
                    onClick={() => void push({ kind: "technique", technique: t.key })}
                    className="shrink-0 rounded-lg bg-calm px-3 py-1.5 text-sm font-semibold text-white hover:bg-calm-dark disabled:bg-ink/30"
                  >
                    Push
                  </button>
                </li>
              ))}
            </ul>
          </div>
          <CustomPrompt disabled={!live} onPush={(text) => push({ kind: "text", text })} />
        </section>

        <PulsePanel pulse={pulse} palette={palette} />
      </div>
    </main>
  );
}

function StatusBadge({ status }: { status?: SessionView["status"] }) {
  if (!status) return null;
  const styles = {
    draft: "bg-ink/10 text-ink",
    live: "bg-emerald-100 text-emerald-900",
    ended: "bg-ink/10 text-ink/80",
  } as const;
  const label = { draft: "Draft", live: "● Live", ended: "Ended" } as const;
  return <span className={`rounded-full px-2.5 py-0.5 text-sm font-medium ${styles[status]}`}>{label[status]}</span>;
}

function SessionActions({
  status,
  busy,
  onStart,
  onEnd,
}: {
  status?: SessionView["status"];
  busy: boolean;
  onStart: () => void;
  onEnd: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  if (status === "draft") {
    return (
      <button type="button" onClick={onStart} disabled={busy} className="rounded-lg bg-calm px-4 py-2 font-semibold text-white hover:bg-calm-dark">
        Go live
      </button>
    );
  }
  if (status !== "live") return null;
  return confirming ? (
    <div className="flex items-center gap-2" role="group" aria-label="Confirm ending the session">
      <span className="text-sm">End for everyone?</span>
      <button type="button" onClick={onEnd} disabled={busy} className="rounded-lg bg-red-800 px-3 py-1.5 font-semibold text-white hover:bg-red-900">
        Yes, end session
      </button>
      <button type="button" onClick={() => setConfirming(false)} className="rounded-lg border border-ink/30 px-3 py-1.5">
        Keep going
      </button>
    </div>
  ) : (
    <button type="button" onClick={() => setConfirming(true)} className="rounded-lg border border-red-800/40 px-4 py-2 font-medium text-red-900 hover:bg-red-50">
      End session
    </button>
  );
}

function CustomPrompt({ disabled, onPush }: { disabled: boolean; onPush: (text: string) => Promise<boolean> }) {
  const [text, setText] = useState("");
  return (
    <form
      className="space-y-2"
      onSubmit={async (event) => {
        event.preventDefault();
        if (await onPush(text)) setText("");
      }}
    >
      <label htmlFor="custom-prompt" className="block font-semibold">
        Your own words
      </label>
      <textarea
        id="custom-prompt"
        value={text}
        onChange={(e) => setText(e.target.value)}
        maxLength={MAX_PROMPT_TEXT}
        rows={2}
        placeholder="What are you noticing in yourself right now?"
        className="w-full rounded-lg border border-ink/30 px-3 py-2"
      />
      <button
        type="submit"
        disabled={disabled || !text.trim()}
        className="rounded-lg bg-calm px-3 py-1.5 text-sm font-semibold text-white hover:bg-calm-dark disabled:bg-ink/30"
      >
        Push to every phone
      </button>
    </form>
  );
}

/**
 * Copies the join link, and says so. The Clipboard API exists only on secure
 * pages (https, localhost), so a console opened at a LAN address over plain
 * http copies through a selected text field instead.
 */
function CopyLinkButton({ url }: { url: string }) {
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
    setFeedback(copied ? "Link copied" : "Select the link and copy it");
  };
  return (
    <>
      <button ref={button} type="button" className="text-sm text-calm-dark underline" onClick={() => void copy()}>
        Copy link for the video-call chat
      </button>
      <p role="status" aria-live="polite" className="min-h-5 text-sm font-medium text-calm-dark">
        {feedback}
      </p>
    </>
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

/** The join address is this computer's own: say so before phones try it. */
function UnreachableJoinWarning() {
  return (
    <div role="note" className="rounded-lg border border-amber-700/40 bg-amber-50 p-3 text-sm text-amber-950">
      <p className="font-semibold">Phones cannot reach this address.</p>
      <p className="mt-1">
        It is this computer&rsquo;s own. To let phones join, start Attune with <code>HOST=0.0.0.0</code> (or set{" "}
        <code>PUBLIC_ORIGIN</code> to an address phones can open) and reload.
      </p>
    </div>
  );
}

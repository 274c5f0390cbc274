"use client";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { CONFIDENTIALITY_NOTE, type Signal } from "@/lib/content";
import { normalizeJoinCode } from "@/lib/join-code";
import type { ParticipantSnapshot, PromptView } from "@/lib/protocol/views";
import { randomId } from "@/lib/uuid";
import { Brand } from "@/app/_components/Brand";
import { JoinForm } from "@/app/_components/JoinForm";
import { PromptCard } from "@/app/_components/PromptCard";
import { UpdatedNotice } from "@/app/_components/UpdatedNotice";
import { participantSocket, refusal, request, type ParticipantSocket } from "@/app/_lib/sockets";
import { loadOutbox, saveOutbox, tokenKey, type PendingTap } from "./outbox";

type Phase =
  | { kind: "connecting" }
  | { kind: "live" }
  | { kind: "offline" }
  | { kind: "ended" }
  | { kind: "outdated" }
  | { kind: "refused"; message: string };

export function ParticipantView({ code: rawCode, linkKey }: { code: string; linkKey?: string }) {
  const code = normalizeJoinCode(rawCode);
  if (!code) {
    return (
      <Refused
        code={rawCode}
        message={`“${rawCode}” is not a join code. A join code has 6 letters and numbers, like K7M3QX.`}
      />
    );
  }
  return <LiveParticipant code={code} linkKey={linkKey} />;
}

function LiveParticipant({ code, linkKey }: { code: string; linkKey?: string }) {
  const [phase, setPhase] = useState<Phase>({ kind: "connecting" });
  const [snapshot, setSnapshot] = useState<ParticipantSnapshot | null>(null);
  const [prompt, setPrompt] = useState<PromptView | null>(null);
  const [pending, setPending] = useState<PendingTap[]>([]);
  const [feedback, setFeedback] = useState("");
  const socketRef = useRef<ParticipantSocket | null>(null);
  const inFlight = useRef(new Set<string>());
  const outbox = useRef<PendingTap[]>([]);
  const palette = useRef<Signal[]>([]);

  const updateOutbox = useCallback(
    (next: PendingTap[]) => {
      outbox.current = next;
      saveOutbox(code, next);
      setPending(next);
    },
    [code],
  );

  const flush = useCallback(async () => {
    const socket = socketRef.current;
    if (!socket?.connected) return;
    for (const tap of outbox.current) {
      if (inFlight.current.has(tap.id)) continue;
      inFlight.current.add(tap.id);
      void request(socket, "checkin:send", {
        id: tap.id,
        signal: tap.signal,
        ageMs: Math.max(0, Date.now() - tap.tappedAt),
      }).then((ack) => {
        inFlight.current.delete(tap.id);
        const done = ack.ok || ack.error.code === "BAD_REQUEST" || ack.error.code === "SESSION_NOT_LIVE";
        if (done) updateOutbox(outbox.current.filter((t) => t.id !== tap.id));
        if (ack.ok) {
          const label = palette.current.find((s) => s.key === tap.signal)?.label ?? "check-in";
          setFeedback(outbox.current.length ? `Sending ${outbox.current.length} more…` : `✓ Received: ${label}`);
        } else if (ack.error.code !== "INTERNAL") {
          setFeedback(ack.error.message);
        }
      });
    }
  }, [updateOutbox]);

  useEffect(() => {
    updateOutbox(loadOutbox(code));
    const socket = participantSocket(() => {
      const resumeToken = localStorage.getItem(tokenKey(code)) ?? undefined;
      return { code, ...(resumeToken ? { resumeToken } : {}), ...(linkKey ? { key: linkKey } : {}) };
    });
    socketRef.current = socket;
    let retryConnect: ReturnType<typeof setTimeout> | undefined;

    socket.on("session:snapshot", (next) => {
      localStorage.setItem(tokenKey(code), next.resumeToken);
      palette.current = next.palette;
      setSnapshot(next);
      setPrompt(next.prompt);
      setPhase({ kind: "live" });
      void flush();
    });
    socket.on("prompt:current", setPrompt);
    // Once a session has ended nothing more can be delivered to it: forget this phone's part.
    const forgetSession = () => {
      localStorage.removeItem(tokenKey(code));
      updateOutbox([]);
    };
    socket.on("session:ended", () => {
      forgetSession();
      setPrompt(null);
      setPhase({ kind: "ended" });
      socket.disconnect();
    });
    socket.on("disconnect", (reason) => {
      // A disconnect we asked for (session ended) is not "offline".
      if (reason !== "io client disconnect") setPhase((p) => (p.kind === "ended" ? p : { kind: "offline" }));
    });
    socket.on("connect_error", (err) => {
      const data = refusal(err);
      if (data?.code === "OUTDATED") {
        setPhase({ kind: "outdated" });
      } else if (data?.code === "CODE_NOT_FOUND") {
        setPhase({ kind: "refused", message: data.message });
      } else if (data?.code === "SESSION_NOT_LIVE") {
        forgetSession();
        setPhase({ kind: "ended" });
      } else if (data) {
        // Refused by the server for now (rate limit, a hiccup): ask again shortly.
        setPhase({ kind: "offline" });
        clearTimeout(retryConnect);
        retryConnect = setTimeout(() => socket.connect(), data.code === "RATE_LIMITED" ? 15_000 : 3_000);
      } else {
        setPhase((p) => (p.kind === "connecting" ? p : { kind: "offline" }));
      }
    });
    socket.connect();

    // Taps refused for a moment (rate limit, no answer) are retried while connected.
    const retry = setInterval(() => void flush(), 4_000);
    return () => {
      clearInterval(retry);
      clearTimeout(retryConnect);
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = null;
    };
  }, [code, linkKey, flush, updateOutbox]);

  const tap = (signal: Signal) => {
    const entry: PendingTap = { id: randomId(), signal: signal.key, tappedAt: Date.now() };
    updateOutbox([...outbox.current, entry]);
    if (socketRef.current?.connected) {
      setFeedback(`Sending: ${signal.label}…`);
      void flush();
    } else {
      setFeedback(`Saved: ${signal.label}. It will be sent when you are back online.`);
    }
  };

  if (phase.kind === "refused") return <Refused code={code} message={phase.message} />;
  if (phase.kind === "outdated") return <UpdatedNotice />;

  if (phase.kind === "ended") {
    return (
      <main className="mx-auto flex min-h-dvh max-w-md flex-col gap-6 px-5 py-10">
        <Brand />
        <h1 className="text-3xl font-semibold tracking-tight">This session has ended</h1>
        <p className="text-lg text-ink/80">Thank you for being part of it. Take a moment with whatever stayed with you.</p>
        <Link href="/join" className="text-calm-dark underline">
          Join another session
        </Link>
      </main>
    );
  }

  const connected = phase.kind === "live";
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col gap-5 px-4 pt-4 pb-8">
      <header className="flex items-center justify-between gap-3">
        <Brand href="/join" />
        <p className="flex items-center gap-2 text-sm text-ink/80" aria-live="polite">
          <span aria-hidden="true" className={`size-2.5 rounded-full ${connected ? "bg-emerald-600" : "bg-amber-500"}`} />
          {phase.kind === "connecting" ? "Connecting…" : connected ? "Connected" : "Offline — reconnecting…"}
        </p>
      </header>

      <section aria-labelledby="welcome" className="rounded-2xl bg-white/70 p-4">
        <h1 id="welcome" className="text-xl font-semibold tracking-tight">
          {snapshot ? `Welcome to ${snapshot.session.title}` : "Welcome"}
        </h1>
        <p className="mt-1 text-sm text-ink/80">{CONFIDENTIALITY_NOTE}</p>
      </section>

      <section aria-label="Current prompt" aria-live="polite">
        {prompt ? (
          <PromptCard prompt={prompt} />
        ) : (
          <p className="rounded-2xl border border-dashed border-calm/40 p-5 text-center text-ink/80">
            {snapshot ? "Your facilitator will share a prompt here." : "Joining the session…"}
          </p>
        )}
      </section>

      <section aria-labelledby="checkin-heading" className="space-y-3">
        <h2 id="checkin-heading" className="text-lg font-semibold">
          How are you right now?
        </h2>
        <div className="grid grid-cols-2 gap-3">
          {(snapshot?.palette ?? []).map((signal) => (
            <button
              key={signal.key}
              type="button"
              onClick={() => tap(signal)}
              className="flex min-h-20 flex-col items-center justify-center gap-1 rounded-2xl border border-calm/20 bg-white px-2 py-3 text-base font-medium shadow-sm transition active:scale-95 active:bg-calm/10"
            >
              <span aria-hidden="true" className="text-3xl leading-none">
                {signal.emoji}
              </span>
              {signal.label}
            </button>
          ))}
        </div>
        <p role="status" className="min-h-6 text-center text-sm font-medium text-calm-dark">
          {feedback}
          {pending.length > 0 && !connected && ` (${pending.length} waiting)`}
        </p>
        <p className="text-center text-xs text-ink/70">Check-ins are anonymous. Only counts reach your facilitator.</p>
      </section>
    </main>
  );
}

function Refused({ code, message }: { code: string; message: string }) {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col gap-6 px-5 py-10">
      <Brand />
      <h1 className="text-3xl font-semibold tracking-tight">We could not join that session</h1>
      <JoinForm initialCode={code} initialError={message} />
    </main>
  );
}

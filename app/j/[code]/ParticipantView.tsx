"use client";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { CONFIDENTIALITY_NOTE, type Signal } from "@/lib/content";
import { normalizeJoinCode } from "@/lib/join-code";
import {
  addTap,
  createOutbox,
  due,
  nextWakeAt,
  outboxStatus,
  outcomeOf,
  setOnline,
  settle,
  type OutboxState,
  type OutboxStatus,
  type SendResult,
} from "@/lib/outbox";
import type { CheckInSend } from "@/lib/protocol/schemas";
import type { ParticipantSnapshot, PromptView } from "@/lib/protocol/views";
import { randomId } from "@/lib/uuid";
import { Brand } from "@/app/_components/Brand";
import { JoinForm } from "@/app/_components/JoinForm";
import { PromptCard } from "@/app/_components/PromptCard";
import { UpdatedNotice } from "@/app/_components/UpdatedNotice";
import { participantSocket, refusal, type ParticipantSocket } from "@/app/_lib/sockets";
import { forgetResumeToken, loadOutbox, loadResumeToken, saveOutbox, saveResumeToken } from "./outbox";

type Phase =
  | { kind: "connecting" }
  | { kind: "live" }
  | { kind: "offline" }
  | { kind: "ended" }
  | { kind: "outdated" }
  | { kind: "refused"; message: string };

/** The phone's clock: the outbox's `now`, read nowhere else on this page. */
const clock = () => Date.now();

/** How long a check-in waits for its answer before the outbox counts it unanswered. */
const ANSWER_WAIT_MS = 5_000;

/** A socket whose standing lapsed is reconnected at most this often, so a server that keeps refusing is not hammered. */
const REJOIN_GAP_MS = 10_000;

/**
 * Sends one check-in and tells an answer from its absence, which the outbox
 * treats differently: no answer in time on a live socket is "timeout" (pause,
 * then resend), a socket that is or went down is "disconnected" (wait for the
 * next connection). Not sent at all while down, so Socket.IO's buffer does not
 * deliver it later behind the outbox's back.
 */
function sendCheckIn(socket: ParticipantSocket, payload: CheckInSend): Promise<SendResult> {
  if (!socket.connected) return Promise.resolve("disconnected");
  return new Promise((resolve) => {
    socket.timeout(ANSWER_WAIT_MS).emit("checkin:send", payload, (err, ack) => {
      resolve(err ? (socket.connected ? "timeout" : "disconnected") : ack);
    });
  });
}

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
  // Changed only through lib/outbox's functions, then pumped; read from storage on mount.
  // `status` is its copy for rendering.
  const outbox = useRef<OutboxState>(createOutbox(0));
  const [status, setStatus] = useState<OutboxStatus | null>(null);
  const pump = useRef(() => {});
  // Reconnected after being offline: said for a few seconds.
  const [back, setBack] = useState(false);

  useEffect(() => {
    const socket = participantSocket(() => {
      const resumeToken = loadResumeToken(code);
      return { code, ...(resumeToken ? { resumeToken } : {}), ...(linkKey ? { key: linkKey } : {}) };
    });
    let palette: Signal[] = [];
    let closed = false;
    let wake: ReturnType<typeof setTimeout> | undefined;
    let retryConnect: ReturnType<typeof setTimeout> | undefined;
    let rejoinTimer: ReturnType<typeof setTimeout> | undefined;
    let lastRejoin = -Infinity;
    let backTimer: ReturnType<typeof setTimeout> | undefined;
    const labelOf = (signal: string) => palette.find((s) => s.key === signal)?.label ?? "check-in";

    // Sends what is due, keeps and shows the result, then sleeps until the outbox
    // has more to send; an answer, a tap or a connection wakes it sooner.
    pump.current = () => {
      clearTimeout(wake);
      const now = clock();
      const { state, send } = due(outbox.current, now);
      outbox.current = state;
      saveOutbox(code, state);
      setStatus(outboxStatus(state, now, labelOf));
      for (const payload of send) void sendCheckIn(socket, payload).then((result) => answered(payload.id, result));
      const at = nextWakeAt(state, now);
      if (at !== null) wake = setTimeout(() => pump.current(), at - now);
    };

    const answered = (id: string, result: SendResult) => {
      if (closed) return; // this socket belongs to a page already torn down
      outbox.current = settle(outbox.current, id, result, clock());
      const outcome = outcomeOf(result);
      if (outcome === "stop") {
        // A newer Attune: the taps stay saved, and the reloaded page sends them.
        socket.disconnect();
        setPhase({ kind: "outdated" });
      } else if (outcome === "drop-all") {
        endSession();
      } else if (outcome === "reconnect" && socket.connected) {
        rejoin();
      }
      pump.current();
    };

    // The server stopped taking this socket's check-ins though it looks connected:
    // a new handshake joins again, and its snapshot lets the taps go.
    const rejoin = () => {
      clearTimeout(rejoinTimer);
      rejoinTimer = setTimeout(
        () => {
          lastRejoin = clock();
          if (!socket.connected) return;
          setPhase({ kind: "connecting" });
          socket.disconnect();
          socket.connect();
        },
        Math.max(0, lastRejoin + REJOIN_GAP_MS - clock()),
      );
    };

    // Once a session has ended nothing more can be delivered to it: forget this phone's part.
    const forgetSession = () => {
      forgetResumeToken(code);
      outbox.current = createOutbox(clock());
      pump.current();
    };
    const endSession = () => {
      forgetSession();
      setPrompt(null);
      setPhase({ kind: "ended" });
      socket.disconnect();
    };

    outbox.current = loadOutbox(code, clock());
    pump.current();

    socket.on("session:snapshot", (next) => {
      saveResumeToken(code, next.resumeToken);
      palette = next.palette;
      setSnapshot(next);
      setPrompt(next.prompt);
      setPhase((p) => {
        if (p.kind === "offline") {
          setBack(true);
          clearTimeout(backTimer);
          backTimer = setTimeout(() => setBack(false), 6_000);
        }
        return { kind: "live" };
      });
      // Joined (again): the server takes this phone's check-ins, so what waits can go.
      outbox.current = setOnline(outbox.current, true);
      pump.current();
    });
    socket.on("prompt:current", setPrompt);
    socket.on("session:ended", endSession);
    socket.on("disconnect", (reason) => {
      outbox.current = setOnline(outbox.current, false);
      pump.current();
      // A disconnect we asked for (session ended, a rejoin) is not "offline".
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

    return () => {
      closed = true;
      clearTimeout(wake);
      clearTimeout(retryConnect);
      clearTimeout(rejoinTimer);
      clearTimeout(backTimer);
      pump.current = () => {};
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [code, linkKey]);

  const tap = (signal: Signal) => {
    const now = clock();
    outbox.current = addTap(outbox.current, { id: randomId(), signal: signal.key, tappedAt: now }, now);
    pump.current();
  };

  if (phase.kind === "refused") return <Refused code={code} message={phase.message} />;
  if (phase.kind === "outdated") return <UpdatedNotice />;

  if (phase.kind === "ended") {
    return (
      <main data-testid="phone-ended" className="mx-auto flex min-h-dvh max-w-md flex-col gap-6 px-5 py-10">
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
  const shownState = phase.kind === "live" ? (back ? "back" : "live") : phase.kind === "offline" ? "offline" : "connecting";
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col gap-5 px-4 pt-4 pb-8">
      <header className="flex items-center justify-between gap-3">
        <Brand href="/join" />
        <p data-testid="phone-status" data-state={shownState} className="flex items-center gap-2 text-sm text-ink/80" aria-live="polite">
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
          <div data-testid="prompt">
            <PromptCard prompt={prompt} />
          </div>
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
              data-signal={signal.key}
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
          {status?.message && <span data-testid="tap-confirmation">{status.message}</span>}
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

"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import type { Signal } from "@/lib/content";
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
import type { ConnectErrorData } from "@/lib/protocol/events";
import type { CheckInSend } from "@/lib/protocol/schemas";
import type { ParticipantSnapshot, PromptResults, PromptView } from "@/lib/protocol/views";
import { randomId } from "@/lib/uuid";
import type { ParticipantSocket } from "@/app/_lib/sockets";
import type { HeldOnPhone } from "./SilenceScreen";
import type { MyState } from "@/lib/protocol/room";
import { loadWhere } from "./WhereChoice";
import { forgetResumeToken, loadOutbox, loadResumeToken, saveAnswers, saveOutbox, saveResumeToken } from "./outbox";

export type Phase =
  | { kind: "connecting" }
  | { kind: "live" }
  | { kind: "offline" }
  | { kind: "ended" }
  | { kind: "outdated" }
  | { kind: "refused"; error: ConnectErrorData };

/** The latest tap, as its sender sees it: on its way, kept for later, stored, or given up. */
export interface LastTap {
  id: string;
  signal: string;
  state: "sending" | "saved" | "received" | "dropped";
}

/**
 * Back after being offline: how many taps waited when the phone came back,
 * and how many still wait. Null once it has been back a while.
 */
export interface Return {
  waited: number;
  waiting: number;
}

/** The phone's clock: the outbox's `now`, read nowhere else on this page. */
const clock = () => Date.now();

/** How long a check-in waits for its answer before the outbox counts it unanswered. */
const ANSWER_WAIT_MS = 5_000;

/** A socket whose standing lapsed is reconnected at most this often, so a server that keeps refusing is not hammered. */
const REJOIN_GAP_MS = 10_000;

/** How long "Back — N taps sent" stays once nothing waits any more. */
const BACK_SHOWN_MS = 5_000;

/**
 * Sends one check-in and tells an answer from its absence, which the outbox
 * treats differently: no answer in time on a live socket is "timeout" (pause,
 * then resend), a socket that is or went down is "disconnected" (wait for the
 * next connection). Not sent at all while down, so Socket.IO's buffer does not
 * deliver it later behind the outbox's back.
 */
function sendCheckIn(socket: ParticipantSocket | null, payload: CheckInSend): Promise<SendResult> {
  if (!socket?.connected) return Promise.resolve("disconnected");
  return new Promise((resolve) => {
    socket.timeout(ANSWER_WAIT_MS).emit("checkin:send", payload, (err, ack) => {
      resolve(err ? (socket.connected ? "timeout" : "disconnected") : ack);
    });
  });
}

/**
 * A phone's part in a live session: the connection (Socket.IO, loaded after
 * the first paint so the server-rendered check-ins show at once), the
 * snapshot and prompt it is sent, and the outbox its taps go through. Taps
 * made before the connection is up wait in the outbox and go once joined.
 */
export function useLiveSession(code: string, linkKey: string | undefined) {
  const [phase, setPhase] = useState<Phase>({ kind: "connecting" });
  const [snapshot, setSnapshot] = useState<ParticipantSnapshot | null>(null);
  const [prompt, setPrompt] = useState<PromptView | null>(null);
  // Changed only through lib/outbox's functions, then pumped; read from storage on mount.
  // `status` is its copy for rendering.
  const outbox = useRef<OutboxState>(createOutbox(0));
  const [status, setStatus] = useState<OutboxStatus | null>(null);
  const [lastTap, setLastTap] = useState<LastTap | null>(null);
  const lastTapId = useRef<string | null>(null);
  const [comeback, setComeback] = useState<Return | null>(null);
  const pump = useRef(() => {});
  // For the answers (./use-answers.ts): the socket, a count of snapshots (each one a (re)join), and the revealed results.
  const [socketInUse, setSocketInUse] = useState<ParticipantSocket | null>(null);
  const [joins, setJoins] = useState(0);
  const [roomResults, setRoomResults] = useState<{ promptId: string; results: PromptResults } | null>(null);
  // A held silence, with when this phone received it (./SilenceScreen.tsx counts down from there).
  const [silence, setSilence] = useState<HeldOnPhone | null>(null);
  // This phone's own states as the latest check-in's ack told them (./MyStates.tsx).
  const [tapStates, setTapStates] = useState<MyState[] | null>(null);

  useEffect(() => {
    let socket: ParticipantSocket | null = null;
    let closed = false;
    let wasOffline = false;
    let returning: { waited: number } | null = null;
    let wake: ReturnType<typeof setTimeout> | undefined;
    let retryConnect: ReturnType<typeof setTimeout> | undefined;
    let rejoinTimer: ReturnType<typeof setTimeout> | undefined;
    let backTimer: ReturnType<typeof setTimeout> | undefined;
    let lastRejoin = -Infinity;
    let received: string | null = null;

    // The latest tap's fate, read from the outbox after each change.
    const followLastTap = (state: OutboxState) => {
      const id = lastTapId.current;
      if (!id) return;
      const waiting = state.pending.some((t) => t.id === id);
      const next: LastTap["state"] = waiting ? (state.online ? "sending" : "saved") : received === id ? "received" : "dropped";
      setLastTap((tap) => (tap && tap.id === id && tap.state !== next ? { ...tap, state: next } : tap));
    };

    const followReturn = (waiting: number) => {
      if (!returning) return;
      setComeback({ waited: returning.waited, waiting });
      if (waiting > 0) return clearTimeout(backTimer);
      returning = null;
      clearTimeout(backTimer);
      backTimer = setTimeout(() => setComeback(null), BACK_SHOWN_MS);
    };

    // Sends what is due, keeps and shows the result, then sleeps until the outbox
    // has more to send; an answer, a tap or a connection wakes it sooner.
    pump.current = () => {
      clearTimeout(wake);
      const now = clock();
      const { state, send } = due(outbox.current, now);
      outbox.current = state;
      saveOutbox(code, state);
      const shown = outboxStatus(state, now);
      setStatus(shown);
      followLastTap(state);
      followReturn(shown.waiting);
      for (const payload of send)
        void sendCheckIn(socket, payload).then((result) => {
          if (typeof result === "object" && result.ok && result.data.states) setTapStates(result.data.states);
          answered(payload.id, result);
        });
      const at = nextWakeAt(state, now);
      if (at !== null) wake = setTimeout(() => pump.current(), at - now);
    };

    const answered = (id: string, result: SendResult) => {
      if (closed) return; // this socket belongs to a page already torn down
      outbox.current = settle(outbox.current, id, result, clock());
      const outcome = outcomeOf(result);
      if (outcome === "sent") received = id;
      if (outcome === "stop") {
        // A newer Attune: the taps stay saved, and the reloaded page sends them.
        socket?.disconnect();
        setPhase({ kind: "outdated" });
      } else if (outcome === "drop-all") {
        endSession();
      } else if (outcome === "reconnect" && socket?.connected) {
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
          if (!socket?.connected) return;
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
      saveAnswers(code, {});
      outbox.current = createOutbox(clock());
      pump.current();
    };
    const endSession = () => {
      forgetSession();
      setPrompt(null);
      setSilence(null);
      setPhase({ kind: "ended" });
      socket?.disconnect();
    };
    const wentOffline = () => {
      wasOffline = true;
      returning = null;
      setComeback(null);
      setPhase((p) => (p.kind === "ended" ? p : { kind: "offline" }));
    };

    outbox.current = loadOutbox(code, clock());
    pump.current();

    // After the first paint: the check-ins are on screen already, and taps wait in the outbox.
    void import("@/app/_lib/sockets").then(({ participantSocket, refusal }) => {
      if (closed) return;
      const live = participantSocket(() => {
        const resumeToken = loadResumeToken(code);
        // In the room or remote, if this phone said so (./WhereChoice.tsx): with every (re)connect.
        const where = loadWhere(code);
        return { code, ...(resumeToken ? { resumeToken } : {}), ...(linkKey ? { key: linkKey } : {}), ...(where ? { where } : {}) };
      });
      socket = live;
      setSocketInUse(live);

      live.on("session:snapshot", (next) => {
        saveResumeToken(code, next.resumeToken);
        setSnapshot(next);
        setPrompt(next.prompt);
        setSilence(next.silence && { view: next.silence, receivedAt: clock() });
        setJoins((n) => n + 1);
        setPhase({ kind: "live" });
        if (wasOffline) {
          wasOffline = false;
          returning = { waited: outbox.current.pending.length };
        }
        // Joined (again): the server takes this phone's check-ins, so what waits can go.
        outbox.current = setOnline(outbox.current, true);
        pump.current();
      });
      live.on("prompt:current", setPrompt);
      // The facilitator edited the check-ins: the grid changes in place (a tap on a removed one is refused and dropped calmly).
      live.on("palette:current", (palette) => setSnapshot((current) => current && { ...current, palette }));
      live.on("results:room", setRoomResults);
      live.on("silence:current", (next) => setSilence(next && { view: next, receivedAt: clock() }));
      live.on("session:ended", endSession);
      live.on("disconnect", (reason) => {
        outbox.current = setOnline(outbox.current, false);
        pump.current();
        // A disconnect we asked for (session ended, a rejoin) is not "offline".
        if (reason !== "io client disconnect") wentOffline();
      });
      live.on("connect_error", (err) => {
        const data = refusal(err);
        if (data?.code === "OUTDATED") {
          setPhase({ kind: "outdated" });
        } else if (data?.code === "CODE_NOT_FOUND") {
          setPhase({ kind: "refused", error: data });
        } else if (data?.code === "SESSION_NOT_LIVE") {
          forgetSession();
          setPhase({ kind: "ended" });
        } else if (data) {
          // Refused by the server for now (rate limit, a hiccup): ask again shortly.
          wentOffline();
          clearTimeout(retryConnect);
          retryConnect = setTimeout(() => live.connect(), data.code === "RATE_LIMITED" ? 15_000 : 3_000);
        } else {
          // No answer at all: the network, or the server is away. Socket.IO keeps trying.
          wentOffline();
        }
      });
      live.connect();
    });

    return () => {
      closed = true;
      clearTimeout(wake);
      clearTimeout(retryConnect);
      clearTimeout(rejoinTimer);
      clearTimeout(backTimer);
      pump.current = () => {};
      socket?.removeAllListeners();
      socket?.disconnect();
    };
  }, [code, linkKey]);

  const tap = useCallback((signal: Signal) => {
    const now = clock();
    const id = randomId();
    lastTapId.current = id;
    setLastTap({ id, signal: signal.key, state: "sending" });
    outbox.current = addTap(outbox.current, { id, signal: signal.key, tappedAt: now }, now);
    pump.current();
  }, []);

  return { phase, snapshot, prompt, status, lastTap, comeback, tap, socket: socketInUse, joins, roomResults, silence, tapStates };
}

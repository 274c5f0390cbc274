"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { answerSecret, closeOthers, confirmMine, forgetAnswer, markSent, recordAnswer, type AnswerBox } from "@/lib/answer-box";
import type { AppErrorBody } from "@/lib/protocol/errors";
import type { AnswerValue, PromptView } from "@/lib/protocol/views";
import type { ParticipantSocket } from "@/app/_lib/sockets";
import { loadAnswers, saveAnswers } from "./outbox";

/** This phone's answer to the prompt open now, as its sender sees it. */
export interface MyAnswer {
  answer: AnswerValue;
  /** sending: on its way; saved: kept on this phone while offline; sent: the server holds it. */
  state: "sending" | "saved" | "sent";
}

/** Something to tell calmly about an answer that did not go. */
export type AnswerNote = { kind: "closed"; n: number } | { kind: "refused"; error: AppErrorBody; n: number };

/** How long an answer waits for its acknowledgement before it is sent again (same secret: it counts once). */
const ANSWER_WAIT_MS = 5_000;
/** Pushed back (rate limit, busy) or unanswered on a live socket: try again after this. */
const RETRY_MS = 3_000;
/** A note about an answer that did not go stays this long: read, then gone. */
const NOTE_MS = 12_000;

const clock = () => Date.now();
const newSecret = () => answerSecret(globalThis.crypto.getRandomValues(new Uint8Array(16)));

/**
 * The phone's answers (lib/answer-box.ts), sent over the live session's
 * socket: the latest answer per prompt, kept in localStorage until the
 * server acknowledges it, sent again on each (re)join while its prompt is
 * still open, and dropped with a calm note once it has closed. After a
 * reload the phone asks the server for its own answer (answer:mine).
 *
 * `joins` counts the snapshots (each one a join or a rejoin); `online` is
 * whether the session takes answers right now.
 */
export function useAnswers(code: string, socket: ParticipantSocket | null, joins: number, prompt: PromptView | null, online: boolean) {
  const box = useRef<AnswerBox>({});
  const [shown, setShown] = useState<AnswerBox>({});
  const [note, setNote] = useState<AnswerNote | null>(null);
  const inFlight = useRef(new Set<string>());
  const asked = useRef<string | null>(null);
  const live = useRef({ socket, online });
  live.current = { socket, online };

  const keep = useCallback(
    (next: AnswerBox) => {
      box.current = next;
      saveAnswers(code, next);
      setShown(next);
    },
    [code],
  );

  useEffect(() => {
    box.current = loadAnswers(code);
    setShown(box.current);
  }, [code]);

  const tell = (kind: "closed") => setNote((n) => ({ kind, n: (n?.n ?? 0) + 1 }));
  useEffect(() => {
    if (!note) return;
    const timer = setTimeout(() => setNote(null), NOTE_MS);
    return () => clearTimeout(timer);
  }, [note]);

  const send = useRef((_promptId: string) => {});
  send.current = (promptId: string) => {
    const s = live.current.socket;
    const kept = box.current[promptId];
    if (!s?.connected || !kept || kept.state === "sent" || inFlight.current.has(promptId)) return;
    inFlight.current.add(promptId);
    const { secret, answer } = kept;
    s.timeout(ANSWER_WAIT_MS).emit("answer:send", { promptId, secret, answer }, (err, ack) => {
      inFlight.current.delete(promptId);
      if (err) {
        // No answer: on a live socket try again shortly; a dropped one sends again when it rejoins.
        if (s.connected) setTimeout(() => send.current(promptId), RETRY_MS);
        return;
      }
      if (ack.ok) {
        keep(markSent(box.current, promptId, answer));
        // Changed while this one was on its way: the latest goes too.
        if (box.current[promptId]?.state === "waiting") send.current(promptId);
        return;
      }
      const { code: reason } = ack.error;
      if (reason === "RATE_LIMITED" || reason === "BUSY" || reason === "INTERNAL") {
        setTimeout(() => send.current(promptId), RETRY_MS);
      } else if (reason === "OUTDATED") {
        // Kept: the reloaded page sends it.
      } else if (reason === "SESSION_NOT_LIVE") {
        keep(forgetAnswer(box.current, promptId));
        tell("closed");
      } else {
        keep(forgetAnswer(box.current, promptId));
        setNote((n) => ({ kind: "refused", error: ack.error, n: (n?.n ?? 0) + 1 }));
      }
    });
  };

  // Joined (again), or another prompt is up: what waits for a closed prompt is dropped, what waits for this one goes,
  // and after a (re)join the phone asks what the server holds for it.
  const promptId = prompt && prompt.kind !== "script" ? prompt.id : null;
  useEffect(() => {
    if (joins === 0) return;
    const { box: left, dropped } = closeOthers(box.current, promptId);
    if (dropped > 0) {
      keep(left);
      tell("closed");
    }
    if (!promptId) return;
    const kept = box.current[promptId];
    if (!kept) return;
    if (kept.state === "waiting") return send.current(promptId);
    const ask = `${joins}:${promptId}`;
    if (asked.current === ask || !socket?.connected) return;
    asked.current = ask;
    socket.timeout(ANSWER_WAIT_MS).emit("answer:mine", { promptId, secret: kept.secret }, (err, ack) => {
      if (err || !ack.ok) return;
      keep(confirmMine(box.current, promptId, ack.data));
      send.current(promptId);
    });
  }, [joins, promptId]);

  const answer = useCallback(
    (value: AnswerValue) => {
      if (!promptId) return;
      const tidy = "text" in value ? { text: value.text.trim() } : value;
      setNote(null);
      keep(recordAnswer(box.current, promptId, tidy, clock(), newSecret));
      send.current(promptId);
    },
    [promptId, keep],
  );

  const kept = promptId ? shown[promptId] : undefined;
  const mine: MyAnswer | null = kept
    ? { answer: kept.answer, state: kept.state === "sent" ? "sent" : online ? "sending" : "saved" }
    : null;
  return { mine, note, answer };
}

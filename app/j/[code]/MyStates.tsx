"use client";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import type { Signal } from "@/lib/content";
import type { MyState } from "@/lib/protocol/room";
import { button } from "@/app/_components/ui";
import type { ParticipantSocket } from "@/app/_lib/sockets";
import { useSignalWords } from "@/app/_lib/signal-words";

/**
 * This phone's own states (issue 9, item 4): Need a break, Need silence,
 * Overwhelmed … while they hold, each with its time left and a Clear button
 * (`checkin:clear`). Only this phone sees them: the server sends them to this
 * socket alone (the check-in's ack, `states:mine`), and asks again on every
 * (re)join, so a reload shows them again. Nothing when there are none: it
 * takes no room then.
 */

const WAIT_MS = 5_000;

/** The states as last heard (a tap's ack or `fromTap`), asked for again on each join; the time left counted down here. */
export function useMyStates(socket: ParticipantSocket | null, joins: number, fromTap: MyState[] | null) {
  const [states, setStates] = useState<{ list: MyState[]; heardAt: number }>({ list: [], heardAt: 0 });
  const [, tick] = useState(0);
  useEffect(() => {
    if (fromTap) setStates({ list: fromTap, heardAt: Date.now() });
  }, [fromTap]);
  useEffect(() => {
    if (!socket?.connected || joins === 0) return;
    socket.timeout(WAIT_MS).emit("states:mine", {}, (err, ack) => {
      if (!err && ack.ok) setStates({ list: ack.data, heardAt: Date.now() });
    });
  }, [socket, joins]);
  // The minutes left change while the phone lies still: look again every 15 s while any state holds.
  const holding = states.list.length > 0;
  useEffect(() => {
    if (!holding) return;
    const timer = setInterval(() => tick((n) => n + 1), 15_000);
    return () => clearInterval(timer);
  }, [holding]);
  const now = Date.now();
  const left = states.list.map((s) => ({ ...s, leftMs: s.leftMs - (now - states.heardAt) })).filter((s) => s.leftMs > 0);
  const clear = (signal: string) => {
    // Gone from the line at once; the server's answer (the states still held) settles it.
    setStates((s) => ({ ...s, list: s.list.filter((x) => x.signal !== signal) }));
    if (!socket?.connected) return;
    socket.timeout(WAIT_MS).emit("checkin:clear", { signal }, (err, ack) => {
      if (!err && ack.ok) setStates({ list: ack.data, heardAt: Date.now() });
    });
  };
  return { states: left, clear };
}

export function MyStates({ states, palette, onClear }: { states: MyState[]; palette: readonly Signal[]; onClear: (signal: string) => void }) {
  const t = useTranslations("Privacy.states");
  const words = useSignalWords();
  if (states.length === 0) return null;
  return (
    <section aria-label={t("label")} className="flex flex-col gap-1" data-testid="my-states">
      <ul className="flex flex-wrap gap-1.5">
        {states.map((s) => {
          const signal = palette.find((p) => p.key === s.signal);
          const label = signal ? words(signal).label : s.signal;
          return (
            <li key={s.signal} data-state={s.signal} className="inline-flex min-h-9 items-center gap-1.5 rounded-full border border-care/40 bg-care/10 py-0.5 ps-3 pe-1 text-sm">
              {signal && <span aria-hidden="true">{signal.emoji}</span>}
              <span className="font-medium">{label}</span>
              <span className="text-ink/75">· {t("left", { minutes: Math.floor(s.leftMs / 60_000) })}</span>
              <button type="button" aria-label={t("clearLabel", { signal: label })} onClick={() => onClear(s.signal)} className={button({ variant: "secondary", size: "sm", className: "min-h-8! px-2! py-0!" })}>
                {t("clear")}
              </button>
            </li>
          );
        })}
      </ul>
      <p className="text-xs text-ink/75">{t("onlyYou")}</p>
    </section>
  );
}

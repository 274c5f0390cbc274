"use client";
/**
 * A held silence on the phone: a calm full screen with a breathing circle
 * (still when the phone asks for reduced motion) and the time left, counted
 * down on this phone's own clock from the end the server sent
 * (lib/radar/device-time.ts `remainingOnDevice`: only the time elapsed since
 * receipt is used, so a phone whose clock is off still counts right). "Need
 * more time" goes to the facilitator once; the check-ins stay a tap away; a
 * gentle vibration marks the end where the phone can.
 */
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, type RefObject } from "react";
import type { SilenceView } from "@/lib/protocol/room";
import { remainingOnDevice } from "@/lib/radar/device-time";
import type { ParticipantSocket } from "@/app/_lib/sockets";
import { button } from "@/app/_components/ui";

/** A silence as this phone received it. */
export interface HeldOnPhone {
  view: SilenceView;
  /** This phone's clock when it arrived. */
  receivedAt: number;
}

const askedKey = (code: string, startedAt: number) => `attune:silence-asked:${code}:${startedAt}`;

/** "1:05": minutes and seconds, rounded up (a silence shows 0:00 only once it is over). */
export function formatLeft(ms: number): string {
  const seconds = Math.ceil(Math.max(0, ms) / 1_000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/** Time left, re-read four times a second while a silence runs. */
export function useTimeLeft(held: HeldOnPhone | null): number {
  const read = () => (held ? remainingOnDevice(held.view.endsAt, held.view.serverNow, held.receivedAt, Date.now()) : 0);
  const [left, setLeft] = useState(read);
  useEffect(() => {
    setLeft(read());
    if (!held) return;
    const timer = setInterval(() => setLeft(read()), 250);
    return () => clearInterval(timer);
  }, [held]);
  return left;
}

/**
 * The phone's side of a held silence: the time left, whether this phone asked
 * for more, whether the full screen is folded away (to check in), and one
 * gentle vibration at the end.
 */
export function useHeldSilence(code: string, held: HeldOnPhone | null, socket: ParticipantSocket | null) {
  const left = useTimeLeft(held);
  const startedAt = held?.view.startedAt ?? null;
  const [folded, setFolded] = useState(false);
  const [asked, setAsked] = useState(false);
  const [asking, setAsking] = useState(false);
  const vibratedFor = useRef<number | null>(null);
  const running = useRef<number | null>(null);

  // A new silence: open, and asked only if this phone asked during it (kept across a reload).
  useEffect(() => {
    setFolded(false);
    setAsking(false);
    let before = false;
    try {
      before = startedAt !== null && sessionStorage.getItem(askedKey(code, startedAt)) === "1";
    } catch {
      // Not kept: the button shows again after a reload, and the server still counts this phone once.
    }
    setAsked(before);
  }, [code, startedAt]);

  // The end, once: when the time runs out here or the server says it is over (ended early, or on time).
  const buzz = (at: number | null) => {
    if (at === null || vibratedFor.current === at) return;
    vibratedFor.current = at;
    if (typeof navigator !== "undefined" && "vibrate" in navigator) navigator.vibrate?.([60]);
  };
  useEffect(() => {
    if (startedAt !== null) running.current = startedAt;
    else if (running.current !== null) {
      buzz(running.current);
      running.current = null;
    }
  }, [startedAt]);
  useEffect(() => {
    if (held && left === 0) buzz(held.view.startedAt);
  }, [held, left]);

  const askMore = () => {
    if (!socket?.connected || asked || asking || startedAt === null) return;
    setAsking(true);
    socket.timeout(5_000).emit("silence:more", {}, (err, ack) => {
      setAsking(false);
      if (err || !ack.ok) return;
      setAsked(true);
      try {
        sessionStorage.setItem(askedKey(code, startedAt), "1");
      } catch {
        // Not kept across a reload.
      }
    });
  };

  return { held, left, asked, asking, askMore, folded, fold: () => setFolded(true), unfold: () => setFolded(false) };
}

export type HeldSilence = ReturnType<typeof useHeldSilence>;

/** The full screen while a silence is held. */
export function SilenceScreen({ silence }: { silence: HeldSilence }) {
  const t = useTranslations("Silence");
  const { left, asked, asking, askMore, fold } = silence;
  return (
    <main
      data-testid="silence-screen"
      className="mx-auto flex min-h-dvh w-full max-w-md flex-col items-center justify-between gap-4 px-6 pt-8 pb-6 text-center animate-settle"
    >
      <div className="flex flex-col items-center gap-1">
        <h1 className="text-2xl font-semibold tracking-tight text-balance">{t("phone.title")}</h1>
        <p className="text-base text-ink/75">{t("phone.lede")}</p>
      </div>

      <BreathingTimer left={left} testId="silence-left" className="size-[min(72vw,18rem,42dvh)]" circles={["bg-accent/15", "bg-accent/20"]} timeClassName="text-5xl text-ink" />

      <p className="text-sm text-ink/70">{t("phone.breathe")}</p>

      <div className="flex w-full flex-col items-center gap-3">
        <div aria-live="polite" className="w-full">
          {asked ? (
            <p data-testid="silence-asked" className="mx-auto inline-flex min-h-12 items-center gap-2 rounded-xl bg-ok-soft px-4 font-semibold text-ok">
              <span aria-hidden="true">✓</span>
              {t("phone.asked")}
            </p>
          ) : (
            <button type="button" onClick={askMore} disabled={asking} className={button({ variant: "secondary", size: "lg", className: "w-full" })}>
              {t("phone.more")}
            </button>
          )}
        </div>
        <button type="button" onClick={fold} className={button({ variant: "quiet", className: "min-h-11" })}>
          {t("phone.showCheckIns")}
        </button>
      </div>
    </main>
  );
}

/** Folded away to check in: a slim line above the check-ins, one tap back to the silence. */
export function SilenceBar({ silence }: { silence: HeldSilence }) {
  const t = useTranslations("Silence");
  return (
    <div data-testid="silence-bar" className="flex min-h-11 items-center justify-between gap-2 rounded-xl border border-accent/30 bg-accent/10 px-3 py-1">
      <p className="text-sm font-medium whitespace-nowrap">{t("phone.bar", { time: formatLeft(silence.left) })}</p>
      <button type="button" onClick={silence.unfold} className={button({ variant: "secondary", size: "sm", className: "shrink-0" })}>
        {t("phone.backToSilence")}
      </button>
    </div>
  );
}

/** The breathing circle with the time left inside it (the phone's and the room display's). */
export function BreathingTimer({
  left,
  testId,
  className,
  circles,
  timeClassName,
}: {
  left: number;
  testId: string;
  className: string;
  /** The outer and the inner circle's colours. */
  circles: [string, string];
  timeClassName: string;
}) {
  const t = useTranslations("Silence");
  const breathing = useRef<(HTMLSpanElement | null)[]>([]);
  useBreath(breathing);
  return (
    <div className={`relative grid place-items-center ${className}`}>
      <span ref={(el) => void (breathing.current[0] = el)} aria-hidden="true" className={`silence-breath absolute inset-0 scale-90 rounded-full ${circles[0]}`} />
      <span ref={(el) => void (breathing.current[1] = el)} aria-hidden="true" className={`silence-breath absolute inset-[14%] scale-90 rounded-full ${circles[1]}`} />
      <p className="relative">
        <span className="sr-only">{t("phone.leftLabel")}</span>
        <span role="timer" aria-live="off" data-testid={testId} className={`font-serif leading-none tabular-nums ${timeClassName}`}>
          {formatLeft(left)}
        </span>
      </p>
    </div>
  );
}

/**
 * The breath: slow, five seconds in and five out, deeper than the page's small
 * breathing dot. Run by the Web Animations API (the page's style policy admits
 * no inline stylesheet); still, at rest, when the device asks for reduced motion,
 * and it starts or stops as that setting changes.
 */
function useBreath(circles: RefObject<(HTMLSpanElement | null)[]>) {
  useEffect(() => {
    const reduce = matchMedia("(prefers-reduced-motion: reduce)");
    let running: Animation[] = [];
    const apply = () => {
      running.forEach((a) => a.cancel());
      running = [];
      if (reduce.matches) return;
      running = (circles.current ?? []).flatMap((el, i) =>
        el
          ? [
              el.animate(
                [
                  { transform: "scale(0.72)", opacity: 0.65 },
                  { transform: "scale(1)", opacity: 1 },
                  { transform: "scale(0.72)", opacity: 0.65 },
                ],
                { duration: 10_000, iterations: Infinity, easing: "ease-in-out", delay: -400 * i },
              ),
            ]
          : [],
      );
    };
    apply();
    reduce.addEventListener("change", apply);
    return () => {
      reduce.removeEventListener("change", apply);
      running.forEach((a) => a.cancel());
    };
  }, [circles]);
}

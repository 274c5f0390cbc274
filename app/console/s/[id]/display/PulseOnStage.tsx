"use client";
import { useTranslations } from "next-intl";
import { DEFAULT_PALETTE, defaultSignal, type Signal } from "@/lib/content";
import type { Pulse } from "@/lib/pulse";
import { shareOfRoom } from "@/lib/pulse-reading";
import { useSignalWords } from "@/app/_lib/signal-words";
import { MUTED } from "./stage";

/**
 * The room's pulse for everyone to see: the last minute's check-ins as
 * large, calm bars against the people present. No counts and nothing about
 * anyone: a bar says "some of us", never "this one". The server sends no
 * signal's taps below the shared k (lib/anonymity.ts `roomPulse`).
 */
export function PulseOnStage({ pulse, palette }: { pulse: Pulse; palette?: readonly Signal[] }) {
  const t = useTranslations("Answers.display");
  const p = useTranslations("Privacy.display");
  const words = useSignalWords();
  const signals = signalsOf(pulse, palette);
  const quiet = pulse.recentCount === 0;
  const many = signals.length > 8;
  return (
    <section aria-labelledby="pulse-label" className="flex min-h-0 min-w-0 flex-col gap-[3vmin] overflow-hidden" data-testid="pulse-on-stage">
      <div className="flex flex-col gap-[1vmin] border-l-[0.8vmin] border-current/50 pl-[3vmin]">
        <h2 id="pulse-label" className="text-[4.6vmin] leading-tight font-semibold tracking-tight">
          {t("pulse")}
        </h2>
        <p className={`text-[2.6vmin] ${MUTED}`}>{quiet ? t("pulseQuiet") : p("pulseHint")}</p>
      </div>
      <ul className={`grid min-h-0 flex-1 content-center ${many ? "gap-[1.4vmin]" : "gap-[2vmin]"}`}>
        {signals.map((signal) => {
          const share = shareOfRoom(pulse.recent[signal.key] ?? 0, pulse.present);
          return (
            <li key={signal.key} className="grid grid-cols-[minmax(0,0.8fr)_minmax(0,1.5fr)] items-center gap-[2.5vmin]">
              <span className={`flex min-w-0 items-center gap-[1.5vmin] leading-tight ${many ? "text-[2.8vmin]" : "text-[3.4vmin]"}`}>
                <span aria-hidden="true">{signal.emoji}</span>
                <span className="min-w-0 truncate">{words(signal).label}</span>
              </span>
              <span aria-hidden="true" className={`block overflow-hidden rounded-full bg-current/15 ${many ? "h-[2.6vmin]" : "h-[3.4vmin]"}`}>
                <span className="block h-full rounded-full bg-current transition-[width] duration-1000" style={{ width: `${share * 100}%` }} />
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The session's palette if known; else the default signals, and any other signal the pulse has seen. */
function signalsOf(pulse: Pulse, palette?: readonly Signal[]): readonly Signal[] {
  if (palette && palette.length > 0) return palette;
  const extra = Object.keys({ ...pulse.total, ...pulse.recent })
    .filter((key) => !defaultSignal(key))
    .map((key) => ({ key, emoji: "•", label: key.replace(/-/g, " ") }));
  return [...DEFAULT_PALETTE, ...extra];
}

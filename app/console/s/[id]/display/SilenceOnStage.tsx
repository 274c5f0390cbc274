"use client";
/**
 * A held silence on the room display: the breathing circle takes the stage
 * with the time left, large; the join code stays, small, in a corner for
 * anyone arriving late. Counted down on this screen's clock from the end the
 * server sent (lib/radar/device-time.ts `remainingOnDevice`). Nothing about who
 * asked for more time: that is the facilitator's alone.
 */
import { useTranslations } from "next-intl";
import { useMemo } from "react";
import type { SilenceView } from "@/lib/protocol/room";
import { BreathingTimer, useTimeLeft } from "@/app/j/[code]/SilenceScreen";
import { MUTED, STAGE } from "./stage";

export function SilenceOnStage({ silence, title, code, address }: { silence: SilenceView; title: string; code: string; address: string }) {
  const t = useTranslations("Silence");
  // Every snapshot carries the server's clock: count from when this one arrived.
  const held = useMemo(() => ({ view: silence, receivedAt: Date.now() }), [silence]);
  const left = useTimeLeft(held);
  return (
    <main data-testid="silence-stage" className={`${STAGE} relative grid h-dvh grid-rows-[auto_minmax(0,1fr)_auto] overflow-hidden px-[5vmin] pt-[3.5vmin] pb-[4vmin]`}>
      <header className="flex items-center justify-between gap-[4vmin]">
        <p className={`min-w-0 truncate text-[3.2vmin] font-medium ${MUTED}`}>{title}</p>
      </header>
      <div className="flex min-h-0 flex-col items-center justify-center gap-[4vmin] text-center">
        <h1 className="text-[6vmin] leading-tight font-semibold tracking-tight">{t("display.title")}</h1>
        <BreathingTimer left={left} testId="silence-stage-left" className="size-[min(58vh,44vw)]" circles={["bg-current/12", "bg-current/15"]} timeClassName="text-[12vmin]" />
        <p className={`text-[3.4vmin] ${MUTED}`}>{t("display.breathe")}</p>
      </div>
      <footer className="flex items-end justify-end">
        <p className={`text-[2.4vmin] ${MUTED}`} data-testid="silence-stage-code">
          {t("display.join", { address })} <span className="font-mono font-bold tracking-[0.12em]">{code}</span>
        </p>
      </footer>
    </main>
  );
}

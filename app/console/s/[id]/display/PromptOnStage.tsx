"use client";
import { useTranslations } from "next-intl";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import type { PromptView } from "@/lib/protocol/views";
import { MUTED } from "./stage";

/**
 * Type size by length, in vmin: a short question fills the screen, and a
 * 280-character prompt still fits a 720p projector beside the way in. Above
 * that (prompts may be 1,000 characters) it steps down further.
 */
const STEPS: ReadonlyArray<readonly [maxLength: number, vmin: number]> = [
  [60, 9.5],
  [120, 8.2],
  [200, 7.2],
  [300, 6.3],
  [500, 5],
  [Infinity, 3.8],
];
/** The most the fitting below shrinks a step, should a screen's shape or a long word still overflow. */
const MIN_SCALE = 0.5;

export function promptSize(length: number): number {
  return STEPS.find(([max]) => length <= max)![1];
}

/**
 * The prompt, large, in the facilitator's own words. The technique's name is
 * the facilitator's business and is not shown. If the text overflows its box
 * anyway (an unusual screen shape), it is shrunk in steps until it fits.
 * Give it `key={prompt.id}`, so each prompt starts from its own step.
 */
export function PromptOnStage({ prompt }: { prompt: PromptView }) {
  const t = useTranslations("Display");
  const box = useRef<HTMLDivElement>(null);
  const words = useRef<HTMLDivElement>(null);
  const [scale, setScale] = useState(1);

  // A new screen size starts again from the step's size (a new prompt is a new component).
  useEffect(() => {
    const refit = () => setScale(1);
    window.addEventListener("resize", refit);
    return () => window.removeEventListener("resize", refit);
  }, []);
  // The words change size after the first fit too (the serif face arrives late): fit again then.
  const [, refitWords] = useState(0);
  useEffect(() => {
    const inner = words.current;
    if (!inner) return;
    const observer = new ResizeObserver(() => refitWords((n) => n + 1));
    observer.observe(inner);
    return () => observer.disconnect();
  }, []);
  useLayoutEffect(() => {
    const outer = box.current;
    const inner = words.current;
    if (!outer || !inner || scale <= MIN_SCALE) return;
    if (inner.scrollHeight > outer.clientHeight || inner.scrollWidth > outer.clientWidth) setScale((s) => Math.max(MIN_SCALE, s * 0.9));
  });

  return (
    <section aria-labelledby="prompt-label" ref={box} className="flex min-h-0 min-w-0 items-center overflow-hidden" data-testid="prompt-box">
      <div ref={words} className="flex min-w-0 flex-col gap-[2.5vmin] border-l-[0.8vmin] border-current/50 py-[1vmin] pl-[4vmin]">
        <h2 id="prompt-label" className={`text-[2.8vmin] font-medium tracking-wide uppercase ${MUTED}`}>
          {t("promptLabel")}
        </h2>
        <p
          aria-live="polite"
          className="font-serif leading-[1.28] text-pretty whitespace-pre-wrap [overflow-wrap:anywhere]"
          style={{ fontSize: `${promptSize(prompt.body.length) * scale}vmin` }}
        >
          {t("quoted", { text: prompt.body })}
        </p>
      </div>
    </section>
  );
}

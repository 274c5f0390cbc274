"use client";
/**
 * Hold silence from the console: 30 s, 1 min, 2 min or a custom length; while
 * it runs, the time left, +30 s / +1 min, End now, and how many asked for more
 * time (k applied on the server: "someone" below k, nothing when too few are
 * here). H holds a one-minute silence (./shortcuts.ts).
 */
import { useTranslations } from "next-intl";
import { useId, useMemo, useState } from "react";
import type { AppErrorBody } from "@/lib/protocol/errors";
import type { ConsoleSilenceView } from "@/lib/protocol/room";
import { MAX_SILENCE_MS, MIN_SILENCE_MS, SILENCE_PRESETS_MS } from "@/lib/radar/silence";
import { button, card, field, notice } from "@/app/_components/ui";
import { useErrorText } from "@/app/_lib/error-text";
import { request, type ConsoleSocket } from "@/app/_lib/sockets";
import { formatLeft, useTimeLeft } from "@/app/j/[code]/SilenceScreen";

/** The length H holds (the radar's suggested silence is a minute too). */
export const SHORTCUT_SILENCE_MS = 60_000;
const EXTENSIONS_MS = [30_000, 60_000] as const;

/** The console's requests for a silence: shared by the panel and the H key. */
export function useSilenceActions(socket: ConsoleSocket | null, sessionId: string, onSilence: (silence: ConsoleSilenceView | null) => void, announce: (text: string) => void) {
  const t = useTranslations("Silence.console");
  const length = useLength();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorBody | null>(null);
  const run = async <T,>(send: () => Promise<{ ok: true; data: T } | { ok: false; error: AppErrorBody }>, done: (data: T) => void) => {
    if (!socket || busy) return;
    setBusy(true);
    const ack = await send().finally(() => setBusy(false));
    if (!ack.ok) return setError(ack.error);
    setError(null);
    done(ack.data);
  };
  return {
    busy,
    error,
    start: (durationMs: number) =>
      run(
        () => request(socket!, "silence:start", { sessionId, durationMs }),
        (silence) => {
          onSilence(silence);
          announce(t("announceStarted", { length: length(durationMs) }));
        },
      ),
    extend: (byMs: number) =>
      run(
        () => request(socket!, "silence:extend", { sessionId, byMs }),
        (silence) => {
          onSilence(silence);
          announce(t("announceExtended", { length: length(byMs) }));
        },
      ),
    end: () =>
      run(
        () => request(socket!, "silence:end", { sessionId }),
        () => {
          onSilence(null);
          announce(t("announceEnded"));
        },
      ),
  };
}

export type SilenceActions = ReturnType<typeof useSilenceActions>;

/** "30 s", "1 min", "90 s": a length in the console's words. */
function useLength() {
  const t = useTranslations("Silence.console");
  return (ms: number) => (ms % 60_000 === 0 ? t("minutes", { count: ms / 60_000 }) : t("seconds", { count: Math.round(ms / 1_000) }));
}

export function SilencePanel({ silence, actions, className = "" }: { silence: ConsoleSilenceView | null; actions: SilenceActions; className?: string }) {
  const t = useTranslations("Silence.console");
  const errorText = useErrorText();
  const length = useLength();
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} data-testid="silence-panel" className={card(`flex flex-col gap-3 ${className}`)}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-3">
        <h2 id={headingId} className="text-lg font-semibold">
          {t("heading")}
        </h2>
        {silence && (
          <p className="inline-flex items-center gap-2 text-sm font-medium text-accent-strong">
            <span aria-hidden="true" className="size-2 animate-breathe rounded-full bg-accent" />
            {t("running")}
          </p>
        )}
      </div>
      {silence ? <Running silence={silence} actions={actions} length={length} /> : <Choose actions={actions} length={length} />}
      {actions.error && (
        <p role="alert" className={notice("danger")}>
          {errorText(actions.error)}
        </p>
      )}
    </section>
  );
}

function Choose({ actions, length }: { actions: SilenceActions; length: (ms: number) => string }) {
  const t = useTranslations("Silence.console");
  const inputId = useId();
  const hintId = useId();
  const [custom, setCustom] = useState("");
  const seconds = Number(custom);
  const valid = custom !== "" && Number.isInteger(seconds) && seconds * 1_000 >= MIN_SILENCE_MS && seconds * 1_000 <= MAX_SILENCE_MS;
  return (
    <>
      <p className="text-sm text-ink/80">{t("lede")}</p>
      <div role="group" aria-label={t("presetsLabel")} className="flex flex-wrap gap-2">
        {SILENCE_PRESETS_MS.map((ms) => (
          <button
            key={ms}
            type="button"
            disabled={actions.busy}
            onClick={() => void actions.start(ms)}
            aria-label={t("startLabel", { length: length(ms) })}
            aria-keyshortcuts={ms === 60_000 ? "h" : undefined}
            className={button({ variant: ms === 60_000 ? "primary" : "secondary", size: "sm", className: "min-w-18" })}
          >
            {length(ms)}
          </button>
        ))}
      </div>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          if (valid) void actions.start(seconds * 1_000);
        }}
      >
        <div className="flex flex-col gap-1">
          <label htmlFor={inputId} className="text-sm font-medium">
            {t("custom")}
          </label>
          <div className="flex items-center gap-2">
            <input
              id={inputId}
              type="number"
              inputMode="numeric"
              min={MIN_SILENCE_MS / 1_000}
              max={MAX_SILENCE_MS / 1_000}
              step={1}
              value={custom}
              onChange={(event) => setCustom(event.target.value)}
              aria-describedby={hintId}
              className={field("w-24")}
            />
            <span className="text-sm text-ink/80">{t("customUnit")}</span>
          </div>
        </div>
        <button type="submit" disabled={actions.busy || !valid} className={button({ variant: "secondary", size: "sm", className: "min-h-11" })}>
          {t("customStart")}
        </button>
        <p id={hintId} className="w-full text-sm text-ink/75">
          {t("customHint", { min: MIN_SILENCE_MS / 1_000, max: MAX_SILENCE_MS / 1_000 })} · {t("shortcutHint")}
        </p>
      </form>
    </>
  );
}

function Running({ silence, actions, length }: { silence: ConsoleSilenceView; actions: SilenceActions; length: (ms: number) => string }) {
  const t = useTranslations("Silence.console");
  // Each push carries the server's clock: count down from when this one arrived.
  const held = useMemo(() => ({ view: silence, receivedAt: Date.now() }), [silence]);
  const left = useTimeLeft(held);
  const done = Math.min(1, Math.max(0, 1 - left / silence.totalMs));
  const more = silence.moreTime;
  const moreText =
    more.kind === "count" ? (more.count === 0 ? t("moreNone") : t("moreCount", { count: more.count })) : more.kind === "someone" ? t("moreSomeone") : t("moreHidden");
  return (
    <>
      <p className="font-serif text-4xl tabular-nums" data-testid="silence-console-left">
        {t("left", { time: formatLeft(left) })}
      </p>
      <div
        role="progressbar"
        aria-label={t("progressLabel")}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(done * 100)}
        className="h-2 overflow-hidden rounded-full bg-sunken"
      >
        <div className="h-full rounded-full bg-accent transition-[width] duration-300" style={{ width: `${done * 100}%` }} />
      </div>
      <p aria-live="polite" data-testid="silence-more-time" className={`text-sm ${more.kind === "count" && more.count === 0 ? "text-ink/75" : "font-semibold text-care"}`}>
        {moreText}
      </p>
      <div className="flex flex-wrap gap-2">
        {EXTENSIONS_MS.map((ms) => (
          <button
            key={ms}
            type="button"
            disabled={actions.busy}
            onClick={() => void actions.extend(ms)}
            aria-label={t("extendLabel", { length: length(ms) })}
            className={button({ variant: "secondary", size: "sm" })}
          >
            {t("extend", { length: length(ms) })}
          </button>
        ))}
        <button type="button" disabled={actions.busy} onClick={() => void actions.end()} className={button({ variant: "secondary", size: "sm", className: "ms-auto" })}>
          {t("end")}
        </button>
      </div>
    </>
  );
}

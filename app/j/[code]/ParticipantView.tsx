"use client";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import { DEFAULT_PALETTE, type Signal } from "@/lib/content";
import type { OutboxStatus } from "@/lib/outbox";
import type { PromptView } from "@/lib/protocol/views";
import { LanguageSwitch } from "@/app/_components/LanguageSwitch";
import { PromptCard } from "@/app/_components/PromptCard";
import { button } from "@/app/_components/ui";
import { UpdatedNotice } from "@/app/_components/UpdatedNotice";
import { useErrorText } from "@/app/_lib/error-text";
import { useSignalWords } from "@/app/_lib/signal-words";
import { AnswerCard, AnswerNoteLine } from "./AnswerCard";
import { Refused } from "./Refused";
import { SupportSheet } from "./SupportSheet";
import { SilenceBar, SilenceScreen, useHeldSilence } from "./SilenceScreen";
import { useAnswers } from "./use-answers";
import { useLiveSession, type LastTap, type Phase, type Return } from "./use-live-session";
import { MyStates, useMyStates } from "./MyStates";
import { useWhere, WhereChoice, WhereLine } from "./WhereChoice";

/**
 * The stage (welcome, prompt or waiting) keeps one height whatever it shows,
 * so nothing below it moves when a prompt arrives; the check-ins sit under it,
 * all eight within a 320×640 screen. Side by side on a short landscape screen.
 * Tailwind reads these class names from this file, so they stay whole.
 */
const STAGE_HEIGHT =
  "min-h-[clamp(11rem,calc(100dvh-24.25rem),20rem)] min-[30rem]:landscape:min-h-[calc(100dvh-4.5rem)]";
const STAGE_CAP = "max-h-[clamp(11rem,calc(100dvh-24.25rem),20rem)] min-[30rem]:landscape:max-h-[calc(100dvh-4.5rem)]";

/** A confirmation stays this long once its tap has an outcome. */
const CONFIRMATION_MS = 3_500;

/** The welcome was read in this tab: it stays folded for the rest of the session. */
const welcomedKey = (code: string) => `attune:welcomed:${code}`;

type Toast = { key: string; text: string; tone: "ok" | "neutral" | "warn"; signal?: string; lasts: boolean };

export function ParticipantView({ code, linkKey, children }: { code: string; linkKey?: string; children?: React.ReactNode }) {
  const t = useTranslations("Phone");
  const tj = useTranslations("Join");
  const errorText = useErrorText();
  const words = useSignalWords();
  const { phase, snapshot, prompt, status, lastTap, comeback, tap, socket, joins, roomResults, silence: heldSilence, tapStates } = useLiveSession(code, linkKey);
  const where = useWhere(code, socket);
  const mine = useMyStates(socket, joins, tapStates);
  const answers = useAnswers(code, socket, joins, prompt, phase.kind === "live");
  const silence = useHeldSilence(code, heldSilence, socket);
  // A prompt that takes answers takes the stage's height too; the check-ins follow below it.
  const answering = prompt !== null && prompt.kind !== "script";
  const palette = snapshot?.palette ?? DEFAULT_PALETTE;
  const labelOf = (key: string) => {
    const signal = palette.find((s) => s.key === key);
    return signal ? words(signal).label : key;
  };

  const [welcomed, setWelcomed] = useState(false);
  useEffect(() => {
    try {
      if (sessionStorage.getItem(welcomedKey(code))) setWelcomed(true);
    } catch {
      // Not kept: the welcome shows until read again.
    }
  }, [code]);
  const foldWelcome = () => {
    setWelcomed(true);
    try {
      sessionStorage.setItem(welcomedKey(code), "1");
    } catch {
      // Not kept across reloads.
    }
  };
  // The first prompt takes the welcome's place: it has been seen by then. (Runs as prompts arrive, not as the fold changes.)
  useEffect(() => {
    if (prompt && !welcomed) foldWelcome();
  }, [prompt]);

  const toast = useToast(lastTap, status, snapshot ? prompt : undefined, labelOf);

  if (phase.kind === "refused") {
    return <Refused title={tj("refusedTitle")} code={code} message={errorText(phase.error)} />;
  }
  if (phase.kind === "outdated") return <UpdatedNotice />;
  if (phase.kind === "ended") return <Ended />;
  // A held silence takes the whole screen; folded away, a slim line above the check-ins.
  if (silence.held && !silence.folded) return <SilenceScreen silence={silence} />;

  const title = snapshot?.session.title ?? null;
  const welcomeOpen = !welcomed && !prompt;
  const Title = welcomeOpen ? "p" : "h1";

  return (
    <main className="mx-auto flex min-h-dvh w-full max-w-md flex-col gap-3 px-4 pt-2 pb-6 md:max-w-lg min-[30rem]:landscape:max-w-4xl">
      {children}
      <header className="flex h-10 items-center justify-between gap-3">
        <div className="flex min-w-0 items-center gap-2">
          <span aria-hidden="true" className="grid size-7 shrink-0 place-items-center rounded-full bg-accent text-sm text-on-accent">
            ◎
          </span>
          <Title className="truncate text-base font-semibold tracking-tight">{title ?? "Attune"}</Title>
        </div>
        <StatusPill phase={phase} status={status} comeback={comeback} />
      </header>
      {silence.held && <SilenceBar silence={silence} />}

      <div className="flex flex-col gap-3 min-[30rem]:landscape:grid min-[30rem]:landscape:grid-cols-2 min-[30rem]:landscape:items-start min-[30rem]:landscape:gap-4">
        <div className="flex flex-col gap-3">
          {/* A live region: a new prompt is read out as it arrives. */}
          <section aria-label={t("prompt.region")} aria-live="polite" className={`flex flex-col ${answering ? "" : STAGE_HEIGHT}`}>
            {prompt ? (
              <PhonePrompt key={prompt.id} prompt={prompt} compact={answering} />
            ) : welcomeOpen ? (
              <Welcome title={title} note={snapshot?.confidentialityNote ?? null} onRead={foldWelcome}>
                <WhereChoice where={where.where} onSay={where.say} />
              </Welcome>
            ) : (
              <div className="flex flex-1 flex-col items-center justify-center gap-3 rounded-2xl border-2 border-dashed border-ink/20 p-5 text-center">
                <span aria-hidden="true" className="size-3 animate-breathe rounded-full bg-accent" />
                <p className="text-lg text-ink/80">{t("prompt.waiting")}</p>
              </div>
            )}
          </section>
          {answering && (
            <AnswerCard
              key={prompt.id}
              prompt={prompt}
              mine={answers.mine}
              note={answers.note}
              results={roomResults?.promptId === prompt.id ? roomResults.results : null}
              onAnswer={answers.answer}
            />
          )}
          {!answering && <AnswerNoteLine note={answers.note} />}
        </div>

        <CheckIns palette={palette} lastTap={toast?.signal ? lastTap : null} toast={toast} onTap={tap} />
      </div>
      {/* This phone's own states (Need a break …), for this phone only; nothing when none holds. */}
      <MyStates states={mine.states} palette={palette} onClear={mine.clear} />
      {/* "I need support": quiet, under the check-ins, to the facilitators only. */}
      <SupportSheet code={code} socket={socket} joins={joins} live={phase.kind === "live"} />

      <footer className="mt-1 flex flex-wrap items-center justify-between gap-x-4 gap-y-2 text-sm text-ink/75">
        <p>
          <span aria-hidden="true">🔒 </span>
          {t("welcome.anonymous")}
        </p>
        {!welcomeOpen && <WhereLine where={where.where} onSay={where.say} />}
        <LanguageSwitch />
      </footer>
    </main>
  );
}

/**
 * The welcome, with the session's confidentiality note. The first screen is
 * rendered without looking the session up, so it starts with the default
 * words; the session's own note comes with the snapshot and fades in in
 * their place. The card keeps the stage's height whatever the note's length
 * (a long one scrolls inside it), so the check-ins below never move.
 */
function Welcome({ title, note, onRead, children }: { title: string | null; note: string | null; onRead: () => void; children?: React.ReactNode }) {
  const t = useTranslations("Phone");
  const box = useRef<HTMLParagraphElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setScrolls(el.scrollHeight > el.clientHeight + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [note]);
  return (
    <div className={`flex flex-1 flex-col gap-2 overflow-hidden rounded-2xl border border-line bg-raised p-4 shadow-sm ${STAGE_CAP}`}>
      <h1 className="line-clamp-2 shrink-0 text-lg leading-snug font-semibold tracking-tight">
        {title ? t("welcome.titleNamed", { title }) : t("welcome.title")}
      </h1>
      <p
        ref={box}
        key={note ?? ""}
        data-testid="welcome-note"
        // A long note scrolls in place; then it can be reached and scrolled from the keyboard too.
        tabIndex={scrolls ? 0 : undefined}
        className={`min-h-0 overflow-y-auto text-sm whitespace-pre-line text-ink/80 ${note ? "animate-settle" : ""}`}
      >
        {note ?? t("welcome.note")}
      </p>
      {children}
      <div className="mt-auto flex shrink-0 items-end justify-between gap-3">
        <p className="text-sm text-ink/75 [@media(max-height:42rem)]:sr-only">{t("prompt.waiting")}</p>
        <button type="button" onClick={onRead} className={button({ size: "sm", className: "ms-auto shrink-0" })}>
          {t("welcome.gotIt")}
        </button>
      </div>
    </div>
  );
}

/** The prompt's words, and only its words; sized to their length and capped in height, with the rest a tap away. */
function PhonePrompt({ prompt, compact = false }: { prompt: PromptView; compact?: boolean }) {
  const t = useTranslations("Phone");
  const body = useRef<HTMLParagraphElement>(null);
  const [expanded, setExpanded] = useState(false);
  const [clipped, setClipped] = useState(false);
  const length = prompt.body.length;
  // Above an answer the question is smaller and capped lower, so the answer stays in view.
  const size = compact
    ? length <= 90
      ? "text-xl leading-snug md:text-2xl"
      : "text-lg leading-snug"
    : length <= 90
      ? "text-2xl leading-snug md:text-3xl"
      : length <= 180
        ? "text-xl leading-snug md:text-2xl"
        : "text-lg leading-snug md:text-xl";

  useLayoutEffect(() => {
    const el = body.current;
    if (!el) return;
    const measure = () => setClipped(el.scrollHeight > el.clientHeight + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [prompt.body, expanded]);

  return (
    <div data-testid="prompt" className="flex flex-1 flex-col">
      <PromptCard
        prompt={prompt}
        showTitle={false}
        label={t("prompt.label")}
        bodyRef={body}
        className={`flex flex-1 flex-col animate-settle ${expanded ? "" : compact ? "max-h-[32dvh]" : STAGE_CAP}`}
        bodyClassName={`${size} my-auto! ${expanded ? "" : "min-h-0 shrink overflow-hidden"} ${clipped && !expanded ? "[mask-image:linear-gradient(to_bottom,black_65%,transparent)]" : ""}`}
      >
        {(clipped || expanded) && (
          <button
            type="button"
            aria-expanded={expanded}
            onClick={() => setExpanded((e) => !e)}
            className="mt-2 min-h-9 self-start rounded-lg px-1 text-sm font-semibold text-on-accent underline underline-offset-4"
          >
            {expanded ? t("prompt.readLess") : t("prompt.readMore")}
          </button>
        )}
      </PromptCard>
    </div>
  );
}

function CheckIns({
  palette,
  lastTap,
  toast,
  onTap,
}: {
  palette: readonly Signal[];
  lastTap: LastTap | null;
  toast: Toast | null;
  onTap: (signal: Signal) => void;
}) {
  const t = useTranslations("Phone");
  const words = useSignalWords();
  const headingId = useId();
  const meaningsId = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const tones = { ok: "bg-ok text-canvas", neutral: "bg-ink text-canvas", warn: "bg-warn text-canvas" } as const;

  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-2">
      <div className="relative flex min-h-9 items-center justify-between gap-2">
        <h2 id={headingId} className="truncate text-base font-semibold">
          {t("checkins.heading")}
        </h2>
        <button
          type="button"
          aria-haspopup="dialog"
          onClick={() => dialog.current?.showModal()}
          className="inline-flex min-h-9 shrink-0 items-center gap-1 rounded-lg px-2 text-sm font-medium text-accent-strong underline underline-offset-4"
        >
          <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4 fill-none stroke-current stroke-2">
            <circle cx="10" cy="10" r="8" />
            <path d="M10 9v5M10 6v.5" strokeLinecap="round" />
          </svg>
          {t("checkins.meanings")}
        </button>
        {/* Where the eye is: over the heading, right above the button just tapped. */}
        <div role="status" aria-live="polite" className="pointer-events-none absolute inset-0 flex items-center">
          {toast && (
            <p
              data-testid="tap-confirmation"
              className={`w-full animate-settle rounded-xl px-3 py-1.5 text-center text-sm leading-snug font-semibold shadow-md ${tones[toast.tone]}`}
            >
              {toast.text}
            </p>
          )}
        </div>
      </div>

      <div className="grid grid-cols-2 gap-2 [@media(max-height:30rem)]:gap-1.5">
        {palette.map((signal) => {
          const { label, meaning } = words(signal);
          const tapped = lastTap?.signal === signal.key;
          return (
            <button
              key={signal.key}
              type="button"
              data-signal={signal.key}
              data-tapped={tapped || undefined}
              aria-describedby={meaning ? `${meaningsId}-${signal.key}` : undefined}
              onClick={() => {
                navigator.vibrate?.(15);
                onTap(signal);
              }}
              className="relative flex min-h-15 touch-manipulation flex-col items-center justify-center gap-0.5 rounded-2xl border border-line bg-raised px-2 py-1.5 text-[0.9375rem] leading-tight font-medium text-ink shadow-sm transition-transform duration-100 select-none hover:bg-sunken active:scale-[0.96] active:bg-sunken data-tapped:border-accent data-tapped:bg-accent/10 data-tapped:ring-2 data-tapped:ring-accent [@media(max-height:30rem)]:min-h-11 [@media(max-height:30rem)]:flex-row [@media(max-height:30rem)]:justify-start [@media(max-height:30rem)]:gap-2 [@media(max-height:30rem)]:px-3 [@media(max-height:30rem)]:text-sm [@media(min-height:47rem)]:min-h-20"
            >
              <span aria-hidden="true" className="text-2xl leading-none [@media(max-height:30rem)]:text-xl">
                {signal.emoji}
              </span>
              <span className="text-center [@media(max-height:30rem)]:text-left">{label}</span>
              {tapped && (
                <span aria-hidden="true" className="absolute top-1 right-1.5 grid size-5 place-items-center rounded-full bg-accent text-xs text-on-accent">
                  ✓
                </span>
              )}
              {meaning && (
                <span id={`${meaningsId}-${signal.key}`} className="sr-only">
                  {meaning}
                </span>
              )}
            </button>
          );
        })}
      </div>

      <dialog
        ref={dialog}
        aria-labelledby={`${meaningsId}-title`}
        className="m-auto max-h-[85dvh] w-[min(28rem,calc(100vw-2rem))] overflow-y-auto rounded-2xl border border-line bg-raised p-5 text-ink shadow-xl backdrop:bg-ink/40"
      >
        <div className="flex items-start justify-between gap-3">
          <h2 id={`${meaningsId}-title`} className="text-lg font-semibold">
            {t("checkins.meaningsTitle")}
          </h2>
          <form method="dialog">
            <button type="submit" className={button({ variant: "secondary", size: "sm" })}>
              {t("checkins.close")}
            </button>
          </form>
        </div>
        <p className="mt-1 text-sm text-ink/75">{t("checkins.meaningsLede")}</p>
        <dl className="mt-4 space-y-3">
          {palette.map((signal) => {
            const { label, meaning } = words(signal);
            return (
              <div key={signal.key}>
                <dt className="flex items-center gap-2 font-semibold">
                  <span aria-hidden="true">{signal.emoji}</span>
                  {label}
                </dt>
                <dd className="ms-7 text-sm text-ink/80">{meaning ?? "—"}</dd>
              </div>
            );
          })}
        </dl>
      </dialog>
    </section>
  );
}

/** connecting | live | offline | back, as the test suites and the reader see it. */
function StatusPill({ phase, status, comeback }: { phase: Phase; status: OutboxStatus | null; comeback: Return | null }) {
  const t = useTranslations("Phone");
  const waiting = status?.waiting ?? 0;
  const state = phase.kind === "offline" ? "offline" : phase.kind === "live" ? (comeback ? "back" : "live") : "connecting";
  const text =
    state === "offline"
      ? waiting > 0
        ? t("status.offlineWaiting", { count: waiting })
        : t("status.offline")
      : state === "back"
        ? comeback!.waited === 0
          ? t("status.back")
          : comeback!.waiting > 0
            ? t("status.backSending", { count: comeback!.waiting })
            : t("status.backSent", { count: comeback!.waited })
        : state === "live"
          ? t("status.live")
          : t("status.connecting");
  const tone = { connecting: "bg-sunken text-ink", live: "bg-ok-soft text-ok", back: "bg-ok-soft text-ok", offline: "bg-warn-soft text-warn" }[state];
  const dot = { connecting: "bg-ink/60 animate-pulse", live: "bg-ok", back: "bg-ok", offline: "bg-warn" }[state];
  return (
    <p
      data-testid="phone-status"
      data-state={state}
      aria-live="polite"
      // Offline or back, the count of waiting taps matters more than the session's title: more room for it.
      className={`inline-flex ${state === "offline" || state === "back" ? "max-w-[80%]" : "max-w-[60%]"} shrink-0 items-center gap-1.5 rounded-full px-2.5 py-1 text-sm font-medium ${tone}`}
    >
      <span aria-hidden="true" className={`size-2 shrink-0 rounded-full ${dot}`} />
      <span className="truncate">{text}</span>
    </p>
  );
}

function Ended() {
  const t = useTranslations("Phone");
  return (
    <main data-testid="phone-ended" className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-6 px-6 py-10">
      <span aria-hidden="true" className="grid size-16 animate-breathe place-items-center rounded-full bg-accent/15 text-3xl text-accent-strong">
        ◎
      </span>
      <h1 className="text-3xl font-semibold tracking-tight text-balance">{t("ended.title")}</h1>
      <p className="font-serif text-xl leading-relaxed text-ink/80">{t("ended.body")}</p>
      <Link href="/join" className={button({ variant: "secondary", className: "self-start" })}>
        {t("ended.again")}
      </Link>
    </main>
  );
}

/**
 * What to confirm right now: the latest tap (on its way, kept for later,
 * received) for a few seconds once it has an outcome, else what the outbox
 * has to say (a pause, taps given up). Never outlives the prompt it was made under.
 */
function useToast(
  lastTap: LastTap | null,
  status: OutboxStatus | null,
  prompt: PromptView | null | undefined,
  labelOf: (key: string) => string,
): Toast | null {
  const t = useTranslations("Phone");
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());

  let toast: Toast | null = null;
  if (lastTap) {
    const label = labelOf(lastTap.signal);
    const key = `${lastTap.id}:${lastTap.state}`;
    toast =
      lastTap.state === "received"
        ? { key, text: t("checkins.received", { label }), tone: "ok", signal: lastTap.signal, lasts: false }
        : lastTap.state === "saved"
          ? { key, text: t("checkins.saved", { label }), tone: "warn", signal: lastTap.signal, lasts: false }
          : lastTap.state === "sending"
            ? { key, text: t("checkins.sending", { label }), tone: "neutral", signal: lastTap.signal, lasts: true }
            : null;
    if (toast && (dismissed.has(key) || dismissed.has(`${lastTap.id}:*`))) toast = null;
  }
  const last = status?.last;
  if (!toast && status?.phase === "held") {
    toast = { key: "held", text: t("checkins.held", { count: status.waiting }), tone: "warn", lasts: true };
  } else if (!toast && last?.kind === "dropped" && !dismissed.has(`dropped:${last.cause}:${last.count}`)) {
    const cause = { overflow: "droppedOverflow", expired: "droppedExpired", refused: "droppedRefused", ended: "droppedEnded" } as const;
    toast = { key: `dropped:${last.cause}:${last.count}`, text: t(`checkins.${cause[last.cause]}`, { count: last.count }), tone: "warn", lasts: false };
  }

  const key = toast?.key;
  const lasts = toast?.lasts;
  useEffect(() => {
    if (!key || lasts) return;
    const timer = setTimeout(() => setDismissed((d) => new Set(d).add(key)), CONFIRMATION_MS);
    return () => clearTimeout(timer);
  }, [key, lasts]);

  // A new prompt (or none): what was confirmed under the last one is done. (Runs as the prompt changes, not as taps do;
  // `undefined` is "not joined yet", so the first snapshot does not hide a tap made while connecting.)
  const promptId = prompt === undefined ? undefined : (prompt?.id ?? null);
  const tapId = lastTap?.id;
  const shownPrompt = useRef(promptId);
  useEffect(() => {
    const before = shownPrompt.current;
    shownPrompt.current = promptId;
    if (tapId && before !== undefined && before !== promptId) setDismissed((d) => new Set(d).add(`${tapId}:*`));
  }, [promptId]);

  return toast;
}

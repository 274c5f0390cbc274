"use client";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import type { Signal, TechniqueKey } from "@/lib/content";
import { builtInTemplate, type BuiltInKey } from "@/lib/library/prompts";
import type { RoomReading } from "@/lib/protocol/room";
import type { CareView, MomentPhase, MomentView, Suggestion } from "@/lib/radar/radar";
import { evidenceFigures, minutesAndSeconds } from "@/lib/reading-words";
import type { AppErrorBody } from "@/lib/protocol/errors";
import type { ConsoleClientEvents } from "@/lib/protocol/events";
import type { RequestPayload } from "@/lib/protocol/registry";
import type { Pulse } from "@/lib/pulse";
import { button, notice } from "@/app/_components/ui";
import { useErrorText } from "@/app/_lib/error-text";
import { useSignalWords } from "@/app/_lib/signal-words";
import { request, type ConsoleSocket } from "@/app/_lib/sockets";
import { PulsePanel } from "./PulsePanel";
import { RoomSettingsDialog } from "./RoomSettingsDialog";
import { useScreenShareSafe } from "./screen-share-safe";
import type { useRoomReading } from "./use-room-reading";

const PHASES: readonly MomentPhase[] = ["starting", "happening", "subsiding"];
const PUSH_WORDS = new Set(["technique-gentle-nudge", "technique-integration", "action-planning"]);

export interface RadarActions {
  /** Push a library prompt (the Gentle Nudge, Integration, Action planning). */
  onPush: (key: BuiltInKey) => void;
  /** Hold a silence on every phone and the room display. */
  onSilence: (durationMs: number) => void;
  onDismissMoment: (id: number) => void;
  onDismissCare: (signal: string) => void;
  onSettings: () => void;
}

/**
 * The moment radar on the console: a calm card when a shift starts, happens and subsides, saying what is
 * happening and why in plain words from its evidence, the seed's next move as one button, and a private
 * reminder for the facilitator; below it, the care cues (the room asking for silence, a pause, a break).
 * New moments are announced politely to screen readers; nothing flashes. Hidden in screen-share-safe mode.
 */
export function RadarPanel({
  reading,
  palette,
  live,
  busy,
  technique,
  actions,
  className = "",
}: {
  reading: RoomReading | null;
  palette: Signal[];
  live: boolean;
  busy: boolean;
  /** The technique up on the phones now: once Integration is up, the subsiding move is Action planning. */
  technique: TechniqueKey | null;
  actions: RadarActions;
  className?: string;
}) {
  const t = useTranslations("Room.radar");
  const tSafe = useTranslations("Room.safe");
  const { safe } = useScreenShareSafe();
  const label = useLabel(palette);
  const moment = reading?.moment ?? null;
  const care = reading?.care ?? [];
  const news = useNews(moment, care, label);

  // Quiet (or hidden), one line: the weather below keeps the room; a moment or a care cue takes the space it needs.
  const quiet = safe || (!moment && care.length === 0);
  return (
    <section aria-labelledby="radar-heading" className={`space-y-2 ${className}`} data-testid="radar">
      <div className={`flex flex-wrap items-center gap-x-2 gap-y-0.5 text-sm ${quiet ? "rounded-xl bg-sunken px-3 py-1" : ""}`}>
        <h3 id="radar-heading" className="font-semibold">
          {t("heading")}
        </h3>
        {safe ? (
          <span className="text-ink/80" data-testid="radar-hidden">
            {tSafe("hidden")}
          </span>
        ) : (
          quiet && (
            <span className="text-ink/80" data-testid="radar-quiet">
              {live ? t("quiet") : t("notLive")}
            </span>
          )
        )}
        <button type="button" onClick={actions.onSettings} className={button({ variant: "quiet", className: "ml-auto text-sm!" })}>
          {t("settings")}
        </button>
      </div>
      {/* Said once per new moment, phase or care cue: not on every update of its figures. */}
      <p role="status" aria-live="polite" className="sr-only" data-testid="radar-announcer">
        {safe ? "" : news}
      </p>
      {!safe && moment && <MomentCard moment={moment} label={label} busy={busy} live={live} technique={technique} actions={actions} />}
      {!safe && care.map((cue) => <CareCard key={cue.signal} cue={cue} label={label} busy={busy} live={live} actions={actions} />)}
    </section>
  );
}

function MomentCard({
  moment,
  label,
  busy,
  live,
  technique,
  actions,
}: {
  moment: MomentView;
  label: (key: string) => string;
  busy: boolean;
  live: boolean;
  technique: TechniqueKey | null;
  actions: RadarActions;
}) {
  const t = useTranslations("Room.radar");
  const locale = useLocale();
  const figures = evidenceFigures(moment.evidence, label, locale);
  // Subsiding: Integration, then Action planning once Integration is up on the phones.
  const moves = moment.suggestions;
  const firstUndone = moves.findIndex((s) => !(s.kind === "push" && s.key === `technique-${technique}`));
  // Every move already up on the phones (the Gentle Nudge pushed): nothing more to press, said as done.
  const primary = firstUndone === -1 ? null : (moves[firstUndone] ?? null);
  const done = firstUndone === -1 ? moves.at(-1) : undefined;
  const then = primary ? moves[moves.indexOf(primary) + 1] : undefined;
  const words = useSuggestionWords();
  return (
    <div className="space-y-2 rounded-xl border-2 border-accent/50 bg-accent/10 p-3" data-testid="moment" data-phase={moment.phase}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <h3 className="text-lg font-semibold text-accent-strong" data-testid="moment-phase">
          {t(`phase.${moment.phase}`)}
        </h3>
        <ol aria-label={t("phaseSteps")} className="flex gap-1 text-xs">
          {PHASES.map((phase) => (
            <li
              key={phase}
              aria-current={phase === moment.phase ? "step" : undefined}
              className={`rounded-full px-2 py-0.5 ${phase === moment.phase ? "bg-accent font-semibold text-on-accent" : "bg-raised text-ink/75"}`}
            >
              {t(`step.${phase}`)}
            </li>
          ))}
        </ol>
      </div>
      <p className="text-sm" data-testid="moment-evidence">
        {t(moment.phase === "subsiding" || !figures.signals ? "evidenceQuiet" : moment.evidence.via === "drift" ? "evidenceDrift" : "evidence", figures)}
      </p>
      <p className="text-sm text-ink/80">{t(`why.${moment.phase}`)}</p>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        {primary && (
          <button
            type="button"
            disabled={busy || !live}
            onClick={() => act(primary, actions)}
            className={button({ size: "md" })}
            data-testid="moment-move"
          >
            {words(primary)}
          </button>
        )}
        {done && (
          <span className="text-sm font-medium text-ok" data-testid="moment-done">
            {t("done")}
          </span>
        )}
        {then && <span className="text-sm text-ink/80">{t("then", { next: words(then) })}</span>}
        <button type="button" onClick={() => actions.onDismissMoment(moment.id)} className={button({ variant: "quiet", className: "text-sm!" })}>
          {t("dismiss")}
        </button>
      </div>
      {moment.reminders.length > 0 && (
        <aside aria-label={t("forYou")} className="border-t border-accent/30 pt-1.5 text-sm text-ink/80" data-testid="moment-reminders">
          <span className="font-semibold text-ink/75">{t("forYou")}: </span>
          {moment.reminders.map((r, i) => (
            <span key={r}>
              {i > 0 && " · "}
              <span className="italic">{t(`reminders.${r}`)}</span>
            </span>
          ))}
        </aside>
      )}
    </div>
  );
}

function CareCard({
  cue,
  label,
  busy,
  live,
  actions,
}: {
  cue: CareView;
  label: (key: string) => string;
  busy: boolean;
  live: boolean;
  actions: RadarActions;
}) {
  const t = useTranslations("Room");
  const words = useSuggestionWords();
  const silence = cue.suggestions.find((s) => s.kind === "silence");
  return (
    <div className="space-y-1.5 rounded-xl border border-care/40 bg-care-soft p-3 text-care" data-testid="care-cue" data-signal={cue.signal}>
      <p className="text-sm font-semibold">
        {t("care.line", { holders: cue.holders, present: cue.present, signal: label(cue.signal) })}
      </p>
      <p className="text-sm">{t(`care.cue.${cue.cue}`)}</p>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        {silence && (
          <button type="button" disabled={busy || !live} onClick={() => act(silence, actions)} className={button({ variant: "secondary", size: "sm" })}>
            {words(silence)}
          </button>
        )}
        <button
          type="button"
          onClick={() => actions.onDismissCare(cue.signal)}
          aria-label={t("radar.dismissNamed", { what: label(cue.signal) })}
          className={button({ variant: "quiet", className: "text-sm! text-care!" })}
        >
          {t("radar.dismiss")}
        </button>
      </div>
    </div>
  );
}

function act(suggestion: Suggestion, actions: RadarActions) {
  if (suggestion.kind === "push") actions.onPush(suggestion.key);
  else if (suggestion.kind === "silence") actions.onSilence(suggestion.durationMs);
}

/** A suggestion as its button says it. */
function useSuggestionWords(): (s: Suggestion) => string {
  const t = useTranslations("Room.radar");
  const tCare = useTranslations("Room.care.cue");
  return (s) => {
    if (s.kind === "push") return PUSH_WORDS.has(s.key) ? t(`push.${s.key as "action-planning"}`) : t("push.other", { title: builtInTemplate(s.key).title });
    if (s.kind === "silence") return t("silence", minutesAndSeconds(s.durationMs));
    return tCare(s.kind);
  };
}

function useLabel(palette: Signal[]): (key: string) => string {
  const words = useSignalWords();
  const tSignals = useTranslations("Common.signals");
  return (key) => {
    const signal = palette.find((s) => s.key === key);
    if (signal) return words(signal).label;
    const path = `${key}.label` as Parameters<typeof tSignals>[0];
    return tSignals.has(path) ? tSignals(path) : key;
  };
}

/** What the live region says: the newest moment phase or care cue, once. */
function useNews(moment: MomentView | null, care: CareView[], label: (key: string) => string): string {
  const t = useTranslations("Room.radar.announce");
  const [news, setNews] = useState("");
  const seen = useRef<{ moment: string | null; care: Set<string> }>({ moment: null, care: new Set() });
  const momentKey = moment ? `${moment.id}:${moment.phase}` : null;
  const careKeys = care.map((c) => `${c.signal}:${c.since}`).join(",");
  useEffect(() => {
    const was = seen.current;
    const nowCare = new Set(careKeys ? careKeys.split(",") : []);
    const newCare = [...nowCare].find((c) => !was.care.has(c));
    if (momentKey && momentKey !== was.moment && moment) setNews(t(moment.phase));
    else if (newCare) setNews(t("care", { signal: label(newCare.split(":")[0]) }));
    seen.current = { moment: momentKey, care: nowCare };
    // The words are read when the keys change, not on every figure.
  }, [momentKey, careKeys]);
  return news;
}

/**
 * The console's reading of the room in one column: the radar above the weather, and the room settings dialog.
 * The console hands it the socket, the reading (useRoomReading) and its own push and silence actions.
 */
export function RoomColumn({
  socket,
  sessionId,
  room,
  pulse,
  palette,
  live,
  busy,
  technique,
  onPush,
  onSilence,
  announce,
  className = "",
}: {
  socket: ConsoleSocket | null;
  sessionId: string;
  room: ReturnType<typeof useRoomReading>;
  pulse: Pulse | null;
  palette: Signal[];
  live: boolean;
  busy: boolean;
  technique: TechniqueKey | null;
  onPush: (key: BuiltInKey) => void;
  onSilence: (durationMs: number) => void;
  announce: (text: string) => void;
  className?: string;
}) {
  const t = useTranslations("Room");
  const errorText = useErrorText();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [error, setError] = useState<AppErrorBody | null>(null);
  const send = async <E extends "moment:dismiss" | "care:dismiss">(event: E, payload: RequestPayload<ConsoleClientEvents[E]>) => {
    if (!socket) return;
    const ack = await request(socket, event, payload);
    setError(ack.ok ? null : ack.error);
    if (ack.ok) announce(t("radar.dismissed"));
  };
  const actions: RadarActions = {
    onPush,
    onSilence,
    onDismissMoment: (id) => void send("moment:dismiss", { sessionId, id }),
    onDismissCare: (signal) => void send("care:dismiss", { sessionId, signal }),
    onSettings: () => setSettingsOpen(true),
  };
  return (
    <div className={`min-w-0 ${className}`}>
      <PulsePanel
        pulse={pulse}
        palette={palette}
        reading={room.reading}
        radar={
          <>
            <RadarPanel reading={room.reading} palette={palette} live={live} busy={busy} technique={technique} actions={actions} />
            {error && (
              <p role="alert" className={notice("danger")}>
                {errorText(error)}
              </p>
            )}
          </>
        }
      />
      <RoomSettingsDialog
        open={settingsOpen}
        settings={room.settings}
        palette={palette}
        onClose={() => setSettingsOpen(false)}
        onSave={async (settings) => {
          if (!socket) return null;
          const ack = await request(socket, "room:configure", { sessionId, settings });
          if (!ack.ok) return ack.error;
          room.setSettings(ack.data);
          announce(t("settings.saved"));
          return null;
        }}
      />
    </div>
  );
}

"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { Signal } from "@/lib/content";
import type { AppErrorBody } from "@/lib/protocol/errors";
import type { RoomReadingSettings } from "@/lib/protocol/room";
import { ROOM_READING_DEFAULTS, roomReadingSettingsSchema } from "@/lib/radar/settings";
import { button, field, notice } from "@/app/_components/ui";
import { Dialog } from "@/app/_components/Dialog";
import { useErrorText } from "@/app/_lib/error-text";
import { useSignalWords } from "@/app/_lib/signal-words";

type Problem = "consoleK" | "sharedK" | "window" | "share" | "states" | "silence" | "other";

/** The thresholds a trainer would touch, as the form holds them (percent, seconds, minutes). */
interface Draft {
  minShare: string;
  window: string;
  silenceHold: string;
  care: Record<string, string>;
  states: Record<string, string>;
  consoleK: string;
  sharedK: string;
}

const percent = (share: number) => String(Math.round(share * 100));
const seconds = (ms: number) => String(Math.round(ms / 1000));
const minutes = (ms: number) => String(Math.round((ms / 60_000) * 10) / 10);

function draftOf(s: RoomReadingSettings): Draft {
  return {
    minShare: percent(s.radar.minShare),
    window: seconds(s.radar.windowMs),
    silenceHold: seconds(s.radar.silenceHoldMs),
    care: Object.fromEntries(s.radar.care.map((c) => [c.signal, percent(c.share)])),
    states: Object.fromEntries(Object.entries(s.weather.stateExpiryMs).map(([signal, ms]) => [signal, minutes(ms)])),
    consoleK: String(s.anonymity.consoleK),
    sharedK: String(s.anonymity.sharedK),
  };
}

/** The draft over the settings it started from; what the dialog does not show stays as it was. */
function settingsOf(base: RoomReadingSettings, d: Draft): unknown {
  const n = (v: string) => (v.trim() === "" ? Number.NaN : Number(v.replace(",", ".")));
  const minShare = n(d.minShare) / 100;
  const consoleK = n(d.consoleK);
  return {
    radar: {
      ...base.radar,
      minShare,
      // A moment that fires at once needs at least the share that starts one; the radar rests on at least the console's k.
      instantShare: Math.max(base.radar.instantShare, minShare),
      k: Number.isFinite(consoleK) ? Math.max(base.radar.k, consoleK) : base.radar.k,
      windowMs: Math.round(n(d.window) * 1000),
      silenceHoldMs: Math.round(n(d.silenceHold) * 1000),
      care: base.radar.care.map((c) => ({ ...c, share: n(d.care[c.signal] ?? "") / 100 })),
    },
    weather: {
      ...base.weather,
      stateExpiryMs: Object.fromEntries(Object.entries(base.weather.stateExpiryMs).map(([signal]) => [signal, Math.round(n(d.states[signal] ?? "") * 60_000)])),
    },
    anonymity: { consoleK, sharedK: n(d.sharedK) },
  };
}

function problemOf(path: readonly PropertyKey[]): Problem {
  const [area, key] = path.map(String);
  if (area === "anonymity") return key === "consoleK" ? "consoleK" : "sharedK";
  if (area === "weather") return "states";
  if (key === "windowMs") return "window";
  if (key === "silenceHoldMs") return "silence";
  if (key === "minShare" || key === "instantShare" || key === "care") return "share";
  if (key === "k") return "consoleK";
  return "other";
}

/**
 * Room settings (room:configure): the radar's sensitivity, the care shares, how long states hold, and k on the
 * console and on shared screens. The schema (lib/radar/settings.ts) checks the values here first and the server
 * again; a refusal is shown, never silently corrected. docs/reading-the-room.md lists which settings are here.
 */
export function RoomSettingsDialog({
  open,
  settings,
  palette,
  onSave,
  onClose,
}: {
  open: boolean;
  settings: RoomReadingSettings | null;
  palette: Signal[];
  /** Sends the settings; resolves to the server's refusal, or null once saved. */
  onSave: (settings: RoomReadingSettings) => Promise<AppErrorBody | null>;
  onClose: () => void;
}) {
  const t = useTranslations("Room.settings");
  return (
    <Dialog open={open} onClose={onClose} labelledBy="room-settings-title">
      <SettingsForm settings={settings ?? ROOM_READING_DEFAULTS} palette={palette} onSave={onSave} onClose={onClose} title={t("title")} />
    </Dialog>
  );
}

function SettingsForm({
  settings,
  palette,
  onSave,
  onClose,
  title,
}: {
  settings: RoomReadingSettings;
  palette: Signal[];
  onSave: (settings: RoomReadingSettings) => Promise<AppErrorBody | null>;
  onClose: () => void;
  title: string;
}) {
  const t = useTranslations("Room.settings");
  const errorText = useErrorText();
  const words = useSignalWords();
  // Reset to defaults resets what the dialog does not show too.
  const [base, setBase] = useState(settings);
  const [draft, setDraft] = useState<Draft>(() => draftOf(settings));
  const [problem, setProblem] = useState<Problem | null>(null);
  const [refused, setRefused] = useState<AppErrorBody | null>(null);
  const [saving, setSaving] = useState(false);
  const label = (key: string) => {
    const signal = palette.find((s) => s.key === key);
    return signal ? words(signal).label : key;
  };
  const set = (change: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...change }));
    setProblem(null);
    setRefused(null);
  };
  const save = async () => {
    const parsed = roomReadingSettingsSchema.safeParse(settingsOf(base, draft));
    if (!parsed.success) return setProblem(problemOf(parsed.error.issues[0]?.path ?? []));
    setSaving(true);
    const refusal = await onSave(parsed.data).finally(() => setSaving(false));
    if (refusal) setRefused(refusal);
    else onClose();
  };
  /** One setting: its label (and hint) on the left, the number and its unit lined up on the right. */
  const row = (
    id: string,
    text: string,
    hint: string | null,
    value: string,
    onChange: (v: string) => void,
    extra: { min: number; max: number; step?: number; unit?: string; problem: Problem },
  ) => (
    <div key={id} className="grid grid-cols-[minmax(0,1fr)_auto] items-center gap-x-4">
      <label htmlFor={id} className="text-sm">
        {text}
        {hint && <span className="block text-xs text-ink/75">{hint}</span>}
      </label>
      <span className="flex items-center gap-1.5">
        <input
          id={id}
          type="number"
          inputMode="decimal"
          min={extra.min}
          max={extra.max}
          step={extra.step ?? 1}
          value={value}
          aria-invalid={problem === extra.problem || undefined}
          onChange={(e) => onChange(e.target.value)}
          className={field("w-20! shrink-0 tabular-nums")}
        />
        <span aria-hidden="true" className="w-8 shrink-0 text-sm text-ink/80">
          {extra.unit}
        </span>
      </span>
    </div>
  );
  const legend = "text-sm font-semibold tracking-wide text-ink/75 uppercase";
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      className="space-y-4 p-5"
      data-testid="room-settings"
    >
      <h2 id="room-settings-title" className="text-xl font-semibold">
        {title}
      </h2>
      <p className="text-sm text-ink/80">{t("lede")}</p>

      <fieldset className="space-y-2">
        <legend className={legend}>{t("moment")}</legend>
        {row("rs-min-share", t("minShare"), t("minShareHint"), draft.minShare, (v) => set({ minShare: v }), { min: 5, max: 100, unit: t("percent"), problem: "share" })}
        {row("rs-window", t("window"), t("windowHint"), draft.window, (v) => set({ window: v }), { min: 10, max: 300, step: 5, unit: "s", problem: "window" })}
        {row("rs-silence", t("silenceHold"), null, draft.silenceHold, (v) => set({ silenceHold: v }), { min: 10, max: 600, step: 5, unit: "s", problem: "silence" })}
      </fieldset>

      <fieldset className="space-y-2">
        <legend className={legend}>{t("care")}</legend>
        {base.radar.care.map((c) =>
          row(`rs-care-${c.signal}`, t("careShare", { signal: label(c.signal) }), null, draft.care[c.signal] ?? "", (v) => set({ care: { ...draft.care, [c.signal]: v } }), {
            min: 5,
            max: 100,
            unit: t("percent"),
            problem: "share",
          }),
        )}
      </fieldset>

      <fieldset className="space-y-2">
        <legend className={legend}>{t("states")}</legend>
        {Object.keys(base.weather.stateExpiryMs).map((signal) =>
          row(`rs-state-${signal}`, t("stateExpiry", { signal: label(signal) }), null, draft.states[signal] ?? "", (v) => set({ states: { ...draft.states, [signal]: v } }), {
            min: 1,
            max: 60,
            unit: "min",
            problem: "states",
          }),
        )}
      </fieldset>

      <fieldset className="space-y-2">
        <legend className={legend}>{t("anonymity")}</legend>
        {row("rs-console-k", t("consoleK"), t("consoleKHint"), draft.consoleK, (v) => set({ consoleK: v }), { min: 3, max: 50, problem: "consoleK" })}
        {row("rs-shared-k", t("sharedK"), t("sharedKHint"), draft.sharedK, (v) => set({ sharedK: v }), { min: 5, max: 50, problem: "sharedK" })}
      </fieldset>

      <p role="alert" className={problem || refused ? notice("danger") : "sr-only"} data-testid="room-settings-error">
        {problem ? t("invalid", { problem: t(`problems.${problem}`) }) : refused ? errorText(refused) : ""}
      </p>

      <div className="flex flex-wrap items-center justify-between gap-2">
        <button type="button" onClick={() => {
            setBase(ROOM_READING_DEFAULTS);
            set(draftOf(ROOM_READING_DEFAULTS));
          }} className={button({ variant: "quiet", className: "text-sm!" })}>
          {t("reset")}
        </button>
        <span className="flex gap-2">
          <button type="button" onClick={onClose} className={button({ variant: "secondary", size: "sm" })}>
            {t("cancel")}
          </button>
          <button type="submit" disabled={saving} className={button({ size: "sm" })}>
            {t("save")}
          </button>
        </span>
      </div>
    </form>
  );
}

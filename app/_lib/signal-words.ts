"use client";
import { useTranslations } from "next-intl";
import { defaultSignal, type Signal } from "@/lib/content";

/**
 * A signal's label and one-line meaning in the reader's language.
 *
 * - A default signal (its key is a default key) whose label is still the
 *   default one is shown in the catalogue's words (Common.signals), and with
 *   the catalogue's meaning unless the facilitator gave it one of their own.
 * - A renamed default signal: its own label wins, as written, in every
 *   language (the facilitator chose those words; the catalogue's would name
 *   something else). Its meaning is its own, or none: the default meaning
 *   described the old name.
 * - A facilitator's own signal keeps the words it was given, never translated.
 */
export function useSignalWords(): (signal: Signal) => { label: string; meaning: string | null } {
  const t = useTranslations("Common.signals");
  return (signal) => {
    const own = signal.meaning?.trim() || null;
    if (!isDefaultWording(signal)) return { label: signal.label, meaning: own };
    // Keys come from the palette at run time; `has` guards them.
    const label = `${signal.key}.label` as Parameters<typeof t>[0];
    const meaning = `${signal.key}.meaning` as Parameters<typeof t>[0];
    return t.has(label) ? { label: t(label), meaning: own ?? t(meaning) } : { label: signal.label, meaning: own };
  };
}

/** Whether a signal is a default one under its default label (so shown in the reader's language). */
export function isDefaultWording(signal: Signal): boolean {
  return defaultSignal(signal.key)?.label === signal.label;
}

"use client";
import { useTranslations } from "next-intl";
import type { Signal } from "@/lib/content";

/**
 * A signal's label and one-line meaning in the reader's language. The default
 * palette's signals are in the catalogue (Common.signals); a facilitator's own
 * signal keeps the words it was given, as written.
 */
export function useSignalWords(): (signal: Signal) => { label: string; meaning: string | null } {
  const t = useTranslations("Common.signals");
  return (signal) => {
    // Keys come from the palette at run time; `has` guards them.
    const label = `${signal.key}.label` as Parameters<typeof t>[0];
    const meaning = `${signal.key}.meaning` as Parameters<typeof t>[0];
    return t.has(label) ? { label: t(label), meaning: t(meaning) } : { label: signal.label, meaning: null };
  };
}

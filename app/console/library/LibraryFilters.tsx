"use client";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { filterLibrary, type LibraryEntry, type LibraryFilter } from "@/lib/library/entries";
import { PHASES, PROMPT_KINDS, type PromptKind } from "@/lib/library/schemas";
import type { Phase } from "@/lib/content";
import { button, field } from "@/app/_components/ui";

/** The library's search and filters, and what they let through. */
export function useLibraryFilter<E extends LibraryEntry>(entries: readonly E[]) {
  const [filter, setFilter] = useState<LibraryFilter>({ query: "", phase: null, kind: null });
  const shown = useMemo(() => filterLibrary(entries, filter), [entries, filter]);
  return { filter, setFilter, shown };
}

/** Search (title, prompt, note), phase and kind: the library page and the console's picker alike. */
export function LibraryFilters({
  idPrefix,
  filter,
  onChange,
  shownCount,
}: {
  idPrefix: string;
  filter: LibraryFilter;
  onChange: (filter: LibraryFilter) => void;
  shownCount: number;
}) {
  const t = useTranslations("Library");
  const filtered = Boolean(filter.query || filter.phase || filter.kind);
  return (
    <div role="search" aria-label={t("filters")} className="space-y-2">
      <div className="grid gap-2 sm:grid-cols-[minmax(0,1fr)_auto_auto]">
        <div className="space-y-1">
          <label htmlFor={`${idPrefix}-search`} className="block text-sm font-medium">
            {t("search")}
          </label>
          <input
            id={`${idPrefix}-search`}
            type="search"
            value={filter.query ?? ""}
            onChange={(e) => onChange({ ...filter, query: e.target.value })}
            placeholder={t("searchPlaceholder")}
            maxLength={100}
            className={field()}
          />
        </div>
        <div className="space-y-1">
          <label htmlFor={`${idPrefix}-phase`} className="block text-sm font-medium">
            {t("phaseFilter")}
          </label>
          <select
            id={`${idPrefix}-phase`}
            value={filter.phase ?? ""}
            onChange={(e) => onChange({ ...filter, phase: (e.target.value || null) as Phase | null })}
            className={field()}
          >
            <option value="">{t("any")}</option>
            {PHASES.map((phase) => (
              <option key={phase} value={phase}>
                {t(`phase.${phase}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor={`${idPrefix}-kind`} className="block text-sm font-medium">
            {t("kindFilter")}
          </label>
          <select
            id={`${idPrefix}-kind`}
            value={filter.kind ?? ""}
            onChange={(e) => onChange({ ...filter, kind: (e.target.value || null) as PromptKind | null })}
            className={field()}
          >
            <option value="">{t("any")}</option>
            {PROMPT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`kind.${kind}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p role="status" className="text-sm text-ink/80">
          {t("count", { count: shownCount })}
        </p>
        {filtered && (
          <button type="button" onClick={() => onChange({ query: "", phase: null, kind: null })} className={button({ variant: "quiet", className: "text-sm!" })}>
            {t("clear")}
          </button>
        )}
      </div>
    </div>
  );
}

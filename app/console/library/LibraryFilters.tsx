"use client";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { filterLibrary, type LibraryEntry, type LibraryFilter } from "@/lib/library/entries";
import { PHASES, PROMPT_KINDS, type PromptKind } from "@/lib/library/schemas";
import type { Phase } from "@/lib/content";
import { button, field } from "@/app/_components/ui";
import { SelectField } from "./SelectField";

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
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-[minmax(0,1fr)_auto_auto]">
        <div className="col-span-2 space-y-1 sm:col-span-1">
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
        <SelectField
          id={`${idPrefix}-phase`}
          label={t("phaseFilter")}
          small
          value={filter.phase ?? ""}
          onChange={(value) => onChange({ ...filter, phase: (value || null) as Phase | null })}
          options={[{ value: "", label: t("any") }, ...PHASES.map((phase) => ({ value: phase, label: t(`phase.${phase}`) }))]}
        />
        <SelectField
          id={`${idPrefix}-kind`}
          label={t("kindFilter")}
          small
          value={filter.kind ?? ""}
          onChange={(value) => onChange({ ...filter, kind: (value || null) as PromptKind | null })}
          options={[{ value: "", label: t("any") }, ...PROMPT_KINDS.map((kind) => ({ value: kind, label: t(`kind.${kind}`) }))]}
        />
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

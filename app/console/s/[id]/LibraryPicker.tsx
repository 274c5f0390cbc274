"use client";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { BUILT_IN_ENTRIES, type LibraryEntry } from "@/lib/library/entries";
import { MAX_DECK_LENGTH } from "@/lib/library/limits";
import type { AppErrorBody } from "@/lib/protocol/errors";
import { button, notice } from "@/app/_components/ui";
import { useErrorText } from "@/app/_lib/error-text";
import { Dialog } from "@/app/_components/Dialog";
import { EntryCard } from "@/app/console/library/EntryCard";
import { LibraryFilters, useLibraryFilter } from "@/app/console/library/LibraryFilters";
import { sendJson } from "@/app/console/library/send-json";

/**
 * The library in a dialog on the console: the same search and filters as the
 * library page, the facilitator's own templates first, each with "Add". It
 * stays open to add several; each addition is announced.
 */
export function LibraryPicker({ open, onClose, onAdd, full }: { open: boolean; onClose: () => void; onAdd: (entry: LibraryEntry) => Promise<boolean>; full: boolean }) {
  return (
    <Dialog open={open} onClose={onClose} labelledBy="picker-title" wide>
      <PickerBody onClose={onClose} onAdd={onAdd} full={full} />
    </Dialog>
  );
}

function PickerBody({ onClose, onAdd, full }: { onClose: () => void; onAdd: (entry: LibraryEntry) => Promise<boolean>; full: boolean }) {
  const t = useTranslations("Library");
  const errorText = useErrorText();
  const [own, setOwn] = useState<LibraryEntry[] | null>(null);
  const [error, setError] = useState<AppErrorBody | null>(null);
  const [added, setAdded] = useState<Record<string, number>>({});
  useEffect(() => {
    let current = true;
    void sendJson<LibraryEntry[]>("GET", "/api/templates").then((ack) => {
      if (!current) return;
      if (ack.ok) setOwn(ack.data);
      else setError(ack.error);
    });
    return () => {
      current = false;
    };
  }, []);
  const entries = useMemo(() => [...(own ?? []), ...BUILT_IN_ENTRIES], [own]);
  const { filter, setFilter, shown } = useLibraryFilter(entries);

  return (
    <div className="space-y-4 p-4 sm:p-5">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="picker-title" className="text-xl font-semibold">
          {t("picker.title")}
        </h2>
        <Link href="/console/library" target="_blank" className="text-sm font-medium text-accent-strong underline underline-offset-4">
          {t("picker.manage")}
          <span aria-hidden="true"> ↗</span>
          <span className="sr-only"> {t("picker.newTab")}</span>
        </Link>
      </div>
      <LibraryFilters idPrefix="picker" filter={filter} onChange={setFilter} shownCount={shown.length} />
      {own === null && !error && <p className="text-sm text-ink/80">{t("picker.loadingOwn")}</p>}
      {error && (
        <p role="alert" className={notice("danger")}>
          {errorText(error)}
        </p>
      )}
      {full && (
        <p role="status" className={notice("warn")}>
          {t("deck.full", { max: MAX_DECK_LENGTH })}
        </p>
      )}
      {shown.length === 0 ? (
        <p className="text-ink/80">{t("noneMatch")}</p>
      ) : (
        <ul className="grid gap-3 md:grid-cols-2">
          {shown.map((entry) => (
            <li key={entry.ref} data-testid={`pick-${entry.ref}`}>
              <EntryCard template={entry.template} own={entry.own} headingId={`pick-title-${entry.ref}`}>
                <button
                  type="button"
                  disabled={full}
                  onClick={async () => {
                    if (await onAdd(entry)) setAdded((a) => ({ ...a, [entry.ref]: (a[entry.ref] ?? 0) + 1 }));
                  }}
                  aria-label={t("picker.addNamed", { title: entry.template.title })}
                  className={button({ size: "sm" })}
                >
                  {t("picker.add")}
                </button>
                {added[entry.ref] && (
                  <span className="self-center text-sm font-medium text-ok">
                    ✓ {t("picker.added")}
                    {added[entry.ref]! > 1 && ` ×${added[entry.ref]}`}
                  </span>
                )}
              </EntryCard>
            </li>
          ))}
        </ul>
      )}
      <div className="sticky bottom-0 -mx-4 -mb-4 flex justify-end border-t border-line bg-raised px-4 py-3 sm:-mx-5 sm:-mb-5 sm:px-5">
        <button type="button" onClick={onClose} className={button({ variant: "secondary" })}>
          {t("picker.done")}
        </button>
      </div>
    </div>
  );
}

"use client";
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useRef, useState } from "react";
import { filterLibrary, ownIdOf, type LibraryEntry } from "@/lib/library/entries";
import { MAX_TEMPLATE_TITLE } from "@/lib/library/limits";
import type { OwnTemplate } from "@/lib/library/schemas";
import type { AppErrorBody } from "@/lib/protocol/errors";
import { button, card, notice } from "@/app/_components/ui";
import { useErrorText } from "@/app/_lib/error-text";
import { Dialog } from "@/app/_components/Dialog";
import { EntryCard } from "./EntryCard";
import { LibraryFilters, useLibraryFilter } from "./LibraryFilters";
import { sendJson } from "./send-json";
import { TemplateForm } from "./TemplateForm";

type Editing = { mode: "new" } | { mode: "edit"; entry: LibraryEntry } | null;

/** The library page: built-in and own templates, searched and filtered; own ones written, edited, duplicated, deleted. */
export function LibraryBrowser({ builtIn, initialOwn }: { builtIn: readonly LibraryEntry[]; initialOwn: LibraryEntry[] }) {
  const t = useTranslations("Library");
  const errorText = useErrorText();
  const [own, setOwn] = useState(initialOwn);
  const [editing, setEditing] = useState<Editing>(null);
  const [error, setError] = useState<AppErrorBody | null>(null);
  const [announcement, setAnnouncement] = useState({ text: "", n: 0 });
  const announce = (text: string) => setAnnouncement((a) => ({ text, n: a.n + 1 }));
  // One search for both lists.
  const { filter, setFilter, shown: ownShown } = useLibraryFilter(own);
  const builtInShown = useMemo(() => filterLibrary(builtIn, filter), [builtIn, filter]);
  // After a change, focus goes to the template it made (or the list it left).
  const focusRef = useRef<string | null>(null);
  useEffect(() => {
    if (!focusRef.current) return;
    document.getElementById(focusRef.current)?.focus();
    focusRef.current = null;
  });

  const save = async (template: OwnTemplate): Promise<AppErrorBody | null> => {
    const current = editing;
    if (!current) return null;
    const id = current.mode === "edit" ? ownIdOf(current.entry.ref) : null;
    const ack = id ? await sendJson<LibraryEntry>("PUT", `/api/templates/${id}`, { template }) : await sendJson<LibraryEntry>("POST", "/api/templates", { template });
    if (!ack.ok) return ack.error;
    setOwn((list) => [ack.data, ...list.filter((e) => e.ref !== ack.data.ref)]);
    setEditing(null);
    announce(t(id ? "announce.updated" : "announce.created", { title: ack.data.template.title }));
    focusRef.current = `edit-${ack.data.ref}`;
    return null;
  };

  const duplicate = async (entry: LibraryEntry) => {
    const title = t("copyTitle", { title: entry.template.title }).slice(0, MAX_TEMPLATE_TITLE);
    const ack = await sendJson<LibraryEntry>("POST", "/api/templates", { duplicate: entry.ref, title });
    if (!ack.ok) return setError(ack.error);
    setError(null);
    setOwn((list) => [ack.data, ...list]);
    announce(t("announce.duplicated", { title: ack.data.template.title }));
    focusRef.current = `edit-${ack.data.ref}`;
  };

  const remove = async (entry: LibraryEntry) => {
    const ack = await sendJson<null>("DELETE", `/api/templates/${ownIdOf(entry.ref)}`);
    if (!ack.ok) return setError(ack.error);
    setError(null);
    setOwn((list) => list.filter((e) => e.ref !== entry.ref));
    announce(t("announce.deleted", { title: entry.template.title }));
    focusRef.current = "own-heading";
  };

  return (
    <div className="space-y-6">
      <p role="status" aria-live="polite" className="sr-only" data-testid="library-announcer">
        <span key={announcement.n}>{announcement.text}</span>
      </p>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="max-w-2xl space-y-1">
          <h1 className="text-3xl font-semibold tracking-tight">{t("heading")}</h1>
          <p className="text-ink/80">{t("lede")}</p>
        </div>
        <button type="button" onClick={() => setEditing({ mode: "new" })} className={button()}>
          {t("newTemplate")}
        </button>
      </div>
      <div className={card("max-sm:p-3")}>
        <LibraryFilters idPrefix="library" filter={filter} onChange={setFilter} shownCount={ownShown.length + builtInShown.length} />
      </div>
      {error && (
        <p role="alert" className={notice("danger", "font-medium")}>
          {errorText(error)}
        </p>
      )}

      <section aria-labelledby="own-heading" className="space-y-3">
        <h2 id="own-heading" tabIndex={-1} className="text-xl font-semibold">
          {t("ownHeading")} <span className="text-base font-normal text-ink/75">({own.length})</span>
        </h2>
        {own.length === 0 ? (
          <p className="text-ink/80">{t("ownEmpty")}</p>
        ) : ownShown.length === 0 ? (
          <p className="text-ink/80">{t("ownNoneMatch")}</p>
        ) : (
          <EntryGrid entries={ownShown} actions={(entry) => <OwnActions entry={entry} onEdit={() => setEditing({ mode: "edit", entry })} onDuplicate={() => void duplicate(entry)} onDelete={() => void remove(entry)} />} />
        )}
      </section>

      <section aria-labelledby="builtin-heading" className="space-y-3">
        <div className="space-y-1">
          <h2 id="builtin-heading" className="text-xl font-semibold">
            {t("builtInHeading")} <span className="text-base font-normal text-ink/75">({builtIn.length})</span>
          </h2>
          <p className="text-sm text-ink/80">{t("builtInLede")}</p>
        </div>
        {builtInShown.length === 0 ? (
          <p className="text-ink/80">{t("noneMatch")}</p>
        ) : (
          <EntryGrid
            entries={builtInShown}
            actions={(entry) => (
              <button type="button" onClick={() => void duplicate(entry)} aria-label={t("duplicateNamed", { title: entry.template.title })} className={button({ variant: "secondary", size: "sm" })}>
                {t("duplicate")}
              </button>
            )}
          />
        )}
      </section>

      <Dialog open={editing !== null} onClose={() => setEditing(null)} labelledBy="template-form-title">
        <TemplateForm
          initial={editing?.mode === "edit" ? editing.entry.template : null}
          heading={editing?.mode === "edit" ? t("form.editTitle") : t("form.newTitle")}
          onSave={save}
          onCancel={() => setEditing(null)}
        />
      </Dialog>
    </div>
  );
}

function EntryGrid({ entries, actions }: { entries: readonly LibraryEntry[]; actions: (entry: LibraryEntry) => React.ReactNode }) {
  return (
    <ul className="grid gap-3 md:grid-cols-2 xl:grid-cols-3">
      {entries.map((entry) => (
        <li key={entry.ref} data-testid={`template-${entry.ref}`}>
          <EntryCard template={entry.template} own={entry.own} headingId={`title-${entry.ref}`}>
            {actions(entry)}
          </EntryCard>
        </li>
      ))}
    </ul>
  );
}

function OwnActions({ entry, onEdit, onDuplicate, onDelete }: { entry: LibraryEntry; onEdit: () => void; onDuplicate: () => void; onDelete: () => void }) {
  const t = useTranslations("Library");
  const [confirming, setConfirming] = useState(false);
  const title = entry.template.title;
  if (confirming) {
    return (
      <div role="group" aria-label={t("confirmDelete", { title })} className="flex flex-wrap items-center gap-2">
        <span className="text-sm font-medium">{t("confirmDelete", { title })}</span>
        <button type="button" autoFocus onClick={() => setConfirming(false)} className={button({ variant: "secondary", size: "sm" })}>
          {t("keep")}
        </button>
        <button type="button" onClick={onDelete} className={button({ variant: "danger", size: "sm" })}>
          {t("confirmDeleteYes")}
        </button>
      </div>
    );
  }
  return (
    <>
      <button id={`edit-${entry.ref}`} type="button" onClick={onEdit} aria-label={t("editNamed", { title })} className={button({ size: "sm" })}>
        {t("edit")}
      </button>
      <button type="button" onClick={onDuplicate} aria-label={t("duplicateNamed", { title })} className={button({ variant: "secondary", size: "sm" })}>
        {t("duplicate")}
      </button>
      <button type="button" onClick={() => setConfirming(true)} aria-label={t("deleteNamed", { title })} className={button({ variant: "danger", size: "sm" })}>
        {t("delete")}
      </button>
    </>
  );
}

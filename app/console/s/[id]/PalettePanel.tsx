"use client";
import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import { defaultSignal, type Signal } from "@/lib/content";
import { MAX_PALETTE_SIGNALS, MAX_SIGNAL_EMOJI, MAX_SIGNAL_LABEL, MAX_SIGNAL_MEANING } from "@/lib/library/limits";
import { graphemeCount } from "@/lib/protocol/schemas";
import { button, card, field, notice } from "@/app/_components/ui";
import { isDefaultWording, useSignalWords } from "@/app/_lib/signal-words";

/** A signal being edited: `key` once stored (renaming keeps its check-ins), none while new. */
interface Row {
  id: string;
  key?: string;
  emoji: string;
  /** As stored (a default signal's English label) until the facilitator types in the field. */
  label: string;
  labelTyped: boolean;
  meaning: string;
}

let rowIds = 0;
const rowsOf = (palette: readonly Signal[]): Row[] =>
  palette.map((s) => ({ id: `row-${++rowIds}`, key: s.key, emoji: s.emoji, label: s.label, labelTyped: false, meaning: s.meaning ?? "" }));
const signalOf = (row: Row): Signal => ({ key: row.key ?? row.id, emoji: row.emoji, label: row.label, ...(row.meaning.trim() ? { meaning: row.meaning.trim() } : {}) });
const sameAs = (rows: Row[], palette: readonly Signal[]) =>
  rows.length === palette.length &&
  rows.every((r, i) => r.key === palette[i].key && r.emoji === palette[i].emoji && r.label === palette[i].label && r.meaning.trim() === (palette[i].meaning ?? ""));

/**
 * The session's check-ins as phones show them: add, remove (asked first: what
 * was given stays counted), rename, reorder (buttons, or Alt+↑/↓ from any
 * field of a signal), at most 12, with a preview of the phone's grid. Saving
 * sends the palette to every phone and console at once.
 */
export function PalettePanel({
  palette,
  live,
  folded = false,
  onSave,
  className = "",
}: {
  palette: readonly Signal[];
  live: boolean;
  /** Live: the panel starts folded away, so the pulse and the prompt keep the room. */
  folded?: boolean;
  onSave: (palette: { key?: string; emoji: string; label: string; meaning?: string }[]) => Promise<Signal[] | null>;
  className?: string;
}) {
  const t = useTranslations("Palette.palette");
  const words = useSignalWords();
  const headingId = useId();
  const [rows, setRows] = useState<Row[]>(() => rowsOf(palette));
  const [confirming, setConfirming] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [said, setSaid] = useState<{ text: string; n: number }>({ text: "", n: 0 });
  const [problems, setProblems] = useState<string[]>([]);
  const dirty = !sameAs(rows, palette);
  const stored = useRef(palette);
  const focusNext = useRef<{ row: string; field: string } | null>(null);
  const list = useRef<HTMLOListElement>(null);

  // The palette changed on the server (this console's save, another console's): taken over unless edits are under way.
  useEffect(() => {
    const before = stored.current;
    stored.current = palette;
    setRows((current) => (sameAs(current, before) || sameAs(current, palette) ? rowsOf(palette) : current));
  }, [palette]);

  useEffect(() => {
    const next = focusNext.current;
    if (!next) return;
    focusNext.current = null;
    list.current?.querySelector<HTMLElement>(`[data-row="${next.row}"] [data-field="${next.field}"]`)?.focus();
  });

  const announce = (text: string) => setSaid((s) => ({ text, n: s.n + 1 }));
  const update = (id: string, change: Partial<Row>) => setRows((rs) => rs.map((r) => (r.id === id ? { ...r, ...change } : r)));
  const move = (id: string, by: -1 | 1, fieldName: string) => {
    const from = rows.findIndex((r) => r.id === id);
    const to = from + by;
    if (from < 0 || to < 0 || to >= rows.length) return;
    const next = [...rows];
    const [row] = next.splice(from, 1);
    next.splice(to, 0, row);
    setRows(next);
    // At an end the button it was on is disabled: the other one keeps the focus.
    const onButton = fieldName === "up" || fieldName === "down";
    focusNext.current = { row: id, field: onButton ? (to === 0 ? "down" : to === next.length - 1 ? "up" : fieldName) : fieldName };
    announce(t("moved", { label: labelShown(row), position: to + 1 }));
  };
  const labelShown = (row: Row) => (row.labelTyped ? row.label : words(signalOf(row)).label) || t("newLabel");
  const add = () => {
    if (rows.length >= MAX_PALETTE_SIGNALS) return;
    const row: Row = { id: `row-${++rowIds}`, emoji: "✨", label: "", labelTyped: true, meaning: "" };
    setRows([...rows, row]);
    focusNext.current = { row: row.id, field: "label" };
  };
  const remove = (id: string) => {
    const at = rows.findIndex((r) => r.id === id);
    const next = rows.filter((r) => r.id !== id);
    setRows(next);
    setConfirming(null);
    const neighbour = next[Math.min(at, next.length - 1)];
    if (neighbour) focusNext.current = { row: neighbour.id, field: "label" };
  };

  const save = async () => {
    const found = rows.flatMap((row, i) => [
      ...(graphemeCount(row.emoji.trim()) === 1 ? [] : [t("problems.emoji", { n: i + 1 })]),
      ...(row.label.trim() ? [] : [t("problems.label", { n: i + 1 })]),
    ]);
    setProblems(found);
    if (found.length > 0) return;
    setSaving(true);
    const saved = await onSave(rows.map((r) => ({ ...(r.key ? { key: r.key } : {}), emoji: r.emoji.trim(), label: r.label.trim(), meaning: r.meaning.trim() || undefined })));
    setSaving(false);
    if (!saved) return;
    stored.current = saved;
    setRows(rowsOf(saved));
    announce(live ? t("saved") : t("savedDraft"));
  };

  const body = (
    <div className="space-y-3">
      <p className="text-sm text-ink/80">
        {t("lede", { max: MAX_PALETTE_SIGNALS })} {t("defaultWords")}
      </p>
      <div className="hidden grid-cols-[1.5rem_3.5rem_minmax(0,1fr)_auto] gap-x-2 px-1 text-xs font-medium text-ink/75 sm:grid" aria-hidden="true">
        <span />
        <span>{t("emoji")}</span>
        <span>
          {t("label")} · {t("meaning")}
        </span>
      </div>
      <ol ref={list} className="space-y-2" data-testid="palette-rows">
        {rows.map((row, i) => {
          const shown = row.labelTyped ? row.label : words(signalOf(row)).label;
          const defaultMeaning = !row.labelTyped && isDefaultWording(signalOf(row)) ? words({ ...signalOf(row), meaning: undefined }).meaning : null;
          const name = shown || t("newLabel");
          const n = i + 1;
          const original = row.key ? defaultSignal(row.key) : undefined;
          return (
            <li
              key={row.id}
              data-row={row.id}
              data-key={row.key}
              className="grid grid-cols-[1.5rem_3.5rem_minmax(0,1fr)_auto] items-center gap-x-2 gap-y-1.5 rounded-xl border border-line/70 bg-canvas/40 p-2"
              onKeyDown={(e) => {
                if (!e.altKey || (e.key !== "ArrowUp" && e.key !== "ArrowDown")) return;
                e.preventDefault();
                move(row.id, e.key === "ArrowUp" ? -1 : 1, (e.target as HTMLElement).dataset.field ?? "label");
              }}
            >
              <span className="text-center text-sm font-semibold text-ink/75 tabular-nums" aria-hidden="true">
                {n}
              </span>
              <label className="contents">
                <span className="sr-only">
                  {t("emoji")}, {t("signal", { n })}
                </span>
                <input
                  data-field="emoji"
                  value={row.emoji}
                  maxLength={MAX_SIGNAL_EMOJI}
                  onChange={(e) => update(row.id, { emoji: e.target.value })}
                  className={field("px-1! text-center text-2xl leading-none")}
                />
              </label>
              <label className="contents">
                <span className="sr-only">
                  {t("label")}, {t("signal", { n })}
                </span>
                <input
                  data-field="label"
                  value={shown}
                  maxLength={MAX_SIGNAL_LABEL}
                  placeholder={t("newLabel")}
                  onChange={(e) => update(row.id, { label: e.target.value, labelTyped: true })}
                  className={field("font-medium")}
                />
              </label>
              <div className="flex items-center gap-1">
                <button
                  type="button"
                  data-field="up"
                  aria-label={t("moveUp", { label: name })}
                  aria-keyshortcuts="Alt+ArrowUp"
                  disabled={i === 0}
                  onClick={() => move(row.id, -1, "up")}
                  className={button({ variant: "secondary", size: "sm", className: "w-9 px-0!" })}
                >
                  <span aria-hidden="true">↑</span>
                </button>
                <button
                  type="button"
                  data-field="down"
                  aria-label={t("moveDown", { label: name })}
                  aria-keyshortcuts="Alt+ArrowDown"
                  disabled={i === rows.length - 1}
                  onClick={() => move(row.id, 1, "down")}
                  className={button({ variant: "secondary", size: "sm", className: "w-9 px-0!" })}
                >
                  <span aria-hidden="true">↓</span>
                </button>
                <button
                  type="button"
                  data-field="remove"
                  aria-label={t("remove", { label: name })}
                  disabled={rows.length <= 1}
                  onClick={() => (row.key ? setConfirming(row.id) : remove(row.id))}
                  className={button({ variant: "danger", size: "sm", className: "w-9 px-0!" })}
                >
                  <span aria-hidden="true">✕</span>
                </button>
              </div>
              <label className="col-start-2 col-end-5 block">
                <span className="sr-only">
                  {t("meaning")}, {t("signal", { n })}
                </span>
                <input
                  data-field="meaning"
                  value={row.meaning}
                  maxLength={MAX_SIGNAL_MEANING}
                  placeholder={defaultMeaning ?? t("meaningPlaceholder")}
                  onChange={(e) => update(row.id, { meaning: e.target.value })}
                  className={field("py-1.5! text-sm")}
                />
              </label>
              {original && (row.labelTyped || !isDefaultWording(signalOf(row))) && (
                <p className="col-start-2 col-end-5 text-xs text-ink/75">{t("renamed")}</p>
              )}
              {confirming === row.id && (
                <ConfirmRemove
                  question={t("removeQuestion", { label: name })}
                  yes={t("confirmRemove")}
                  no={t("keep")}
                  onYes={() => remove(row.id)}
                  onNo={() => {
                    setConfirming(null);
                    focusNext.current = { row: row.id, field: "remove" };
                  }}
                />
              )}
            </li>
          );
        })}
      </ol>
      <p className="text-xs text-ink/75">{t("keyboard")}</p>

      <div className="flex flex-wrap items-center gap-2">
        <button type="button" onClick={add} disabled={rows.length >= MAX_PALETTE_SIGNALS} className={button({ variant: "secondary", size: "sm" })}>
          <span aria-hidden="true">＋</span> {t("add")}
        </button>
        <span className="text-sm text-ink/75 tabular-nums" data-testid="palette-count">
          {t("count", { count: rows.length, max: MAX_PALETTE_SIGNALS })}
        </span>
        {rows.length >= MAX_PALETTE_SIGNALS && <span className="text-sm text-ink/80">{t("full", { max: MAX_PALETTE_SIGNALS })}</span>}
      </div>

      {problems.length > 0 && (
        <ul role="alert" className={notice("danger", "space-y-0.5")}>
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}

      <div className="flex flex-wrap items-center gap-2">
        <button type="button" onClick={() => void save()} disabled={!dirty || saving} className={button({ size: "sm" })}>
          {saving ? t("saving") : live ? t("save") : t("saveDraft")}
        </button>
        {dirty && (
          <>
            <button
              type="button"
              onClick={() => {
                setRows(rowsOf(palette));
                setProblems([]);
              }}
              className={button({ variant: "quiet", className: "text-sm!" })}
            >
              {t("discard")}
            </button>
            <span className="text-sm font-medium text-warn">{t("unsaved")}</span>
          </>
        )}
        <p role="status" aria-live="polite" className="text-sm text-ok" data-testid="palette-status">
          <span key={said.n}>{said.text}</span>
        </p>
      </div>

      <PhoneGrid signals={rows.map(signalOf)} labelOf={(s, i) => labelShown(rows[i])} />
    </div>
  );

  return folded ? (
    <details className={card(`max-sm:p-3 ${className}`)} data-testid="palette-panel">
      <summary className="cursor-pointer text-lg font-semibold">
        <span id={headingId}>{t("heading")}</span> <span className="text-sm font-normal text-ink/75">· {t("count", { count: palette.length, max: MAX_PALETTE_SIGNALS })}</span>
      </summary>
      <div className="mt-3">{body}</div>
    </details>
  ) : (
    <section aria-labelledby={headingId} className={card(`max-sm:p-3 ${className}`)} data-testid="palette-panel">
      <h2 id={headingId} className="mb-2 text-lg font-semibold">
        {t("heading")}
      </h2>
      {body}
    </section>
  );
}

function ConfirmRemove({ question, yes, no, onYes, onNo }: { question: string; yes: string; no: string; onYes: () => void; onNo: () => void }) {
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => keep.current?.focus(), []);
  return (
    <div role="group" aria-label={question} className="col-span-full flex flex-wrap items-center gap-2 rounded-lg bg-danger-soft p-2 text-sm text-danger">
      <span className="font-medium">{question}</span>
      <button ref={keep} type="button" onClick={onNo} className={button({ variant: "secondary", size: "sm" })}>
        {no}
      </button>
      <button type="button" onClick={onYes} className={button({ variant: "danger", size: "sm" })}>
        {yes}
      </button>
    </div>
  );
}

/** The phone's check-in grid as it will look: two columns of emoji and label. */
function PhoneGrid({ signals, labelOf }: { signals: Signal[]; labelOf: (signal: Signal, index: number) => string }) {
  const t = useTranslations("Palette.palette");
  return (
    <figure className="space-y-1.5" data-testid="palette-preview">
      <figcaption className="text-sm font-semibold">
        {t("preview")} <span className="font-normal text-ink/75">— {t("previewNote")}</span>
      </figcaption>
      <div className="mx-auto max-w-[20rem] rounded-[1.75rem] border-4 border-ink/15 bg-canvas p-3">
        <div className="grid grid-cols-2 gap-2">
          {signals.map((s, i) => (
            <div
              key={s.key}
              className="flex min-h-14 flex-col items-center justify-center gap-0.5 rounded-2xl border border-line bg-raised px-2 py-1.5 text-center text-sm leading-tight font-medium shadow-sm"
            >
              <span aria-hidden="true" className="text-xl leading-none">
                {s.emoji}
              </span>
              <span className="break-words">{labelOf(s, i)}</span>
            </div>
          ))}
        </div>
      </div>
    </figure>
  );
}

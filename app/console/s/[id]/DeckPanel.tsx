"use client";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { deckItemOf, stepChange, type DeckChange, type DeckItem } from "@/lib/library/deck";
import type { LibraryEntry } from "@/lib/library/entries";
import { MAX_DECK_LENGTH, MAX_SESSION_TEMPLATE_DESCRIPTION, MAX_TEMPLATE_TITLE } from "@/lib/library/limits";
import type { AppErrorBody } from "@/lib/protocol/errors";
import type { OwnSessionTemplate } from "@/lib/library/entries";
import { button, card, field, notice, pill } from "@/app/_components/ui";
import { useErrorText } from "@/app/_lib/error-text";
import { postJson } from "@/app/_lib/post-json";
import { Dialog } from "@/app/_components/Dialog";
import { LibraryPicker } from "./LibraryPicker";

/**
 * The session's deck on the console: its prompts in order, the next one
 * marked, each pushed on its own or by "Push next" (N). Arranged with
 * buttons or, on a focused prompt, Alt+↑/↓; focus follows the prompt it
 * moved and every change is announced. Editable before going live and during.
 */
export function DeckPanel({
  sessionId,
  sessionTitle,
  deck,
  nextId,
  live,
  busy,
  onChange,
  onPush,
  announce,
  className = "",
}: {
  sessionId: string;
  sessionTitle: string;
  deck: DeckItem[];
  /** The item "Push next" sends, if the deck has one waiting. */
  nextId: string | null;
  live: boolean;
  busy: boolean;
  /** Resolves with the deck as changed, or null when refused (the console shows why). */
  onChange: (change: DeckChange) => Promise<DeckItem[] | null>;
  onPush: (item: DeckItem) => void;
  announce: (text: string) => void;
  className?: string;
}) {
  const t = useTranslations("Library.deck");
  const [picking, setPicking] = useState(false);
  const [saving, setSaving] = useState(false);
  // After a move, focus goes back to the moved prompt (React moved its element, which drops focus).
  const refocus = useRef<{ id: string; on: "item" | "up" | "down" } | null>(null);
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const target = refocus.current;
    if (!target || !list.current) return;
    const item = list.current.querySelector<HTMLElement>(`[data-deck-item="${target.id}"]`);
    const button = target.on === "item" ? null : item?.querySelector<HTMLButtonElement>(`[data-move="${target.on}"]:not(:disabled)`);
    (button ?? item)?.focus();
    refocus.current = null;
  }, [deck]);

  const move = async (item: DeckItem, step: -1 | 1, on: "item" | "up" | "down") => {
    const change = stepChange(deck, item.id, step);
    if (!change) return;
    const moved = await onChange(change);
    if (!moved) return;
    refocus.current = { id: item.id, on };
    announce(t("moved", { title: item.content.title, position: change.to + 1, count: moved.length }));
  };

  const remove = async (item: DeckItem, index: number) => {
    const left = await onChange({ op: "remove", itemId: item.id });
    if (!left) return;
    announce(t("removed", { title: item.content.title }));
    // Focus to the prompt that took its place (or the one before, or the panel's heading).
    const neighbour = left[Math.min(index, left.length - 1)];
    if (neighbour) refocus.current = { id: neighbour.id, on: "item" };
    else document.getElementById("deck-heading")?.focus();
  };

  const add = async (entry: LibraryEntry) => {
    const added = await onChange({ op: "add", items: [deckItemOf(entry.template, entry.ref)] });
    if (added) announce(t("added", { title: entry.template.title }));
    return added !== null;
  };

  return (
    <section aria-labelledby="deck-heading" className={card(`space-y-3 max-sm:p-3 ${className}`)} data-testid="deck">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0 space-y-0.5">
          <h2 id="deck-heading" tabIndex={-1} className="text-lg font-semibold">
            {t("heading")} <span className="text-sm font-normal text-ink/75">({deck.length})</span>
          </h2>
          <p className="text-sm text-ink/80">{deck.length === 0 ? t("empty") : t("lede")}</p>
        </div>
        <button type="button" onClick={() => setPicking(true)} disabled={deck.length >= MAX_DECK_LENGTH} className={button({ size: "sm", className: "shrink-0" })}>
          {t("add")}
        </button>
      </div>
      {deck.length > 0 && (
        <>
          <p id="deck-move-hint" className="text-xs text-ink/75">
            {t("moveHint")}
          </p>
          <ol ref={list} className="space-y-1.5">
            {deck.map((item, index) => {
              const isNext = item.id === nextId;
              const title = item.content.title;
              return (
                <li
                  key={item.id}
                  data-deck-item={item.id}
                  tabIndex={0}
                  // Its place, its words and its state, as a screen reader meets the focused prompt.
                  aria-label={[t("itemLabel", { position: index + 1, count: deck.length, title }), isNext && t("next"), item.pushedAt !== null && t("pushed")].filter(Boolean).join(" · ")}
                  aria-describedby="deck-move-hint"
                  aria-current={isNext ? "step" : undefined}
                  onKeyDown={(event) => {
                    if (!event.altKey || event.ctrlKey || event.metaKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
                    event.preventDefault();
                    if (busy) return;
                    const fromButton = (event.target as HTMLElement).dataset.move as "up" | "down" | undefined;
                    void move(item, event.key === "ArrowUp" ? -1 : 1, fromButton ?? "item");
                  }}
                  className={`flex items-center gap-2 rounded-xl border p-2 ${isNext ? "border-accent bg-accent/10" : "border-line/70"} ${item.pushedAt !== null && !isNext ? "text-ink/80" : ""}`}
                >
                  <span aria-hidden="true" className="w-6 shrink-0 text-right text-sm font-semibold text-ink/75 tabular-nums">
                    {index + 1}.
                  </span>
                  <div className="min-w-0 flex-1">
                    <p className="font-medium break-words">{title}</p>
                    <p className="flex flex-wrap items-center gap-1.5 text-xs">
                      <KindTag kind={item.content.kind} />
                      {isNext && <span className={pill("live", "text-xs")}>{t("next")}</span>}
                      {item.pushedAt !== null && <span className="font-medium text-ok">✓ {t("pushed")}</span>}
                    </p>
                    {/* When to use it, for the prompt about to go: the moment to decide. */}
                    {isNext && item.note && <p className="mt-1 text-xs break-words text-ink/80">{item.note}</p>}
                  </div>
                  <div className="flex shrink-0 items-center gap-1">
                    {live && (
                      <button
                        type="button"
                        disabled={busy}
                        onClick={() => onPush(item)}
                        aria-label={t("pushNamed", { title })}
                        className={button({ variant: isNext ? "primary" : "secondary", size: "sm", className: "px-2.5" })}
                      >
                        {t("push")}
                      </button>
                    )}
                    <IconButton label={t("upNamed", { title })} move="up" disabled={busy || index === 0} onClick={() => void move(item, -1, "up")}>
                      ↑
                    </IconButton>
                    <IconButton label={t("downNamed", { title })} move="down" disabled={busy || index === deck.length - 1} onClick={() => void move(item, 1, "down")}>
                      ↓
                    </IconButton>
                    <IconButton label={t("removeNamed", { title })} disabled={busy} onClick={() => void remove(item, index)}>
                      ✕
                    </IconButton>
                  </div>
                </li>
              );
            })}
          </ol>
        </>
      )}
      <div className="flex flex-wrap gap-2 border-t border-line/70 pt-3">
        <button type="button" onClick={() => setSaving(true)} className={button({ variant: "secondary", size: "sm" })}>
          {t("saveTemplate")}
        </button>
      </div>
      <LibraryPicker open={picking} onClose={() => setPicking(false)} onAdd={add} full={deck.length >= MAX_DECK_LENGTH} />
      <Dialog open={saving} onClose={() => setSaving(false)} labelledBy="save-template-title">
        <SaveAsTemplate
          sessionId={sessionId}
          sessionTitle={sessionTitle}
          onDone={(saved) => {
            setSaving(false);
            if (saved) announce(t("saved", { title: saved.title }));
          }}
        />
      </Dialog>
    </section>
  );
}

function KindTag({ kind }: { kind: DeckItem["content"]["kind"] }) {
  const t = useTranslations("Library.kind");
  return <span className={pill("neutral", "text-xs")}>{t(kind)}</span>;
}

function IconButton({ label, move, disabled, onClick, children }: { label: string; move?: "up" | "down"; disabled: boolean; onClick: () => void; children: React.ReactNode }) {
  return (
    <button
      type="button"
      data-move={move}
      disabled={disabled}
      onClick={onClick}
      aria-label={label}
      title={label}
      className={button({ variant: "secondary", size: "sm", className: "size-9 px-0! max-sm:size-8 max-sm:min-h-8" })}
    >
      <span aria-hidden="true">{children}</span>
    </button>
  );
}

/** Saves the session's deck, palette and confidentiality note as the facilitator's own session template. */
function SaveAsTemplate({ sessionId, sessionTitle, onDone }: { sessionId: string; sessionTitle: string; onDone: (saved: OwnSessionTemplate | null) => void }) {
  const t = useTranslations("Library.deck");
  const tf = useTranslations("Library.form");
  const errorText = useErrorText();
  const [error, setError] = useState<AppErrorBody | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="space-y-4 p-5"
      onSubmit={async (event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        setBusy(true);
        const ack = await postJson<OwnSessionTemplate>("/api/session-templates", { sessionId, title: form.get("title"), description: form.get("description") });
        setBusy(false);
        if (!ack.ok) return setError(ack.error);
        onDone(ack.data);
      }}
    >
      <div className="space-y-1">
        <h2 id="save-template-title" className="text-xl font-semibold">
          {t("saveTemplateTitle")}
        </h2>
        <p className="text-sm text-ink/80">{t("saveTemplateLede")}</p>
      </div>
      <div className="space-y-1">
        <label htmlFor="session-template-title" className="block font-medium">
          {t("templateTitle")}
        </label>
        <input id="session-template-title" name="title" required maxLength={MAX_TEMPLATE_TITLE} defaultValue={sessionTitle.slice(0, MAX_TEMPLATE_TITLE)} className={field()} />
      </div>
      <div className="space-y-1">
        <label htmlFor="session-template-description" className="block font-medium">
          {t("templateDescription")}
        </label>
        <textarea id="session-template-description" name="description" rows={3} maxLength={MAX_SESSION_TEMPLATE_DESCRIPTION} className={field()} />
      </div>
      <p role="alert" className={error ? notice("danger", "font-medium") : "sr-only"}>
        {error && errorText(error)}
      </p>
      <div className="flex flex-wrap justify-end gap-2">
        <button type="button" onClick={() => onDone(null)} className={button({ variant: "secondary" })}>
          {tf("cancel")}
        </button>
        <button type="submit" disabled={busy} className={button()}>
          {t("saveTemplate")}
        </button>
      </div>
    </form>
  );
}

"use client";
import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import { ENVIRONMENTS, GO_LIVE_CHECKLIST } from "@/lib/library/checklist";
import { MAX_CONFIDENTIALITY_NOTE } from "@/lib/library/limits";
import { button, card, field } from "@/app/_components/ui";

export interface Prepared {
  confidentialityNote: string | null;
  checklist: string[];
}

/**
 * Before going live: the seed's breakthrough-friendly environment as checks
 * (physical, emotional, psychological; every tick stored, so both consoles
 * see it), and the confidentiality note phones show on their welcome screen,
 * with a preview of that screen. Open while the session is a draft; folded
 * away once live.
 */
export function PreLivePanel({
  title,
  prepared,
  folded = false,
  onPrepare,
  className = "",
}: {
  title: string;
  prepared: Prepared;
  folded?: boolean;
  onPrepare: (changes: Partial<Prepared>) => Promise<Prepared | null>;
  className?: string;
}) {
  const t = useTranslations("Palette.prelive");
  const headingId = useId();
  const [ticked, setTicked] = useState<string[]>(prepared.checklist);
  // Ticks go out one by one; while some are unanswered, an answer to an earlier one would untick a later one for a moment.
  const unanswered = useRef(0);
  useEffect(() => {
    if (unanswered.current === 0) setTicked(prepared.checklist);
  }, [prepared.checklist]);
  const done = ticked.length;
  const total = GO_LIVE_CHECKLIST.length;

  const toggle = (key: string, on: boolean) => {
    const next = GO_LIVE_CHECKLIST.map((item) => item.key).filter((k) => (k === key ? on : ticked.includes(k)));
    setTicked(next);
    unanswered.current += 1;
    void onPrepare({ checklist: next }).then((saved) => {
      unanswered.current -= 1;
      if (unanswered.current === 0 && saved) setTicked(saved.checklist);
      else if (!saved) setTicked(prepared.checklist);
    });
  };

  const progress = (
    <span className="text-sm font-normal text-ink/75 tabular-nums" data-testid="checklist-progress">
      {t("progress", { done, total })}
    </span>
  );

  const body = (
    <div className="space-y-4">
      <p className="text-sm text-ink/80">{t("lede")}</p>
      <div className="grid gap-3 md:grid-cols-3 lg:grid-cols-1 2xl:grid-cols-3">
        {ENVIRONMENTS.map((environment) => (
          <fieldset key={environment} className="space-y-1 rounded-xl border border-line/70 p-3">
            <legend className="px-1 text-sm font-semibold">{t(`groups.${environment}`)}</legend>
            {GO_LIVE_CHECKLIST.filter((item) => item.environment === environment).map((item) => (
              <label key={item.key} className="flex cursor-pointer items-start gap-2 rounded-lg p-1 text-sm hover:bg-sunken">
                <input
                  type="checkbox"
                  data-check={item.key}
                  checked={ticked.includes(item.key)}
                  onChange={(e) => toggle(item.key, e.target.checked)}
                  className="mt-0.5 size-4 shrink-0 accent-accent"
                />
                <span>{t(`items.${item.key}` as Parameters<typeof t>[0])}</span>
              </label>
            ))}
          </fieldset>
        ))}
      </div>
      <NoteEditor title={title} note={prepared.confidentialityNote} onPrepare={onPrepare} />
    </div>
  );

  return folded ? (
    <details className={card(`max-sm:p-3 ${className}`)} data-testid="prelive-panel">
      <summary className="cursor-pointer text-lg font-semibold">
        <span id={headingId}>{t("heading")}</span> · {progress}
      </summary>
      <div className="mt-3">{body}</div>
    </details>
  ) : (
    <section aria-labelledby={headingId} className={card(`max-sm:p-3 ${className}`)} data-testid="prelive-panel">
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={headingId} className="text-lg font-semibold">
          {t("heading")}
        </h2>
        {progress}
      </div>
      {body}
    </section>
  );
}

function NoteEditor({ title, note, onPrepare }: { title: string; note: string | null; onPrepare: (changes: Partial<Prepared>) => Promise<Prepared | null> }) {
  const t = useTranslations("Palette.prelive");
  const phone = useTranslations("Phone");
  const id = useId();
  const [draft, setDraft] = useState(note ?? "");
  const [saving, setSaving] = useState(false);
  const [said, setSaid] = useState({ text: "", n: 0 });
  const stored = useRef(note);
  // Another console saved a note: taken over unless this one is being edited.
  useEffect(() => {
    const before = stored.current;
    stored.current = note;
    setDraft((d) => (d.trim() === (before ?? "") ? (note ?? "") : d));
  }, [note]);
  const dirty = draft.trim() !== (note ?? "");
  const save = async (next: string | null) => {
    setSaving(true);
    const saved = await onPrepare({ confidentialityNote: next });
    setSaving(false);
    if (!saved) return;
    setDraft(saved.confidentialityNote ?? "");
    setSaid((s) => ({ text: saved.confidentialityNote === null ? t("noteDefault") : t("noteSaved"), n: s.n + 1 }));
  };
  const shown = draft.trim() || phone("welcome.note");

  return (
    <div className="grid gap-3 md:grid-cols-2 lg:grid-cols-1 2xl:grid-cols-2">
      <div className="space-y-2">
        <h3 className="font-semibold">{t("noteHeading")}</h3>
        <p className="text-sm text-ink/80" id={`${id}-help`}>
          {t("noteHelp")}
        </p>
        <label htmlFor={`${id}-note`} className="block text-sm font-medium">
          {t("noteLabel")}
        </label>
        <textarea
          id={`${id}-note`}
          value={draft}
          rows={4}
          maxLength={MAX_CONFIDENTIALITY_NOTE}
          placeholder={phone("welcome.note")}
          aria-describedby={`${id}-help ${id}-count`}
          onChange={(e) => setDraft(e.target.value)}
          className={field("text-sm")}
        />
        <p id={`${id}-count`} className="text-xs text-ink/75 tabular-nums">
          {t("noteCount", { count: draft.length, max: MAX_CONFIDENTIALITY_NOTE })}
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <button type="button" disabled={!dirty || saving} onClick={() => void save(draft.trim() || null)} className={button({ size: "sm" })}>
            {t("saveNote")}
          </button>
          {note !== null && (
            <button type="button" disabled={saving} onClick={() => void save(null)} className={button({ variant: "secondary", size: "sm" })}>
              {t("useDefault")}
            </button>
          )}
          <p role="status" aria-live="polite" className="text-sm text-ok" data-testid="note-status">
            <span key={said.n}>{said.text}</span>
          </p>
        </div>
      </div>
      <figure className="space-y-1.5" data-testid="welcome-preview">
        <figcaption className="text-sm font-semibold">{t("preview")}</figcaption>
        <div className="mx-auto max-w-[20rem] rounded-[1.75rem] border-4 border-ink/15 bg-canvas p-3">
          <div className="flex flex-col gap-2 rounded-2xl border border-line bg-raised p-4 shadow-sm">
            <p className="line-clamp-2 text-lg leading-snug font-semibold tracking-tight">{phone("welcome.titleNamed", { title })}</p>
            <p className="text-sm whitespace-pre-line text-ink/80">{shown}</p>
            <span aria-hidden="true" className={button({ size: "sm", className: "self-end" })}>
              {phone("welcome.gotIt")}
            </span>
          </div>
        </div>
      </figure>
    </div>
  );
}

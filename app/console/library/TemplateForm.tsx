"use client";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { TECHNIQUES } from "@/lib/content";
import {
  MAX_CHOICE_OPTION,
  MAX_CHOICE_OPTIONS,
  MAX_FACILITATOR_NOTE,
  MAX_PROMPT_BODY,
  MAX_SCALE_LABEL,
  MAX_TEMPLATE_TITLE,
  MIN_CHOICE_OPTIONS,
} from "@/lib/library/limits";
import { BREAKTHROUGH_TYPES, ownTemplateSchema, PHASES, PROMPT_KINDS, type OwnTemplate, type PromptKind } from "@/lib/library/schemas";
import type { AppErrorBody } from "@/lib/protocol/errors";
import { button, field, notice } from "@/app/_components/ui";
import { useErrorText } from "@/app/_lib/error-text";
import { SelectField } from "./SelectField";

interface Draft {
  kind: PromptKind;
  title: string;
  body: string;
  low: string;
  high: string;
  options: string[];
  phase: OwnTemplate["phase"];
  technique: string;
  breakthrough: string;
  note: string;
}

function draftOf(template: OwnTemplate | null): Draft {
  return {
    kind: template?.kind ?? "reflection",
    title: template?.title ?? "",
    body: template?.body ?? "",
    low: template?.kind === "scale" ? template.labels.low : "",
    high: template?.kind === "scale" ? template.labels.high : "",
    options: template?.kind === "choice" ? [...template.options] : ["", ""],
    phase: template?.phase ?? "during",
    technique: template?.technique ?? "",
    breakthrough: template?.breakthrough ?? "",
    note: template?.note ?? "",
  };
}

function templateOf(draft: Draft): unknown {
  const { kind, title, body, phase, note } = draft;
  return {
    kind,
    title,
    body,
    phase,
    note,
    ...(draft.technique ? { technique: draft.technique } : {}),
    ...(draft.breakthrough ? { breakthrough: draft.breakthrough } : {}),
    ...(kind === "scale" ? { labels: { low: draft.low, high: draft.high } } : {}),
    ...(kind === "choice" ? { options: draft.options } : {}),
  };
}

/**
 * Writing or editing one of the facilitator's own templates: a form for each
 * kind (a scale's end labels, a choice's 2–6 options). Checked with the
 * server's own schema before it is sent.
 */
export function TemplateForm({
  initial,
  heading,
  onSave,
  onCancel,
}: {
  initial: OwnTemplate | null;
  heading: string;
  /** Resolves with the server's refusal, or null once saved. */
  onSave: (template: OwnTemplate) => Promise<AppErrorBody | null>;
  onCancel: () => void;
}) {
  const t = useTranslations("Library");
  const locale = useLocale();
  const errorText = useErrorText();
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial));
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const id = (name: string) => `template-${name}`;

  return (
    <form
      noValidate={false}
      className="space-y-4 p-5"
      onSubmit={async (event) => {
        event.preventDefault();
        const parsed = ownTemplateSchema.safeParse(templateOf(draft));
        if (!parsed.success) return setError(locale === "en" ? (parsed.error.issues[0]?.message ?? t("form.invalid")) : t("form.invalid"));
        setBusy(true);
        const refused = await onSave(parsed.data);
        setBusy(false);
        if (refused) setError(errorText(refused));
      }}
    >
      <h2 id="template-form-title" className="text-xl font-semibold">
        {heading}
      </h2>
      <fieldset className="space-y-2">
        <legend className="font-medium">{t("form.kind")}</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {PROMPT_KINDS.map((kind) => (
            <label key={kind} className={`flex cursor-pointer gap-2 rounded-xl border p-2.5 ${draft.kind === kind ? "border-accent bg-accent/10" : "border-line/70"}`}>
              <input type="radio" name="kind" value={kind} checked={draft.kind === kind} onChange={() => set({ kind })} className="mt-1 accent-accent" />
              <span>
                <span className="block font-medium">{t(`kind.${kind}`)}</span>
                <span className="block text-sm text-ink/80">{t(`kindHint.${kind}`)}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="space-y-1">
        <label htmlFor={id("title")} className="block font-medium">
          {t("form.title")}
        </label>
        <input id={id("title")} required maxLength={MAX_TEMPLATE_TITLE} value={draft.title} onChange={(e) => set({ title: e.target.value })} aria-describedby={id("title-hint")} className={field()} />
        <p id={id("title-hint")} className="text-sm text-ink/80">
          {t("form.titleHint")}
        </p>
      </div>
      <div className="space-y-1">
        <label htmlFor={id("body")} className="block font-medium">
          {t("form.body")}
        </label>
        <textarea id={id("body")} required rows={3} maxLength={MAX_PROMPT_BODY} value={draft.body} onChange={(e) => set({ body: e.target.value })} aria-describedby={id("body-hint")} className={field()} />
        <p id={id("body-hint")} className="text-sm text-ink/80">
          {t("form.bodyHint")}
        </p>
      </div>
      {draft.kind === "scale" && (
        <div className="grid gap-3 sm:grid-cols-2">
          <div className="space-y-1">
            <label htmlFor={id("low")} className="block font-medium">
              {t("form.low")}
            </label>
            <input id={id("low")} required maxLength={MAX_SCALE_LABEL} value={draft.low} onChange={(e) => set({ low: e.target.value })} className={field()} />
          </div>
          <div className="space-y-1">
            <label htmlFor={id("high")} className="block font-medium">
              {t("form.high")}
            </label>
            <input id={id("high")} required maxLength={MAX_SCALE_LABEL} value={draft.high} onChange={(e) => set({ high: e.target.value })} className={field()} />
          </div>
        </div>
      )}
      {draft.kind === "choice" && (
        <fieldset className="space-y-2" aria-describedby={id("options-hint")}>
          <legend className="font-medium">{t("options")}</legend>
          <p id={id("options-hint")} className="text-sm text-ink/80">
            {t("form.optionsHint")}
          </p>
          {draft.options.map((option, i) => (
            <div key={i} className="flex items-end gap-2">
              <div className="flex-1 space-y-1">
                <label htmlFor={id(`option-${i}`)} className="block text-sm font-medium">
                  {t("form.option", { n: i + 1 })}
                </label>
                <input
                  id={id(`option-${i}`)}
                  required
                  maxLength={MAX_CHOICE_OPTION}
                  value={option}
                  onChange={(e) => set({ options: draft.options.map((o, j) => (j === i ? e.target.value : o)) })}
                  className={field()}
                />
              </div>
              {draft.options.length > MIN_CHOICE_OPTIONS && (
                <button
                  type="button"
                  onClick={() => set({ options: draft.options.filter((_, j) => j !== i) })}
                  aria-label={t("form.removeOption", { n: i + 1 })}
                  className={button({ variant: "secondary", size: "sm", className: "mb-1" })}
                >
                  <span aria-hidden="true">✕</span>
                </button>
              )}
            </div>
          ))}
          {draft.options.length < MAX_CHOICE_OPTIONS && (
            <button type="button" onClick={() => set({ options: [...draft.options, ""] })} className={button({ variant: "secondary", size: "sm" })}>
              {t("form.addOption")}
            </button>
          )}
        </fieldset>
      )}
      <div className="grid gap-3 sm:grid-cols-3">
        <SelectField
          id={id("phase")}
          label={t("form.phase")}
          value={draft.phase}
          onChange={(phase) => set({ phase: phase as Draft["phase"] })}
          options={PHASES.map((phase) => ({ value: phase, label: t(`phase.${phase}`) }))}
        />
        <SelectField
          id={id("technique")}
          label={t("form.technique")}
          value={draft.technique}
          onChange={(technique) => set({ technique })}
          options={[{ value: "", label: t("form.none") }, ...TECHNIQUES.map((technique) => ({ value: technique.key, label: technique.name }))]}
        />
        <SelectField
          id={id("breakthrough")}
          label={t("form.breakthrough")}
          value={draft.breakthrough}
          onChange={(breakthrough) => set({ breakthrough })}
          options={[{ value: "", label: t("form.none") }, ...BREAKTHROUGH_TYPES.map((type) => ({ value: type, label: t(`breakthrough.${type}`) }))]}
        />
      </div>
      <div className="space-y-1">
        <label htmlFor={id("note")} className="block font-medium">
          {t("form.note")}
        </label>
        <input id={id("note")} required maxLength={MAX_FACILITATOR_NOTE} value={draft.note} onChange={(e) => set({ note: e.target.value })} aria-describedby={id("note-hint")} className={field()} />
        <p id={id("note-hint")} className="text-sm text-ink/80">
          {t("form.noteHint")}
        </p>
      </div>
      <p role="alert" className={error ? notice("danger", "font-medium") : "sr-only"}>
        {error}
      </p>
      <div className="flex flex-wrap justify-end gap-2">
        <button type="button" onClick={onCancel} className={button({ variant: "secondary" })}>
          {t("form.cancel")}
        </button>
        <button type="submit" disabled={busy} className={button()}>
          {t("form.save")}
        </button>
      </div>
    </form>
  );
}

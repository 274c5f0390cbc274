"use client";
import { useTranslations } from "next-intl";
import { techniqueByKey } from "@/lib/content";
import type { OwnTemplate } from "@/lib/library/schemas";
import { pill } from "@/app/_components/ui";

/**
 * One template as the library and the picker show it: title, kind, phase,
 * technique and breakthrough type as tags, the words phones show, what a
 * participant picks from, and the note on when to use it. All of it text.
 */
export function EntryCard({
  template,
  own,
  headingId,
  children,
}: {
  template: OwnTemplate;
  own: boolean;
  headingId: string;
  /** The actions for this template (Edit, Duplicate, Add…). */
  children?: React.ReactNode;
}) {
  const t = useTranslations("Library");
  return (
    <article aria-labelledby={headingId} className="flex h-full flex-col gap-2 rounded-xl border border-line/70 bg-raised p-3 sm:p-4">
      <h3 id={headingId} className="font-semibold break-words">
        {template.title}
      </h3>
      <p className="flex flex-wrap gap-1.5">
        <span className={pill("neutral", "text-xs")}>{t(`kind.${template.kind}`)}</span>
        <span className={pill("neutral", "text-xs")}>{t(`phase.${template.phase}`)}</span>
        {template.technique && <span className={pill("live", "text-xs")}>{t("techniqueTag", { name: techniqueByKey(template.technique).name })}</span>}
        {template.breakthrough && <span className={pill("care", "text-xs")}>{t("breakthroughTag", { type: t(`breakthrough.${template.breakthrough}`) })}</span>}
        {own && <span className={pill("warn", "text-xs")}>{t("yours")}</span>}
      </p>
      <p className="text-sm break-words whitespace-pre-line text-ink/90 italic">“{template.body}”</p>
      {template.kind === "scale" && <p className="text-sm text-ink/80">{t("scaleEnds", { low: template.labels.low, high: template.labels.high })}</p>}
      {template.kind === "choice" && (
        <ul aria-label={t("options")} className="flex flex-wrap gap-1.5 text-sm">
          {template.options.map((option) => (
            <li key={option} className="rounded-lg border border-line/70 px-2 py-0.5 break-words">
              {option}
            </li>
          ))}
        </ul>
      )}
      <p className="text-sm break-words text-ink/80">
        <span className="font-medium text-ink">{t("when")}</span> {template.note}
      </p>
      {children && <div className="mt-auto flex flex-wrap gap-2 pt-1">{children}</div>}
    </article>
  );
}

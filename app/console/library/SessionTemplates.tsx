"use client";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import type { AppErrorBody } from "@/lib/protocol/errors";
import type { OwnSessionTemplate } from "@/lib/library/entries";
import { button, card, notice } from "@/app/_components/ui";
import { useErrorText } from "@/app/_lib/error-text";
import { sendJson } from "./send-json";

export interface ExerciseSummary {
  key: string;
  title: string;
  description: string;
  deck: string[];
}

/** The practice exercises and the facilitator's own session templates, each a deck to start a session from. */
export function SessionTemplates({ exercises, initialOwn }: { exercises: ExerciseSummary[]; initialOwn: OwnSessionTemplate[] }) {
  const t = useTranslations("Library");
  const errorText = useErrorText();
  const [own, setOwn] = useState(initialOwn);
  const [error, setError] = useState<AppErrorBody | null>(null);
  const [said, setSaid] = useState("");

  return (
    <section aria-labelledby="session-templates-heading" className="space-y-3">
      <div className="space-y-1">
        <h2 id="session-templates-heading" tabIndex={-1} className="text-xl font-semibold">
          {t("sessionTemplates.heading")}
        </h2>
        <p className="text-sm text-ink/80">{t("sessionTemplates.lede")}</p>
      </div>
      <p role="status" className="sr-only">
        {said}
      </p>
      {error && (
        <p role="alert" className={notice("danger", "font-medium")}>
          {errorText(error)}
        </p>
      )}
      <h3 className="font-semibold">{t("sessionTemplates.exercises")}</h3>
      <ul className="grid gap-3 md:grid-cols-3">
        {exercises.map((exercise) => (
          <li key={exercise.key} className={card("flex flex-col gap-2 p-4")}>
            <TemplateSummary title={exercise.title} description={exercise.description} deck={exercise.deck} />
            <Link href={`/console?from=exercise:${exercise.key}#new-session`} className={button({ variant: "secondary", size: "sm", className: "mt-auto self-start" })}>
              {t("sessionTemplates.start")}
            </Link>
          </li>
        ))}
      </ul>
      <h3 className="font-semibold">{t("sessionTemplates.own")}</h3>
      {own.length === 0 ? (
        <p className="text-ink/80">{t("sessionTemplates.ownEmpty")}</p>
      ) : (
        <ul className="grid gap-3 md:grid-cols-3">
          {own.map((template) => (
            <li key={template.id} className={card("flex flex-col gap-2 p-4")}>
              <TemplateSummary title={template.title} description={template.description} deck={template.deck} />
              <div className="mt-auto flex flex-wrap gap-2">
                <Link href={`/console?from=template:${template.id}#new-session`} className={button({ variant: "secondary", size: "sm" })}>
                  {t("sessionTemplates.start")}
                </Link>
                <button
                  type="button"
                  aria-label={t("deleteNamed", { title: template.title })}
                  onClick={async () => {
                    const ack = await sendJson<null>("DELETE", `/api/session-templates/${template.id}`);
                    if (!ack.ok) return setError(ack.error);
                    setError(null);
                    setOwn((list) => list.filter((x) => x.id !== template.id));
                    setSaid(t("announce.sessionTemplateDeleted", { title: template.title }));
                    document.getElementById("session-templates-heading")?.focus();
                  }}
                  className={button({ variant: "danger", size: "sm" })}
                >
                  {t("delete")}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function TemplateSummary({ title, description, deck }: { title: string; description: string; deck: string[] }) {
  const t = useTranslations("Library");
  return (
    <>
      <h4 className="font-semibold break-words">{title}</h4>
      {description && <p className="text-sm break-words text-ink/80">{description}</p>}
      <details className="text-sm">
        <summary className="cursor-pointer font-medium text-accent-strong">{t("sessionTemplates.prompts", { count: deck.length })}</summary>
        <ol className="mt-1 list-decimal space-y-0.5 pl-5">
          {deck.map((item, i) => (
            <li key={i} className="break-words">
              {item}
            </li>
          ))}
        </ol>
      </details>
    </>
  );
}

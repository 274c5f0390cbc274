"use client";
import { useTranslations } from "next-intl";
import { useId } from "react";
import { kFor } from "@/lib/anonymity";
import { withK } from "@/lib/answers";
import type { DisplayShows, PromptResults, PromptView, WallAnswer } from "@/lib/protocol/views";
import { resultRows } from "@/lib/result-rows";
import { button, card, pill } from "@/app/_components/ui";
import { useShownWords } from "@/app/_lib/shown-words";

/** What a moderation asks for: hide or show, highlight or not. */
export type Moderation = { hidden?: boolean; highlighted?: boolean };

/**
 * The open prompt's answers as they come in: a scale's distribution, a
 * choice's bars, a reflection's wall with Hide/Show and Highlight for each
 * answer; how many answered and passed; and whether the room sees them.
 * The console's k applies to every count (lib/answers.ts `withK`): a count
 * under k reads "fewer than k", and the total is left out when it would give
 * one away. The wall shows every answer: the facilitator moderates them.
 */
export function ResultsPanel({
  prompt,
  results,
  busy,
  onReveal,
  onModerate,
  k = kFor("console"),
  className = "",
}: {
  prompt: PromptView;
  results: PromptResults | null;
  /** The session's console k (its room settings). */
  k?: number;
  busy: boolean;
  onReveal: (revealed: boolean) => void;
  onModerate: (answerId: string, change: Moderation) => void;
  className?: string;
}) {
  const t = useTranslations("Answers.console");
  const p = useTranslations("Privacy.results");
  const kinds = useTranslations("Answers.kinds");
  const shown = results && results.promptId === prompt.id ? results : null;
  const counted = shown && withK(shown, k);
  const figures = counted?.shown;
  const answered = figures?.answered ?? { kind: "count", count: 0 };
  const passed = figures?.passed ?? { kind: "count", count: 0 };
  return (
    <section aria-labelledby="results-heading" data-testid="results-panel" className={card(`space-y-3 max-sm:p-3 ${className}`)}>
      <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-2">
        <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
          <h2 id="results-heading" className="text-lg font-semibold">
            {t("heading")}
          </h2>
          <span className={pill("neutral", "text-xs")}>{kinds(prompt.kind)}</span>
          <p className="text-sm text-ink/80" data-testid="results-counts">
            <span className="font-semibold text-ink tabular-nums">
              {answered.kind === "count" ? t("answered", { count: answered.count }) : answered.kind === "fewer" ? p("answeredFewer", { k }) : p("answeredWithheld")}
            </span>
            {passed.kind !== "hidden" && (
              <>
                {" · "}
                <span className="tabular-nums">{passed.kind === "count" ? t("passed", { count: passed.count }) : p("passedFewer", { k })}</span>
              </>
            )}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <span className={pill(prompt.revealed ? "live" : "neutral")} data-testid="results-visibility">
            {prompt.revealed ? t("revealed") : t("private")}
          </span>
          <button
            type="button"
            disabled={busy}
            aria-pressed={prompt.revealed}
            onClick={() => onReveal(!prompt.revealed)}
            className={button({ variant: prompt.revealed ? "secondary" : "primary", size: "sm" })}
          >
            {prompt.revealed ? t("hideResults") : t("reveal")}
          </button>
        </div>
      </div>
      {prompt.kind === "reflection" ? (
        <Wall wall={shown?.wall ?? []} busy={busy} onModerate={onModerate} />
      ) : counted ? (
        <Bars prompt={prompt} results={counted} />
      ) : (
        <p className="text-sm text-ink/80">{t("none")}</p>
      )}
    </section>
  );
}

/** A scale's points or a choice's options, each a bar with its count; the widths are shares of those who answered. */
function Bars({ prompt, results }: { prompt: PromptView; results: PromptResults }) {
  const t = useTranslations("Answers.console");
  const p = useTranslations("Privacy.results");
  const words = useShownWords();
  const rows = resultRows(prompt, results);
  const most = Math.max(0, ...rows.map((r) => r.count));
  const k = results.shown?.k;
  const anyHidden = rows.some((r) => r.shown.kind !== "count");
  return (
    <>
      <table className="w-full table-fixed text-sm" data-testid="results-bars">
        <caption className="sr-only">{t("distribution")}</caption>
        <colgroup>
          <col className={prompt.kind === "scale" ? "w-[38%]" : "w-[45%]"} />
          <col />
          <col className="w-20" />
        </colgroup>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i} data-row={row.label}>
              <th scope="row" className="py-1 pr-2 text-left align-middle font-normal">
                <span className="font-semibold tabular-nums">{row.label}</span>
                {row.hint && <span className="text-ink/75"> · {row.hint}</span>}
              </th>
              <td className="py-1 align-middle" aria-hidden="true">
                <span className="block h-3 overflow-hidden rounded-full bg-ink/10">
                  <span
                    className={`block h-full rounded-full transition-[width] duration-300 ${row.count > 0 && row.count === most ? "bg-accent-strong" : "bg-accent"}`}
                    style={{ width: `${row.share * 100}%` }}
                  />
                </span>
              </td>
              <td
                className={`py-1 text-right align-middle tabular-nums ${row.shown.kind === "count" ? "text-base font-semibold" : "text-xs leading-tight text-ink/80"}`}
                data-shown={row.shown.kind}
              >
                {words(row.shown)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {anyHidden && k !== undefined && <p className="text-xs text-ink/80" data-testid="results-k-note">{p("note", { k })}</p>}
    </>
  );
}

/** A reflection's answers, newest first: words only, each with Hide/Show and Highlight. */
function Wall({ wall, busy, onModerate }: { wall: WallAnswer[]; busy: boolean; onModerate: (answerId: string, change: Moderation) => void }) {
  const t = useTranslations("Answers.console");
  const listId = useId();
  if (wall.length === 0) return <p className="text-sm text-ink/80">{t("waitingWall")}</p>;
  return (
    <div className="space-y-1">
      <h3 id={listId} className="sr-only">
        {t("wall")}
      </h3>
      <ul aria-labelledby={listId} className="max-h-[28rem] space-y-2 overflow-y-auto pr-1" data-testid="results-wall">
        {wall.map((a) => (
          <li
            key={a.id}
            data-answer={a.id}
            data-hidden={a.hidden || undefined}
            data-highlighted={a.highlighted || undefined}
            className={`flex flex-col gap-2 rounded-xl border p-3 sm:flex-row sm:items-start sm:justify-between ${
              a.hidden ? "border-dashed border-ink/30 bg-sunken" : a.highlighted ? "border-accent bg-accent/10" : "border-line/70"
            }`}
          >
            <div className="min-w-0 flex-1 space-y-1">
              {(a.hidden || a.highlighted) && (
                <p className="flex gap-1.5">
                  {a.hidden && <span className={pill("warn", "text-xs")}>{t("hiddenTag")}</span>}
                  {a.highlighted && <span className={pill("live", "text-xs")}>{t("highlightedTag")}</span>}
                </p>
              )}
              <p className={`font-serif leading-snug whitespace-pre-wrap [overflow-wrap:anywhere] ${a.hidden ? "text-ink/75 line-through decoration-ink/40" : "text-ink"}`}>
                {a.text}
              </p>
            </div>
            <div className="flex shrink-0 gap-2">
              <button
                type="button"
                disabled={busy}
                aria-label={a.hidden ? t("showAnswer", { text: a.text }) : t("hideAnswer", { text: a.text })}
                onClick={() => onModerate(a.id, { hidden: !a.hidden })}
                className={button({ variant: "secondary", size: "sm" })}
              >
                {a.hidden ? t("show") : t("hide")}
              </button>
              <button
                type="button"
                disabled={busy || a.hidden}
                aria-label={a.highlighted ? t("unhighlightAnswer", { text: a.text }) : t("highlightAnswer", { text: a.text })}
                onClick={() => onModerate(a.id, { highlighted: !a.highlighted })}
                className={button({ variant: "secondary", size: "sm" })}
              >
                {a.highlighted ? t("unhighlight") : t("highlight")}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** What the room display shows beside the way in: the prompt, the pulse, or the results (once revealed). */
export function DisplayShowsControl({
  shows,
  busy,
  waitingReveal,
  onShow,
  className = "",
}: {
  shows: DisplayShows;
  busy: boolean;
  /** Results are chosen but not revealed: the display shows the prompt until they are. */
  waitingReveal: boolean;
  onShow: (shows: DisplayShows) => void;
  className?: string;
}) {
  const t = useTranslations("Answers.console");
  const choices: { value: DisplayShows; label: string }[] = [
    { value: "prompt", label: t("displayPrompt") },
    { value: "pulse", label: t("displayPulse") },
    { value: "results", label: t("displayResults") },
  ];
  return (
    <fieldset className={`flex flex-wrap items-center gap-x-3 gap-y-1.5 ${className}`} data-testid="display-shows">
      <legend className="float-left mr-1 text-sm font-medium text-ink/80">{t("displayLegend")}</legend>
      <div className="inline-flex rounded-xl border border-ink/25 bg-sunken p-0.5">
        {choices.map((choice) => (
          <label
            key={choice.value}
            className="relative cursor-pointer rounded-lg px-3 py-1 text-sm font-medium text-ink has-checked:bg-raised has-checked:text-accent-strong has-checked:shadow-sm has-focus-visible:outline-2 has-focus-visible:outline-accent has-disabled:cursor-not-allowed"
          >
            <input
              type="radio"
              name="display-shows"
              value={choice.value}
              checked={shows === choice.value}
              disabled={busy}
              onChange={() => onShow(choice.value)}
              className="sr-only"
            />
            {choice.label}
          </label>
        ))}
      </div>
      {waitingReveal && <p className="basis-full text-sm text-ink/80">{t("displayResultsHint")}</p>}
    </fieldset>
  );
}

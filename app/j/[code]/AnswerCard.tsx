"use client";
import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import { MAX_REFLECTION_ANSWER, SCALE_MAX, SCALE_MIN } from "@/lib/library/limits";
import type { AnswerValue, PromptResults, PromptView } from "@/lib/protocol/views";
import { resultRows } from "@/lib/result-rows";
import { useShownWords } from "@/app/_lib/shown-words";
import { button, field } from "@/app/_components/ui";
import { useErrorText } from "@/app/_lib/error-text";
import type { AnswerNote, MyAnswer } from "./use-answers";

const SCALE = Array.from({ length: SCALE_MAX - SCALE_MIN + 1 }, (_, i) => SCALE_MIN + i);

/** A big, calm answer button; chosen (aria-pressed), it is filled with the accent. */
const CHOICE =
  "flex touch-manipulation items-center justify-center gap-2 rounded-2xl border-2 border-line bg-raised font-semibold text-ink shadow-sm " +
  "transition-transform duration-100 select-none hover:bg-sunken active:scale-[0.97] aria-pressed:border-accent-strong aria-pressed:bg-accent aria-pressed:text-on-accent";

/**
 * Answering the prompt open now: words (a reflection), a point on the scale
 * or one of the options, and for every kind a kind "I pass". The answer can
 * change while the prompt is open; what became of it is said under it.
 */
export function AnswerCard({
  prompt,
  mine,
  note,
  results,
  onAnswer,
}: {
  prompt: PromptView;
  mine: MyAnswer | null;
  note: AnswerNote | null;
  results: PromptResults | null;
  onAnswer: (answer: AnswerValue) => void;
}) {
  const t = useTranslations("Answers.phone");
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} data-testid="answer-card" className="flex flex-col gap-3 rounded-2xl border border-line bg-raised p-4 shadow-sm">
      <h2 id={headingId} className="sr-only">
        {t("region")}
      </h2>
      {prompt.kind === "reflection" ? (
        <Reflection mine={mine} onAnswer={onAnswer} />
      ) : prompt.kind === "scale" ? (
        <Scale prompt={prompt} mine={mine} onAnswer={onAnswer} />
      ) : (
        <Choice prompt={prompt} mine={mine} onAnswer={onAnswer} />
      )}
      <Status mine={mine} note={note} />
      {results && <RoomResults prompt={prompt} results={results} />}
    </section>
  );
}

function PassButton({ mine, onAnswer }: { mine: MyAnswer | null; onAnswer: (answer: AnswerValue) => void }) {
  const t = useTranslations("Answers.phone");
  const passed = Boolean(mine && "pass" in mine.answer);
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
      <button
        type="button"
        aria-pressed={passed}
        onClick={() => onAnswer({ pass: true })}
        className={button({ variant: "secondary", className: "min-w-28 aria-pressed:border-accent aria-pressed:bg-accent/10" })}
      >
        {passed && <span aria-hidden="true">✓</span>}
        {t("pass")}
      </button>
      <span className="text-sm text-ink/75">{t("passHint")}</span>
    </div>
  );
}

function Reflection({ mine, onAnswer }: { mine: MyAnswer | null; onAnswer: (answer: AnswerValue) => void }) {
  const t = useTranslations("Answers.phone");
  const id = useId();
  const written = mine && "text" in mine.answer ? mine.answer.text : null;
  const passed = Boolean(mine && "pass" in mine.answer);
  const [editing, setEditing] = useState(mine === null);
  const [text, setText] = useState(written ?? "");
  const area = useRef<HTMLTextAreaElement>(null);
  const changeButton = useRef<HTMLButtonElement>(null);
  const reopened = useRef(false);
  // An answer arriving from the server after a reload, or another sent from here: show it, not the form.
  const answered = mine ? JSON.stringify(mine.answer) : null;
  useEffect(() => {
    if (answered === null) return;
    setEditing(false);
    if (written !== null) setText(written);
  }, [answered]);
  useEffect(() => {
    if (editing && reopened.current) area.current?.focus();
  }, [editing]);

  if (!editing && mine) {
    return (
      <div className="flex flex-col gap-3">
        {passed ? (
          <p className="text-base font-medium text-ink">{t("youPassed")}</p>
        ) : (
          <figure className="flex flex-col gap-1">
            <figcaption className="text-sm font-medium text-ink/75">{t("yours")}</figcaption>
            <blockquote data-testid="my-answer" className="rounded-xl bg-sunken px-3 py-2 font-serif text-lg leading-snug whitespace-pre-wrap [overflow-wrap:anywhere]">
              {written}
            </blockquote>
          </figure>
        )}
        <button
          ref={changeButton}
          type="button"
          onClick={() => {
            reopened.current = true;
            setEditing(true);
          }}
          className={button({ variant: "secondary", className: "self-start" })}
        >
          {passed ? t("answerAfterAll") : t("change")}
        </button>
      </div>
    );
  }

  return (
    <form
      className="flex flex-col gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        if (text.trim()) onAnswer({ text });
      }}
    >
      <label htmlFor={id} className="font-semibold">
        {t("reflectionLabel")}
      </label>
      <textarea
        ref={area}
        id={id}
        value={text}
        onChange={(e) => setText(e.target.value)}
        maxLength={MAX_REFLECTION_ANSWER}
        rows={3}
        aria-describedby={`${id}-count`}
        placeholder={t("reflectionPlaceholder")}
        className={field("resize-y text-lg leading-snug")}
      />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p id={`${id}-count`} className="text-sm text-ink/75 tabular-nums">
          {t("counter", { count: text.length, max: MAX_REFLECTION_ANSWER })}
        </p>
        <div className="flex items-center gap-2">
          {mine && (
            <button type="button" onClick={() => setEditing(false)} className={button({ variant: "quiet", className: "text-sm" })}>
              {t("keep")}
            </button>
          )}
          <button type="submit" disabled={!text.trim()} className={button({ className: "min-w-24" })}>
            {t("send")}
          </button>
        </div>
      </div>
      {!passed && <PassButton mine={mine} onAnswer={onAnswer} />}
    </form>
  );
}

function Scale({ prompt, mine, onAnswer }: { prompt: PromptView; mine: MyAnswer | null; onAnswer: (answer: AnswerValue) => void }) {
  const t = useTranslations("Answers.phone");
  const low = prompt.labels?.low ?? "";
  const high = prompt.labels?.high ?? "";
  const chosen = mine && "value" in mine.answer ? mine.answer.value : null;
  return (
    <div className="flex flex-col gap-3">
      <fieldset className="flex flex-col gap-1.5">
        <legend className="mb-1.5 font-semibold">{t("scaleGroup", { low, high })}</legend>
        <div className="grid grid-cols-5 gap-2">
          {SCALE.map((value) => (
            <button
              key={value}
              type="button"
              aria-pressed={chosen === value}
              onClick={() => {
                navigator.vibrate?.(15);
                onAnswer({ value });
              }}
              className={`${CHOICE} aspect-square min-h-12 text-2xl tabular-nums`}
            >
              {value}
              <span className="sr-only">
                {" "}
                ({value === SCALE_MIN ? low : value === SCALE_MAX ? high : t("scalePoint", { value })})
              </span>
            </button>
          ))}
        </div>
        <div aria-hidden="true" className="flex justify-between gap-3 text-sm leading-tight text-ink/80">
          <span className="max-w-[45%]">← {low}</span>
          <span className="max-w-[45%] text-right">{high} →</span>
        </div>
      </fieldset>
      <PassButton mine={mine} onAnswer={onAnswer} />
    </div>
  );
}

function Choice({ prompt, mine, onAnswer }: { prompt: PromptView; mine: MyAnswer | null; onAnswer: (answer: AnswerValue) => void }) {
  const t = useTranslations("Answers.phone");
  const chosen = mine && "option" in mine.answer ? mine.answer.option : null;
  return (
    <div className="flex flex-col gap-3">
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 font-semibold">{t("choiceGroup")}</legend>
        {(prompt.options ?? []).map((option, index) => (
          <button
            key={index}
            type="button"
            aria-pressed={chosen === index}
            onClick={() => {
              navigator.vibrate?.(15);
              onAnswer({ option: index });
            }}
            className={`${CHOICE} min-h-13 px-4 py-2 text-left text-lg leading-snug [overflow-wrap:anywhere]`}
          >
            <span className="flex-1">{option}</span>
            {chosen === index && <span aria-hidden="true">✓</span>}
          </button>
        ))}
      </fieldset>
      <PassButton mine={mine} onAnswer={onAnswer} />
    </div>
  );
}

/** What became of the answer, in one calm line: on its way, kept here, sent; or why it did not go. */
function Status({ mine, note }: { mine: MyAnswer | null; note: AnswerNote | null }) {
  const t = useTranslations("Answers.phone");
  const tone = { sending: "bg-sunken text-ink", saved: "bg-warn-soft text-warn", sent: "bg-ok-soft text-ok" } as const;
  return (
    <div role="status" aria-live="polite" data-testid="answer-status">
      {mine ? (
        <p key={mine.state} data-state={mine.state} className={`animate-settle rounded-xl px-3 py-1.5 text-sm leading-snug font-semibold ${tone[mine.state]}`}>
          {t(mine.state)}
        </p>
      ) : note ? (
        <NoteText note={note} />
      ) : null}
    </div>
  );
}

function NoteText({ note }: { note: AnswerNote }) {
  const t = useTranslations("Answers.phone");
  const errorText = useErrorText();
  return (
    <p key={note.n} className="animate-settle rounded-xl bg-sunken px-3 py-1.5 text-sm leading-snug text-ink">
      {note.kind === "closed" ? t("closed") : t("refused", { reason: errorText(note.error) })}
    </p>
  );
}

/** With no prompt to answer: why an answer made here did not go, if one did not. */
export function AnswerNoteLine({ note }: { note: AnswerNote | null }) {
  return (
    // Empty, it takes no room: its negative margin gives back the gap the stage's column puts before it.
    <div role="status" aria-live="polite" data-testid="answer-note" className={note ? "" : "-mt-3"}>
      {note && <NoteText note={note} />}
    </div>
  );
}

/** The results the facilitator revealed, calmly: bars for a scale or a choice, the answers for a reflection. */
function RoomResults({ prompt, results }: { prompt: PromptView; results: PromptResults }) {
  const t = useTranslations("Answers.phone");
  const p = useTranslations("Privacy");
  const words = useShownWords();
  const headingId = useId();
  const rows = resultRows(prompt, results);
  const wall = results.wall.filter((a) => !a.hidden);
  // The server applied the shared k (lib/answers.ts roomResults): counts under k are not numbers here.
  const figures = results.shown;
  const exact = !figures || (figures.answered.kind === "count" && figures.passed.kind === "count");
  return (
    <section aria-labelledby={headingId} data-testid="room-results" className="flex flex-col gap-2 border-t border-line pt-3">
      <div className="flex flex-wrap items-baseline justify-between gap-x-3">
        <h3 id={headingId} className="font-semibold">
          {t("results")}
        </h3>
        <p className="text-sm text-ink/75">
          {exact
            ? t("counts", { answered: results.answered, passed: results.passed })
            : figures.answered.kind === "fewer"
              ? p("display.countsFewer", { k: figures.k })
              : p("display.countsWithheld", { k: figures.k })}
        </p>
      </div>
      {prompt.kind === "reflection" ? (
        wall.length > 0 ? (
          <ul className="flex max-h-72 flex-col gap-2 overflow-y-auto">
            {wall.map((a) => (
              <li
                key={a.id}
                className={`rounded-xl px-3 py-2 font-serif leading-snug whitespace-pre-wrap [overflow-wrap:anywhere] ${a.highlighted ? "bg-accent/15 text-lg font-medium" : "bg-sunken"}`}
              >
                {a.text}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-ink/75">{figures?.waiting ? p("results.waitingWall", { k: figures.k }) : t("emptyWall")}</p>
        )
      ) : (
        <ul className="flex flex-col gap-1.5">
          {rows.map((row, i) => (
            <li key={i} className="flex flex-col gap-0.5">
              <span className="flex items-baseline justify-between gap-2 text-sm">
                <span className="min-w-0 [overflow-wrap:anywhere]">
                  <span className="font-semibold">{row.label}</span>
                  {row.hint && <span className="text-ink/75"> · {row.hint}</span>}
                </span>
                <span className={row.shown.kind === "count" ? "font-semibold tabular-nums" : "text-ink/75"}>{words(row.shown)}</span>
              </span>
              <span aria-hidden="true" className="block h-2.5 overflow-hidden rounded-full bg-ink/10">
                <span className="block h-full rounded-full bg-accent transition-[width] duration-500" style={{ width: `${row.share * 100}%` }} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

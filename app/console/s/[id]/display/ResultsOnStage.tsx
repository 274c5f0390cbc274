"use client";
import { useTranslations } from "next-intl";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import type { PromptResults, PromptView, WallAnswer } from "@/lib/protocol/views";
import { resultRows } from "@/lib/result-rows";
import { useShownWords } from "@/app/_lib/shown-words";
import { MUTED } from "./stage";

/** At most this many answers on the wall: the newest (highlighted ones first); a wall is read at a glance, not scrolled. */
const WALL_MAX = 18;

/** Type on the wall by how many answers share it, in vmin; shrunk further (to MIN_SCALE) while long answers overflow. */
function wallSize(count: number): number {
  return count <= 3 ? 4.6 : count <= 6 ? 4 : count <= 10 ? 3.4 : count <= 14 ? 2.9 : 2.6;
}
const MIN_SCALE = 0.8;

/**
 * The revealed results, for the back of the room: the question, then a
 * scale's or a choice's bars with their labels, or a reflection's answers as
 * a calm wall (highlighted ones larger). Only what the server sent the room:
 * hidden answers never arrive here, and none is shown even if one did.
 * The server has applied the shared k (lib/answers.ts `roomResults`): a count
 * under k reads "fewer than k" with no bar, and a wall with fewer than k
 * answers waits.
 */
export function ResultsOnStage({ prompt, results }: { prompt: PromptView; results: PromptResults }) {
  const t = useTranslations("Answers.display");
  const p = useTranslations("Privacy");
  const figures = results.shown;
  const exact = !figures || (figures.answered.kind === "count" && figures.passed.kind === "count");
  return (
    <section aria-labelledby="results-label" className="flex min-h-0 min-w-0 flex-col gap-[2.5vmin] overflow-hidden" data-testid="results-on-stage">
      <div className="flex flex-col gap-[1vmin] border-l-[0.8vmin] border-current/50 pl-[3vmin]">
        <h2 id="results-label" className={`text-[2.6vmin] font-medium tracking-wide uppercase ${MUTED}`}>
          {t("results")}
          <span className="normal-case" data-testid="stage-counts">
            {" · "}
            {exact
              ? t("counts", { answered: results.answered, passed: results.passed })
              : figures.answered.kind === "fewer"
                ? p("display.countsFewer", { k: figures.k })
                : p("display.countsWithheld", { k: figures.k })}
          </span>
        </h2>
        <p className="line-clamp-2 font-serif text-[4vmin] leading-[1.25] text-pretty [overflow-wrap:anywhere]">{prompt.body}</p>
      </div>
      {prompt.kind !== "reflection" ? (
        <Bars prompt={prompt} results={results} />
      ) : figures?.waiting ? (
        <p className={`text-[3.4vmin] ${MUTED}`} data-testid="stage-wall-waiting">
          {p("results.waitingWall", { k: figures.k })}
        </p>
      ) : (
        <Wall wall={results.wall} />
      )}
    </section>
  );
}

function Bars({ prompt, results }: { prompt: PromptView; results: PromptResults }) {
  const t = useTranslations("Answers.display");
  const p = useTranslations("Privacy.results");
  const words = useShownWords();
  const rows = resultRows(prompt, results);
  const many = rows.length > 4;
  return (
    <ul className={`flex min-h-0 flex-1 flex-col justify-center ${many ? "gap-[2vmin]" : "gap-[3vmin]"}`} data-testid="stage-bars">
      {rows.map((row, i) => (
        <li
          key={i}
          className="grid grid-cols-[minmax(0,0.9fr)_minmax(0,1.6fr)_14vmin] items-center gap-[2.5vmin]"
          data-shown={row.shown.kind}
          aria-label={
            row.shown.kind === "count"
              ? t("bar", { label: row.hint ? `${row.label} (${row.hint})` : row.label, count: row.count })
              : p(row.shown.kind === "fewer" ? "bar" : "barHidden", { label: row.hint ? `${row.label} (${row.hint})` : row.label, k: results.shown?.k ?? 0 })
          }
        >
          <span aria-hidden="true" className={`min-w-0 leading-tight [overflow-wrap:anywhere] ${many ? "text-[3.4vmin]" : "text-[4vmin]"}`}>
            <span className="font-semibold tabular-nums">{row.label}</span>
            {row.hint && <span className={`block text-[2.6vmin] ${MUTED}`}>{row.hint}</span>}
          </span>
          <span aria-hidden="true" className={`block overflow-hidden rounded-full bg-current/15 ${many ? "h-[3.6vmin]" : "h-[4.4vmin]"}`}>
            <span className="block h-full rounded-full bg-current transition-[width] duration-700" style={{ width: `${row.share * 100}%` }} />
          </span>
          {row.shown.kind === "count" ? (
            <span aria-hidden="true" className={`min-w-[5vmin] text-right font-semibold tabular-nums ${many ? "text-[4vmin]" : "text-[4.6vmin]"}`}>
              {row.count}
            </span>
          ) : (
            <span aria-hidden="true" className={`min-w-[5vmin] text-right text-[2.6vmin] leading-tight ${MUTED}`}>
              {words(row.shown)}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

function Wall({ wall }: { wall: WallAnswer[] }) {
  const t = useTranslations("Answers.display");
  const shown = wall.filter((a) => !a.hidden);
  const ordered = [...shown.filter((a) => a.highlighted), ...shown.filter((a) => !a.highlighted)].slice(0, WALL_MAX);
  if (ordered.length === 0) return <p className={`text-[3.4vmin] ${MUTED}`}>{t("emptyWall")}</p>;
  return <FittedWall answers={ordered} />;
}

/**
 * The answers in columns, each answer placed in the shortest column so far
 * (a calm masonry), their type as large as fits: it steps down while a
 * column overflows, and below MIN_SCALE the end fades out instead.
 */
function FittedWall({ answers }: { answers: WallAnswer[] }) {
  const wall = useRef<HTMLDivElement>(null);
  const [scale, setScale] = useState(1);
  const shape = answers.map((a) => `${a.id}:${a.highlighted ? 1 : 0}:${a.text.length}`).join(",");
  useEffect(() => {
    setScale(1);
    const refit = () => setScale(1);
    window.addEventListener("resize", refit);
    return () => window.removeEventListener("resize", refit);
  }, [shape]);
  // Answers change size after the first measure too (the serif face arrives, a push re-renders): measure again then.
  const [, remeasure] = useState(0);
  useEffect(() => {
    const el = wall.current;
    if (!el) return;
    const observer = new ResizeObserver(() => remeasure((n) => n + 1));
    for (const item of el.querySelectorAll("li")) observer.observe(item);
    return () => observer.disconnect();
  }, [shape]);
  useLayoutEffect(() => {
    const columns = wall.current ? [...wall.current.children] : [];
    if (scale <= MIN_SCALE) return;
    if (columns.some((c) => c.scrollHeight > c.clientHeight + 1)) setScale((s) => Math.max(MIN_SCALE, s * 0.9));
  });
  const size = wallSize(answers.length) * scale;
  const count = answers.length <= 2 ? 1 : answers.length <= 6 ? 2 : 3;
  const columns: WallAnswer[][] = Array.from({ length: count }, () => []);
  const heights = new Array<number>(count).fill(0);
  for (const a of answers) {
    const shortest = heights.indexOf(Math.min(...heights));
    columns[shortest]!.push(a);
    heights[shortest]! += 80 + a.text.length * (a.highlighted ? 1.7 : 1);
  }
  const grid = { 1: "grid-cols-1", 2: "grid-cols-2", 3: "grid-cols-3" }[count];
  return (
    <div ref={wall} className={`grid min-h-0 flex-1 grid-rows-[minmax(0,1fr)] gap-[2vmin] overflow-hidden ${grid}`} data-testid="stage-wall">
      {columns.map((column, i) => (
        <ul
          key={i}
          className={`flex min-h-0 flex-col gap-[2vmin] overflow-hidden ${scale <= MIN_SCALE ? "[mask-image:linear-gradient(to_bottom,black_85%,transparent)]" : ""}`}
        >
          {column.map((a) => (
            <li
              key={a.id}
              data-highlighted={a.highlighted || undefined}
              className={`shrink-0 rounded-[1.6vmin] px-[2.4vmin] py-[1.8vmin] font-serif leading-[1.3] whitespace-pre-wrap [overflow-wrap:anywhere] ${
                a.highlighted ? "border-[0.4vmin] border-current/70 bg-current/15 font-medium" : "bg-current/10"
              }`}
              style={{ fontSize: `${a.highlighted ? size * 1.3 : size}vmin` }}
            >
              {a.text}
            </li>
          ))}
        </ul>
      ))}
    </div>
  );
}

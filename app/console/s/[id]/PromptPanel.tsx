"use client";
import { useTranslations } from "next-intl";
import { forwardRef, useState } from "react";
import type { Technique } from "@/lib/content";
import { MAX_CHOICE_OPTION, MAX_CHOICE_OPTIONS, MAX_SCALE_LABEL, MAX_TEMPLATE_TITLE } from "@/lib/library/limits";
import { MAX_PROMPT_BODY, type PromptSource } from "@/lib/protocol/schemas";
import type { PromptView } from "@/lib/protocol/views";
import { PromptCard } from "@/app/_components/PromptCard";
import { button, card, field, pill } from "@/app/_components/ui";

/** A key as the console shows it beside the action it triggers; the action's aria-keyshortcuts tells screen readers. */
export function Kbd({ children, className = "" }: { children: React.ReactNode; className?: string }) {
  return (
    <kbd aria-hidden="true" className={`inline-grid min-w-6 place-items-center rounded-md border border-current/40 px-1.5 font-sans text-xs leading-5 font-semibold ${className}`}>
      {children}
    </kbd>
  );
}

/** What is on every phone now, and the next move: push the next technique (N) or close this one (C). */
export const CurrentPrompt = forwardRef<
  HTMLButtonElement,
  {
    prompt: PromptView | null;
    live: boolean;
    busy: boolean;
    /** What Push next sends: the deck's next prompt or the next technique. */
    next: { name: string } | null;
    onPushNext: () => void;
    onClose: () => void;
    className?: string;
    /** Below the next move: what the room display shows. */
    children?: React.ReactNode;
  }
>(function CurrentPrompt({ prompt, live, busy, next, onPushNext, onClose, className = "", children }, pushNextRef) {
  const t = useTranslations("Console.prompt");
  return (
    <section aria-labelledby="prompt-heading" className={card(`space-y-2 max-sm:p-3 sm:space-y-3 ${className}`)}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-3">
        <h2 id="prompt-heading" className="text-lg font-semibold">
          {t("heading")}
        </h2>
        {prompt && <p className="text-sm font-medium text-ink/80">{t("onPhones")}</p>}
      </div>
      {prompt ? (
        // Below three columns a long prompt is cut to three or four lines (all of it is on the phones), so the next move stays in view.
        <div className="max-sm:[&_p]:line-clamp-3 max-lg:[&_p]:line-clamp-4" title={prompt.body}>
          {/* A question asked on the spot is named by its own first words: the name would only repeat them. */}
          <PromptCard prompt={prompt} size="console" showTitle={prompt.technique !== null || !prompt.body.startsWith(prompt.title.replace(/…$/, ""))} />
        </div>
      ) : (
        <p className="text-sm text-ink/80">{live ? t("none") : t("beforeLive")}</p>
      )}
      {live && (
        <div className="flex flex-wrap items-center gap-2">
          {next && (
            <button ref={pushNextRef} type="button" disabled={busy} onClick={onPushNext} aria-keyshortcuts="N" className={button({ className: "min-w-0 flex-1" })}>
              <span className="min-w-0 flex-1 text-left">
                <span className="block">{t("pushNext")}</span>
                <span className="block truncate text-sm font-normal opacity-90">{next.name}</span>
              </span>
              <Kbd>N</Kbd>
            </button>
          )}
          {prompt && (
            <button type="button" disabled={busy} onClick={onClose} aria-keyshortcuts="C" className={button({ variant: "secondary" })}>
              {t("close")}
              <Kbd className="text-ink/75">C</Kbd>
            </button>
          )}
        </div>
      )}
      {children}
    </section>
  );
});

/** The seed's techniques, each with when to use it, and the facilitator's own words. */
export function Techniques({
  techniques,
  live,
  busy,
  current,
  next,
  onPush,
  className = "",
}: {
  techniques: readonly Technique[];
  live: boolean;
  busy: boolean;
  current: string | null;
  next: string | null;
  onPush: (source: PromptSource) => Promise<boolean>;
  className?: string;
}) {
  const t = useTranslations("Console.prompt");
  const phase = useTranslations("Console.phase");
  return (
    <section aria-labelledby="techniques-heading" className={card(`space-y-3 max-sm:p-3 ${className}`)}>
      <div className="space-y-1">
        <h2 id="techniques-heading" className="text-lg font-semibold">
          {t("techniques")}
        </h2>
        <p className="text-sm text-ink/80">{phase("legend")}</p>
      </div>
      <ul className="space-y-2">
        {techniques.map((technique) => {
          const up = technique.key === current;
          return (
            <li
              key={technique.key}
              className={`flex items-start justify-between gap-3 rounded-xl border p-3 ${up ? "border-accent bg-accent/10" : "border-line/70"}`}
            >
              <div className="min-w-0 space-y-1">
                <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
                  <span className="font-medium">{technique.name}</span>
                  <span className={pill("neutral", "text-xs")} title={phase(`${technique.phase}Hint`)}>
                    {phase(technique.phase)}
                    <span className="sr-only">: {phase(`${technique.phase}Hint`)}</span>
                  </span>
                  {technique.key === next && live && <Kbd className="text-accent-strong">N</Kbd>}
                </p>
                <p className="text-sm text-ink/80 italic">“{technique.script}”</p>
              </div>
              <button
                type="button"
                disabled={!live || busy}
                aria-label={t("pushNamed", { title: technique.name })}
                onClick={() => void onPush({ kind: "technique", technique: technique.key })}
                className={button({ variant: up ? "secondary" : "primary", size: "sm", className: "shrink-0" })}
              >
                {t("push")}
              </button>
            </li>
          );
        })}
      </ul>
      <OwnWords disabled={!live} onPush={(text) => onPush({ kind: "text", text })} />
      <AskTheRoom disabled={!live || busy} onPush={onPush} />
    </section>
  );
}

function OwnWords({ disabled, onPush }: { disabled: boolean; onPush: (text: string) => Promise<boolean> }) {
  const t = useTranslations("Console.prompt");
  const [text, setText] = useState("");
  return (
    <form
      className="space-y-2 border-t border-line/70 pt-3"
      onSubmit={async (event) => {
        event.preventDefault();
        if (await onPush(text)) setText("");
      }}
    >
      <label htmlFor="custom-prompt" className="block font-semibold">
        {t("ownWords")}
      </label>
      <textarea
        id="custom-prompt"
        value={text}
        onChange={(e) => setText(e.target.value)}
        maxLength={MAX_PROMPT_BODY}
        rows={2}
        placeholder={t("ownWordsPlaceholder")}
        className={field()}
      />
      <button type="submit" disabled={disabled || !text.trim()} className={button({ size: "sm" })}>
        {t("pushOwn")}
      </button>
    </form>
  );
}

type AskKind = "reflection" | "scale" | "choice";

/** The options typed one per line: trimmed, blank lines and repeats left out, at most MAX_CHOICE_OPTIONS. */
function optionsOf(typed: string): string[] {
  const seen = new Set<string>();
  const options: string[] = [];
  for (const line of typed.split("\n")) {
    const option = line.trim().slice(0, MAX_CHOICE_OPTION);
    if (!option || seen.has(option.toLocaleLowerCase())) continue;
    seen.add(option.toLocaleLowerCase());
    options.push(option);
  }
  return options.slice(0, MAX_CHOICE_OPTIONS);
}

/** A question on the spot: a reflection, a scale 1–5 or a choice, in the facilitator's own words. */
function AskTheRoom({ disabled, onPush }: { disabled: boolean; onPush: (source: PromptSource) => Promise<boolean> }) {
  const t = useTranslations("Answers.console.ask");
  const kinds = useTranslations("Answers.kinds");
  const [kind, setKind] = useState<AskKind>("reflection");
  const [body, setBody] = useState("");
  const [low, setLow] = useState("");
  const [high, setHigh] = useState("");
  const [typedOptions, setTypedOptions] = useState("");
  const options = optionsOf(typedOptions);
  const ready = body.trim() !== "" && (kind !== "choice" || options.length >= 2);
  return (
    <form
      aria-labelledby="ask-heading"
      className="space-y-2 border-t border-line/70 pt-3"
      onSubmit={async (event) => {
        event.preventDefault();
        if (!ready) return;
        const question = body.trim();
        // The short name the console and the report know it by: the question's first line, cut to fit.
        const firstLine = question.split("\n")[0]!.trim();
        const title = firstLine.length > MAX_TEMPLATE_TITLE ? `${firstLine.slice(0, MAX_TEMPLATE_TITLE - 1).trimEnd()}…` : firstLine;
        const content =
          kind === "scale"
            ? { kind, title, body: question, labels: { low: low.trim() || t("lowDefault"), high: high.trim() || t("highDefault") } }
            : kind === "choice"
              ? { kind, title, body: question, options }
              : { kind, title, body: question };
        if (await onPush({ kind: "content", content })) {
          setBody("");
          setTypedOptions("");
        }
      }}
    >
      <h3 id="ask-heading" className="font-semibold">
        {t("heading")}
      </h3>
      <p className="text-sm text-ink/80">{t("lede")}</p>
      <fieldset className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <legend className="sr-only">{t("kind")}</legend>
        {(["reflection", "scale", "choice"] as const).map((k) => (
          <label key={k} className="inline-flex min-h-9 items-center gap-1.5 text-sm font-medium">
            <input type="radio" name="ask-kind" value={k} checked={kind === k} onChange={() => setKind(k)} className="size-4 accent-accent" />
            {kinds(k)}
          </label>
        ))}
      </fieldset>
      <label htmlFor="ask-question" className="block text-sm font-medium">
        {t("question")}
      </label>
      <textarea
        id="ask-question"
        value={body}
        onChange={(e) => setBody(e.target.value)}
        maxLength={MAX_PROMPT_BODY}
        rows={2}
        placeholder={t("questionPlaceholder")}
        className={field()}
      />
      {kind === "scale" && (
        <div className="grid gap-2 sm:grid-cols-2">
          <label className="block space-y-1 text-sm font-medium">
            <span>{t("low")}</span>
            <input value={low} onChange={(e) => setLow(e.target.value)} maxLength={MAX_SCALE_LABEL} placeholder={t("lowDefault")} className={field()} />
          </label>
          <label className="block space-y-1 text-sm font-medium">
            <span>{t("high")}</span>
            <input value={high} onChange={(e) => setHigh(e.target.value)} maxLength={MAX_SCALE_LABEL} placeholder={t("highDefault")} className={field()} />
          </label>
        </div>
      )}
      {kind === "choice" && (
        <label className="block space-y-1 text-sm font-medium">
          <span>{t("options")}</span>
          <textarea
            value={typedOptions}
            onChange={(e) => setTypedOptions(e.target.value)}
            rows={3}
            placeholder={t("optionsPlaceholder")}
            aria-describedby={typedOptions.trim() && options.length < 2 ? "ask-options-problem" : undefined}
            className={field()}
          />
          {typedOptions.trim() && options.length < 2 && (
            <span id="ask-options-problem" className="block text-warn">
              {t("tooFewOptions")}
            </span>
          )}
        </label>
      )}
      <button type="submit" disabled={disabled || !ready} className={button({ size: "sm" })}>
        {t("push")}
      </button>
    </form>
  );
}

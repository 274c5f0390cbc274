import type { PromptView } from "@/lib/protocol/views";

/**
 * A prompt as a card to read and sit with. Text is rendered as text, never as HTML.
 * `showTitle={false}` leaves the title out (a technique's name is the
 * facilitator's method, not the reader's business); `label` then names the
 * card instead, and `bodyClassName` sizes the words (the phone scales them
 * to their length).
 */
export function PromptCard({
  prompt,
  size = "phone",
  showTitle = true,
  label,
  bodyClassName,
  bodyRef,
  className = "",
  children,
}: {
  prompt: PromptView;
  size?: "phone" | "console";
  showTitle?: boolean;
  label?: string;
  bodyClassName?: string;
  bodyRef?: React.Ref<HTMLParagraphElement>;
  className?: string;
  children?: React.ReactNode;
}) {
  const body = bodyClassName ?? (size === "console" ? "text-lg" : "text-2xl leading-snug");
  const title = showTitle ? prompt.title : label;
  return (
    <article className={`rounded-2xl bg-accent p-5 text-on-accent shadow-md ${className}`.trim()}>
      {title && <h2 className="text-sm font-medium tracking-wide text-on-accent/90 uppercase">{title}</h2>}
      <p ref={bodyRef} className={`mt-2 font-serif whitespace-pre-wrap ${body}`}>“{prompt.body}”</p>
      {children}
    </article>
  );
}

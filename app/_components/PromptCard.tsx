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
  size?: "phone" | "room" | "console";
  showTitle?: boolean;
  label?: string;
  bodyClassName?: string;
  bodyRef?: React.Ref<HTMLParagraphElement>;
  className?: string;
  children?: React.ReactNode;
}) {
  const body = bodyClassName ?? (size === "room" ? "text-5xl leading-tight" : size === "console" ? "text-lg" : "text-2xl leading-snug");
  // On the room display the page is already dark: the card turns light to stand out.
  const card = size === "room" ? "bg-canvas p-8 text-ink" : "bg-accent p-5 text-on-accent";
  const heading = size === "room" ? "text-2xl text-accent-strong" : "text-sm text-on-accent/90";
  const title = showTitle ? prompt.title : label;
  return (
    <article className={`rounded-2xl shadow-md ${card} ${className}`.trim()}>
      {title && <h2 className={`font-medium tracking-wide uppercase ${heading}`}>{title}</h2>}
      <p ref={bodyRef} className={`mt-2 font-serif whitespace-pre-wrap ${body}`}>“{prompt.body}”</p>
      {children}
    </article>
  );
}

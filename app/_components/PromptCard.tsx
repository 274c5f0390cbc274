import type { PromptView } from "@/lib/protocol/views";

/** A prompt as a card to read and sit with. Text is rendered as text, never as HTML. */
export function PromptCard({ prompt, size = "phone" }: { prompt: PromptView; size?: "phone" | "room" | "console" }) {
  const body = size === "room" ? "text-5xl leading-tight" : size === "console" ? "text-lg" : "text-2xl leading-snug";
  // On the room display the page is already dark: the card turns light to stand out.
  const card = size === "room" ? "bg-sand p-8 text-ink" : "bg-calm p-5 text-white";
  const heading = size === "room" ? "text-2xl text-calm-dark" : "text-sm text-white/90";
  return (
    <article className={`rounded-2xl shadow-md ${card}`}>
      <h2 className={`font-medium tracking-wide uppercase ${heading}`}>
        {prompt.title}
      </h2>
      <p className={`mt-2 font-serif whitespace-pre-wrap ${body}`}>“{prompt.body}”</p>
    </article>
  );
}

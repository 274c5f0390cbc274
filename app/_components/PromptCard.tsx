import type { PromptView } from "@/lib/protocol/views";

/** A prompt as a card to read and sit with. Text is rendered as text, never as HTML. */
export function PromptCard({ prompt, size = "phone" }: { prompt: PromptView; size?: "phone" | "room" | "console" }) {
  const body = size === "room" ? "text-5xl leading-tight" : size === "console" ? "text-lg" : "text-2xl leading-snug";
  return (
    <article className="rounded-2xl bg-calm p-5 text-white shadow-md">
      <h2 className={`font-medium tracking-wide text-white/90 uppercase ${size === "room" ? "text-2xl" : "text-sm"}`}>
        {prompt.title}
      </h2>
      <p className={`mt-2 font-serif whitespace-pre-wrap ${body}`}>“{prompt.body}”</p>
    </article>
  );
}

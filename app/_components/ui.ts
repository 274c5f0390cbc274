/**
 * The design system's components as class names, so server and client
 * components share them without a client boundary. Tokens: app/globals.css.
 *
 *   <button className={button({ variant: "primary" })}>Go live</button>
 *   <section className={card()}>…</section>
 */

export type ButtonVariant = "primary" | "secondary" | "danger" | "quiet";
export type ButtonSize = "sm" | "md" | "lg";

const BUTTON_BASE =
  "inline-flex items-center justify-center gap-2 rounded-xl font-semibold transition-colors duration-150 " +
  "disabled:cursor-not-allowed disabled:opacity-50 select-none";

const BUTTON_VARIANTS: Record<ButtonVariant, string> = {
  primary: "bg-accent text-on-accent hover:bg-accent-strong active:bg-accent-strong",
  secondary: "border border-ink/25 bg-raised text-ink hover:bg-sunken active:bg-sunken",
  danger: "border border-danger/50 bg-raised text-danger hover:bg-danger-soft",
  quiet: "text-accent-strong underline underline-offset-4 hover:text-ink",
};

const BUTTON_SIZES: Record<ButtonSize, string> = {
  sm: "min-h-9 px-3 py-1.5 text-sm",
  md: "min-h-11 px-4 py-2 text-base",
  lg: "min-h-12 px-6 py-3 text-lg",
};

export function button({ variant = "primary", size = "md", className = "" }: { variant?: ButtonVariant; size?: ButtonSize; className?: string } = {}): string {
  const sizing = variant === "quiet" ? "text-base" : BUTTON_SIZES[size];
  return `${BUTTON_BASE} ${BUTTON_VARIANTS[variant]} ${sizing} ${className}`.trim();
}

/** A raised surface: panels, cards, the phone's sections. */
export function card(className = ""): string {
  return `rounded-2xl border border-line/60 bg-raised p-5 shadow-sm ${className}`.trim();
}

export type Tone = "neutral" | "live" | "care" | "warn" | "danger";

const PILL_TONES: Record<Tone, string> = {
  neutral: "bg-sunken text-ink",
  live: "bg-ok-soft text-ok",
  care: "bg-care-soft text-care",
  warn: "bg-warn-soft text-warn",
  danger: "bg-danger-soft text-danger",
};

/** A small status label. */
export function pill(tone: Tone = "neutral", className = ""): string {
  return `inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-sm font-medium ${PILL_TONES[tone]} ${className}`.trim();
}

/** Text fields. */
export function field(className = ""): string {
  return `w-full rounded-xl border border-ink/30 bg-raised px-3 py-2 text-ink placeholder:text-ink/60 focus:border-accent ${className}`.trim();
}

/** A note that needs attention (a warning) or an error. */
export function notice(tone: "warn" | "danger" | "care" = "warn", className = ""): string {
  const tones = { warn: "border-warn/40 bg-warn-soft text-warn", danger: "border-danger/40 bg-danger-soft text-danger", care: "border-care/40 bg-care-soft text-care" };
  return `rounded-xl border p-3 text-sm ${tones[tone]} ${className}`.trim();
}

/**
 * Product content taken from the facilitation module "Breakthrough Moments"
 * (shared/seed). Scripts are quoted word for word.
 */

export type Phase = "conditions" | "during" | "after";

export interface Technique {
  key: TechniqueKey;
  name: string;
  /** When the seed says to use it. */
  when: string;
  phase: Phase;
  script: string;
}

export const TECHNIQUE_KEYS = ["gentle-nudge", "reflection", "permission", "integration"] as const;
export type TechniqueKey = (typeof TECHNIQUE_KEYS)[number];

export const TECHNIQUES: readonly Technique[] = [
  {
    key: "gentle-nudge",
    name: "The Gentle Nudge",
    when: "When participants are close to a breakthrough",
    phase: "conditions",
    script: "I can see something is shifting for you. What are you experiencing right now?",
  },
  {
    key: "reflection",
    name: "The Reflection Technique",
    when: "Reflect back what you're observing",
    phase: "during",
    script:
      "I notice your energy has changed. You seem to be having a realization. What's coming up for you?",
  },
  {
    key: "permission",
    name: "The Permission Technique",
    when: "Give them permission to explore",
    phase: "during",
    script: "It's okay to go deeper. What are you noticing? What wants to emerge?",
  },
  {
    key: "integration",
    name: "The Integration Technique",
    when: "Help them process the insight",
    phase: "after",
    script: "That's a powerful realization. How does it feel to see this? What does this mean for you?",
  },
];

export function techniqueByKey(key: TechniqueKey): Technique {
  const technique = TECHNIQUES.find((t) => t.key === key);
  if (!technique) throw new Error(`unknown technique ${key}`);
  return technique;
}

/**
 * One check-in a phone can tap. `key` is what a check-in stores, so it never
 * changes once made (renaming changes `label`). The default palette's words
 * are translated (the catalogue's Common.signals) while their label is the
 * default one; a facilitator's own label or meaning is shown as written.
 */
export interface Signal {
  key: string;
  emoji: string;
  label: string;
  /** One line shown to participants in the meanings dialog; none: the catalogue's (default signals) or nothing. */
  meaning?: string;
}

/** The seed's signs, self-reported: the default check-in palette. */
export const DEFAULT_PALETTE: readonly Signal[] = [
  { key: "energy-shift", emoji: "⚡\uFE0F", label: "Energy shift" },
  { key: "i-see", emoji: "💡", label: "I see!" },
  { key: "need-silence", emoji: "🤫", label: "Need silence" },
  { key: "going-deeper", emoji: "🌊", label: "Going deeper" },
  { key: "moved", emoji: "💗", label: "Moved" },
  { key: "overwhelmed", emoji: "🌀", label: "Overwhelmed" },
  { key: "need-break", emoji: "☕\uFE0F", label: "Need a break" },
  { key: "ready-to-act", emoji: "🚀", label: "Ready to act" },
];

/** The default signal with this key, if the key is a default one. */
export function defaultSignal(key: string): Signal | undefined {
  return DEFAULT_PALETTE.find((s) => s.key === key);
}

/** Shown on the participant's welcome screen (the seed's "Safety and Trust"). */
export const CONFIDENTIALITY_NOTE =
  "This is a confidential space. Your check-ins and answers are anonymous: no name, no account, " +
  "and nothing that identifies you is stored with them. What is shared here stays here.";

/**
 * The default palette's signals that ask the facilitator for care rather than
 * mark a moment: set apart on the console (and, later, the radar's thresholds).
 */
export const CARE_SIGNALS: ReadonlySet<string> = new Set(["need-silence", "overwhelmed", "need-break"]);

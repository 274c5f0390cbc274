/**
 * The built-in prompt library, from the facilitation module "Breakthrough
 * Moments" (shared/seed; a copy beside this file for the tests). The four
 * techniques' scripts come from lib/content.ts, quoted word for word; the
 * other prompts put the seed's lists into questions, and each note says which
 * line of the seed it serves.
 */
import { TECHNIQUES, type TechniqueKey } from "../content";
import type { PromptTemplate } from "./schemas";

/** When to use each technique: the seed's own line first. */
const TECHNIQUE_NOTES: Record<TechniqueKey, string> = {
  "gentle-nudge": "When participants are close to a breakthrough: an early sign, such as an energy shift, and no words yet.",
  reflection: "Reflect back what you're observing: when their energy has changed and a realization seems near.",
  permission: "Give them permission to explore: when someone is at the edge of going deeper and holding back.",
  integration: "Help them process the insight: right after a breakthrough, before moving on.",
};

const techniqueTemplates = TECHNIQUES.map(
  (technique): PromptTemplate & { key: `technique-${TechniqueKey}` } => ({
    key: `technique-${technique.key}`,
    kind: "script",
    title: technique.name,
    body: technique.script,
    phase: technique.phase,
    technique: technique.key,
    note: TECHNIQUE_NOTES[technique.key],
  }),
);

/** Keeps each key's literal type, so a deck naming a missing key fails to compile. */
function library<K extends string>(templates: readonly (PromptTemplate & { key: K })[]): readonly (PromptTemplate & { key: K })[] {
  return templates;
}

const conditions = library([
  {
    key: "confidentiality-agreement",
    kind: "choice",
    title: "Confidentiality agreement",
    body: "What is shared here stays here. We listen without judgment and keep each other's privacy. Can you agree to this?",
    options: ["I agree", "I have a question first"],
    phase: "conditions",
    note: "At the start, before anything personal is shared (\"Confidentiality - privacy and discretion\"); answer any question first.",
  },
  {
    key: "no-right-answers",
    kind: "script",
    title: "No right answers",
    body: "There are no right answers here. Whatever emerges is welcome, and you may pass on any question.",
    phase: "conditions",
    note: "At the start, for a non-judgmental space and permission to explore (\"Acceptance - accepting whatever emerges\").",
  },
  {
    key: "readiness-check",
    kind: "scale",
    title: "Readiness to explore",
    body: "How ready do you feel to explore today?",
    labels: { low: "Not yet", high: "Ready to go deeper" },
    phase: "conditions",
    note: "Before going deeper, to see whether people feel safe to explore; if many are low, slow down and build trust.",
  },
  {
    key: "open-question",
    kind: "reflection",
    title: "Open-ended question",
    body: "What would you like to explore today?",
    phase: "conditions",
    note: "Early on, to invite exploration with a question that has no right answer (\"Open-ended questions\").",
  },
]);

const during = library([
  {
    key: "take-your-time",
    kind: "script",
    title: "Take your time",
    body: "Take your time. There is nothing you need to say yet; let it emerge.",
    phase: "during",
    note: "During a breakthrough, when words would interrupt (\"Use silence - allow time for the insight to emerge\").",
  },
  {
    key: "whats-shifting",
    kind: "choice",
    title: "What is shifting",
    body: "What is happening for you right now?",
    options: ["I see myself more clearly", "Something makes sense now", "Something moves me", "I know what I want to do", "Nothing yet"],
    phase: "during",
    note: "When the room shifts, to learn which kind of breakthrough it is: awareness, insight, emotional or action.",
  },
]);

const after = library([
  {
    key: "clarification",
    kind: "reflection",
    title: "Clarification",
    body: "What became clear to you? Put it in one sentence.",
    phase: "after",
    breakthrough: "insight",
    note: "After a breakthrough, to help them understand what happened (\"Clarification\").",
  },
  {
    key: "pattern-recognition",
    kind: "reflection",
    title: "Pattern recognition",
    body: "Where else in your life does this pattern show up?",
    phase: "after",
    breakthrough: "awareness",
    note: "After an insight about themselves, to widen it (\"Pattern recognition - seeing recurring patterns\").",
  },
  {
    key: "acceptance",
    kind: "reflection",
    title: "Acceptance",
    body: "What are you ready to accept, or to let go of?",
    phase: "after",
    breakthrough: "emotional",
    note: "After tears, relief or laughter (\"Acceptance - accepting what is\"); offer it gently, passing is fine.",
  },
  {
    key: "action-planning",
    kind: "reflection",
    title: "Action planning",
    body: "What is one step you will take with this insight, and when?",
    phase: "after",
    breakthrough: "action",
    note: "Once the insight has settled, to support them in deciding next steps (\"Action planning\").",
  },
  {
    key: "commitment",
    kind: "scale",
    title: "Commitment",
    body: "How committed do you feel to this step?",
    labels: { low: "Still deciding", high: "Fully committed" },
    phase: "after",
    breakthrough: "action",
    note: "After action planning, to see how firm the decisions about next steps are (\"Commitment\").",
  },
  {
    key: "celebration",
    kind: "script",
    title: "Celebration",
    body: "Take a moment to acknowledge what just happened. This insight is yours, and it matters.",
    phase: "after",
    note: "To acknowledge the significance of the moment; the credit is theirs, not yours (\"Celebration\").",
  },
  {
    key: "gratitude",
    kind: "reflection",
    title: "Gratitude",
    body: "What are you grateful for from this session?",
    phase: "after",
    note: "At the close, to let people express appreciation for the experience (\"Gratitude\").",
  },
]);

/** For practice rounds among facilitators in training (the seed's exercises). */
const practice = library([
  {
    key: "first-sign",
    kind: "choice",
    title: "First sign noticed",
    body: "Which sign did you notice first?",
    // The seed's "Early Signs", word for word.
    options: ["Energy shifts", "Body language changes", "Voice changes", "Eye contact changes"],
    phase: "after",
    breakthrough: "awareness",
    note: "After a practice round, to sharpen attention to the early signs of a breakthrough (Exercise 1).",
  },
  {
    key: "subtle-change",
    kind: "reflection",
    title: "Subtle change",
    body: "What subtle change did you notice in the other person, and what did it tell you?",
    phase: "after",
    breakthrough: "awareness",
    note: "After a practice round of noticing subtle changes in others (Exercise 1).",
  },
  {
    key: "staying-present",
    kind: "scale",
    title: "Staying present",
    body: "How present and attentive were you able to stay?",
    labels: { low: "Often distracted", high: "Fully present" },
    phase: "after",
    note: "After a practice round, for facilitators to check their own presence (\"Practice staying present and attentive\").",
  },
  {
    key: "technique-that-helped",
    kind: "choice",
    title: "Technique that helped",
    body: "Which technique helped you most?",
    options: TECHNIQUES.map((technique) => technique.name),
    phase: "after",
    note: "After trying different techniques and approaches, to learn which one served (Exercise 2).",
  },
  {
    key: "facilitation-feedback",
    kind: "reflection",
    title: "Feedback on the facilitation",
    body: "What did your facilitator do that helped you go deeper?",
    phase: "after",
    note: "After a facilitation round, so the facilitator gets feedback, anonymously (\"Get feedback on your facilitation\").",
  },
  {
    key: "own-style",
    kind: "reflection",
    title: "Your own style",
    body: "What do you want to keep in your own style of facilitating?",
    phase: "after",
    note: "At the end of a facilitation practice (\"Develop your own style and approach\").",
  },
]);

/**
 * Every built-in template: the techniques first, then the rest in the order of
 * a session (conditions, during, after), practice rounds last.
 */
export const BUILT_IN_TEMPLATES = [...techniqueTemplates, ...conditions, ...during, ...after, ...practice];
export type BuiltInKey = (typeof BUILT_IN_TEMPLATES)[number]["key"];

const byKey: ReadonlyMap<string, PromptTemplate> = new Map(BUILT_IN_TEMPLATES.map((template) => [template.key, template]));

export function builtInTemplate(key: BuiltInKey): PromptTemplate;
export function builtInTemplate(key: string): PromptTemplate | undefined;
export function builtInTemplate(key: string): PromptTemplate | undefined {
  return byKey.get(key);
}

/** The template that carries a technique's script. */
export function techniqueTemplate(technique: TechniqueKey): PromptTemplate {
  return builtInTemplate(`technique-${technique}`);
}

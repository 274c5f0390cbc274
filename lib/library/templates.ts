/**
 * Session templates: the seed's three practice exercises, each a ready deck
 * of built-in prompts. Descriptions are the exercises' own lines.
 */
import type { BuiltInKey } from "./prompts";
import type { SessionTemplate } from "./schemas";

export interface BuiltInSessionTemplate extends SessionTemplate {
  deck: BuiltInKey[];
}

export const BUILT_IN_SESSION_TEMPLATES: readonly BuiltInSessionTemplate[] = [
  {
    key: "breakthrough-awareness",
    title: "Breakthrough Awareness",
    description:
      "Exercise 1. Practice noticing subtle changes in others. Develop sensitivity to energy shifts. " +
      "Learn to recognize early signs of breakthroughs. Practice staying present and attentive.",
    deck: ["confidentiality-agreement", "readiness-check", "first-sign", "subtle-change", "staying-present", "gratitude"],
  },
  {
    key: "breakthrough-facilitation",
    title: "Breakthrough Facilitation",
    description:
      "Exercise 2. Practice facilitating breakthrough moments. Use different techniques and approaches. " +
      "Get feedback on your facilitation. Develop your own style and approach.",
    deck: [
      "confidentiality-agreement",
      "no-right-answers",
      "technique-gentle-nudge",
      "technique-reflection",
      "take-your-time",
      "technique-permission",
      "technique-integration",
      "technique-that-helped",
      "facilitation-feedback",
      "own-style",
    ],
  },
  {
    key: "breakthrough-integration",
    title: "Breakthrough Integration",
    description:
      "Exercise 3. Practice helping others integrate insights. Learn to support the processing of breakthroughs. " +
      "Develop techniques for action planning. Practice celebrating and acknowledging growth.",
    deck: [
      "confidentiality-agreement",
      "open-question",
      "technique-integration",
      "clarification",
      "action-planning",
      "commitment",
      "celebration",
      "gratitude",
    ],
  },
];

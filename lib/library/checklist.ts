/**
 * Before going live: the seed's "Creating Breakthrough-Friendly Environments"
 * as checks for the facilitator. Each starts with the seed's own words, then
 * says what it asks of a session run with phones and a room display.
 */

export const ENVIRONMENTS = ["physical", "emotional", "psychological"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export interface ChecklistItem {
  key: string;
  environment: Environment;
  text: string;
}

export const GO_LIVE_CHECKLIST: readonly ChecklistItem[] = [
  { key: "comfortable-space", environment: "physical", text: "Comfortable space: physical comfort and safety, in the room and for those joining remotely." },
  { key: "privacy", environment: "physical", text: "Privacy: a confidential setting; only the group sees the room display or your shared screen." },
  { key: "minimal-distractions", environment: "physical", text: "Minimal distractions: a quiet, focused environment; notifications off on your devices." },
  { key: "appropriate-lighting", environment: "physical", text: "Appropriate lighting: soft and comfortable, with the room display still easy to read." },
  { key: "safety", environment: "emotional", text: "Safety: a non-judgmental and accepting atmosphere; every prompt can be passed." },
  { key: "trust", environment: "emotional", text: "Trust: rapport with the group before you invite anyone to go deeper." },
  { key: "confidentiality", environment: "emotional", text: "Confidentiality: the note on the phones' welcome screen says what stays in the room." },
  { key: "support", environment: "emotional", text: "Support: you know how you will respond to someone who is overwhelmed or needs a break." },
  { key: "permission", environment: "emotional", text: "Permission: encouragement to explore deeply, and to pass." },
  { key: "openness", environment: "psychological", text: "Openness: an open-ended question early in the deck invites people to explore and discover." },
  { key: "curiosity", environment: "psychological", text: "Curiosity: genuine interest in their experience, not in a result." },
  { key: "patience", environment: "psychological", text: "Patience: time in the plan for insights to emerge, and for silence." },
  { key: "time-for-integration", environment: "psychological", text: "Time for integration: room in the deck after each moment, so no one is moved on too quickly." },
  { key: "acceptance", environment: "psychological", text: "Acceptance: you are ready to accept whatever arises." },
];

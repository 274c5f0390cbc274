/**
 * k per audience (lib/anonymity.ts has the rules that use it). On its own,
 * without zod, so a phone can say "shown from k people" without pulling in
 * the settings' schema.
 */

/** Where a figure is shown: the facilitator's own console, or anything that can be projected or shared. */
export type Audience = "console" | "shared";

/** The lowest k a session may set, per audience. */
export const K_FLOOR: Readonly<Record<Audience, number>> = { console: 3, shared: 5 };

/** The k for an audience; never below its floor, whatever the settings say. */
export function kFor(audience: Audience, settings: { consoleK: number; sharedK: number } = { consoleK: K_FLOOR.console, sharedK: K_FLOOR.shared }): number {
  const k = audience === "console" ? settings.consoleK : settings.sharedK;
  return Math.max(K_FLOOR[audience], Number.isFinite(k) ? Math.floor(k) : K_FLOOR[audience]);
}

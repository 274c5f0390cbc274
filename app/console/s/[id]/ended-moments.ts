/**
 * What an ended session's summary lists under "Moments": its stored session
 * events (server/domain/room.ts — confirmed moments, care cues, held
 * silences), as plain figures for the page. Room-level figures only: no event
 * holds a phone or a participant. k is applied where they are shown
 * (EndedSummary, the console's k).
 */

export type EndedMoment =
  | { kind: "moment"; at: number; phones: number; present: number; signals: string[] }
  | { kind: "care"; at: number; signal: string; holders: number; present: number }
  | { kind: "silence"; at: number; heldMs: number };

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const record = (v: unknown): Record<string, unknown> => (v && typeof v === "object" ? (v as Record<string, unknown>) : {});

/** The events worth listing, oldest first; anything unreadable is left out. */
export function endedMoments(events: readonly { kind: string; at: number; data: unknown }[]): EndedMoment[] {
  const moments: EndedMoment[] = [];
  for (const event of events) {
    const data = record(event.data);
    if (event.kind === "moment") {
      const evidence = record(data.evidence);
      const phones = num(evidence.phones);
      const present = num(evidence.present);
      if (phones === null || present === null) continue;
      const bySignal = Object.entries(record(evidence.bySignal)).filter(([, n]) => (num(n) ?? 0) > 0);
      bySignal.sort(([a, x], [b, y]) => (num(y) ?? 0) - (num(x) ?? 0) || a.localeCompare(b));
      moments.push({ kind: "moment", at: event.at, phones, present, signals: bySignal.map(([s]) => s) });
    } else if (event.kind === "care") {
      const holders = num(data.holders);
      const present = num(data.present);
      if (typeof data.signal !== "string" || holders === null || present === null) continue;
      moments.push({ kind: "care", at: event.at, signal: data.signal, holders, present });
    } else if (event.kind === "silence") {
      const startedAt = num(data.startedAt);
      const endedAt = num(data.endedAt);
      if (startedAt === null || endedAt === null) continue;
      moments.push({ kind: "silence", at: startedAt, heldMs: Math.max(0, endedAt - startedAt) });
    }
  }
  return moments.sort((a, b) => a.at - b.at);
}

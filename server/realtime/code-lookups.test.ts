import { describe, expect, it } from "vitest";
import type { Sessions } from "../domain/sessions.ts";
import { ManualClock } from "../live/clock.ts";
import { sharedCodeLookups } from "./index.ts";

type Row = Awaited<ReturnType<Sessions["findByCode"]>>;

function countingSessions(answer: () => Row) {
  const reads: string[] = [];
  const sessions = {
    findByCode: async (code: string) => {
      reads.push(code);
      return answer();
    },
  } as unknown as Sessions;
  return { sessions, reads };
}

const row = { id: "s1", ownerId: "o", title: "T", status: "live", joinCode: "ABCDEF", palette: "[]", startedAt: null, endedAt: null };

describe("sharedCodeLookups", () => {
  it("shares a lookup on its way and holds a found session for a second", async () => {
    const clock = new ManualClock();
    const { sessions, reads } = countingSessions(() => row);
    const shared = sharedCodeLookups(sessions, clock, 1_000);
    await Promise.all([shared.findByCode("ABCDEF"), shared.findByCode("ABCDEF")]);
    expect(reads).toHaveLength(1);
    await clock.advance(999);
    expect(await shared.findByCode("ABCDEF")).toBe(row);
    expect(reads).toHaveLength(1);
    await clock.advance(1);
    await shared.findByCode("ABCDEF");
    expect(reads).toHaveLength(2);
  });

  it("does not hold a code that found nothing: a session that just went live is found at once", async () => {
    const clock = new ManualClock();
    let found: Row = null;
    const { sessions, reads } = countingSessions(() => found);
    const shared = sharedCodeLookups(sessions, clock, 1_000);
    expect(await shared.findByCode("ABCDEF")).toBeNull();
    found = row;
    expect(await shared.findByCode("ABCDEF")).toBe(row);
    expect(reads).toHaveLength(2);
  });
});

import { describe, expect, it } from "vitest";
import { anonymitySettingsSchema, kFor, roomPulse, showCount, showGroups, showParts, showShare, showSize, type AnonymitySettings, type GroupFigures, type ShownParts } from "./anonymity";
import { CARE_SIGNALS, DEFAULT_PALETTE } from "./content";
import { fixture } from "./radar/fixtures";
import type { Pulse } from "./pulse";
import { roomWeather } from "./weather";

const PALETTE = DEFAULT_PALETTE.map((s) => s.key);

describe("k", () => {
  it("is 3 on the private console and 5 on anything projected or shared, by default", () => {
    expect(kFor("console")).toBe(3);
    expect(kFor("shared")).toBe(5);
  });

  it("can be raised per session, never lowered below those floors", () => {
    const raised = anonymitySettingsSchema.parse({ consoleK: 4, sharedK: 8 });
    expect([kFor("console", raised), kFor("shared", raised)]).toEqual([4, 8]);
    expect(anonymitySettingsSchema.safeParse({ consoleK: 2 }).success).toBe(false);
    expect(anonymitySettingsSchema.safeParse({ sharedK: 4 }).success).toBe(false);
    expect(anonymitySettingsSchema.safeParse({ consoleK: 6, sharedK: 5 }).success).toBe(false);
    // Even settings that slipped past the schema cannot lower k.
    const bogus = { consoleK: 1, sharedK: Number.NaN } as AnonymitySettings;
    expect([kFor("console", bogus), kFor("shared", bogus)]).toEqual([3, 5]);
  });
});

describe("one figure", () => {
  it("reads 'someone is overwhelmed' for a lone Overwhelmed in a group of four, on the console", () => {
    expect(showCount(1, 4, kFor("console"), { someone: true })).toEqual({ kind: "someone" });
  });

  it("shows nothing of a group of four on the room display", () => {
    expect(showCount(1, 4, kFor("shared"), { someone: true })).toEqual({ kind: "hidden" });
    expect(showCount(4, 4, kFor("shared"))).toEqual({ kind: "hidden" });
  });

  it("never shows 1 or 2 as a number: 'fewer than k'", () => {
    expect(showCount(1, 20, 3)).toEqual({ kind: "fewer", k: 3 });
    expect(showCount(2, 20, 3)).toEqual({ kind: "fewer", k: 3 });
    expect(showCount(3, 20, 3)).toEqual({ kind: "count", count: 3 });
    expect(showCount(0, 20, 3)).toEqual({ kind: "count", count: 0 });
  });

  it("never shows more people than the group holds", () => {
    expect(showCount(30, 20, 3)).toEqual({ kind: "count", count: 20 });
  });

  it("shows sizes from k up, and shares only from k up, rounded to 10 %", () => {
    expect(showSize(2, 3)).toEqual({ kind: "fewer", k: 3 });
    expect(showSize(12, 3)).toEqual({ kind: "count", count: 12 });
    expect(showShare(7, 24, 5)).toEqual({ kind: "share", percent: 30 });
    expect(showShare(4, 24, 5)).toEqual({ kind: "hidden" });
  });
});

/** Figures per group from the weather: phones holding a state, distinct phones tapping a momentary signal. */
function figures(name: string, audience: "console" | "shared") {
  const f = fixture(name);
  const t = f.readAt ?? f.end;
  const groups: GroupFigures[] = Object.entries(f.groups ?? {}).map(([group, phones]) => {
    const members = new Set(phones);
    const w = roomWeather(f.checkIns.filter((c) => c.phone !== undefined && members.has(c.phone)), PALETTE, phones.length, t);
    const counts = Object.fromEntries(Object.entries(w.signals).map(([s, sw]) => [s, sw.nature === "state" ? sw.level : sw.raw.phones]));
    return { group, size: phones.length, counts };
  });
  return showGroups(groups, kFor(audience), CARE_SIGNALS);
}

describe("groups side by side (in the room, remote)", () => {
  it("small-groups: two remote phones show no counts, and neither does the room, so the total cannot be used to work them out", () => {
    const shown = figures("small-groups", "console");
    const remote = shown.groups.find((g) => g.group === "remote")!;
    const room = shown.groups.find((g) => g.group === "room")!;
    expect(remote.size).toEqual({ kind: "hidden" });
    expect(Object.values(remote.counts).every((c) => c.kind === "hidden")).toBe(true);
    expect(room.size).toEqual({ kind: "hidden" });
    expect(Object.values(room.counts).every((c) => c.kind === "hidden")).toBe(true);
    // The whole room of 11: two overwhelmed read "someone", four I see! a count.
    expect(shown.total.size).toEqual({ kind: "count", count: 11 });
    expect(shown.total.counts.overwhelmed).toEqual({ kind: "someone" });
    expect(shown.total.counts["need-break"]).toEqual({ kind: "someone" });
    expect(shown.total.counts["i-see"]).toEqual({ kind: "count", count: 4 });
  });

  it("small-groups on the room display: nothing below 5 is a number anywhere", () => {
    const shown = figures("small-groups", "shared");
    const all = [shown.total, ...shown.groups].flatMap((g) => Object.values(g.counts));
    for (const cell of all) if (cell.kind === "count") expect(cell.count === 0 || cell.count >= 5).toBe(true);
    expect(shown.total.counts["i-see"]).toEqual({ kind: "fewer", k: 5 });
  });

  it("shows both groups when both are at least k, each cell by its own rule", () => {
    const shown = showGroups(
      [
        { group: "room", size: 12, counts: { overwhelmed: 1, "i-see": 4 } },
        { group: "remote", size: 4, counts: { overwhelmed: 1, "i-see": 0 } },
      ],
      3,
      CARE_SIGNALS,
    );
    expect(shown.groups.map((g) => g.counts.overwhelmed)).toEqual([{ kind: "someone" }, { kind: "someone" }]);
    expect(shown.groups.map((g) => g.counts["i-see"])).toEqual([
      { kind: "count", count: 4 },
      { kind: "count", count: 0 },
    ]);
    expect(shown.total.counts["i-see"]).toEqual({ kind: "count", count: 4 });
  });

  it("withholds a total that, minus the exact cells beside it, would give away a count below k", () => {
    const shown = showGroups(
      [
        { group: "room", size: 12, counts: { overwhelmed: 3 } },
        { group: "remote", size: 4, counts: { overwhelmed: 1 } },
      ],
      3,
      CARE_SIGNALS,
    );
    expect(shown.groups[0].counts.overwhelmed).toEqual({ kind: "count", count: 3 });
    expect(shown.groups[1].counts.overwhelmed).toEqual({ kind: "someone" });
    expect(shown.total.counts.overwhelmed).toEqual({ kind: "hidden" }); // 4 − 3 = 1 would point at the remote one
  });

  it("withholds a total that would pin two 'fewer than k' cells together (2 + 2 = 4), and any total beside such a cell", () => {
    const shown = showGroups(
      [
        { group: "room", size: 10, counts: { moved: 2, "i-see": 2 } },
        { group: "remote", size: 10, counts: { moved: 2, "i-see": 6 } },
      ],
      3,
    );
    expect(shown.groups.map((g) => g.counts.moved)).toEqual([{ kind: "fewer", k: 3 }, { kind: "fewer", k: 3 }]);
    expect(shown.total.counts.moved).toEqual({ kind: "hidden" });
    // The same screen whatever the hidden cell holds: 8 − 6 would give the room's 2 away.
    expect(shown.total.counts["i-see"]).toEqual({ kind: "hidden" });
  });

  it("never lets the total tell a hidden number: every 'fewer' cell could still be two values, for every small case", () => {
    const k = 3;
    for (let a = 0; a <= 6; a++)
      for (let b = 0; b <= 6; b++) {
        const shown = showGroups(
          [
            { group: "room", size: 8, counts: { moved: a } },
            { group: "remote", size: 8, counts: { moved: b } },
          ],
          k,
        );
        const screen = JSON.stringify([shown.total.counts.moved, ...shown.groups.map((g) => g.counts.moved)]);
        // Every (a', b') that gives the same screen: each non-exact cell must be ambiguous among them.
        const same: [number, number][] = [];
        for (let x = 0; x <= 6; x++)
          for (let y = 0; y <= 6; y++) {
            const other = showGroups(
              [
                { group: "room", size: 8, counts: { moved: x } },
                { group: "remote", size: 8, counts: { moved: y } },
              ],
              k,
            );
            if (JSON.stringify([other.total.counts.moved, ...other.groups.map((g) => g.counts.moved)]) === screen) same.push([x, y]);
          }
        if (a > 0 && a < k) expect(new Set(same.map(([x]) => x)).size, `room ${a}, remote ${b}`).toBeGreaterThan(1);
        if (b > 0 && b < k) expect(new Set(same.map(([, y]) => y)).size, `room ${a}, remote ${b}`).toBeGreaterThan(1);
      }
  });

  it("hides the next-smallest group too when the total and all but one group would reveal it", () => {
    const shown = showGroups(
      [
        { group: "a", size: 10, counts: { moved: 5 } },
        { group: "b", size: 11, counts: { moved: 6 } },
        { group: "c", size: 2, counts: { moved: 1 } },
      ],
      3,
    );
    expect(shown.groups.map((g) => g.size.kind)).toEqual(["hidden", "count", "hidden"]);
    expect(shown.groups[1].counts.moved).toEqual({ kind: "count", count: 6 });
    // What can be subtracted now (a and c together: 12 people, 6 moved) is a group of k or more.
    expect(shown.total.counts.moved).toEqual({ kind: "count", count: 12 });
  });

  it("lets a total stand beside an empty group (phones that said nothing of where they are: none)", () => {
    const shown = showGroups(
      [
        { group: "room", size: 3, counts: { moved: 3 } },
        { group: "remote", size: 3, counts: { moved: 3 } },
        { group: "unsaid", size: 0, counts: {} },
      ],
      3,
    );
    expect(shown.total.counts.moved).toEqual({ kind: "count", count: 6 });
  });

  it("shows an empty group as empty: nobody to protect", () => {
    const shown = showGroups(
      [
        { group: "room", size: 8, counts: { moved: 3 } },
        { group: "remote", size: 0, counts: {} },
      ],
      3,
    );
    expect(shown.groups[1].size).toEqual({ kind: "count", count: 0 });
    expect(shown.groups[0].counts.moved).toEqual({ kind: "count", count: 3 });
  });
});

describe("parts of a whole (a choice's options, a scale's points)", () => {
  it("shows a lone answer on a shared screen as 'fewer than 5', and then withholds the total", () => {
    expect(showParts([12, 1, 0], 5)).toEqual({
      total: { kind: "hidden" },
      parts: [{ kind: "count", count: 12 }, { kind: "fewer", k: 5 }, { kind: "count", count: 0 }],
    });
  });

  it("shows every part and the total when none is below k", () => {
    expect(showParts([5, 0, 7], 5)).toEqual({
      total: { kind: "count", count: 12 },
      parts: [{ kind: "count", count: 5 }, { kind: "count", count: 0 }, { kind: "count", count: 7 }],
    });
  });

  it("shows nothing of a whole smaller than k but that it is", () => {
    expect(showParts([1, 2], 5)).toEqual({ total: { kind: "fewer", k: 5 }, parts: [{ kind: "hidden" }, { kind: "hidden" }] });
    expect(showParts([0, 0], 5).total).toEqual({ kind: "count", count: 0 });
  });

  it("withholds the total whenever any part is below k, whatever the hidden parts hold together", () => {
    // Showing it when they hold k or more (2 + 3) but not when they could only be 4 + 4 would itself tell.
    expect(showParts([10, 2, 3], 5).total).toEqual({ kind: "hidden" });
    expect(showParts([10, 4, 4], 5).total).toEqual({ kind: "hidden" });
  });

  /** Every way `shown` could have come about: all vectors of n parts, each 0 … max. */
  function* vectors(n: number, max: number): Generator<number[]> {
    if (n === 0) {
      yield [];
      return;
    }
    for (const rest of vectors(n - 1, max)) for (let c = 0; c <= max; c++) yield [...rest, c];
  }

  it.each([
    [3, 3, 9],
    [3, 4, 7],
    [5, 3, 11],
    [5, 4, 8],
    [5, 5, 6],
  ])("no part below k can be worked out from what is shown (k %i, %i parts, counts 0 to %i)", (k, n, max) => {
    const seen = new Map<string, number[][]>();
    for (const v of vectors(n, max)) {
      const key = JSON.stringify(showParts(v, k));
      const same = seen.get(key);
      if (same) same.push(v);
      else seen.set(key, [v]);
    }
    for (const [key, same] of seen) {
      const shown = JSON.parse(key) as ShownParts;
      // Nothing below k is ever a number.
      for (const cell of [shown.total, ...shown.parts]) if (cell.kind === "count") expect(cell.count === 0 || cell.count >= k).toBe(true);
      // Every part not shown as a number could be at least two numbers, given the rest (counts up to max keep
      // the enumeration finite; a part's value is open upward anyway, so only the cases inside it are checked).
      shown.parts.forEach((cell, i) => {
        if (cell.kind === "count") return;
        const values = new Set(same.map((v) => v[i]));
        expect(values.size, `${key}: part ${i} is always ${[...values]}`).toBeGreaterThanOrEqual(2);
      });
    }
  });
});

describe("the pulse on the room display", () => {
  const pulse = (recent: Record<string, number>, present: number): Pulse => ({
    at: 0,
    present,
    windowMs: 60_000,
    recent,
    total: { ...recent, moved: 9 },
    recentCount: Object.values(recent).reduce((n, c) => n + c, 0),
    totalCount: 99,
    trend: [3, 1, 7],
    bucketMs: 30_000,
    trendStartAt: 0,
  });

  it("sends no signal's taps below k, and sums only what it sends", () => {
    const shown = roomPulse(pulse({ "i-see": 6, overwhelmed: 1, moved: 0 }, 20), 5);
    expect(shown.recent).toEqual({ "i-see": 6, overwhelmed: 0, moved: 0 });
    expect(shown.recentCount).toBe(6);
    expect(shown.total).toEqual({ "i-see": 0, overwhelmed: 0, moved: 0 });
    expect([shown.totalCount, ...shown.trend]).toEqual([0, 0, 0, 0]);
  });

  it("counts phones, not taps, when it knows them: one phone tapping six times shows nothing", () => {
    expect(roomPulse(pulse({ "i-see": 6 }, 20), 5, { "i-see": 1 }).recent["i-see"]).toBe(0);
    expect(roomPulse(pulse({ "i-see": 6 }, 20), 5, { "i-see": 5 }).recent["i-see"]).toBe(6);
  });

  it("shows nothing of a room smaller than k", () => {
    expect(roomPulse(pulse({ "i-see": 6 }, 4), 5).recentCount).toBe(0);
  });
});

import { describe, expect, it, vi } from "vitest";
import { Batcher } from "./batch.ts";

describe("Batcher", () => {
  it("runs what is asked for in one turn as one batch, and answers each caller", async () => {
    const batches: number[][] = [];
    const doubler = new Batcher<number, number>(async (items) => {
      batches.push(items);
      return items.map((n) => n * 2);
    });
    const results = await Promise.all([1, 2, 3].map((n) => doubler.run(n)));
    expect(results).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it("splits at its maximum size", async () => {
    const sizes: number[] = [];
    const batcher = new Batcher<number, number>(async (items) => {
      sizes.push(items.length);
      return items;
    }, 4);
    await Promise.all(Array.from({ length: 10 }, (_, i) => batcher.run(i)));
    expect(sizes).toEqual([4, 4, 2]);
  });

  it("when a batch fails, fails only the item at fault", async () => {
    const batcher = new Batcher<number, number>(async (items) => {
      if (items.includes(13)) throw new Error("unlucky");
      return items;
    });
    const results = await Promise.allSettled([12, 13, 14].map((n) => batcher.run(n)));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  });

  it("fails every caller whose batch answered the wrong number of results", async () => {
    const batcher = new Batcher<number, number>(async () => []);
    await expect(batcher.run(1)).rejects.toThrow(/answered 0 results/);
  });
});

describe("Batcher with a gap", () => {
  it("sends a lone item at once, and holds those that follow within the gap for one batch", async () => {
    const batches: number[][] = [];
    const batcher = new Batcher<number, number>(
      async (items) => {
        batches.push(items);
        return items;
      },
      500,
      60_000,
    );
    vi.useFakeTimers();
    try {
      const first = batcher.run(1);
      await vi.advanceTimersToNextTimerAsync();
      await first;
      expect(batches).toEqual([[1]]);
      const later = [2, 3, 4].map((n) => batcher.run(n));
      await vi.advanceTimersByTimeAsync(59_000);
      expect(batches).toEqual([[1]]);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(await Promise.all(later)).toEqual([2, 3, 4]);
      expect(batches).toEqual([[1], [2, 3, 4]]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("does not wait for the gap once a batch is full", async () => {
    const sizes: number[] = [];
    const batcher = new Batcher<number, number>(
      async (items) => {
        sizes.push(items.length);
        return items;
      },
      3,
      60_000,
    );
    await batcher.run(0);
    await Promise.all([1, 2, 3].map((n) => batcher.run(n)));
    expect(sizes).toEqual([1, 3]);
  });

  it("resumes a batch's callers a few per turn of the event loop, each with its own result", async () => {
    const batcher = new Batcher<number, number>(async (items) => items.map((n) => n * 10), 500, 0, 4);
    // Which turn each caller resumed in: a turn ends where a setImmediate started before it runs.
    let turn = 0;
    const resumedIn: number[] = [];
    const results = Array.from({ length: 10 }, (_, i) => batcher.run(i).then((out) => (resumedIn.push(turn), out)));
    const ticking = (async () => {
      for (let i = 0; i < 20; i++) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        turn += 1;
      }
    })();
    expect(await Promise.all(results)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    await ticking;
    // 4, 4 and 2 callers, each group in a later turn than the one before.
    const groups = [...new Set(resumedIn)];
    expect(groups).toHaveLength(3);
    expect(groups.map((g) => resumedIn.filter((t) => t === g).length)).toEqual([4, 4, 2]);
  });
});

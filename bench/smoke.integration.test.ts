/**
 * The benchmark still runs end to end: a small run (50 phones, a few rounds, a
 * few seconds of soak, the two ws floors, the join and reconnect storms) through the
 * CLI with --json, checked for the shape of its one JSON object and for
 * durability. Timings are not asserted: this machine is shared.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runBench(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "bench/run.ts", ...args],
      { cwd: root, env: { ...process.env, ...env }, timeout: 110_000, killSignal: "SIGTERM", maxBuffer: 16 * 2 ** 20 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

describe("the benchmark, small", () => {
  it("reports every figure as one JSON object, and the soak loses and duplicates no check-in", { timeout: 120_000 }, async () => {
    const run = await runBench(["--json", "--participants", "50", "--soak", "4", "--soak-rate", "100"], {
      BENCH_ROUNDS: "10",
      BENCH_WARMUP: "1",
      BENCH_CHECKINS: "200",
      BENCH_RATE: "100",
      BENCH_SUSTAIN_S: "1",
      BENCH_MATCHED: "0",
      BENCH_STRICT: "0",
    });
    expect(run.code, run.stderr.slice(-2_000)).toBe(0);
    const result = JSON.parse(run.stdout);

    // The headline figures, as issue 10 names them.
    expect(result).toMatchObject({
      participants: 50,
      fanout: { p99_ms: expect.any(Number), missed: 0 },
      baseline: { fanout: { p99_ms: expect.any(Number), missed: 0 } },
      // The floor's phones are the baselines' Socket.IO clients: every prompt reached every one.
      floor: { fanout: { p99_ms: expect.any(Number), missed: 0 }, join: { wanted: 50, joined: 50, failed: 0 } },
      floor_light: { fanout: { p99_ms: expect.any(Number), missed: 0 }, join: { wanted: 50, joined: 50, failed: 0 } },
      fanout_ratio_p99: expect.any(Number),
      fanout_ratio_floor_p99: expect.any(Number),
      fanout_ratio_floor_light_p99: expect.any(Number),
      checkins: { sent: 400, lost: 0, duplicates: 0, p99_ms: expect.any(Number), rate_per_s: expect.any(Number) },
      mem_per_participant_kb: expect.any(Number),
      event_loop_p99_ms: expect.any(Number),
      join: { wanted: 50, joined: 50, failed: 0, seconds: expect.any(Number) },
      reconnect: { wanted: 50, back: 50, failed: 0, seconds: expect.any(Number) },
      bars: expect.any(Object),
    });
    // Measured from the production build when there is one (npm run build), else null.
    expect(result).toHaveProperty("participant_js_gzip_kb");
    if (result.participant_js_gzip_kb !== null) expect(result.participant_js).toMatchObject({ console_chunks: [], console_modules: [] });
    expect(result.checkins.stored).toBe(result.phases.soak.checkins.stored);

    expect(result.config).toMatchObject({ participants: 50, soakSeconds: 4, soakRate: 100 });
    expect(result.failed).toEqual([]);
    expect(result.ratioP99).toEqual(expect.any(Number));
    expect(result.machine.loadAverageAtStart).toHaveLength(3);
    expect(result.phases.attune.db).toMatchObject({ lost: 0, duplicateRows: 0, unexpected: 0 });
    expect(result.phases.floor).toMatchObject({ options: "floor", broadcast: { missed: 0, latency: { n: 50 * 10 } } });
    expect(result.phases.floorLight).toMatchObject({ options: "floor-light", broadcast: { missed: 0, latency: { n: 50 * 10 } } });

    const { soak } = result.phases;
    expect(soak).toMatchObject({ kind: "soak", phones: 50, targetPerSecond: 100 });
    expect(soak.checkins).toMatchObject({ sent: 400, lost: 0, duplicates: 0, duplicateAcks: 0, unexpected: 0, pending: 0 });
    const { acked, refusedTotal, stored, storedUnacked } = soak.checkins;
    expect(acked + refusedTotal).toBe(400);
    expect(stored).toBe(acked + storedUnacked);
    expect(soak.windows.length).toBeGreaterThan(0);
    for (const span of [...soak.windows, ...soak.minutes, soak.whole]) {
      expect(span).toHaveProperty("loop.p99");
      expect(span).toHaveProperty("loop.max");
      expect(span).toHaveProperty("tapToConsole.p99");
      expect(span).toHaveProperty("heapUsedMiB");
      expect(span).toHaveProperty("rssMiB");
      expect(span).toHaveProperty("refused");
      expect(span).toHaveProperty("cpu.selfPct");
    }
    expect(soak.loop).toHaveProperty("worstWindowP99");
    expect(soak.memory).toHaveProperty("heapSlopeMiBPerMin");
    expect(soak.memory).toHaveProperty("flat");
  });
});

// Results files with per-second samples drawn from known distributions, for testing the baseline gate
// without live timing: a seeded generator, so every run of the suite sees the same numbers.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_REGRESSION_LIMITS, RESULT_FORMAT, type RequestStats, type RunResult, type StageResult } from '@org/perf-otel-loadtest';

/** mulberry32: a small, well-known 32-bit PRNG; the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Normal(mean, sd) samples by Box-Muller. */
export function normalSamples(random: () => number, count: number, mean: number, sd: number): number[] {
  return Array.from({ length: count }, () => {
    const u = 1 - random();
    const v = random();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  });
}

export interface GeneratedSamples {
  p95Ms: number[];
  throughput: number[];
  errorRate: number[];
}

const EMPTY_STATS: RequestStats = {
  requests: 0,
  errors: 0,
  errorRate: 0,
  throughput: 0,
  achievedRate: 0,
  latencyMs: { p50: 0, p90: 0, p95: 0, p99: 0, max: 0, mean: 0 },
  statuses: {},
};

/** A results file as `--out` writes it, one steady stage holding the given per-second samples. */
export function generatedResult(samples: GeneratedSamples): RunResult {
  const steady: StageResult = {
    name: 'steady',
    load: { kind: 'rate', from: 50, to: 50, maxConnections: 100 },
    durationSeconds: samples.p95Ms.length,
    warmup: false,
    windows: [{ start: '2026-01-01T00:00:00.000Z', end: '2026-01-01T00:00:10.000Z' }],
    total: EMPTY_STATS,
    requests: {},
    thresholds: [],
    samples: { ...samples, heapBytes: [] },
  };
  return {
    format: RESULT_FORMAT,
    scenario: 'gate.yaml',
    target: 'http://127.0.0.1:1',
    startedAt: steady.windows[0].start,
    finishedAt: steady.windows[0].end,
    repeats: 1,
    stages: [steady],
    total: EMPTY_STATS,
    thresholds: [],
    regression: DEFAULT_REGRESSION_LIMITS,
  };
}

export async function writeResult(dir: string, file: string, result: RunResult): Promise<void> {
  await writeFile(join(dir, file), JSON.stringify(result));
}

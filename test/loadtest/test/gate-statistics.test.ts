// The statistics under the gate, on fixed samples: the Mann-Whitney p-value, and a verdict needing
// both an effect beyond the limit and significance.
import { DEFAULT_REGRESSION_LIMITS, type RunResult, type StageResult } from '@org/perf-otel-loadtest';
import { compareRuns, MIN_SAMPLES } from '../../../packages/loadtest/src/baseline/compare-runs';
import { mannWhitneyGreater } from '../../../packages/loadtest/src/baseline/mann-whitney';

function stage(p95Ms: number[], throughput = p95Ms.map(() => 100), errorRate = p95Ms.map(() => 0)): StageResult {
  const stats = {
    requests: 0,
    errors: 0,
    errorRate: 0,
    throughput: 0,
    achievedRate: 0,
    latencyMs: { p50: 0, p90: 0, p95: 0, p99: 0, max: 0, mean: 0 },
    statuses: {},
  };
  return {
    name: 'steady',
    load: { kind: 'rate', from: 100, to: 100, maxConnections: 100 },
    durationSeconds: p95Ms.length,
    warmup: false,
    windows: [],
    total: stats,
    requests: {},
    thresholds: [],
    samples: { p95Ms, throughput, errorRate, heapBytes: [] },
  };
}

const run = (stages: StageResult[]) => ({ stages }) as unknown as RunResult;
const verdict = (current: StageResult, baseline: StageResult, metric: string) =>
  compareRuns(run([current]), run([baseline]), 'base.json', DEFAULT_REGRESSION_LIMITS).stages[0].verdicts.find((entry) => entry.metric === metric)!;

describe('gate statistics', () => {
  it('Mann-Whitney gives the textbook one-sided p-value (normal approximation, continuity corrected)', () => {
    // U = 24.5 of 25 pairs; z = (24.5 - 12.5 - 0.5) / sqrt(25/12 * (11 - 6/90)) = 2.4076.
    expect(mannWhitneyGreater([5, 6, 7, 8, 9], [1, 2, 3, 4, 5])).toBeCloseTo(0.00803, 4);
    expect(mannWhitneyGreater([1, 2, 3, 4, 5], [5, 6, 7, 8, 9])).toBeGreaterThan(0.99);
    expect(mannWhitneyGreater([3, 3, 3], [3, 3, 3])).toBe(1);
  });

  it('a 50% p95 rise in every second is a regression; 10% is within the 20% limit however significant', () => {
    const baseline = stage([10, 11, 10, 12, 11, 10, 11, 12]);
    expect(verdict(stage(baseline.samples.p95Ms.map((value) => value * 1.5)), baseline, 'p95')).toMatchObject({ verdict: 'regression', change: '+50.0%' });
    expect(verdict(stage(baseline.samples.p95Ms.map((value) => value * 1.1)), baseline, 'p95')).toMatchObject({ verdict: 'ok', change: '+10.0%' });
  });

  it('one wild second does not make a regression (the rest are unchanged)', () => {
    const baseline = stage([10, 11, 10, 12, 11, 10, 11, 12]);
    expect(verdict(stage([10, 11, 10, 12, 11, 10, 11, 500]), baseline, 'p95').verdict).toBe('ok');
  });

  it('a noisy minute (half the seconds slower) is not a regression; every second slower is', () => {
    const baseline = stage([10, 11, 10, 12, 11, 10, 11, 12, 10, 11]);
    expect(verdict(stage([10, 11, 10, 12, 11, 40, 45, 60, 50, 42]), baseline, 'p95')).toMatchObject({ verdict: 'ok', change: '+10.0%' });
    expect(verdict(stage([14, 15, 14, 17, 15, 14, 15, 17, 14, 15]), baseline, 'p95')).toMatchObject({ verdict: 'regression', change: '+40.0%' });
  });

  it('a large change without significance is not a verdict: two noisy samples sets disagree by chance', () => {
    expect(verdict(stage([10, 40, 12, 35, 11, 38]), stage([12, 36, 10, 39, 11, 34]), 'p95').verdict).toBe('ok');
  });

  it('too few seconds give "inconclusive", not a verdict', () => {
    const few = Array.from({ length: MIN_SAMPLES - 1 }, () => 10);
    expect(verdict(stage(few.map((value) => value * 3)), stage(few), 'p95')).toMatchObject({ verdict: 'inconclusive', pValue: null });
  });

  it('throughput falling 30% and error rate rising 10 points are regressions', () => {
    const baseline = stage([10, 10, 10, 10, 10, 10], [100, 101, 99, 100, 100, 98], [0, 0, 0.01, 0, 0, 0]);
    const current = stage([10, 10, 10, 10, 10, 10], [70, 71, 69, 70, 70, 68], [0.1, 0.11, 0.1, 0.09, 0.1, 0.12]);
    expect(verdict(current, baseline, 'throughput')).toMatchObject({ verdict: 'regression', change: '-30.0%' });
    expect(verdict(current, baseline, 'error_rate')).toMatchObject({ verdict: 'regression', change: '+10.0 points' });
    expect(verdict(current, baseline, 'memory')).toMatchObject({ verdict: 'not measured', note: 'needs --prometheus on both runs' });
  });
});

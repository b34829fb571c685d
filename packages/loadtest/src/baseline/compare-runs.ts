// The regression gate. For each stage and metric, the baseline's per-second samples are first moved
// by the allowed tolerance (p95 × 1.2, throughput × 0.85, error rate + 5 points, heap × 1.3); the
// run is a regression only if its own per-second samples are significantly worse than that moved
// baseline (one-sided Mann-Whitney, p < alpha). A single noisy number cannot fail the gate, and too
// few samples give "inconclusive" rather than a verdict.
import type { RegressionLimits } from '../scenario/scenario';
import type { Comparison, MetricVerdict, RunResult, StageResult } from '../results/run-result';
import { mannWhitneyGreater } from './mann-whitney';

/** Fewer per-second samples than this on either side give no verdict (repeat the run, or run longer). */
export const MIN_SAMPLES = 5;

const percent = (fraction: number) => `${(fraction * 100).toFixed(0)}%`;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? null : sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

interface Check {
  metric: MetricVerdict['metric'];
  current: number[];
  baseline: number[];
  limit: string;
  /** The baseline sample as far as it may move before it counts as worse. */
  tolerate: (value: number) => number;
  /** Higher is worse (latency, errors, memory) or lower is worse (throughput). */
  worse: 'higher' | 'lower';
  change: (current: number, baseline: number) => string;
}

function relative(current: number, baseline: number): string {
  if (baseline === 0) return current === 0 ? '±0%' : 'from 0';
  const change = (current / baseline - 1) * 100;
  return `${change >= 0 ? '+' : ''}${change.toFixed(1)}%`;
}

function points(current: number, baseline: number): string {
  const change = (current - baseline) * 100;
  return `${change >= 0 ? '+' : ''}${change.toFixed(1)} points`;
}

function judge(check: Check, alpha: number): MetricVerdict {
  const current = median(check.current);
  const baseline = median(check.baseline);
  const base = { metric: check.metric, baseline, current, limit: check.limit };
  if (current === null || baseline === null) {
    return { ...base, change: '', pValue: null, verdict: 'not measured', note: check.metric === 'memory' ? 'needs --prometheus on both runs' : 'no samples' };
  }
  const change = check.change(current, baseline);
  if (check.current.length < MIN_SAMPLES || check.baseline.length < MIN_SAMPLES) {
    return { ...base, change, pValue: null, verdict: 'inconclusive', note: `fewer than ${MIN_SAMPLES} per-second samples; use --repeat or longer stages` };
  }
  const moved = check.baseline.map(check.tolerate);
  const pValue = check.worse === 'higher' ? mannWhitneyGreater(check.current, moved) : mannWhitneyGreater(moved, check.current);
  return { ...base, change, pValue: Number(pValue.toPrecision(3)), verdict: pValue < alpha ? 'regression' : 'ok' };
}

function compareStage(current: StageResult, baseline: StageResult, limits: RegressionLimits): MetricVerdict[] {
  const checks: Check[] = [
    {
      metric: 'p95', current: current.samples.p95Ms, baseline: baseline.samples.p95Ms, limit: `+${percent(limits.p95Increase)}`,
      tolerate: (value) => value * (1 + limits.p95Increase), worse: 'higher', change: relative,
    },
    {
      metric: 'throughput', current: current.samples.throughput, baseline: baseline.samples.throughput, limit: `-${percent(limits.throughputDrop)}`,
      tolerate: (value) => value * (1 - limits.throughputDrop), worse: 'lower', change: relative,
    },
    {
      metric: 'error_rate', current: current.samples.errorRate, baseline: baseline.samples.errorRate, limit: `+${(limits.errorRateIncrease * 100).toFixed(0)} points`,
      tolerate: (value) => value + limits.errorRateIncrease, worse: 'higher', change: points,
    },
    {
      metric: 'memory', current: current.samples.heapBytes, baseline: baseline.samples.heapBytes, limit: `+${percent(limits.memoryIncrease)}`,
      tolerate: (value) => value * (1 + limits.memoryIncrease), worse: 'higher', change: relative,
    },
  ];
  return checks.map((check) => judge(check, limits.alpha));
}

export function compareRuns(current: RunResult, baseline: RunResult, baselineFile: string, limits: RegressionLimits): Comparison {
  const stages = current.stages.map((stage) => {
    const match = baseline.stages.find((candidate) => candidate.name === stage.name);
    if (!match) {
      return {
        stage: stage.name,
        verdicts: (['p95', 'throughput', 'error_rate', 'memory'] as const).map((metric): MetricVerdict => ({
          metric, baseline: null, current: null, change: '', limit: '', pValue: null, verdict: 'not measured', note: `the baseline has no stage "${stage.name}"`,
        })),
      };
    }
    return { stage: stage.name, verdicts: compareStage(stage, match, limits) };
  });
  return { baselineFile, limits, stages, regression: stages.some((stage) => stage.verdicts.some((verdict) => verdict.verdict === 'regression')) };
}

// The regression gate. For each stage and metric it asks two questions of the per-second samples
// (pooled over --repeat runs), and calls a regression only when both say yes:
//   1. is the change larger than allowed? The ratio (p95, throughput, heap) or difference (error
//      rate, in points) of the two runs' better quartiles against the limit (+20%, -15%, +30%,
//      +5 points). The better quartile (25th percentile of latencies, 75th of throughputs) because
//      a busy neighbour only ever makes seconds worse: a slower build shifts every second, a noisy
//      minute only some of them, and the quiet seconds show the difference between builds;
//   2. is the change real, not noise? A one-sided Mann-Whitney test of "worse than the baseline"
//      over all the samples, at p < alpha.
// So one noisy second, or one noisy number, cannot fail the gate; and too few samples give
// "inconclusive" rather than a verdict.
import type { RegressionLimits } from '../scenario/scenario';
import type { Comparison, MetricVerdict, RunResult, StageResult } from '../results/run-result';
import { mannWhitneyGreater } from './mann-whitney';

/** Fewer per-second samples than this on either side give no verdict (repeat the run, or run longer). */
export const MIN_SAMPLES = 5;

const percent = (fraction: number) => `${(fraction * 100).toFixed(0)}%`;
/** Linear-interpolation quantile (q in 0..1); null for no values. */
export function quantile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

const BETTER_QUARTILE = { higher: 0.25, lower: 0.75 } as const;

interface Check {
  metric: MetricVerdict['metric'];
  current: number[];
  baseline: number[];
  limit: string;
  /** Whether the current median is beyond the limit from the baseline median. */
  exceeds: (current: number, baseline: number) => boolean;
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
  const current = quantile(check.current, BETTER_QUARTILE[check.worse]);
  const baseline = quantile(check.baseline, BETTER_QUARTILE[check.worse]);
  const base = { metric: check.metric, baseline, current, limit: check.limit };
  if (current === null || baseline === null) {
    return { ...base, change: '', pValue: null, verdict: 'not measured', note: check.metric === 'memory' ? 'needs --prometheus on both runs' : 'no samples' };
  }
  const change = check.change(current, baseline);
  if (check.current.length < MIN_SAMPLES || check.baseline.length < MIN_SAMPLES) {
    return { ...base, change, pValue: null, verdict: 'inconclusive', note: `fewer than ${MIN_SAMPLES} per-second samples; use --repeat or longer stages` };
  }
  const pValue = check.worse === 'higher' ? mannWhitneyGreater(check.current, check.baseline) : mannWhitneyGreater(check.baseline, check.current);
  const regression = check.exceeds(current, baseline) && pValue < alpha;
  return { ...base, change, pValue: Number(pValue.toPrecision(3)), verdict: regression ? 'regression' : 'ok' };
}

function compareStage(current: StageResult, baseline: StageResult, limits: RegressionLimits): MetricVerdict[] {
  const checks: Check[] = [
    {
      metric: 'p95',
      current: current.samples.p95Ms,
      baseline: baseline.samples.p95Ms,
      limit: `+${percent(limits.p95Increase)}`,
      exceeds: (now, then) => now > then * (1 + limits.p95Increase),
      worse: 'higher',
      change: relative,
    },
    {
      metric: 'throughput',
      current: current.samples.throughput,
      baseline: baseline.samples.throughput,
      limit: `-${percent(limits.throughputDrop)}`,
      exceeds: (now, then) => now < then * (1 - limits.throughputDrop),
      worse: 'lower',
      change: relative,
    },
    {
      metric: 'error_rate',
      current: current.samples.errorRate,
      baseline: baseline.samples.errorRate,
      limit: `+${(limits.errorRateIncrease * 100).toFixed(0)} points`,
      exceeds: (now, then) => now > then + limits.errorRateIncrease,
      worse: 'higher',
      change: points,
    },
    {
      metric: 'memory',
      current: current.samples.heapBytes,
      baseline: baseline.samples.heapBytes,
      limit: `+${percent(limits.memoryIncrease)}`,
      exceeds: (now, then) => now > then * (1 + limits.memoryIncrease),
      worse: 'higher',
      change: relative,
    },
  ];
  return checks.map((check) => judge(check, limits.alpha));
}

export function compareRuns(current: RunResult, baseline: RunResult, baselineFile: string, limits: RegressionLimits): Comparison {
  const stages = current.stages
    .filter((stage) => !stage.warmup)
    .map((stage) => {
      const match = baseline.stages.find((candidate) => candidate.name === stage.name);
      if (!match) {
        return {
          stage: stage.name,
          verdicts: (['p95', 'throughput', 'error_rate', 'memory'] as const).map((metric): MetricVerdict => ({
            metric,
            baseline: null,
            current: null,
            change: '',
            limit: '',
            pValue: null,
            verdict: 'not measured',
            note: `the baseline has no stage "${stage.name}"`,
          })),
        };
      }
      return { stage: stage.name, verdicts: compareStage(stage, match, limits) };
    });
  return { baselineFile, limits, stages, regression: stages.some((stage) => stage.verdicts.some((verdict) => verdict.verdict === 'regression')) };
}

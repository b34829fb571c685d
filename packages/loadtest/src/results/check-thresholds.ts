import type { Threshold } from '../scenario/scenario';
import type { RequestStats, ThresholdOutcome } from './run-result';

function actualValue(threshold: Threshold, stats: RequestStats): number {
  switch (threshold.metric) {
    case 'error_rate':
      return stats.errorRate;
    case 'throughput':
      return stats.throughput;
    default:
      return stats.latencyMs[threshold.metric];
  }
}

function holds(actual: number, threshold: Threshold): boolean {
  switch (threshold.comparison) {
    case '<':
      return actual < threshold.value;
    case '<=':
      return actual <= threshold.value;
    case '>':
      return actual > threshold.value;
    case '>=':
      return actual >= threshold.value;
  }
}

export function checkThresholds(thresholds: Threshold[], stats: RequestStats): ThresholdOutcome[] {
  return thresholds.map((threshold) => {
    const actual = actualValue(threshold, stats);
    return { threshold: threshold.text, actual, passed: holds(actual, threshold) };
  });
}

/** How an actual value reads next to its threshold: ms for latencies, % for error rate. */
export function formatActual(threshold: string, actual: number): string {
  if (threshold.startsWith('error_rate')) return `${(actual * 100).toFixed(2)}%`;
  if (threshold.startsWith('throughput')) return `${actual.toFixed(1)} req/s`;
  return `${actual.toFixed(1)} ms`;
}

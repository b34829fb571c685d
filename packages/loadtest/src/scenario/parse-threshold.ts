import type { Comparison, Threshold, ThresholdMetric } from './scenario';
import { parseFraction, parseLatency } from './units';

const LATENCY_METRICS: readonly ThresholdMetric[] = ['p50', 'p90', 'p95', 'p99', 'max', 'mean'];
export const THRESHOLD_METRICS: readonly ThresholdMetric[] = [...LATENCY_METRICS, 'error_rate', 'throughput'];
export const THRESHOLD_EXAMPLE = 'p95 < 500ms, error_rate < 1%, throughput > 100';

/** `p95 < 500ms` → a Threshold, or a sentence saying what is wrong with it. */
export function parseThreshold(text: string): Threshold | string {
  const match = /^\s*([a-z_0-9]+)\s*(<=|>=|<|>)\s*(.+?)\s*$/i.exec(text);
  if (!match) return `"${text}" is not a threshold; write "<metric> <op> <value>", e.g. ${THRESHOLD_EXAMPLE}`;
  const metric = match[1].toLowerCase() as ThresholdMetric;
  const comparison = match[2] as Comparison;
  if (!THRESHOLD_METRICS.includes(metric)) {
    return `unknown threshold metric "${match[1]}"; use one of ${THRESHOLD_METRICS.join(', ')}`;
  }
  const value = LATENCY_METRICS.includes(metric)
    ? parseLatency(match[3])
    : metric === 'error_rate'
      ? parseFraction(match[3])
      : /^\d+(\.\d+)?$/.test(match[3])
        ? Number(match[3])
        : undefined;
  if (value === undefined) {
    const example = LATENCY_METRICS.includes(metric) ? `${metric} < 500ms` : metric === 'error_rate' ? 'error_rate < 1%' : 'throughput > 100';
    return `"${match[3]}" is not a value for ${metric}; write e.g. ${example}`;
  }
  return { text: text.trim(), metric, comparison, value };
}

// What trends and compare follow over time: every endpoint's mean latency and the key resources.
// For all of them higher is worse, so a significant rise is a regression.
import { Unit } from '../findings';
import {
  EVENT_LOOP_P99, GC_DURATION, HEAP_USED, histogramSum, HTTP_DURATION, POOL_WAIT, PROCESS_CPU_TIME,
} from '../metric-names';
import { aggregate, Expr, Matcher, rangeFn, sumBy } from '../promql/expr';
import { histogramMean } from '../promql/histogram-queries';
import { endpointLabels, endpointName } from './labels';

export interface TrackedMetric {
  key: string;
  /** What a value is, e.g. "mean latency". */
  measure: string;
  unit: Unit;
  /** The query over windows of `w` seconds. */
  query(scope: Matcher[], w: number): Expr;
  /** The subject a series is about (endpoint name, or the resource). */
  subject(labels: Record<string, string>): string;
}

const resource = (name: string) => () => name;

export const TRACKED_METRICS: TrackedMetric[] = [
  { key: 'endpoint-latency', measure: 'mean latency', unit: 'seconds', query: (s, w) => histogramMean(HTTP_DURATION, endpointLabels(s), s, w), subject: endpointName },
  { key: 'heap', measure: 'heap used (floor)', unit: 'bytes', query: (s, w) => sumBy([], rangeFn('min_over_time', HEAP_USED, s, w)), subject: resource('memory') },
  { key: 'cpu', measure: 'CPU cores used', unit: 'cores', query: (s, w) => sumBy([], rangeFn('rate', PROCESS_CPU_TIME, s, w)), subject: resource('process') },
  { key: 'event-loop', measure: 'event-loop delay p99', unit: 'seconds', query: (s, w) => aggregate('max', [], rangeFn('avg_over_time', EVENT_LOOP_P99, s, w)), subject: resource('runtime') },
  { key: 'gc', measure: 'share of time in GC', unit: 'ratio', query: (s, w) => sumBy([], rangeFn('rate', histogramSum(GC_DURATION), s, w)), subject: resource('runtime') },
  { key: 'pool-wait', measure: 'mean pool wait', unit: 'seconds', query: (s, w) => histogramMean(POOL_WAIT, [], s, w), subject: resource('db pool') },
];

/** A change smaller than this share is "flat" even when significant: nobody acts on 3%. */
export const DEFAULT_MIN_RELATIVE_CHANGE = 0.1;
export const SIGNIFICANCE = 0.05;

export type Verdict = 'regression' | 'improvement' | 'no significant change';

export function verdictFor(relativeChange: number, pValue: number, minChange: number): Verdict {
  if (!(pValue < SIGNIFICANCE) || Math.abs(relativeChange) < minChange) return 'no significant change';
  return relativeChange > 0 ? 'regression' : 'improvement';
}

// What trends and compare follow over time: every endpoint's mean latency and 5xx share, the service's
// throughput and 5xx share, and the key resources. For all but throughput higher is worse, so a
// significant rise is a regression; throughput follows load, so its change is reported, not judged.
import { Unit } from '../findings';
import { EVENT_LOOP_P99, GC_DURATION, HEAP_USED, histogramSum, HTTP_DURATION, LABEL_STATUS, POOL_WAIT, PROCESS_CPU_TIME } from '../metric-names';
import { aggregate, Expr, Matcher, re, rangeFn, sumBy } from '../promql/expr';
import { histogramMean, histogramRate } from '../promql/histogram-queries';
import type { Series } from '../prometheus-client';
import type { MetricsSource } from '../source';
import { endpointLabels, endpointName } from './labels';

const MIB = 1048576;

export interface TrackedMetric {
  key: string;
  /** What a value is, e.g. "mean latency". */
  measure: string;
  unit: Unit;
  /** The query over windows of `w` seconds (the numerator when `denominator` is set). */
  query(scope: Matcher[], w: number): Expr;
  /**
   * A share: values are query / denominator, and a step where the denominator has a value and the
   * numerator none is 0 (no 5xx at all is a 0 % error ratio, not a missing point).
   */
  denominator?(scope: Matcher[], w: number): Expr;
  /** The subject a series is about (endpoint name, or the resource). */
  subject(labels: Record<string, string>): string;
  /** A change smaller than this, in the metric's unit, is nobody's concern however significant (machine noise). */
  minAbsoluteChange: number;
  /** 'load': more or less of it is neither better nor worse (throughput). */
  direction: 'higher-is-worse' | 'load';
  /** Shares are compared in points (0 → 20 % is +20 points), not relative to a base that may be 0. */
  changeIn: 'relative' | 'points';
}

const resource = (name: string) => () => name;
/** The service as a whole, for throughput and its 5xx share. */
export const ALL_REQUESTS = 'all requests';
const serverErrors = (scope: Matcher[]): Matcher[] => [...scope, re(LABEL_STATUS, '5..')];

export const TRACKED_METRICS: TrackedMetric[] = [
  {
    key: 'endpoint-latency',
    measure: 'mean latency',
    unit: 'seconds',
    minAbsoluteChange: 0.002,
    direction: 'higher-is-worse',
    changeIn: 'relative',
    query: (s, w) => histogramMean(HTTP_DURATION, endpointLabels(s), s, w),
    subject: endpointName,
  },
  {
    key: 'endpoint-errors',
    measure: '5xx ratio',
    unit: 'ratio',
    minAbsoluteChange: 0.01,
    direction: 'higher-is-worse',
    changeIn: 'points',
    query: (s, w) => histogramRate(HTTP_DURATION, endpointLabels(s), serverErrors(s), w),
    denominator: (s, w) => histogramRate(HTTP_DURATION, endpointLabels(s), s, w),
    subject: endpointName,
  },
  {
    key: 'throughput',
    measure: 'throughput',
    unit: 'per-second',
    minAbsoluteChange: 0,
    direction: 'load',
    changeIn: 'relative',
    query: (s, w) => histogramRate(HTTP_DURATION, [], s, w),
    subject: resource(ALL_REQUESTS),
  },
  {
    key: 'errors',
    measure: '5xx ratio',
    unit: 'ratio',
    minAbsoluteChange: 0.01,
    direction: 'higher-is-worse',
    changeIn: 'points',
    query: (s, w) => histogramRate(HTTP_DURATION, [], serverErrors(s), w),
    denominator: (s, w) => histogramRate(HTTP_DURATION, [], s, w),
    subject: resource(ALL_REQUESTS),
  },
  {
    key: 'heap',
    measure: 'heap used (floor)',
    unit: 'bytes',
    minAbsoluteChange: 10 * MIB,
    direction: 'higher-is-worse',
    changeIn: 'relative',
    query: (s, w) => sumBy([], rangeFn('min_over_time', HEAP_USED, s, w)),
    subject: resource('memory'),
  },
  {
    key: 'cpu',
    measure: 'CPU cores used',
    unit: 'cores',
    minAbsoluteChange: 0.05,
    direction: 'higher-is-worse',
    changeIn: 'relative',
    query: (s, w) => sumBy([], rangeFn('rate', PROCESS_CPU_TIME, s, w)),
    subject: resource('process'),
  },
  {
    key: 'event-loop',
    measure: 'event-loop delay p99',
    unit: 'seconds',
    minAbsoluteChange: 0.005,
    direction: 'higher-is-worse',
    changeIn: 'relative',
    query: (s, w) => aggregate('max', [], rangeFn('avg_over_time', EVENT_LOOP_P99, s, w)),
    subject: resource('runtime'),
  },
  {
    key: 'gc',
    measure: 'share of time in GC',
    unit: 'ratio',
    minAbsoluteChange: 0.01,
    direction: 'higher-is-worse',
    changeIn: 'points',
    query: (s, w) => sumBy([], rangeFn('rate', histogramSum(GC_DURATION), s, w)),
    subject: resource('runtime'),
  },
  {
    key: 'pool-wait',
    measure: 'mean pool wait',
    unit: 'seconds',
    minAbsoluteChange: 0.001,
    direction: 'higher-is-worse',
    changeIn: 'relative',
    query: (s, w) => histogramMean(POOL_WAIT, [], s, w),
    subject: resource('db pool'),
  },
];

/** One series per subject of a tracked metric over [start, end]: shares divided, with 0 where only the denominator has data. */
export async function trackedSeries(
  source: MetricsSource,
  metric: TrackedMetric,
  scope: Matcher[],
  start: number,
  end: number,
  step: number,
  w: number,
): Promise<Map<string, Series>> {
  const numerator = await source.range(metric.query(scope, w), start, end, step);
  const bySubject = (series: Series[]) => new Map(series.map((s) => [metric.subject(s.labels), s]));
  if (!metric.denominator) return bySubject(numerator);
  const top = bySubject(numerator);
  const result = new Map<string, Series>();
  for (const [subject, total] of bySubject(await source.range(metric.denominator(scope, w), start, end, step))) {
    const part = new Map(top.get(subject)?.points ?? []);
    const points = total.points.filter(([, v]) => v > 0).map(([t, v]): [number, number] => [t, (part.get(t) ?? 0) / v]);
    if (points.length > 0) result.set(subject, { labels: total.labels, points });
  }
  return result;
}

/** The PromQL behind a tracked metric's values, as shown with them. */
export function trackedQueryText(metric: TrackedMetric, scope: Matcher[], w: number, toPromQL: (e: Expr) => string): string {
  const numerator = toPromQL(metric.query(scope, w));
  return metric.denominator ? `(${numerator}) / (${toPromQL(metric.denominator(scope, w))})` : numerator;
}

/** A change smaller than this share is "flat" even when significant: nobody acts on 3%. */
export const DEFAULT_MIN_RELATIVE_CHANGE = 0.1;
export const SIGNIFICANCE = 0.05;

/** 'changed': a significant, sizeable move of a load measure (throughput), neither better nor worse. */
export type Verdict = 'regression' | 'improvement' | 'changed' | 'no significant change';

export interface ChangeSize {
  /** In the metric's unit: after − before, or the fitted change over a trend's range. */
  absolute: number;
  /** absolute / before; NaN where the base is 0. */
  relative: number;
}

/**
 * Significant and large enough both relative to the base and in absolute terms: +0.1 ms on a 0.5 ms
 * endpoint is +20 % but no regression; shares (error ratio, GC share) are judged in points.
 */
export function verdictFor(metric: TrackedMetric, change: ChangeSize, pValue: number, minRelativeChange: number): Verdict {
  if (!(pValue < SIGNIFICANCE) || !(Math.abs(change.absolute) >= metric.minAbsoluteChange) || change.absolute === 0) return 'no significant change';
  if (metric.changeIn === 'relative' && !(Math.abs(change.relative) >= minRelativeChange)) return 'no significant change';
  if (metric.direction === 'load') return 'changed';
  return change.absolute > 0 ? 'regression' : 'improvement';
}

/** How big a change reads next to others of other units: relative, or points for shares; a rise from 0 is big. */
export function changeMagnitude(metric: Pick<TrackedMetric, 'changeIn'>, change: ChangeSize): number {
  if (metric.changeIn === 'points') return Math.abs(change.absolute);
  return Number.isFinite(change.relative) ? Math.abs(change.relative) : change.absolute === 0 ? 0 : Infinity;
}

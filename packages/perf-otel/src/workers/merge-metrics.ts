// Merges the cumulative data of several threads into the series one process would have produced:
// the same scope, metric and attribute set is one series whose counts are the threads' sums.
// What cannot be added up is left out (a wrong value is worse than none), and said once.
import type { Attributes, HrTime } from '@opentelemetry/api';
import { DataPointType, type DataPoint, type MetricData, type ScopeMetrics } from '@opentelemetry/sdk-metrics';

type Histogram = { buckets: { boundaries: number[]; counts: number[] }; sum?: number; count: number; min?: number; max?: number };
type Point = DataPoint<unknown>;
type Warn = (message: string) => void;

/** The same metric from each source; points are grouped by attribute set only when two sources share it. */
interface MetricEntry {
  first: MetricData;
  more: MetricData[];
}

/** One list of scope metrics in which every (scope, metric, attributes) appears once. Inputs are not modified. */
export function mergeScopeMetrics(sources: readonly (readonly ScopeMetrics[])[], warn: Warn): ScopeMetrics[] {
  const nonEmpty = sources.filter((s) => s.length > 0);
  if (nonEmpty.length === 0) return [];
  if (nonEmpty.length === 1 && !hasRepeatedScope(nonEmpty[0])) return [...nonEmpty[0]];
  const scopes = new Map<string, { scope: ScopeMetrics['scope']; metrics: Map<string, MetricEntry> }>();
  for (const source of nonEmpty) {
    for (const sm of source) {
      const key = `${sm.scope.name}\0${sm.scope.version ?? ''}\0${sm.scope.schemaUrl ?? ''}`;
      let scope = scopes.get(key);
      if (scope === undefined) scopes.set(key, (scope = { scope: sm.scope, metrics: new Map() }));
      for (const metric of sm.metrics) addMetric(scope.metrics, metric, warn);
    }
  }
  return [...scopes.values()].map(({ scope, metrics }) => ({
    scope,
    metrics: [...metrics.values()].map((entry) => combineMetric(entry, warn)).filter((m) => m.dataPoints.length > 0),
  }));
}

/**
 * The part of a thread's data that stays true after the thread is gone: monotonic sums and
 * histograms. Gauges and up-down sums (active requests, pool connections) describe a present state
 * the thread no longer has.
 */
export function cumulativeOnly(scopes: readonly ScopeMetrics[]): ScopeMetrics[] {
  return scopes
    .map((sm) => ({
      scope: sm.scope,
      metrics: sm.metrics.filter((m) => m.dataPointType === DataPointType.HISTOGRAM || (m.dataPointType === DataPointType.SUM && m.isMonotonic)),
    }))
    .filter((sm) => sm.metrics.length > 0);
}

function hasRepeatedScope(scopes: readonly ScopeMetrics[]): boolean {
  const seen = new Set<string>();
  for (const sm of scopes) {
    const key = `${sm.scope.name}\0${sm.scope.version ?? ''}`;
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}

function addMetric(metrics: Map<string, MetricEntry>, metric: MetricData, warn: Warn): void {
  const entry = metrics.get(metric.descriptor.name);
  if (entry === undefined) {
    metrics.set(metric.descriptor.name, { first: metric, more: [] });
  } else if (sameKind(entry.first, metric)) {
    entry.more.push(metric);
  } else {
    warn(`metric ${metric.descriptor.name} is defined differently in two threads (type or unit); only the first definition is exported.`);
  }
}

function groupPoints(into: Map<string, Point[]>, points: readonly Point[]): void {
  for (const p of points) {
    const key = attributesKey(p.attributes);
    const list = into.get(key);
    if (list === undefined) into.set(key, [p]);
    else list.push(p);
  }
}

function sameKind(a: MetricData, b: MetricData): boolean {
  return (
    a.dataPointType === b.dataPointType &&
    a.descriptor.unit === b.descriptor.unit &&
    (a.dataPointType !== DataPointType.SUM || a.isMonotonic === (b as typeof a).isMonotonic)
  );
}

function combineMetric({ first, more }: MetricEntry, warn: Warn): MetricData {
  // The common case (a metric only one thread records) costs nothing per point.
  if (more.length === 0) return first;
  const points = new Map<string, Point[]>();
  for (const m of [first, ...more]) groupPoints(points, m.dataPoints);
  const combined: Point[] = [];
  for (const list of points.values()) {
    const p = list.length === 1 ? list[0] : combinePoints(first, list, warn);
    if (p !== undefined) combined.push(p);
  }
  return { ...first, dataPoints: combined } as MetricData;
}

function combinePoints(metric: MetricData, list: Point[], warn: Warn): Point | undefined {
  const name = metric.descriptor.name;
  const startTime = list.reduce<HrTime>((t, p) => (earlier(p.startTime, t) ? p.startTime : t), list[0].startTime);
  const endTime = list.reduce<HrTime>((t, p) => (earlier(t, p.endTime) ? p.endTime : t), list[0].endTime);
  const attributes = list[0].attributes;
  switch (metric.dataPointType) {
    case DataPointType.SUM:
      return { attributes, startTime, endTime, value: list.reduce((s, p) => s + (p.value as number), 0) };
    case DataPointType.HISTOGRAM: {
      const value = addHistograms(list.map((p) => p.value as Histogram));
      if (value === undefined) warn(`histogram ${name} has different bucket boundaries in two threads; the series is left out.`);
      return value === undefined ? undefined : { attributes, startTime, endTime, value };
    }
    default:
      // A gauge's "last value" across threads is not defined; exponential histograms are not merged.
      warn(
        `${name} is recorded with the same attributes in several threads and cannot be added up; the series is left out. ` +
          'Give each thread its own attribute value to keep it.',
      );
      return undefined;
  }
}

function addHistograms(list: Histogram[]): Histogram | undefined {
  const boundaries = list[0].buckets.boundaries;
  const counts = new Array<number>(boundaries.length + 1).fill(0);
  let sum: number | undefined = 0;
  let count = 0;
  let min: number | undefined = Infinity;
  let max: number | undefined = -Infinity;
  for (const h of list) {
    const b = h.buckets.boundaries;
    if (b.length !== boundaries.length || b.some((v, i) => v !== boundaries[i])) return undefined;
    for (let i = 0; i < counts.length; i++) counts[i] += h.buckets.counts[i] ?? 0;
    count += h.count;
    sum = sum === undefined || h.sum === undefined ? undefined : sum + h.sum;
    min = min === undefined || h.min === undefined ? undefined : Math.min(min, h.min);
    max = max === undefined || h.max === undefined ? undefined : Math.max(max, h.max);
  }
  return { buckets: { boundaries: [...boundaries], counts }, sum, count, min, max };
}

function earlier(a: HrTime, b: HrTime): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}

/** Independent of key order: threads may build the same attribute set in different orders. */
function attributesKey(attributes: Attributes): string {
  const keys = Object.keys(attributes).sort();
  return JSON.stringify(keys.map((k) => [k, attributes[k]]));
}

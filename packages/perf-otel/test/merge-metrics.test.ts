import { AggregationTemporality, DataPointType, type MetricData, type ScopeMetrics } from '@opentelemetry/sdk-metrics';
import { ValueType } from '@opentelemetry/api';
import { cumulativeOnly, mergeScopeMetrics } from '../src/workers/merge-metrics';

const SCOPE = { name: '@org/perf-otel', version: '1' };
const T0: [number, number] = [100, 0];
const T1: [number, number] = [200, 0];
const descriptor = (name: string, unit = 's') => ({ name, unit, description: '', valueType: ValueType.DOUBLE });

function sum(name: string, points: Array<[Record<string, string>, number]>, monotonic = true, start = T0): MetricData {
  return {
    descriptor: descriptor(name, '{x}'),
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.SUM,
    isMonotonic: monotonic,
    dataPoints: points.map(([attributes, value]) => ({ attributes, value, startTime: start, endTime: T1 })),
  };
}

function histogram(
  name: string,
  attributes: Record<string, string>,
  counts: number[],
  sumValue: number,
  min: number,
  max: number,
  boundaries = [0.1, 1],
): MetricData {
  return {
    descriptor: descriptor(name),
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.HISTOGRAM,
    dataPoints: [
      { attributes, startTime: T0, endTime: T1, value: { buckets: { boundaries, counts }, sum: sumValue, count: counts.reduce((a, b) => a + b, 0), min, max } },
    ],
  };
}

function gauge(name: string, attributes: Record<string, string>, value: number): MetricData {
  return {
    descriptor: descriptor(name, '1'),
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.GAUGE,
    dataPoints: [{ attributes, value, startTime: T0, endTime: T1 }],
  };
}

const scope = (...metrics: MetricData[]): ScopeMetrics[] => [{ scope: SCOPE, metrics }];
const find = (scopes: ScopeMetrics[], name: string) => scopes.flatMap((s) => s.metrics).filter((m) => m.descriptor.name === name);

describe("merging threads' cumulative data into one process's series", () => {
  it('adds sums per attribute set, whatever order the attributes were built in', () => {
    const warnings: string[] = [];
    const merged = mergeScopeMetrics(
      [
        scope(
          sum('requests', [
            [{ route: '/a', method: 'GET' }, 3],
            [{ route: '/b', method: 'GET' }, 1],
          ]),
        ),
        scope(sum('requests', [[{ method: 'GET', route: '/a' }, 4]], true, [50, 0])),
      ],
      (m) => warnings.push(m),
    );
    const [metric] = find(merged, 'requests');
    expect(metric.dataPoints.map((p) => [p.attributes.route, p.value])).toEqual([
      ['/a', 7],
      ['/b', 1],
    ]);
    // The merged series started when its earliest thread did.
    expect(metric.dataPoints[0].startTime).toEqual([50, 0]);
    expect(merged).toHaveLength(1);
    expect(warnings).toEqual([]);
  });

  it('adds histogram buckets, counts and sums; keeps the smallest min and largest max', () => {
    const merged = mergeScopeMetrics(
      [scope(histogram('duration', { route: '/a' }, [1, 2, 0], 1.5, 0.05, 0.9)), scope(histogram('duration', { route: '/a' }, [0, 1, 3], 9, 0.2, 4))],
      () => {},
    );
    expect(find(merged, 'duration')[0].dataPoints[0].value).toEqual({
      buckets: { boundaries: [0.1, 1], counts: [1, 3, 3] },
      sum: 10.5,
      count: 7,
      min: 0.05,
      max: 4,
    });
  });

  it('leaves out, with a warning, what cannot be added up: a gauge two threads report, histograms with other buckets', () => {
    const warnings: string[] = [];
    const merged = mergeScopeMetrics(
      [
        scope(gauge('queue.depth', { q: 'a' }, 3), gauge('queue.depth', { q: 'mine' }, 1), histogram('duration', {}, [1, 0, 0], 0.05, 0.05, 0.05)),
        scope(gauge('queue.depth', { q: 'a' }, 5), histogram('duration', {}, [1, 0, 0, 0], 0.05, 0.05, 0.05, [0.1, 1, 10])),
      ],
      (m) => warnings.push(m),
    );
    expect(find(merged, 'queue.depth')[0].dataPoints.map((p) => [p.attributes.q, p.value])).toEqual([['mine', 1]]);
    expect(find(merged, 'duration')).toHaveLength(0);
    expect(warnings).toEqual([
      'queue.depth is recorded with the same attributes in several threads and cannot be added up; the series is left out. Give each thread its own attribute value to keep it.',
      'histogram duration has different bucket boundaries in two threads; the series is left out.',
    ]);
  });

  it('keeps of an exited thread only what stays true: monotonic sums and histograms, not gauges or up-down sums', () => {
    const kept = cumulativeOnly(
      scope(
        sum('requests', [[{}, 3]]),
        sum('connections', [[{}, 2]], false),
        gauge('utilization', {}, 0.5),
        histogram('duration', {}, [1, 0, 0], 0.05, 0.05, 0.05),
      ),
    );
    expect(kept.flatMap((s) => s.metrics.map((m) => m.descriptor.name))).toEqual(['requests', 'duration']);
  });
});

// Delta temporality for one reader (OTLP with OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=delta or
// lowmemory). The fast metric store aggregates cumulatively, once, for every reader; this wrapper
// turns its monotonic sums and histograms into the change since this reader's previous collection.
// Both preferences mean the same for the fast store: it holds only synchronous counters and
// histograms, which are delta under either. Only this reader's producer is wrapped, so the
// Prometheus and InfluxDB readers keep cumulative data.
import type { Attributes, HrTime } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  type CollectionResult,
  type DataPoint,
  type Histogram,
  type MetricData,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';

type Previous = { endTime: HrTime; value: number | Histogram };

export class DeltaProducer implements MetricProducer {
  private readonly previous = new Map<string, Previous>();

  constructor(private readonly cumulative: MetricProducer) {}

  async collect(): Promise<CollectionResult> {
    const result = await this.cumulative.collect();
    const seen = new Set<string>();
    for (const scope of result.resourceMetrics.scopeMetrics) {
      scope.metrics = scope.metrics.map((metric) => this.toDelta(metric, seen));
    }
    // Series that disappeared (none today: the store never forgets one) must not leak state.
    for (const key of this.previous.keys()) if (!seen.has(key)) this.previous.delete(key);
    return result;
  }

  private toDelta(metric: MetricData, seen: Set<string>): MetricData {
    if (metric.aggregationTemporality !== AggregationTemporality.CUMULATIVE) return metric;
    if (metric.dataPointType === DataPointType.SUM && metric.isMonotonic) {
      const dataPoints = metric.dataPoints.map((point) => this.sumDelta(metric.descriptor.name, point, seen));
      return { ...metric, aggregationTemporality: AggregationTemporality.DELTA, dataPoints };
    }
    if (metric.dataPointType === DataPointType.HISTOGRAM) {
      const dataPoints = metric.dataPoints.map((point) => this.histogramDelta(metric.descriptor.name, point, seen));
      return { ...metric, aggregationTemporality: AggregationTemporality.DELTA, dataPoints };
    }
    return metric;
  }

  private sumDelta(name: string, point: DataPoint<number>, seen: Set<string>): DataPoint<number> {
    const key = seriesKey(name, point.attributes);
    seen.add(key);
    const last = this.previous.get(key);
    this.previous.set(key, { endTime: point.endTime, value: point.value });
    // No previous point, or a reset (the value went down): the whole cumulative value is the delta.
    if (last === undefined || typeof last.value !== 'number' || point.value < last.value) return point;
    return { ...point, startTime: last.endTime, value: point.value - last.value };
  }

  private histogramDelta(name: string, point: DataPoint<Histogram>, seen: Set<string>): DataPoint<Histogram> {
    const key = seriesKey(name, point.attributes);
    seen.add(key);
    const last = this.previous.get(key);
    this.previous.set(key, { endTime: point.endTime, value: point.value });
    if (last === undefined || typeof last.value === 'number' || point.value.count < last.value.count) return point;
    const before = last.value;
    const counts = point.value.buckets.counts.map((count, index) => count - (before.buckets.counts[index] ?? 0));
    // Min and max of the interval alone are unknown from two cumulative snapshots: not sent.
    return {
      ...point,
      startTime: last.endTime,
      value: {
        buckets: { boundaries: point.value.buckets.boundaries, counts },
        count: point.value.count - before.count,
        sum: (point.value.sum ?? 0) - (before.sum ?? 0),
      },
    };
  }
}

function seriesKey(name: string, attributes: Attributes): string {
  return `${name}\u0000${JSON.stringify(Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))}`;
}

// Feeds the fast instruments into the standard SDK pipeline: every MetricReader (OTLP, Prometheus,
// console, InfluxDB) gets this producer, so their views of the data are identical and cumulative.
import { ValueType, type HrTime } from '@opentelemetry/api';
import { hrTime } from '@opentelemetry/core';
import {
  AggregationTemporality,
  DataPointType,
  type CollectionResult,
  type MetricData,
  type MetricProducer,
  type ScopeMetrics,
} from '@opentelemetry/sdk-metrics';
import { emptyResource } from '@opentelemetry/resources';
import { FastHistogram, FastSum, type FastInstrument, type InstrumentInfo } from './instruments';

export class FastMetricProducer implements MetricProducer {
  private readonly instruments: FastInstrument[] = [];
  private readonly startTime: HrTime = hrTime();

  constructor(
    private readonly scope: { name: string; version: string },
    private readonly cardinalityLimit: number,
  ) {}

  histogram(info: InstrumentInfo, boundaries: readonly number[], keys: readonly string[]): FastHistogram {
    return this.register(new FastHistogram(info, boundaries, keys, this.cardinalityLimit));
  }

  counter(info: InstrumentInfo, keys: readonly string[]): FastSum {
    return this.register(new FastSum(info, true, keys, this.cardinalityLimit));
  }

  async collect(): Promise<CollectionResult> {
    return {
      // The reader keeps the SDK's resource; only scope metrics are taken from producers.
      resourceMetrics: { resource: emptyResource(), scopeMetrics: [this.snapshot()] },
      errors: [],
    };
  }

  /** Synchronous: a worker thread's exit handler, which cannot await, still sends its final data. */
  snapshot(): ScopeMetrics {
    const endTime = hrTime();
    const metrics: MetricData[] = [];
    for (const inst of this.instruments) {
      const data = this.toMetricData(inst, endTime);
      if (data.dataPoints.length > 0) metrics.push(data);
    }
    return { scope: this.scope, metrics };
  }

  /**
   * A number that grows whenever anything is recorded (counts and counter values only increase):
   * a worker about to sleep tells from it, in O(series) and without a hot-path cost, whether it has
   * news to send.
   */
  progress(): number {
    let total = 0;
    for (const inst of this.instruments) {
      for (const s of inst.series()) total += 'count' in s ? s.count : s.value;
    }
    return total;
  }

  private register<T extends FastInstrument>(inst: T): T {
    this.instruments.push(inst);
    return inst;
  }

  private toMetricData(inst: FastInstrument, endTime: HrTime): MetricData {
    const descriptor = { ...inst.info, valueType: ValueType.DOUBLE };
    const startTime = this.startTime;
    if (inst.kind === 'histogram') {
      const boundaries = [...inst.boundaries];
      return {
        descriptor,
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.HISTOGRAM,
        dataPoints: inst
          .series()
          .filter((s) => s.count > 0)
          .map((s) => ({
            attributes: s.attributes,
            startTime,
            endTime,
            // Copied: exporters serialise asynchronously while the app keeps recording.
            value: { buckets: { boundaries, counts: s.counts.slice() }, sum: s.sum, count: s.count, min: s.min, max: s.max },
          })),
      };
    }
    return {
      descriptor,
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.SUM,
      isMonotonic: inst.monotonic,
      dataPoints: inst.series().map((s) => ({ attributes: s.attributes, startTime, endTime, value: s.value })),
    };
  }
}

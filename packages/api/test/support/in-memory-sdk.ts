// A real SDK in-process: MeterProvider + cumulative InMemoryMetricExporter, registered globally.
import { metrics, type Attributes } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type MetricData,
} from '@opentelemetry/sdk-metrics';

export interface Point {
  attributes: Attributes;
  /** Sum or gauge value; for histograms the sum of observations. */
  value: number;
  /** Histograms only: the number of observations. */
  count?: number;
  /** Histograms only: bucket boundaries. */
  boundaries?: number[];
}

export interface InMemorySdk {
  /** Collects now; every metric by name. */
  collect(): Promise<Map<string, MetricData>>;
  /** Collects now; the points of one metric (empty when it reported nothing). */
  points(name: string): Promise<Point[]>;
  shutdown(): Promise<void>;
}

function toPoints(metric: MetricData | undefined): Point[] {
  if (metric === undefined) return [];
  if (metric.dataPointType === DataPointType.HISTOGRAM) {
    return metric.dataPoints.map((p) => ({
      attributes: p.attributes,
      value: p.value.sum ?? 0,
      count: p.value.count,
      boundaries: p.value.buckets.boundaries,
    }));
  }
  if (metric.dataPointType === DataPointType.SUM || metric.dataPointType === DataPointType.GAUGE) {
    return metric.dataPoints.map((p) => ({ attributes: p.attributes, value: p.value }));
  }
  throw new Error(`unexpected data point type ${metric.dataPointType} for ${metric.descriptor.name}`);
}

/** Replaces the global MeterProvider with a fresh one (so counts start at zero). */
export function installInMemorySdk(): InMemorySdk {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  // The interval never fires within a test: collections happen on forceFlush only.
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({ readers: [reader] });
  metrics.disable();
  metrics.setGlobalMeterProvider(provider);

  const collect = async (): Promise<Map<string, MetricData>> => {
    exporter.reset();
    await reader.forceFlush();
    const byName = new Map<string, MetricData>();
    for (const rm of exporter.getMetrics()) {
      for (const sm of rm.scopeMetrics) for (const m of sm.metrics) byName.set(m.descriptor.name, m);
    }
    return byName;
  };
  return {
    collect,
    points: async (name) => toPoints((await collect()).get(name)),
    shutdown: async () => {
      metrics.disable();
      await provider.shutdown();
    },
  };
}

/** The point whose attributes equal `attributes` exactly. */
export function pointWith(points: Point[], attributes: Attributes): Point | undefined {
  const want = JSON.stringify(Object.entries(attributes).sort());
  return points.find((p) => JSON.stringify(Object.entries(p.attributes).sort()) === want);
}

/** A fresh SDK for each test of the calling file (shut down after it); call the result for the current one. */
export function useInMemorySdk(): () => InMemorySdk {
  let sdk: InMemorySdk | undefined;
  beforeEach(() => {
    sdk = installInMemorySdk();
  });
  afterEach(() => sdk?.shutdown());
  return () => {
    if (sdk === undefined) throw new Error('useInMemorySdk(): the SDK exists inside tests only');
    return sdk;
  };
}

// OTLP with a delta preference gets the change since its previous collection from the cumulative fast store.
import { AggregationTemporality, DataPointType } from '@opentelemetry/sdk-metrics';
import { FastMetricProducer } from '../src/metric-store/fast-metric-producer';
import { DeltaProducer } from '../src/export/delta-producer';

const info = (name: string) => ({ name, description: '', unit: 's' });

async function points(producer: { collect(): Promise<import('@opentelemetry/sdk-metrics').CollectionResult> }) {
  const { resourceMetrics } = await producer.collect();
  return resourceMetrics.scopeMetrics[0].metrics.map((metric) => ({
    name: metric.descriptor.name,
    temporality: metric.aggregationTemporality,
    values: metric.dataPoints.map((point) =>
      metric.dataPointType === DataPointType.HISTOGRAM ? (point.value as { count: number; sum: number; buckets: { counts: number[] } }) : point.value,
    ),
  }));
}

describe('DeltaProducer', () => {
  it('counters and histograms become per-collection deltas; the cumulative producer is unchanged for other readers', async () => {
    const store = new FastMetricProducer({ name: 'test', version: '0' }, 100);
    const counter = store.counter(info('jobs'), ['queue']);
    const histogram = store.histogram(info('duration'), [1, 10], ['route']);
    const delta = new DeltaProducer(store);

    counter.add(5, ['a']);
    histogram.record(0.5, ['/x']);
    histogram.record(5, ['/x']);
    expect(await points(delta)).toEqual([
      { name: 'jobs', temporality: AggregationTemporality.DELTA, values: [5] },
      {
        name: 'duration',
        temporality: AggregationTemporality.DELTA,
        values: [{ buckets: { boundaries: [1, 10], counts: [1, 1, 0] }, count: 2, sum: 5.5, min: 0.5, max: 5 }],
      },
    ]);

    // The first interval starts at the start: its min and max are known. Later ones are not sent.
    counter.add(3, ['a']);
    histogram.record(20, ['/x']);
    expect(await points(delta)).toEqual([
      { name: 'jobs', temporality: AggregationTemporality.DELTA, values: [3] },
      { name: 'duration', temporality: AggregationTemporality.DELTA, values: [{ buckets: { boundaries: [1, 10], counts: [0, 0, 1] }, count: 1, sum: 20 }] },
    ]);

    // Nothing new: zero deltas.
    expect((await points(delta))[0]).toEqual({ name: 'jobs', temporality: AggregationTemporality.DELTA, values: [0] });
    // The store itself still hands out cumulative data (the Prometheus and InfluxDB readers).
    expect((await points(store))[0]).toEqual({ name: 'jobs', temporality: AggregationTemporality.CUMULATIVE, values: [8] });
  });
});

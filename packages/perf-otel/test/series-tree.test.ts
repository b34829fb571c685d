import { FastMetricProducer } from '../src/metric-store/fast-metric-producer';

const INFO = { name: 'test.duration', unit: 's', description: '' };

describe('fast instruments: one series per attribute set, overflow past the limit', () => {
  it('counts every combination in its own series, however the tree branches', async () => {
    const producer = new FastMetricProducer({ name: 't', version: '0' }, 1000);
    const h = producer.histogram(INFO, [0.1, 1], ['a', 'b', 'c']);
    const expected = new Map<string, number>();
    // Values grow the tree in every shape: single children turning into maps at each level.
    const combos: Array<[unknown, unknown, unknown]> = [];
    for (const a of ['x', 'y']) for (const b of [200, 500, undefined]) for (const c of ['/p', '/q', '/r']) combos.push([a, b, c]);
    combos.forEach((v, i) => {
      for (let n = 0; n <= i % 4; n++) {
        h.record(0.5, v);
        const key = JSON.stringify(v);
        expected.set(key, (expected.get(key) ?? 0) + 1);
      }
    });
    const { resourceMetrics } = await producer.collect();
    const points = resourceMetrics.scopeMetrics[0].metrics[0].dataPoints as Array<{
      attributes: Record<string, unknown>;
      value: { count: number; buckets: { counts: number[] } };
    }>;
    expect(points).toHaveLength(combos.length);
    for (const p of points) {
      const key = JSON.stringify([p.attributes.a, p.attributes.b, p.attributes.c]);
      expect(p.value.count).toBe(expected.get(key));
      expect(p.value.buckets.counts).toEqual([0, p.value.count, 0]);
    }
  });

  it('folds attribute sets past the limit into one otel.metric.overflow series', async () => {
    const producer = new FastMetricProducer({ name: 't', version: '0' }, 10);
    const c = producer.counter(INFO, ['route']);
    for (let i = 0; i < 25; i++) c.add(1, [`/r${i}`]);
    const { resourceMetrics } = await producer.collect();
    const points = resourceMetrics.scopeMetrics[0].metrics[0].dataPoints as Array<{ attributes: Record<string, unknown>; value: number }>;
    expect(points).toHaveLength(11);
    expect(points.find((p) => p.attributes['otel.metric.overflow'] === true)?.value).toBe(15);
  });
});

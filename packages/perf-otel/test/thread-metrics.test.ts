import { MeterProvider, type SumMetricData } from '@opentelemetry/sdk-metrics';
import { FastMetricProducer } from '../src/metric-store/fast-metric-producer';
import { SnapshotReader, ThreadMetrics } from '../src/workers/thread-metrics';

describe("a thread's collections when two overlap", () => {
  it('only the one started last counts as newest, and the exit-time snapshot keeps its SDK data', async () => {
    const reader = new SnapshotReader();
    const provider = new MeterProvider({ readers: [reader] });
    const local = new ThreadMetrics(reader, new FastMetricProducer({ name: 't', version: '0' }, 100));
    let value = 1;
    let release: () => void = () => {};
    let holdNext = true;
    provider
      .getMeter('t')
      .createObservableCounter('jobs')
      .addCallback(async (r) => {
        const observed = value++;
        // The first collection's callback waits, so the second, started later, finishes first.
        if (holdNext) {
          holdNext = false;
          await new Promise<void>((resolve) => {
            release = resolve;
          });
        }
        r.observe(observed);
      });
    const older = local.collect();
    const newer = await local.collect();
    release();
    const late = await older;
    const jobs = (scopes: typeof newer.scopes) =>
      (scopes.flatMap((s) => s.metrics).find((m) => m.descriptor.name === 'jobs') as SumMetricData).dataPoints[0].value;
    expect({ newest: newer.newest, jobs: jobs(newer.scopes) }).toEqual({ newest: true, jobs: 2 });
    expect(late.newest).toBe(false);
    expect(jobs(local.collectSync())).toBe(2);
    await provider.shutdown();
  });
});

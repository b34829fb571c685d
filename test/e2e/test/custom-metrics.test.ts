import { fixture } from '../support/paths';
import { scrape, sumOf } from '../support/prom-text';
import { runInstrumented, send } from '../support/run-app';

describe('custom metrics declared in PERF_OTEL_CUSTOM_METRICS', () => {
  it('applies declared buckets and keeps only the allowed attributes', async () => {
    const app = await runInstrumented('custom-metrics-app.js', { PERF_OTEL_CUSTOM_METRICS: fixture('custom-metrics/metrics.yaml') });
    try {
      for (let i = 0; i < 4; i++) expect(await send(app.port, `/c/${i}`)).toBe(200);
      const s = await scrape(app.metricsPort);
      const buckets = s.filter((x) => x.name === 'checkout_duration_seconds_bucket').map((x) => x.labels.le);
      expect(buckets).toEqual(['0.1', '1', '10', '+Inf']);
      expect(sumOf(s, 'checkout_duration_seconds_count', { payment_method: 'card' })).toBe(4);
      expect(sumOf(s, 'orders_placed_total', { region: 'eu' })).toBe(4);
      expect(s.some((x) => 'user_id' in x.labels)).toBe(false);
      // A valid file warns about nothing.
      expect(app.stderr()).not.toMatch(/skipping|cannot be read/);
    } finally {
      await app.stop();
    }
  });

  it('a broken file names each line and the fix, skips those entries, and the app runs on', async () => {
    const file = fixture('custom-metrics/broken.yaml');
    const app = await runInstrumented('custom-metrics-app.js', { PERF_OTEL_CUSTOM_METRICS: file });
    try {
      expect(await send(app.port, '/x')).toBe(200);
      const err = app.stderr();
      expect(err).toContain(
        `perf-otel: ${file} line 2: unit "seconds" of "checkout.duration" is not a UCUM unit: use e.g. s, ms, By, 1, {order}; skipping this metric.`,
      );
      expect(err).toContain(
        `perf-otel: ${file} line 5: kind "countr" of "orders.placed" is not one of counter, updowncounter, histogram, gauge; skipping this metric.`,
      );
      expect(err).toContain(`perf-otel: ${file} line 7: buckets are only for histograms, and "cart.size" is a gauge: remove them; skipping this metric.`);
      const s = await scrape(app.metricsPort);
      expect(sumOf(s, 'refunds_total')).toBe(1);
    } finally {
      await app.stop();
    }
  });

  it('a missing file is one clear warning', async () => {
    const app = await runInstrumented('custom-metrics-app.js', { PERF_OTEL_CUSTOM_METRICS: '/nonexistent/metrics.yaml' });
    try {
      expect(await send(app.port, '/x')).toBe(200);
      expect(app.stderr()).toContain(
        'perf-otel: PERF_OTEL_CUSTOM_METRICS="/nonexistent/metrics.yaml" cannot be read (ENOENT); no custom metrics are declared. Point it at a YAML file.',
      );
    } finally {
      await app.stop();
    }
  });
});

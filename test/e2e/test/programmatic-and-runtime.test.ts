import { freePort, pollUntil, startChildApp } from '../../harness';
import { fixture } from '../support/paths';
import { lastCount, startOtlpReceiver } from '../support/otlp-receiver';
import { scrape, sumOf } from '../support/prom-text';
import { REPO_ROOT, runInstrumented, send } from '../support/run-app';

describe('start() from code', () => {
  it('code options beat the environment, and shutdown() flushes and stops', async () => {
    const [port, metricsPort] = [await freePort(), await freePort()];
    const app = await startChildApp({
      script: fixture('programmatic.js'), cwd: REPO_ROOT, waitForPort: port,
      env: { PORT: String(port), METRICS_PORT: String(metricsPort), OTEL_SERVICE_NAME: 'from-env', OTEL_METRICS_EXPORTER: 'otlp' },
    });
    try {
      expect(await send(port, '/x/1')).toBe(200);
      const s = await scrape(metricsPort);
      expect(sumOf(s, 'http_server_request_duration_seconds_count', { job: 'from-code', http_route: '/:param/:id' })).toBe(1);
      expect(app.stderr()).toContain('service=from-code@0.0.0');
      expect(app.stderr()).toContain('exporters=prometheus(');
      const exit = await app.stop('SIGTERM');
      expect(exit.code).toBe(0);
      expect(exit.stdout).toContain('shut down');
    } finally { await app.stop(); }
  });
});

describe('runtime metrics with two readers (Prometheus pull and OTLP push)', () => {
  it('both see the same event-loop utilisation of a half-busy loop: neither steals the other\'s window', async () => {
    const receiver = await startOtlpReceiver();
    const app = await runInstrumented('busy-loop.js', {
      PORT: '0', OTEL_METRICS_EXPORTER: 'otlp,prometheus', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_METRIC_EXPORT_INTERVAL: '2000',
    });
    try {
      await app.waitForLine('busy');
      // Two full windows, then read both paths several times in quick succession.
      await pollUntil('three OTLP exports', async () => (receiver.exports.length >= 3 ? true : undefined), 20000);
      const pulled: number[] = [];
      for (let i = 0; i < 3; i++) pulled.push(sumOf(await scrape(app.metricsPort), 'nodejs_eventloop_utilization_ratio'));
      const pushed = lastCount(receiver.exports, 'nodejs.eventloop.utilization');
      for (const u of [...pulled, pushed]) {
        expect(u).toBeGreaterThan(0.3);
        expect(u).toBeLessThan(0.8);
      }
      // The cumulative time counter agrees: active time grows.
      expect(sumOf(await scrape(app.metricsPort), 'nodejs_eventloop_time_seconds_total', { nodejs_eventloop_state: 'active' })).toBeGreaterThan(1);
    } finally {
      await app.stop();
      await receiver.stop();
    }
  });
});

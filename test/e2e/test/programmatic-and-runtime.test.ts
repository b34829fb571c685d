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
      expect(sumOf(s, 'http_server_request_duration_seconds_count', { job: 'from-code', http_route: '/x/:id' })).toBe(1);
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
      await pollUntil('two OTLP exports', async () => (receiver.exports.length >= 2 ? true : undefined), 20000);
      // A reader that computed its own delta would see a different window on every collection, so
      // no two readings would be equal. On the shared window clock, three scrapes in quick
      // succession report the very same number, and a push (the one before or one of the next two,
      // whichever way the export timer and the window clock are phased) carries that number too.
      const UTILIZATION = 'nodejs.eventloop.utilization';
      const agreed = await pollUntil('three scrapes and a push agreeing on the utilisation', async () => {
        const pulled: number[] = [];
        for (let i = 0; i < 3; i++) pulled.push(sumOf(await scrape(app.metricsPort), 'nodejs_eventloop_utilization_ratio'));
        if (!pulled.every((u) => u === pulled[0])) return undefined; // a window closed between the scrapes
        const seen = receiver.exports.length;
        await pollUntil('two more OTLP exports', async () => (receiver.exports.length >= seen + 2 ? true : undefined), 20000);
        const pushed = receiver.exports.slice(seen - 1).map((one) => lastCount([one], UTILIZATION));
        return pushed.includes(pulled[0]) ? pulled[0] : undefined;
      }, 60000);
      // Half busy: neither an idle loop nor a blocked one.
      expect(agreed).toBeGreaterThan(0);
      expect(agreed).toBeLessThan(1);
      // The cumulative time counter sees both states.
      const time = await scrape(app.metricsPort);
      expect(sumOf(time, 'nodejs_eventloop_time_seconds_total', { nodejs_eventloop_state: 'active' })).toBeGreaterThan(0);
      expect(sumOf(time, 'nodejs_eventloop_time_seconds_total', { nodejs_eventloop_state: 'idle' })).toBeGreaterThan(0);
    } finally {
      await app.stop();
      await receiver.stop();
    }
  });
});

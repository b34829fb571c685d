// The exporter's log tells its current state: a second outage after a recovery is said again (and
// its recovery too), while repeats of one state are not.
import { pollUntil } from '../../harness';
import { startOtlpReceiver } from '../support/otlp-receiver';
import { runInstrumented } from '../support/run-app';

describe('export failures and recoveries in the log', () => {
  it('fails, recovers, fails again: three lines, in that order, and no repeats', async () => {
    const receiver = await startOtlpReceiver();
    receiver.respondWith(503);
    const app = await runInstrumented('plain-http.js', {
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
      PERF_OTEL_SHUTDOWN_TIMEOUT_MS: '1000',
    });
    const target = `${receiver.url}/v1/metrics`;
    const lines = () =>
      app
        .stderr()
        .split('\n')
        .filter((l) => l.startsWith(`perf-otel: metrics export to ${target}`));
    const waitLines = (n: number) => pollUntil(`${n} state lines`, async () => (lines().length >= n ? true : undefined), 15000);
    try {
      await waitLines(1);
      // Several more failing intervals: the same state, nothing more said.
      const exportsBefore = receiver.requests();
      await pollUntil('two more failed exports', async () => (receiver.requests() >= exportsBefore + 2 ? true : undefined), 15000);
      expect(lines()).toHaveLength(1);
      receiver.respondWith(200);
      await waitLines(2);
      receiver.respondWith(503);
      await waitLines(3);
      const exportsAfter = receiver.requests();
      await pollUntil('two more failed exports', async () => (receiver.requests() >= exportsAfter + 2 ? true : undefined), 15000);
      const said = lines().map((l) => l.slice(`perf-otel: metrics export to ${target} `.length, `perf-otel: metrics export to ${target} `.length + 30));
      expect(said).toEqual([expect.stringMatching(/^failed \(/), 'works again.', expect.stringMatching(/^failed \(/)]);
    } finally {
      await app.stop('SIGKILL');
      await receiver.stop();
    }
  });
});

// OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=delta: the OTLP receiver gets deltas (each request
// counted in exactly one export), while Prometheus, pulling from the same process, stays cumulative.
import { pollUntil } from '../../harness';
import { startOtlpReceiver, type ReceivedExport } from '../support/otlp-receiver';
import { scrape, sumOf } from '../support/prom-text';
import { runInstrumented, send } from '../support/run-app';

const DURATION = 'http.server.request.duration';
const OTLP_DELTA = 1;
const OTLP_CUMULATIVE = 2;

/** The points of one metric for one route, across every export received. */
function points(exports: ReceivedExport[], route: string) {
  return exports.flatMap((one) =>
    one.metrics
      .filter((metric) => metric.name === DURATION)
      .flatMap((metric) =>
        metric.points
          .filter((point) => point.attributes['http.route'] === route)
          .map((point) => ({ temporality: metric.temporality, count: point.count ?? 0 })),
      ),
  );
}

describe('OTLP temporality preference', () => {
  it.each([
    ['delta', OTLP_DELTA, 'delta'],
    ['lowmemory', OTLP_DELTA, 'delta'],
    ['cumulative', OTLP_CUMULATIVE, 'cumulative'],
  ])('%s: OTLP temporality %i (%s); Prometheus stays cumulative', async (preference, temporality) => {
    const receiver = await startOtlpReceiver();
    const app = await runInstrumented('plain-http.js', {
      OTEL_METRICS_EXPORTER: 'otlp,prometheus',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
      OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: preference,
    });
    try {
      for (let i = 0; i < 2; i++) expect(await send(app.port, `/users/${i}`)).toBe(200);
      await pollUntil('an export with the first two requests', async () => (points(receiver.exports, '/users/:id').length > 0 ? true : undefined), 15000);
      for (let i = 2; i < 5; i++) expect(await send(app.port, `/users/${i}`)).toBe(200);
      const exported = () => points(receiver.exports, '/users/:id');
      // Delta: the counts of all exports add up to the requests; cumulative: the last count is the total.
      const total = () => (temporality === OTLP_DELTA ? exported().reduce((sum, point) => sum + point.count, 0) : (exported().at(-1)?.count ?? 0));
      await pollUntil('all five requests exported', async () => (total() === 5 ? true : undefined), 15000);
      expect(new Set(exported().map((point) => point.temporality))).toEqual(new Set([temporality]));
      if (temporality === OTLP_DELTA) expect(exported().filter((point) => point.count > 0).length).toBeGreaterThanOrEqual(2);
      expect(sumOf(await scrape(app.metricsPort), 'http_server_request_duration_seconds_count', { http_route: '/users/:id' })).toBe(5);
    } finally {
      await app.stop();
      await receiver.stop();
    }
  });
});

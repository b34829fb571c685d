import { pollUntil } from '../../harness';

const waitUntil = (what: string, cond: () => boolean) => pollUntil(what, async () => (cond() ? true : undefined), 15000);
import { lastCount, startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver';
import { runInstrumented, send } from '../support/run-app';

const DURATION = 'http.server.request.duration';

describe('OTLP export to a receiver started by the test', () => {
  let receiver: OtlpReceiver;
  beforeEach(async () => {
    receiver = await startOtlpReceiver();
  });
  afterEach(async () => {
    await receiver.stop();
  });

  const otlpEnv = (extra: Record<string, string> = {}) => ({
    OTEL_METRICS_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_METRIC_EXPORT_INTERVAL: '1000',
    ...extra,
  });

  it('http/protobuf by default: semconv names, units, cumulative histograms and the resource', async () => {
    const app = await runInstrumented('plain-http.js', otlpEnv({ OTEL_RESOURCE_ATTRIBUTES: 'service.version=2.1.0,deployment.environment.name=staging' }));
    try {
      for (let i = 0; i < 5; i++) expect(await send(app.port, `/users/${i}`)).toBe(200);
      await waitUntil('five requests exported', () => lastCount(receiver.exports, DURATION, { 'http.route': '/users/:id' }) === 5);
      const last = receiver.exports.at(-1)!;
      expect(last.contentType).toBe('application/x-protobuf');
      expect(last.resource).toMatchObject({
        'service.name': 'fixture-plain-http',
        'service.version': '2.1.0',
        'deployment.environment.name': 'staging',
        'telemetry.sdk.language': 'nodejs',
        'process.runtime.name': 'nodejs',
      });
      expect(last.resource['service.instance.id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(typeof last.resource['host.name']).toBe('string');
      const byName = new Map(last.metrics.map((m) => [m.name, m]));
      const duration = byName.get(DURATION)!;
      expect(duration).toMatchObject({ unit: 's', kind: 'histogram', temporality: 2 });
      expect(duration.points[0].bounds).toEqual([0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10]);
      expect(duration.points[0].attributes).toEqual({
        'url.scheme': 'http',
        'http.request.method': 'GET',
        'http.response.status_code': 200,
        'http.route': '/users/:id',
      });
      const units = Object.fromEntries([...byName].map(([n, m]) => [n, m.unit]));
      expect(units).toMatchObject({
        'http.server.active_requests': '{request}',
        'http.server.response.body.size': 'By',
        'v8js.memory.heap.used': 'By',
        'nodejs.eventloop.utilization': '1',
        'nodejs.eventloop.delay.p99': 's',
        'process.cpu.time': 's',
        'process.memory.usage': 'By',
        'system.memory.usage': 'By',
        'system.network.io': 'By',
        'system.cpu.time': 's',
      });
      expect(byName.get('process.cpu.time')).toMatchObject({ kind: 'sum', monotonic: true, temporality: 2 });
    } finally {
      await app.stop();
    }
  });

  it('http/json on request', async () => {
    const app = await runInstrumented('plain-http.js', otlpEnv({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }));
    try {
      for (let i = 0; i < 3; i++) expect(await send(app.port, `/orders/${i}`)).toBe(200);
      await waitUntil('three requests exported', () => lastCount(receiver.exports, DURATION, { 'http.route': '/orders/:id' }) === 3);
      expect(receiver.exports.at(-1)!.contentType).toBe('application/json');
    } finally {
      await app.stop();
    }
  });

  it('SIGTERM flushes what was recorded before it, then dies by SIGTERM', async () => {
    const app = await runInstrumented('plain-http.js', otlpEnv({ OTEL_METRIC_EXPORT_INTERVAL: '600000' }));
    for (let i = 0; i < 6; i++) expect(await send(app.port, `/users/${i}`)).toBe(200);
    expect(receiver.exports).toHaveLength(0);
    const exit = await app.stop('SIGTERM');
    expect(exit.signal).toBe('SIGTERM');
    expect(lastCount(receiver.exports, DURATION, { 'http.route': '/users/:id' })).toBe(6);
  });

  it('a natural exit flushes too', async () => {
    const app = await runInstrumented('short-job.js', otlpEnv({ OTEL_METRIC_EXPORT_INTERVAL: '600000', PORT: '0' }));
    const exit = await app.exited;
    expect(exit.code).toBe(0);
    expect(lastCount(receiver.exports, DURATION, { 'http.route': '/jobs/:id' })).toBe(3);
  });

  it('a collector that refuses exports neither crashes nor slows the app, and says so once', async () => {
    receiver.respondWith(503);
    const app = await runInstrumented('plain-http.js', otlpEnv({ OTEL_METRIC_EXPORT_INTERVAL: '1000', PERF_OTEL_SHUTDOWN_TIMEOUT_MS: '2000' }));
    // Serve through three refused export cycles, however long they take on this machine: every
    // request is answered.
    const refusedBefore = receiver.refused;
    const statuses: number[] = [];
    while (receiver.refused < refusedBefore + 3) statuses.push(await send(app.port, `/users/${statuses.length}`));
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    const exit = await app.stop('SIGTERM');
    expect(exit.signal).toBe('SIGTERM');
    const complaints = exit.stderr.split('\n').filter((l) => l.startsWith(`perf-otel: metrics export to ${receiver.url}/v1/metrics failed`));
    // Said once, not every interval, with the fix.
    expect(complaints).toHaveLength(1);
    expect(complaints[0]).toContain('Set OTEL_EXPORTER_OTLP_ENDPOINT');
  });
});

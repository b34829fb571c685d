// Faults, attacks and load: the app keeps serving, nothing crashes, nothing recorded is lost,
// memory and series stay bounded. PERF_OTEL_SOAK_SECONDS lengthens the load phases (default short).
import autocannon from 'autocannon';
import { networkInterfaces } from 'node:os';
import { createTempDatabase, pollUntil, portAnswers } from '../../harness';
import { ROUTE_WORDS } from '../../../packages/perf-otel/src/http/route-words';
import { startHungReceiver } from '../support/hung-receiver';
import { startOtlpReceiver } from '../support/otlp-receiver';
import { scrape, sumOf } from '../support/prom-text';
import { runInstrumented, send } from '../support/run-app';

const LOAD_SECONDS = Number(process.env.PERF_OTEL_SOAK_SECONDS ?? 3);

function load(url: string, connections: number, seconds: number) {
  return autocannon({ url, connections, duration: seconds });
}

/** A fixed number of requests, so the client's count is the number the server served. */
function loadExactly(url: string, connections: number, amount: number) {
  return autocannon({ url, connections, amount });
}

describe('accuracy under load', () => {
  it(`50 concurrent connections, ${1500 * LOAD_SECONDS} requests: exported counts equal requests served and queries run, exactly`, async () => {
    const db = await createTempDatabase();
    const app = await runInstrumented('tenant-app.js', { DATABASE_URL: db.connectionString });
    try {
      const result = await loadExactly(`http://127.0.0.1:${app.port}/reports/1`, 50, 1500 * LOAD_SECONDS);
      const served = result['2xx'];
      expect(served).toBe(1500 * LOAD_SECONDS);
      expect(result.non2xx).toBe(0);
      const s = await scrape(app.metricsPort);
      expect(sumOf(s, 'http_server_request_duration_seconds_count', { http_route: '/reports/:id', http_response_status_code: '200' })).toBe(served);
      expect(sumOf(s, 'db_client_operation_duration_seconds_count', { db_operation_name: 'SELECT' })).toBe(served);
      expect(sumOf(s, 'http_server_active_requests')).toBe(0);
    } finally {
      await app.stop();
      await db.drop();
    }
  });
});

describe('a collector that hangs', () => {
  it('never blocks the app; SIGTERM still exits within the shutdown timeout, saying why', async () => {
    const hung = await startHungReceiver();
    const app = await runInstrumented('plain-http.js', {
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: hung.url,
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
      PERF_OTEL_SHUTDOWN_TIMEOUT_MS: '1500',
    });
    try {
      const result = await load(`http://127.0.0.1:${app.port}/users/1`, 10, LOAD_SECONDS);
      expect(result.errors).toBe(0);
      expect(result.non2xx).toBe(0);
      expect(hung.connections()).toBeGreaterThan(0);
      const exit = await app.stop('SIGTERM');
      expect(exit.signal).toBe('SIGTERM');
      expect(exit.stderr).toContain(`perf-otel: metrics export to ${hung.url}/v1/metrics failed`);
    } finally {
      await app.stop();
      await hung.stop();
    }
  });

  it('a second SIGTERM exits at once instead of waiting for the flush', async () => {
    const hung = await startHungReceiver();
    const app = await runInstrumented('plain-http.js', {
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: hung.url,
      OTEL_METRIC_EXPORT_TIMEOUT: '60000',
      PERF_OTEL_SHUTDOWN_TIMEOUT_MS: '120000',
    });
    try {
      expect(await send(app.port, '/users/1')).toBe(200);
      process.kill(app.pid, 'SIGTERM');
      // The first signal starts a flush that cannot finish (the collector never answers) …
      await pollUntil('the flush to reach the hung collector', async () => (hung.connections() > 0 ? true : undefined), 10000);
      // … the second one ends the process without waiting two minutes.
      process.kill(app.pid, 'SIGTERM');
      const exit = await pollUntil(
        'exit after the second SIGTERM',
        async () => Promise.race([app.exited, new Promise<undefined>((r) => setTimeout(() => r(undefined), 200))]),
        10000,
      );
      expect(exit.signal).toBe('SIGTERM');
    } finally {
      await app.stop('SIGKILL');
      await hung.stop();
    }
  });
});

describe('an InfluxDB that is not there', () => {
  it('the app serves, the failure is said once, and dropped points are a self-metric', async () => {
    const app = await runInstrumented('plain-http.js', {
      OTEL_METRICS_EXPORTER: 'influxdb,prometheus',
      PERF_OTEL_INFLUXDB_URL: 'http://127.0.0.1:9',
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
      PERF_OTEL_INFLUXDB_PASSWORD: 'hunter2',
      PERF_OTEL_INFLUXDB_USERNAME: 'app',
    });
    try {
      for (let i = 0; i < 20; i++) expect(await send(app.port, `/users/${i}`)).toBe(200);
      await pollUntil(
        'a failed InfluxDB export',
        async () => (app.stderr().includes('perf-otel InfluxDB exporter: cannot write to http://127.0.0.1:9/write') ? true : undefined),
        10000,
      );
      const s = await scrape(app.metricsPort);
      expect(s.find((x) => x.name === 'perf_otel_exporter_dropped_points_total')?.labels.perf_otel_exporter).toBe('influxdb');
      expect(sumOf(s, 'http_server_request_duration_seconds_count')).toBe(20);
      expect(app.stderr()).not.toContain('hunter2');
      expect(
        app
          .stderr()
          .split('\n')
          .filter((l) => l.includes('cannot write to')),
      ).toHaveLength(1);
    } finally {
      await app.stop();
    }
  });
});

describe('a collector answering nonsense', () => {
  it.each([
    [200, '\u0000\u00ffgarbage that is not protobuf'],
    [400, '<html>bad gateway</html>'],
    [429, 'slow down'],
  ])('status %i with a malformed body: the app serves and counts on', async (status, body) => {
    const receiver = await startOtlpReceiver();
    receiver.respondWith(status, body);
    const app = await runInstrumented('plain-http.js', {
      OTEL_METRICS_EXPORTER: 'otlp,prometheus',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
      PERF_OTEL_SHUTDOWN_TIMEOUT_MS: '1500',
    });
    try {
      const result = await load(`http://127.0.0.1:${app.port}/users/1`, 10, 2);
      expect(result.errors).toBe(0);
      const s = await scrape(app.metricsPort);
      expect(sumOf(s, 'http_server_request_duration_seconds_count')).toBeGreaterThanOrEqual(result['2xx']);
      const exit = await app.stop('SIGTERM');
      expect(exit.signal).toBe('SIGTERM');
      expect(exit.stderr).not.toMatch(/"stack"|at \S+ \(/);
    } finally {
      await app.stop();
      await receiver.stop();
    }
  });
});

describe('secrets never reach metrics or logs', () => {
  it('passwords in connection strings, Authorization headers and query strings stay out', async () => {
    const db = await createTempDatabase();
    // PostgreSQL here trusts every local user, so any password connects.
    const url = db.connectionString.replace('postgres@', 'postgres:s3cretPW@');
    const app = await runInstrumented('tenant-app.js', { DATABASE_URL: url });
    try {
      for (let i = 0; i < 3; i++) {
        expect(
          await send(app.port, `/reports/${i}?token=t0ps3cret&api_key=k3y`, { headers: { authorization: 'Bearer b3arer-secret', cookie: 'session=c00kie' } }),
        ).toBe(200);
      }
      const text = await (await fetch(`http://127.0.0.1:${app.metricsPort}/metrics`)).text();
      expect(text).toContain('db_client_connection_count');
      for (const secret of ['s3cretPW', 't0ps3cret', 'k3y', 'b3arer-secret', 'c00kie']) {
        expect({ secret, inMetrics: text.includes(secret), inLogs: (app.stdout() + app.stderr()).includes(secret) }).toEqual({
          secret,
          inMetrics: false,
          inLogs: false,
        });
      }
    } finally {
      await app.stop();
      await db.drop();
    }
  });

  it('the Prometheus endpoint listens on loopback only by default', async () => {
    const app = await runInstrumented('plain-http.js');
    try {
      const external = Object.values(networkInterfaces())
        .flat()
        .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
      expect(await portAnswers(app.metricsPort, '127.0.0.1')).toBe(true);
      if (external !== undefined) expect(await portAnswers(app.metricsPort, external)).toBe(false);
    } finally {
      await app.stop();
    }
  });
});

describe('the app keeps its own failure modes', () => {
  it('an uncaught exception in the app is not swallowed: it is printed and the process exits with 1', async () => {
    const app = await runInstrumented('throws-later.js');
    const exit = await app.exited;
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain('app bug: boom');
  });
});

describe('cardinality attacks', () => {
  it('thousands of distinct ids or names in paths are one series: no identifier reaches a label', async () => {
    const app = await runInstrumented('plain-http.js', { PERF_OTEL_CARDINALITY_LIMIT: '200' });
    try {
      const letters = (n: number) =>
        n
          .toString(26)
          .split('')
          .map((d) => String.fromCharCode(97 + parseInt(d, 26)))
          .join('');
      const total = 3000;
      for (let batch = 0; batch < total / 100; batch++) {
        await Promise.all(Array.from({ length: 100 }, (_, i) => send(app.port, `/users/${letters(batch * 100 + i + 1000)}?q=${batch}`)));
      }
      const s = await scrape(app.metricsPort);
      // A few of the letter strings are vocabulary words (`css`, `doc`): those are kept, nothing else.
      const routes = s.filter((x) => x.name === 'http_server_request_duration_seconds_count').map((x) => x.labels.http_route);
      const vocabulary = new Set(ROUTE_WORDS.map((w) => `/users/${w}`));
      expect(routes.filter((r) => r !== '/users/:param' && !vocabulary.has(r))).toEqual([]);
      expect(routes.length).toBeLessThan(10);
      expect(sumOf(s, 'http_server_request_duration_seconds_count', { http_route: '/users/:param' })).toBeGreaterThan(total - 20);
      expect(sumOf(s, 'http_server_request_duration_seconds_count')).toBe(total);
    } finally {
      await app.stop();
    }
  });

  it('thousands of distinct static-word paths fold into the overflow series: series and memory bounded, every request still counted', async () => {
    const receiver = await startOtlpReceiver();
    const app = await runInstrumented('plain-http.js', { PERF_OTEL_CARDINALITY_LIMIT: '200' });
    try {
      // Paths of vocabulary words are kept verbatim: only the per-instrument limit bounds them.
      const words = ROUTE_WORDS.filter((w) => /^[a-z]+$/.test(w)).slice(0, 60);
      const total = 3000;
      for (let batch = 0; batch < total / 100; batch++) {
        await Promise.all(
          Array.from({ length: 100 }, (_, i) => {
            const n = batch * 100 + i;
            return send(app.port, `/users/${words[n % 60]}/${words[Math.floor(n / 60) % 60]}?q=${batch}`);
          }),
        );
      }
      const s = await scrape(app.metricsPort);
      const series = s.filter((x) => x.name === 'http_server_request_duration_seconds_count');
      expect(series.length).toBeLessThanOrEqual(201);
      expect(sumOf(s, 'http_server_request_duration_seconds_count', { otel_metric_overflow: 'true' })).toBeGreaterThan(0);
      expect(sumOf(s, 'http_server_request_duration_seconds_count')).toBe(total);
    } finally {
      await app.stop();
      await receiver.stop();
    }
  });
});

describe('environment fuzzing', () => {
  const GARBAGE = ['', '   ', 'true', '-1', '1e309', 'NaN', '0x10', '🔥🔥', 'x'.repeat(10000), 'a=b=c,,=,', '\u0000', 'http://', '../../etc/passwd'];

  it.each(GARBAGE.map((g, i) => [i, g]))('every variable set to garbage #%i: the app serves and says what it ignored', async (_i, value) => {
    const { ALL_ENV_VARS } = require('@org/perf-otel') as typeof import('@org/perf-otel');
    const env: Record<string, string> = {};
    for (const v of ALL_ENV_VARS) {
      // Keep the app reachable and the endpoint ours; fuzz everything else.
      if (
        ['OTEL_METRICS_EXPORTER', 'OTEL_EXPORTER_PROMETHEUS_PORT', 'PERF_OTEL_ENABLED', 'OTEL_SDK_DISABLED', 'OTEL_EXPORTER_PROMETHEUS_HOST'].includes(v.name)
      )
        continue;
      // eslint-disable-next-line no-control-regex -- a NUL byte cannot be passed in an environment variable
      env[v.name] = value.replace(/\u0000/g, '');
    }
    const app = await runInstrumented('plain-http.js', env);
    try {
      expect(await send(app.port, '/users/1')).toBe(200);
      const s = await scrape(app.metricsPort);
      expect(sumOf(s, 'http_server_request_duration_seconds_count')).toBe(1);
      // Warnings are single lines and never echo a huge value in full.
      for (const line of app.stderr().split('\n')) expect(line.length).toBeLessThan(1000);
    } finally {
      await app.stop();
    }
  });
});

import { scrape, sumOf, type Sample } from '../support/prom-text';
import { runInstrumented, send } from '../support/run-app';
import { portAnswers } from '../../harness';

describe('configuration by environment', () => {
  it('bad values warn once each, naming the variable, the value and the fallback, and the app runs on', async () => {
    const app = await runInstrumented('plain-http.js', {
      OTEL_METRIC_EXPORT_INTERVAL: 'soon',
      PERF_OTEL_CARDINALITY_LIMIT: '-5',
      PERF_OTEL_HTTP_ROUTE_FROM_PATH: 'maybe',
      OTEL_METRICS_EXPORTER: 'prometheus,carrier-pigeon',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url',
      OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'host-metrics,ftp',
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer s3cr3t-token,garbage',
    });
    try {
      expect(await send(app.port, '/users/1')).toBe(200);
      const err = app.stderr();
      expect(err).toContain('perf-otel: OTEL_METRIC_EXPORT_INTERVAL="soon" is not a whole number >= 1000 <= 86400000; using 15000.');
      expect(err).toContain('perf-otel: PERF_OTEL_CARDINALITY_LIMIT="-5" is not a whole number >= 10 <= 1000000; using 2000.');
      expect(err).toContain('perf-otel: PERF_OTEL_HTTP_ROUTE_FROM_PATH="maybe" is not a boolean; using true. Set it to true or false.');
      expect(err).toContain(
        'perf-otel: OTEL_METRICS_EXPORTER has unknown value(s) "carrier-pigeon"; using "prometheus". Valid values: otlp, prometheus, console, influxdb, none.',
      );
      expect(err).toContain('perf-otel: OTEL_NODE_DISABLED_INSTRUMENTATIONS has unknown value(s) "ftp"');
      expect(err).toContain('OTEL_EXPORTER_OTLP_HEADERS has an entry without a key=value form ("garbage")');
      // A secret never reaches the log, even inside a warning.
      expect(err).not.toContain('s3cr3t');
      // The valid parts still apply: the route comes from the path; host metrics are off.
      const s = await scrape(app.metricsPort);
      expect(sumOf(s, 'http_server_request_duration_seconds_count', { http_route: '/users/:id' })).toBe(1);
      expect(s.some((x) => x.name.startsWith('system_'))).toBe(false);
      expect(s.some((x) => x.name.startsWith('nodejs_eventloop'))).toBe(true);
    } finally {
      await app.stop();
    }
  });

  it.each([
    ['PERF_OTEL_ENABLED', 'false'],
    ['OTEL_SDK_DISABLED', 'true'],
  ])('%s=%s turns everything off', async (name, value) => {
    const app = await runInstrumented('plain-http.js', { [name]: value });
    try {
      expect(await send(app.port, '/users/1')).toBe(200);
      expect(await portAnswers(app.metricsPort)).toBe(false);
      expect(app.stderr()).toContain('perf-otel is turned off');
    } finally {
      await app.stop();
    }
  });

  it('OTEL_METRICS_EXPORTER=console prints the metrics to stdout', async () => {
    const app = await runInstrumented('plain-http.js', { OTEL_METRICS_EXPORTER: 'console', OTEL_METRIC_EXPORT_INTERVAL: '1000' });
    try {
      expect(await send(app.port, '/users/1')).toBe(200);
      await app.waitForLine(/name: 'http\.server\.request\.duration'/, 10000);
    } finally {
      await app.stop();
    }
  });

  it('OTEL_LOG_LEVEL=warn keeps a healthy start silent', async () => {
    const app = await runInstrumented('plain-http.js', { OTEL_LOG_LEVEL: 'warn' });
    try {
      expect(await send(app.port, '/users/1')).toBe(200);
      expect(app.stderr()).toBe('');
    } finally {
      await app.stop();
    }
  });

  it('the startup line redacts OTLP header values and URL passwords', async () => {
    const app = await runInstrumented('plain-http.js', {
      OTEL_METRICS_EXPORTER: 'otlp,prometheus',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://user:hunter2@127.0.0.1:9',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=abc123secret',
      PERF_OTEL_SHUTDOWN_TIMEOUT_MS: '500',
    });
    try {
      const line = app
        .stderr()
        .split('\n')
        .find((l) => l.startsWith('perf-otel 0'))!;
      expect(line).toContain('otlp(http/protobuf http://user:%5Bredacted%5D@127.0.0.1:9/v1/metrics headers=x-api-key=[redacted])');
      expect(app.stderr()).not.toMatch(/hunter2|abc123secret/);
    } finally {
      await app.stop();
    }
  });

  it('PERF_OTEL_HTTP_DURATION_BUCKETS gives finer HTTP buckets, keeping the ones the rules count at; a bad list warns and keeps the default', async () => {
    const les = (samples: Sample[]) => samples.filter((x) => x.name === 'http_server_request_duration_seconds_bucket').map((x) => x.labels.le);
    const fine = await runInstrumented('plain-http.js', { PERF_OTEL_HTTP_DURATION_BUCKETS: '0.05, 0.1,0.15,0.2' });
    try {
      expect(await send(fine.port, '/users/1')).toBe(200);
      expect(les(await scrape(fine.metricsPort))).toEqual(['0.05', '0.1', '0.15', '0.2', '0.25', '0.5', '1', '+Inf']);
    } finally {
      await fine.stop();
    }
    const bad = await runInstrumented('plain-http.js', { PERF_OTEL_HTTP_DURATION_BUCKETS: '0.5,0.1' });
    try {
      expect(await send(bad.port, '/users/1')).toBe(200);
      expect(les(await scrape(bad.metricsPort))).toEqual([
        '0.005',
        '0.01',
        '0.025',
        '0.05',
        '0.075',
        '0.1',
        '0.25',
        '0.5',
        '0.75',
        '1',
        '2.5',
        '5',
        '7.5',
        '10',
        '+Inf',
      ]);
      expect(bad.stderr()).toContain(
        'perf-otel: PERF_OTEL_HTTP_DURATION_BUCKETS="0.5,0.1" is not a list of up to 50 increasing positive numbers; ' +
          'using 0.005,0.01,0.025,0.05,0.075,0.1,0.25,0.5,0.75,1,2.5,5,7.5,10. Set it like 0.05,0.1,0.25,0.5,1.\n',
      );
    } finally {
      await bad.stop();
    }
  });
});

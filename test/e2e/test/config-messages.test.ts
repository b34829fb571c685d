// Config warnings name the variable at fault, echo only a short prefix of its value, and headers
// HTTP cannot carry are dropped at start instead of failing every export.
import { pollUntil } from '../../harness';
import { startOtlpReceiver } from '../support/otlp-receiver';
import { runInstrumented, send } from '../support/run-app';

const lines = (text: string) => text.split('\n').filter((l) => l.startsWith('perf-otel'));

describe('configuration messages', () => {
  it('a Prometheus host this machine does not have is blamed on OTEL_EXPORTER_PROMETHEUS_HOST, not the port', async () => {
    const app = await runInstrumented('plain-http.js', { OTEL_EXPORTER_PROMETHEUS_HOST: '192.0.2.1' });
    try {
      await app.waitForLine('no scrape endpoint');
      expect(await send(app.port, '/users/1')).toBe(200);
      const line = lines(app.stderr()).find((l) => l.includes('no scrape endpoint'));
      expect(line).toBe(
        `perf-otel: the Prometheus endpoint could not listen on "192.0.2.1" port ${app.metricsPort} (EADDRNOTAVAIL); no scrape endpoint. ` +
          'Set OTEL_EXPORTER_PROMETHEUS_HOST to a name or address of this machine (localhost, or 0.0.0.0 for every interface).',
      );
    } finally {
      await app.stop();
    }
  });

  it('a Prometheus port in use is blamed on OTEL_EXPORTER_PROMETHEUS_PORT', async () => {
    const first = await runInstrumented('plain-http.js');
    const second = await runInstrumented('plain-http.js', {
      OTEL_EXPORTER_PROMETHEUS_PORT: String(first.metricsPort),
      OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
    });
    try {
      await second.waitForLine('no scrape endpoint');
      expect(lines(second.stderr()).find((l) => l.includes('no scrape endpoint'))).toBe(
        `perf-otel: the Prometheus endpoint could not listen on "127.0.0.1" port ${first.metricsPort} (EADDRINUSE); no scrape endpoint. Set OTEL_EXPORTER_PROMETHEUS_PORT to a free port.`,
      );
    } finally {
      await second.stop();
      await first.stop();
    }
  });

  it('a bad PERF_OTEL_INFLUXDB_URL is named, and a long bad value is cut to 40 characters', async () => {
    const long = `http//${'x'.repeat(5000)}`;
    const app = await runInstrumented('plain-http.js', {
      OTEL_METRICS_EXPORTER: 'influxdb,prometheus',
      PERF_OTEL_INFLUXDB_URL: 'influx:8086 please',
      OTEL_EXPORTER_OTLP_ENDPOINT: long,
    });
    try {
      expect(await send(app.port, '/users/1')).toBe(200);
      const said = lines(app.stderr());
      expect(said).toContain(
        'perf-otel: PERF_OTEL_INFLUXDB_URL="influx:8086 please" is not an http(s) URL; using the default. Set it like http://influxdb:8086.',
      );
      expect(said).toContain(
        `perf-otel: OTEL_EXPORTER_OTLP_ENDPOINT="${long.slice(0, 40)}…" is not an http(s) URL; using the default. Set it like http://collector:4318.`,
      );
      expect(app.stderr()).not.toContain('x'.repeat(41));
    } finally {
      await app.stop();
    }
  });

  it('OTLP headers that decode to CR/LF/NUL or have a non-token name are dropped at start with one warning each; exports go through', async () => {
    const receiver = await startOtlpReceiver();
    const app = await runInstrumented('plain-http.js', {
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20s3cr3t,x-tenant=acme%0D%0AX-Injected:%201',
      OTEL_EXPORTER_OTLP_METRICS_HEADERS: 'x-null=a%00b,bad name=1',
    });
    try {
      expect(await send(app.port, '/users/1')).toBe(200);
      await pollUntil('an export that got through', async () => (receiver.exports.length > 0 ? true : undefined), 15000);
      const said = lines(app.stderr());
      const fix = 'it is not sent. Fix the entry (percent-encode the value, e.g. %20 for a space, never a control character).';
      const badValue = 'has a value that decodes to a forbidden character (CR, LF, NUL or another control character)';
      expect(said.filter((l) => l.includes(': header '))).toEqual([
        `perf-otel: OTEL_EXPORTER_OTLP_HEADERS: header "x-tenant" ${badValue}; ${fix}`,
        `perf-otel: OTEL_EXPORTER_OTLP_METRICS_HEADERS: header "x-null" ${badValue}; ${fix}`,
        `perf-otel: OTEL_EXPORTER_OTLP_METRICS_HEADERS: header "bad name" is not a valid HTTP header name (letters, digits and !#$%&'*+-.^_\`|~ only); ${fix}`,
      ]);
      expect(said.some((l) => l.includes('metrics export to'))).toBe(false);
      expect(app.stderr()).not.toContain('s3cr3t');
      expect(receiver.headers().authorization).toBe('Bearer s3cr3t');
      expect(receiver.headers()['x-tenant']).toBeUndefined();
    } finally {
      await app.stop();
      await receiver.stop();
    }
  });
});

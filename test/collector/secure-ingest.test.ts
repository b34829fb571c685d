// Secured ingest (collector/otelcol-secure-ingest.yaml on a gateway): TLS with a certificate made here,
// and a bearer token. Apps configure it with the standard OTEL_EXPORTER_OTLP_HEADERS and
// OTEL_EXPORTER_OTLP_CERTIFICATE, agents with OTELCOL_GATEWAY_AUTHORIZATION and OTELCOL_GATEWAY_CA_FILE.
// A wrong token is refused (401), counted by the gateway's own HTTP server metrics, reported by the
// app's perf-otel, and nothing of it is stored; the right token is delivered exactly.
import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  COLLECTOR_SECURE_INGEST_OVERLAY,
  makeTempDir,
  removeTempDir,
  startInfluxDb,
  startPrometheus,
  validateCollectorConfig,
  type RunningCollector,
  type RunningInfluxDb,
  type RunningPrometheus,
} from '../harness';
import { influxCounts, key, promCounts, waitForCounts } from './support/stores';
import { GATEWAY_CONFIGS, INFLUX_DB, get, startAgent, startApp, startGateway, type App } from './support/tier';

const REPO_ROOT = join(__dirname, '../..');
const TOKEN = 'tier-test-token-5f1c';
const SENDERS = join(REPO_ROOT, 'test/load/otlp-senders.mjs');

/** HTTP requests the gateway's OTLP/HTTP listener answered with 401 (its own telemetry, level detailed). */
async function unauthorizedCount(gateway: RunningCollector): Promise<number> {
  const port = gateway.otlpHttpEndpoint.split(':').pop();
  const text = await (await fetch(`http://${gateway.telemetryTarget}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('http_server_request_duration_count{') && l.includes('http_response_status_code="401"') && l.includes(`server_port="${port}"`));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}

async function senders(endpoint: string, ca: string, token: string, service: string): Promise<{ byStatus: Record<string, { requests: number }> }> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      SENDERS,
      '--endpoint',
      endpoint,
      '--instances',
      '1',
      '--exports',
      '3',
      '--shape',
      'counters',
      '--points',
      '2',
      '--service',
      service,
      '--header',
      `authorization=Bearer ${token}`,
    ],
    { env: { ...process.env, NODE_EXTRA_CA_CERTS: ca } },
  );
  return JSON.parse(stdout) as { byStatus: Record<string, { requests: number }> };
}

describe('secured ingest: TLS + bearer token on the gateway', () => {
  let dir: string;
  let cert: string;
  let prometheus: RunningPrometheus;
  let influx: RunningInfluxDb;
  let gateway: RunningCollector & { storageDir: string };
  let agent: RunningCollector & { storageDir: string };
  let https: string;
  const apps: App[] = [];

  beforeAll(async () => {
    dir = await makeTempDir('otelcol-tls');
    cert = join(dir, 'cert.pem');
    const keyFile = join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        keyFile,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    prometheus = await startPrometheus({ extraArgs: ['--web.enable-remote-write-receiver'] });
    influx = await startInfluxDb();
    await influx.query(`CREATE DATABASE ${INFLUX_DB}`);
    gateway = await startGateway(
      prometheus,
      influx,
      {
        OTELCOL_INGEST_TOKEN: TOKEN,
        OTELCOL_TLS_CERT_FILE: cert,
        OTELCOL_TLS_KEY_FILE: keyFile,
        OTELCOL_TELEMETRY_LEVEL: 'detailed',
      },
      [COLLECTOR_SECURE_INGEST_OVERLAY],
    );
    https = gateway.otlpHttpEndpoint.replace('http://', 'https://');
    agent = await startAgent(gateway, { OTELCOL_GATEWAY_INSECURE: 'false', OTELCOL_GATEWAY_CA_FILE: cert, OTELCOL_GATEWAY_AUTHORIZATION: `Bearer ${TOKEN}` });
    const tls = { OTEL_EXPORTER_OTLP_CERTIFICATE: cert };
    apps.push(
      await startApp('secure-right', https, { ...tls, OTEL_EXPORTER_OTLP_HEADERS: `Authorization=Bearer%20${TOKEN}` }),
      await startApp('secure-wrong', https, { ...tls, OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Bearer%20not-the-token' }),
      await startApp('secure-agent', agent.otlpHttpEndpoint),
    );
    for (const a of apps) await get(a.port, '/users/1', 4);
  }, 120000);

  afterAll(async () => {
    for (const a of apps) await a.app.stop();
    for (const c of [agent, gateway]) {
      await c?.stop();
      if (c) await removeTempDir(c.storageDir);
    }
    await prometheus?.stop();
    await influx?.stop();
    if (dir) await removeTempDir(dir);
  });

  test('without the token and certificate the overlay refuses to start, naming what is missing', async () => {
    const { code, output } = await validateCollectorConfig([...GATEWAY_CONFIGS, COLLECTOR_SECURE_INGEST_OVERLAY], { OTELCOL_STORAGE_DIR: dir });
    expect(code).not.toBe(0);
    expect(output).toContain('extensions::bearertokenauth/ingest: no bearer token provided');
    expect(output).toContain('TLS configuration must include both certificate and key');
  });

  test('the right token (app by OTEL_EXPORTER_OTLP_HEADERS, agent by OTELCOL_GATEWAY_AUTHORIZATION) is delivered exactly', async () => {
    const expected = { [key(['secure-right', '200'])]: 4, [key(['secure-agent', '200'])]: 4 };
    await waitForCounts(
      'authenticated requests in Prometheus',
      () => promCounts(prometheus, 'http_server_request_duration_seconds_count{job=~"secure-.*"}', ['job', 'http_response_status_code']),
      expected,
    );
    await waitForCounts(
      'authenticated requests in InfluxDB',
      () =>
        influxCounts(influx, INFLUX_DB, 'http.server.request.duration', 'count', ['service.name', 'http.response.status_code'], `"service.name" =~ /^secure-/`),
      expected,
    );
  });

  test('a wrong token is refused: the app reports it, the gateway counts 401s, and nothing of it is stored', async () => {
    const wrong = apps.find((a) => a.service === 'secure-wrong')!;
    await wrong.app.waitForLine(`metrics export to ${https}/v1/metrics failed (`);
    expect(wrong.app.stderr() + wrong.app.stdout()).toMatch(/Unauthorized|401/);
    await wrong.app.stop();
    // Exactly the refused requests of a sender whose count we know.
    const before = await unauthorizedCount(gateway);
    expect(before).toBeGreaterThan(0);
    const refused = await senders(https, cert, 'wrong', 'secure-sim-wrong');
    expect(refused.byStatus).toEqual({ 401: { requests: 3, points: 6 } });
    expect(await unauthorizedCount(gateway)).toBe(before + 3);
    const accepted = await senders(https, cert, TOKEN, 'secure-sim-right');
    expect(accepted.byStatus).toEqual({ 200: { requests: 3, points: 6 } });
    await prometheus.waitFor('count(count_over_time(flood_points_total{job="secure-sim-right"}[1h]))', (s) => s[0].value[1] === '2');
    expect(await prometheus.query('{job=~"secure-wrong|secure-sim-wrong"}')).toEqual([]);
    const influxWrong = await influx.query(`SELECT count(*) FROM /.*/ WHERE "service.name" =~ /secure-wrong|secure-sim-wrong/`, INFLUX_DB);
    expect(influxWrong.results[0].series ?? []).toEqual([]);
  });
});

// Privacy for real: a sender puts user ids, raw URLs, client addresses, SQL text and an
// authorization header on its points (and a command line on its resource); through the repo's
// Collector config none of it reaches Prometheus or InfluxDB, while the point itself does.
import { join } from 'node:path';
import { startChildApp, startCollector, startInfluxDb, startPrometheus, type RunningCollector, type RunningInfluxDb, type RunningPrometheus } from '../harness';

const REPO_ROOT = join(__dirname, '../..');
const SECRETS: Record<string, string> = {
  'enduser.id': 'user-4711',
  'user.id': 'user-4712',
  'user.email': 'alice@example.com',
  'url.full': 'https://shop.example/orders/9?token=tok-123',
  'url.query': 'token=tok-124',
  'client.address': '203.0.113.7',
  'network.peer.address': '203.0.113.8',
  'db.query.text': "SELECT * FROM users WHERE email = 'bob@example.com'",
  'http.request.header.authorization': 'Bearer sekrit-bearer',
  'process.command_args': '--password=hunter2',
};
const DB = 'perf_otel';

describe('privacy through the Collector config: what must never be stored is not, in any store', () => {
  let influx: RunningInfluxDb;
  let collector: RunningCollector;
  let prometheus: RunningPrometheus;

  beforeAll(async () => {
    influx = await startInfluxDb();
    await influx.query(`CREATE DATABASE ${DB}`);
    collector = await startCollector({ env: { OTELCOL_INFLUXDB_ENDPOINT: influx.url, OTELCOL_BATCH_TIMEOUT: '200ms' } });
    prometheus = await startPrometheus({ scrapeTargets: [collector.prometheusTarget] });
    const sender = await startChildApp({
      script: join(__dirname, 'fixtures/privacy-sender.js'),
      cwd: REPO_ROOT,
      env: { OTLP_URL: `${collector.otlpHttpEndpoint}/v1/metrics`, SECRETS: JSON.stringify(SECRETS) },
    });
    expect((await sender.exited).code).toBe(0);
  }, 60000);

  afterAll(async () => {
    await prometheus?.stop();
    await collector?.stop();
    await influx?.stop();
  });

  it('Prometheus stores the point with its route and none of the secret values or keys', async () => {
    const [sample] = await prometheus.waitFor('privacy_probe_total', undefined, 30000);
    expect(sample.value[1]).toBe('3');
    expect(sample.metric.http_route).toBe('/orders/:id');
    const stored = JSON.stringify(await (await fetch(`${prometheus.url}/api/v1/series?match[]={job="privacy-probe"}`)).json());
    for (const [k, v] of Object.entries(SECRETS)) {
      expect({ key: k, stored: stored.includes(v) || stored.includes(k.replace(/\./g, '_')) }).toEqual({ key: k, stored: false });
    }
  });

  it('InfluxDB stores the point with its route and none of the secret values or keys', async () => {
    let rows: string = '';
    for (let i = 0; i < 60 && !rows.includes('/orders/:id'); i++) {
      rows = JSON.stringify(await influx.query('SELECT * FROM "privacy.probe"', DB));
      if (!rows.includes('/orders/:id')) await new Promise((r) => setTimeout(r, 500));
    }
    expect(rows).toContain('"counter"');
    const keys = JSON.stringify(await influx.query('SHOW TAG KEYS FROM "privacy.probe"', DB));
    for (const [k, v] of Object.entries(SECRETS)) {
      expect({ key: k, stored: rows.includes(v) || keys.includes(`"${k}"`) }).toEqual({ key: k, stored: false });
    }
  });
});

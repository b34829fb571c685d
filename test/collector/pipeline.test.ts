// app (perf-otel register) → OTLP → otelcol-perf-otel (built from collector/, run with the repo's
// config files) → a real Prometheus scraping it, a real Prometheus receiving its remote write, and a
// real InfluxDB 1.x. What reached every store must equal what the app served and queried, exactly.
import { join } from 'node:path';
import {
  COLLECTOR_CONFIG,
  COLLECTOR_REMOTE_WRITE_OVERLAY,
  createTempDatabase,
  freePort,
  startChildApp,
  startCollector,
  startInfluxDb,
  startPrometheus,
  type ChildApp,
  type RunningCollector,
  type RunningInfluxDb,
  type RunningPrometheus,
  type TempDatabase,
} from '../harness';
import { influxCounts, key, promCounts, waitForCounts, type Counts } from './support/stores';

const REPO_ROOT = join(__dirname, '../..');
const SHOP = join(REPO_ROOT, 'test/dashboards/fixtures/shop-app.js');
const INFLUX_DB = 'perf_otel';

// The request plan, and what it must produce. /api/proxy calls /api/items/1 on the same server.
const PLAN: Array<[string, string, number]> = [
  ['GET', '/api/items/1', 7],
  ['GET', '/api/items/2', 3],
  ['POST', '/api/items', 4],
  ['GET', '/api/fail', 5],
  ['GET', '/api/proxy', 2],
];
const HTTP_LABELS = ['http_request_method', 'http_route', 'http_response_status_code'];
const HTTP_TAGS = ['http.request.method', 'http.route', 'http.response.status_code'];
const EXPECTED_REQUESTS: Counts = {
  [key(['GET', '/api/items/:id', '200'])]: 7 + 3 + 2,
  [key(['POST', '/api/items', '201'])]: 4,
  [key(['GET', '/api/fail', '500'])]: 5,
  [key(['GET', '/api/proxy', '200'])]: 2,
};
// Statements: the fixture's CREATE TABLE and seeding INSERT, one SELECT per item request, one INSERT per POST.
const EXPECTED_STATEMENTS: Counts = { [key(['CREATE'])]: 1, [key(['INSERT'])]: 1 + 4, [key(['SELECT'])]: 7 + 3 + 2 };

async function drive(port: number): Promise<void> {
  for (const [method, path, times] of PLAN) {
    for (let i = 0; i < times; i++) {
      const init: RequestInit = method === 'POST' ? { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: `w${i}` }) } : {};
      await (await fetch(`http://127.0.0.1:${port}${path}`, init)).arrayBuffer();
    }
  }
}

describe.each([
  { protocol: 'http/protobuf', prometheusPath: 'scrape of the prometheus exporter', overlay: [] as string[] },
  { protocol: 'grpc', prometheusPath: 'remote write (otelcol-remote-write.yaml)', overlay: [COLLECTOR_REMOTE_WRITE_OVERLAY] },
])('OTLP $protocol → Collector → Prometheus by $prometheusPath and InfluxDB', ({ protocol, overlay }) => {
  const service = `shop-${protocol.replace(/\W/g, '')}`;
  let db: TempDatabase;
  let influx: RunningInfluxDb;
  let prometheus: RunningPrometheus;
  let collector: RunningCollector;
  let app: ChildApp;

  beforeAll(async () => {
    db = await createTempDatabase();
    influx = await startInfluxDb();
    await influx.query(`CREATE DATABASE ${INFLUX_DB}`);
    const remoteWrite = overlay.length > 0;
    // Pull: Prometheus scrapes the Collector once it is up. Push: Prometheus only receives.
    prometheus = remoteWrite ? await startPrometheus({ extraArgs: ['--web.enable-remote-write-receiver'] }) : (undefined as never);
    collector = await startCollector({
      configs: [COLLECTOR_CONFIG, ...overlay],
      env: {
        OTELCOL_INFLUXDB_ENDPOINT: influx.url,
        OTELCOL_INFLUXDB_DATABASE: INFLUX_DB,
        OTELCOL_BATCH_TIMEOUT: '200ms',
        ...(remoteWrite ? { OTELCOL_REMOTE_WRITE_ENDPOINT: `${prometheus.url}/api/v1/write` } : {}),
      },
    });
    if (!remoteWrite) prometheus = await startPrometheus({ scrapeTargets: [collector.prometheusTarget] });
    const port = await freePort();
    app = await startChildApp({
      script: SHOP,
      cwd: REPO_ROOT,
      require: ['@org/perf-otel/register'],
      env: {
        PORT: String(port),
        DATABASE_URL: db.connectionString,
        OTEL_SERVICE_NAME: service,
        OTEL_METRICS_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
        OTEL_EXPORTER_OTLP_ENDPOINT: protocol === 'grpc' ? collector.otlpGrpcEndpoint : collector.otlpHttpEndpoint,
        OTEL_METRIC_EXPORT_INTERVAL: '1000',
      },
      waitForLine: 'listening',
    });
    await drive(port);
  }, 120000);

  afterAll(async () => {
    await app?.stop();
    await collector?.stop();
    await prometheus?.stop();
    await influx?.stop();
    await db?.drop();
  });

  it('Prometheus holds exactly the requests served, by method, route and status', async () => {
    await waitForCounts(
      'requests in Prometheus',
      () => promCounts(prometheus, `http_server_request_duration_seconds_count{job="${service}"}`, HTTP_LABELS),
      EXPECTED_REQUESTS,
    );
  });

  it('Prometheus holds exactly the statements run, by operation', async () => {
    await waitForCounts(
      'statements in Prometheus',
      () => promCounts(prometheus, `db_client_operation_duration_seconds_count{job="${service}",db_namespace="${db.database}"}`, ['db_operation_name']),
      EXPECTED_STATEMENTS,
    );
  });

  it('InfluxDB holds exactly the requests served and the statements run', async () => {
    const where = `"service.name" = '${service}'`;
    await waitForCounts(
      'requests in InfluxDB',
      () => influxCounts(influx, INFLUX_DB, 'http.server.request.duration', 'count', HTTP_TAGS, where),
      EXPECTED_REQUESTS,
    );
    await waitForCounts(
      'statements in InfluxDB',
      () => influxCounts(influx, INFLUX_DB, 'db.client.operation.duration', 'count', ['db.operation.name'], `${where} AND "db.namespace" = '${db.database}'`),
      EXPECTED_STATEMENTS,
    );
  });
});

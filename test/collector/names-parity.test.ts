// One set of names, measured: the same app exports over OTLP through otelcol-perf-otel (scraped by
// one real Prometheus) and serves perf-otel's own /metrics (scraped by another). For every metric
// family, the name and the label names Prometheus stores must be the same on both paths, so the
// dashboards and rules fit whichever path a user takes. Both sides come from real scrapes.
import { join } from 'node:path';
import {
  createTempDatabase,
  freePort,
  pollUntil,
  startChildApp,
  startCollector,
  startPrometheus,
  type ChildApp,
  type RunningCollector,
  type RunningPrometheus,
  type TempDatabase,
} from '../harness';

const REPO_ROOT = join(__dirname, '../..');
const SHOP = join(REPO_ROOT, 'test/dashboards/fixtures/shop-app.js');
const SERVICE = 'shop-names';
const SETTLE_MS = 60000;

type Families = Map<string, Set<string>>;

/** Every family of the service's series in a Prometheus, with the union of its label names. */
async function families(prometheus: RunningPrometheus): Promise<Families> {
  const res = await fetch(`${prometheus.url}/api/v1/series?${new URLSearchParams({ 'match[]': `{job="${SERVICE}"}` })}`);
  const body = (await res.json()) as { data: Array<Record<string, string>> };
  const out: Families = new Map();
  for (const series of body.data) {
    const labels = out.get(series.__name__) ?? new Set<string>();
    for (const k of Object.keys(series)) if (k !== '__name__') labels.add(k);
    out.set(series.__name__, labels);
  }
  return out;
}

/** One line per difference: a family on one side only, or a label one side has and the other lacks. */
function differences(collector: Families, direct: Families): string[] {
  const out: string[] = [];
  for (const name of new Set([...collector.keys(), ...direct.keys()])) {
    const c = collector.get(name);
    const d = direct.get(name);
    if (c === undefined) out.push(`${name}: only on perf-otel's /metrics`);
    else if (d === undefined) out.push(`${name}: only through the Collector`);
    else {
      for (const l of c) if (!d.has(l)) out.push(`${name}: label ${l} only through the Collector`);
      for (const l of d) if (!c.has(l)) out.push(`${name}: label ${l} only on perf-otel's /metrics`);
    }
  }
  return out.sort();
}

describe('metric names and label names: Collector path vs perf-otel /metrics, from real scrapes', () => {
  let db: TempDatabase;
  let collector: RunningCollector;
  let viaCollector: RunningPrometheus;
  let direct: RunningPrometheus;
  let app: ChildApp;

  beforeAll(async () => {
    db = await createTempDatabase();
    collector = await startCollector({ env: { OTELCOL_INFLUXDB_ENDPOINT: 'http://127.0.0.1:9', OTELCOL_BATCH_TIMEOUT: '200ms' } });
    viaCollector = await startPrometheus({ scrapeTargets: [collector.prometheusTarget] });
    const [port, metricsPort] = [await freePort(), await freePort()];
    app = await startChildApp({
      script: SHOP,
      cwd: REPO_ROOT,
      require: ['@org/perf-otel/register'],
      env: {
        PORT: String(port),
        DATABASE_URL: db.connectionString,
        OTEL_SERVICE_NAME: SERVICE,
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test,service.version=1.0.0',
        OTEL_METRICS_EXPORTER: 'otlp,prometheus',
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.otlpHttpEndpoint,
        OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
        OTEL_METRIC_EXPORT_INTERVAL: '1000',
      },
      waitForLine: 'listening',
    });
    direct = await startPrometheus({ scrapeTargets: [`127.0.0.1:${metricsPort}`] });
    for (const path of ['/api/items/1', '/api/fail', '/api/proxy']) await (await fetch(`http://127.0.0.1:${port}${path}`)).arrayBuffer();
    await fetch(`http://127.0.0.1:${port}/api/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"x"}' }).then((r) =>
      r.arrayBuffer(),
    );
  }, 120000);

  afterAll(async () => {
    await app?.stop();
    await direct?.stop();
    await viaCollector?.stop();
    await collector?.stop();
    await db?.drop();
  });

  it('every family has the same name and label names on both paths', async () => {
    let last: string[] = [];
    let sizes = [0, 0];
    try {
      // Families appear as their first point is recorded and scraped: wait until both sides agree.
      await pollUntil(
        'the same families on both paths',
        async () => {
          const [c, d] = [await families(viaCollector), await families(direct)];
          sizes = [c.size, d.size];
          last = differences(c, d);
          return last.length === 0 && c.has('http_server_request_duration_seconds_bucket') && c.has('db_client_operation_duration_seconds_bucket')
            ? true
            : undefined;
        },
        SETTLE_MS,
      );
    } catch {
      throw new Error(`families: ${sizes[0]} through the Collector, ${sizes[1]} on /metrics; differences:\n${last.join('\n')}`);
    }
    expect(sizes[0]).toBeGreaterThan(30);
  });
});

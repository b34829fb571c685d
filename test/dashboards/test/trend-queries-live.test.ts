// The trends panels on what real exporters wrote: an instrumented app serves requests, is restarted
// (a new service.instance.id whose series start from 0) and serves more, writing to InfluxDB directly
// and, in a second case, through otelcol-perf-otel. setup.sh's continuous queries then fill the hourly
// and daily tiers. Every request must be counted: all of them fall into the first buckets of the
// restarted series, which a per-series difference alone cannot see (each series has nothing before).
import { join } from 'node:path';
import { freePort, pollUntil, startChildApp, startCollector, startInfluxDb, type RunningCollector, type RunningInfluxDb } from '../../harness';
import { REPO_ROOT } from './dashboard-files';
import { DAY, DB, HOUR, runContinuousQuery, setUpTiers, trendPanel } from './trend-tiers';

const SHOP = join(REPO_ROOT, 'test/influxdb/fixtures/express-shop.cjs');
const SERVICE = 'shop-restarted';
// Per run of the app: requests to a 200 route and to a 500 route.
const RUNS = [
  { ok: 7, broken: 2 },
  { ok: 5, broken: 3 },
];

const PATHS = [
  { name: 'written directly (OTEL_METRICS_EXPORTER=influxdb)', collector: false },
  { name: "through otelcol-perf-otel's influxdb exporter", collector: true },
];

describe.each(PATHS)('trends panels across an app restart, $name', ({ collector: viaCollector }) => {
  let influx: RunningInfluxDb;
  let collector: RunningCollector | undefined;

  /** Per service.instance.id: the last cumulative request count InfluxDB holds. */
  async function lastCounts(): Promise<number[]> {
    const q = `SELECT last("count") FROM "http.server.request.duration" WHERE "service.name" = '${SERVICE}' GROUP BY "service.instance.id", "http.route"`;
    const perInstance = new Map<string, number>();
    for (const s of (await influx.query(q, DB)).results[0].series ?? []) {
      const id = s.tags!['service.instance.id'];
      perInstance.set(id, (perInstance.get(id) ?? 0) + Number(s.values[0][1]));
    }
    return [...perInstance.values()].sort((a, b) => a - b);
  }

  beforeAll(async () => {
    influx = await startInfluxDb();
    setUpTiers(influx);
    if (viaCollector) {
      collector = await startCollector({ env: { OTELCOL_INFLUXDB_ENDPOINT: influx.url, OTELCOL_INFLUXDB_DATABASE: DB, OTELCOL_BATCH_TIMEOUT: '200ms' } });
    }
    for (const [i, run] of RUNS.entries()) {
      const port = await freePort();
      const app = await startChildApp({
        script: SHOP,
        cwd: REPO_ROOT,
        require: ['@org/perf-otel/register'],
        env: {
          PORT: String(port),
          OTEL_SERVICE_NAME: SERVICE,
          OTEL_METRIC_EXPORT_INTERVAL: '1000',
          ...(collector
            ? { OTEL_METRICS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: collector.otlpHttpEndpoint }
            : { OTEL_METRICS_EXPORTER: 'influxdb', PERF_OTEL_INFLUXDB_URL: influx.url, PERF_OTEL_INFLUXDB_DATABASE: DB }),
        },
        waitForPort: port,
      });
      for (let n = 0; n < run.ok; n++) await (await fetch(`http://127.0.0.1:${port}/api/items/${n}`)).arrayBuffer();
      for (let n = 0; n < run.broken; n++) await (await fetch(`http://127.0.0.1:${port}/api/broken`)).arrayBuffer();
      await app.stop(); // SIGTERM: perf-otel flushes before the process exits
      const want = RUNS.slice(0, i + 1)
        .map((r) => r.ok + r.broken)
        .sort((a, b) => a - b);
      await pollUntil(
        `run ${i + 1}'s requests in InfluxDB`,
        async () => {
          const have = await lastCounts();
          return JSON.stringify(have) === JSON.stringify(want) ? have : undefined;
        },
        30000,
      );
    }
    // What the continuous queries do at the end of each hour and day, over the buckets that hold data.
    const now = Math.floor(Date.now() / 1000);
    const hour = Math.floor(now / HOUR) * HOUR;
    const day = Math.floor(now / DAY) * DAY;
    await runContinuousQuery(influx, 'cq_perf_otel_hourly', hour - HOUR, hour + HOUR);
    await runContinuousQuery(influx, 'cq_perf_otel_daily', day - DAY, day + DAY);
  }, 180000);

  afterAll(async () => {
    await collector?.stop();
    await influx?.stop();
  });

  const served = RUNS.reduce((sum, run) => sum + run.ok + run.broken, 0);
  const failed = RUNS.reduce((sum, run) => sum + run.broken, 0);

  it.each([
    ['Requests per 1h', 'time >= now() - 6h', served],
    ['5xx responses per 1h', 'time >= now() - 6h', failed],
    ['Requests per 1d', 'time >= now() - 5d', served],
    ['5xx responses per 1d', 'time >= now() - 5d', failed],
  ])('%s counts every request of both instances (%s)', async (title, timeFilter, expected) => {
    const { tags, values } = await trendPanel(influx, title, SERVICE, timeFilter);
    expect(tags).toEqual([{ 'service.name': SERVICE }]);
    // The requests may straddle an hour or midnight: the buckets together hold them all, each once.
    const nonEmpty = [...values.values()].filter((v): v is number => v !== null && v !== 0);
    expect(nonEmpty.length).toBeGreaterThan(0);
    expect(nonEmpty.reduce((a, b) => a + b, 0)).toBe(expected);
  });
});

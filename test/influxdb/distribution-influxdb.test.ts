// The product path without a collector: `node --require @org/perf-otel/register app.js` with
// OTEL_METRICS_EXPORTER=influxdb writes the app's HTTP metrics to a real InfluxDB, in the schema the
// Collector's influxdb exporter writes, so the same InfluxQL finds them.
import { join } from 'node:path';
import { freePort, pollUntil, startChildApp, startInfluxDb, type ChildApp, type RunningInfluxDb } from '../harness';
import { DB } from './influx-test-kit';

const REPO_ROOT = join(__dirname, '..', '..');
let influx: RunningInfluxDb;
let app: ChildApp;
let port: number;

beforeAll(async () => {
  influx = await startInfluxDb();
  await influx.query(`CREATE DATABASE ${DB}`);
  port = await freePort();
  app = await startChildApp({
    script: join(__dirname, 'fixtures', 'express-shop.cjs'),
    cwd: REPO_ROOT,
    require: ['@org/perf-otel/register'],
    env: {
      PORT: String(port),
      OTEL_SERVICE_NAME: 'shop',
      OTEL_METRICS_EXPORTER: 'influxdb',
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
      PERF_OTEL_INFLUXDB_URL: influx.url,
      PERF_OTEL_INFLUXDB_DATABASE: DB,
    },
    waitForPort: port,
  });
});
afterAll(async () => {
  await app?.stop();
  await influx?.stop();
});

test('HTTP request durations land as measurement http.server.request.duration with route, method, status and service tags', async () => {
  for (let i = 0; i < 7; i++) await (await fetch(`http://127.0.0.1:${port}/api/items/${i}`)).arrayBuffer();
  for (let i = 0; i < 2; i++) await (await fetch(`http://127.0.0.1:${port}/api/broken`)).arrayBuffer();
  const query = `SELECT last("count") FROM "http.server.request.duration" WHERE "service.name" = 'shop' GROUP BY "http.request.method", "http.route", "http.response.status_code"`;
  const counts = await pollUntil(
    '7 + 2 requests in InfluxDB',
    async () => {
      const series = (await influx.query(query, DB)).results[0].series ?? [];
      const byRoute = Object.fromEntries(
        series.map((s) => [`${s.tags?.['http.request.method']} ${s.tags?.['http.route']} ${s.tags?.['http.response.status_code']}`, s.values[0][1]]),
      );
      return byRoute['GET /api/items/:id 200'] === 7 && byRoute['GET /api/broken 500'] === 2 ? byRoute : undefined;
    },
    30000,
  );
  expect(counts).toEqual({ 'GET /api/items/:id 200': 7, 'GET /api/broken 500': 2 });
  // Histogram fields of the schema: count, sum, min, max and cumulative bucket fields in seconds.
  const fields = (await influx.query('SHOW FIELD KEYS FROM "http.server.request.duration"', DB)).results[0].series![0].values.map((v) => v[0]);
  expect(fields).toEqual(expect.arrayContaining(['count', 'sum', 'min', 'max', '0.005', '10', 'start_time_unix_nano']));
});

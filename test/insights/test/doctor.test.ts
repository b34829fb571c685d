// `perf-otel doctor` as users run it (the built CLI in a child process, with the app's environment),
// against a real Prometheus scraping a real Express app under the register, and a real InfluxDB.
import { join } from 'node:path';
import { freePort, startChildApp, startInfluxDb, startPrometheus, type ChildApp, type RunningInfluxDb, type RunningPrometheus } from '../../harness';

const REPO_ROOT = join(__dirname, '../../..');
const CLI = join(REPO_ROOT, 'packages/cli/dist/bin.js');
const APP = join(REPO_ROOT, 'test/e2e/fixtures/express-app.js');
const SERVICE = 'doctor-app';

let app: ChildApp;
let prometheus: RunningPrometheus;
let influxdb: RunningInfluxDb;

async function doctor(args: string[], env: Record<string, string | undefined>) {
  // Only the variables given: the test's own environment must not leak OTEL_* settings into the check.
  const clean = Object.fromEntries(
    Object.keys(process.env)
      .filter((k) => /^(OTEL_|PERF_OTEL_)/.test(k))
      .map((k) => [k, undefined]),
  );
  const run = await startChildApp({ script: CLI, args: ['doctor', ...args], cwd: REPO_ROOT, env: { ...clean, ...env } });
  return run.exited;
}

beforeAll(async () => {
  const port = await freePort();
  const metricsPort = await freePort();
  app = await startChildApp({
    script: APP,
    require: ['@org/perf-otel/register'],
    cwd: REPO_ROOT,
    waitForPort: port,
    env: {
      PORT: String(port),
      OTEL_SERVICE_NAME: SERVICE,
      OTEL_METRICS_EXPORTER: 'prometheus',
      OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
      OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
    },
  });
  [prometheus, influxdb] = await Promise.all([startPrometheus({ scrapeTargets: [`127.0.0.1:${metricsPort}`] }), startInfluxDb()]);
  const traffic = async () => {
    for (let i = 0; i < 5; i++) await (await fetch(`http://127.0.0.1:${port}/api/items/${i}`)).arrayBuffer();
  };
  await traffic();
  await prometheus.waitFor(`http_server_request_duration_seconds_count{job="${SERVICE}"}`);
  // The first requests created the series; more traffic now makes it grow inside doctor's window.
  await traffic();
  await prometheus.waitFor(`sum(increase(http_server_request_duration_seconds_count{job="${SERVICE}"}[5m])) > 0`);
}, 120000);

afterAll(async () => {
  await Promise.all([app?.stop(), prometheus?.stop(), influxdb?.stop()]);
});

test("passes every check when the config is valid, the backends answer and the service's metrics grow", async () => {
  const result = await doctor(['--prometheus', prometheus.url], {
    OTEL_SERVICE_NAME: SERVICE,
    OTEL_METRICS_EXPORTER: 'prometheus,influxdb',
    PERF_OTEL_INFLUXDB_URL: influxdb.url,
  });
  expect(result.stdout.split('\n').map((l) => l.slice(0, 6) + l.slice(6).split(':')[0])).toEqual([
    'ok    config',
    'skip  OTLP endpoint',
    'ok    Prometheus',
    'ok    InfluxDB',
    'ok    metrics arriving',
    'all checks passed',
    '',
  ]);
  expect(result.stdout).toMatch(new RegExp(`^ok    metrics arriving: \\d+ request\\(s\\) of ${SERVICE} recorded in the last 5m$`, 'm'));
  expect(result.code).toBe(0);
});

test('names each failure and its fix, and exits 1', async () => {
  const closed = await freePort();
  const result = await doctor(['--prometheus', prometheus.url, '--service', 'other-app'], {
    OTEL_METRICS_EXPORTER: 'otlp,influxdb',
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${closed}`,
    PERF_OTEL_INFLUXDB_URL: `http://127.0.0.1:${closed}`,
    OTEL_METRIC_EXPORT_INTERVAL: 'soon',
  });
  expect(result.code).toBe(1);
  const lines = result.stdout.split('\n');
  expect(lines[0]).toMatch(/^FAIL {2}config: .*OTEL_METRIC_EXPORT_INTERVAL.*soon/);
  expect(lines).toContain(`FAIL  OTLP endpoint: cannot reach http://127.0.0.1:${closed}/v1/metrics (ECONNREFUSED)`);
  expect(lines).toContain('      fix: start the Collector (collector/README.md) or point OTEL_EXPORTER_OTLP_ENDPOINT at it');
  expect(lines).toContain(`FAIL  InfluxDB: cannot reach http://127.0.0.1:${closed} (ECONNREFUSED)`);
  expect(lines).toContain(`FAIL  metrics arriving: Prometheus has no http_server_request_duration_seconds_count{job="other-app"}; it has jobs ${SERVICE}`);
  expect(lines.at(-2)).toBe('4 check(s) failed');
});

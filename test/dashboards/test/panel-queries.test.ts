import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import {
  ChildApp,
  createTempDatabase,
  freePort,
  RunningCollector,
  RunningPrometheus,
  startChildApp,
  startCollector,
  startPrometheus,
  TempDatabase,
} from '../../harness';
import { committedDashboardFiles, loadDashboard, REPO_ROOT } from './dashboard-files';
import { panelsWithoutData, panelTargets, substituteVariables } from './panel-targets';

const RULE_FILES = ['perf-otel-recording.yml', 'perf-otel-alerts.yml', 'perf-otel-anomaly.yml', 'slo-example.yml'].map((file) =>
  join(REPO_ROOT, 'deploy/prometheus/rules', file),
);
const FIXTURE = join(REPO_ROOT, 'test/dashboards/fixtures/shop-app.js');
// deploy/slo/example.yaml's service and environment, so the SLO panels have their recorded series.
const SERVICE = 'shop';
const ENVIRONMENT = 'production';
const RETRY_MS = 30000;

/** Grafana's values: the service and environment a user picks; "All" (the allValue) for the rest. */
const VARIABLE_VALUES: Record<string, string> = {
  service: SERVICE,
  environment: ENVIRONMENT,
  instance: '.*',
  route: '.*',
  pool: '.*',
  tenant_team: '.*',
  tenant_project: '.*',
  tenant_user: '.*',
  __rate_interval: '1m',
  __range: '10m',
  __interval: '15s',
};

// Tenants as the app's callers identify themselves (PERF_OTEL_TENANT_ATTRIBUTES maps these headers).
const TENANTS = [
  { 'x-team-id': 'payments', 'x-project-id': 'checkout', 'x-user-id': 'alice' },
  { 'x-team-id': 'search', 'x-project-id': 'catalog', 'x-user-id': 'bob' },
  { 'x-team-id': 'search', 'x-project-id': 'ranking', 'x-user-id': 'carol' },
];

/** Keeps the shop busy: normal, slow, failing, body-carrying and proxied requests from several tenants. */
function startLoad(port: number): () => Promise<void> {
  let running = true;
  const paths: Array<[string, RequestInit?]> = [
    ['/api/items/1'],
    ['/api/items/2'],
    ['/api/proxy'],
    ['/api/fail'],
    ['/api/slow'],
    ['/api/items', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'widget' }) }],
  ];
  const worker = async (offset: number) => {
    for (let i = offset; running; i++) {
      const [path, init] = paths[i % paths.length];
      // Every tenant calls every path (errors and slow requests included).
      const tenant = TENANTS[Math.floor(i / paths.length) % TENANTS.length];
      const headers = { ...(init?.headers as Record<string, string> | undefined), ...tenant };
      await fetch(`http://127.0.0.1:${port}${path}`, { ...init, headers }).then(
        (response) => response.arrayBuffer(),
        () => undefined,
      );
      await delay(20);
    }
  };
  const workers = [0, 1, 2].map(worker);
  return async () => {
    running = false;
    await Promise.all(workers);
  };
}

// The same dashboards must work whichever path the data took: scraped from perf-otel's own /metrics, or
// exported over OTLP to otelcol-perf-otel (the repo's config) and scraped from its prometheus exporter.
const PATHS = [
  { path: "perf-otel's /metrics", viaCollector: false },
  { path: 'the Collector (OTLP → otelcol-perf-otel → prometheus exporter)', viaCollector: true },
];

describe.each(PATHS)(
  'dashboard panel queries against a real Prometheus holding the shop fixture (perf-otel register, real PostgreSQL) under load, scraped from $path',
  ({ viaCollector }) => {
    let collector: RunningCollector | undefined;
    let db: TempDatabase;
    let app: ChildApp;
    let prometheus: RunningPrometheus;
    let stopLoad: () => Promise<void> = async () => {};

    beforeAll(async () => {
      db = await createTempDatabase();
      // InfluxDB is not part of this test: the Collector's influxdb exporter retries in the background.
      if (viaCollector) collector = await startCollector({ env: { OTELCOL_INFLUXDB_ENDPOINT: 'http://127.0.0.1:9', OTELCOL_BATCH_TIMEOUT: '200ms' } });
      const [port, metricsPort] = [await freePort(), await freePort()];
      app = await startChildApp({
        script: FIXTURE,
        cwd: REPO_ROOT,
        require: ['@org/perf-otel/register'],
        env: {
          PORT: String(port),
          DATABASE_URL: db.connectionString,
          OTEL_SERVICE_NAME: SERVICE,
          OTEL_RESOURCE_ATTRIBUTES: `deployment.environment.name=${ENVIRONMENT},service.version=1.2.3`,
          ...(collector
            ? { OTEL_METRICS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: collector.otlpHttpEndpoint }
            : { OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort) }),
          // Utilisation gauges need one finished window: keep it short.
          OTEL_METRIC_EXPORT_INTERVAL: '1000',
          // /api/slow runs pg_sleep(0.6): a slow query by this threshold.
          PERF_OTEL_DB_SLOW_QUERY_MS: '500',
          PERF_OTEL_TENANT_ATTRIBUTES: 'team=x-team-id,project=x-project-id,user=x-user-id',
          PERF_OTEL_TENANT_USER_ENABLED: 'true',
        },
        waitForLine: 'listening',
      });
      prometheus = await startPrometheus({ scrapeTargets: [collector?.prometheusTarget ?? `127.0.0.1:${metricsPort}`], ruleFiles: RULE_FILES });
      await fetch(`http://127.0.0.1:${port}/admin/deadlock`, { method: 'POST' })
        .then((r) => r.json())
        .then((body) => expect(body).toEqual({ codes: ['40P01'] }));
      await fetch(`http://127.0.0.1:${port}/admin/pool-timeout`, { method: 'POST' })
        .then((r) => r.json())
        .then((body) => expect(body).toEqual({ timedOut: true }));
      stopLoad = startLoad(port);
      // Recorded series three rule groups deep: once these exist, the rest had their chance too.
      for (const series of ['slo:period_error_budget_remaining:ratio', 'perf_otel:anomaly_upper_band', 'job_route:http_server_request_apdex:ratio_rate5m']) {
        await prometheus.waitFor(series, undefined, 60000);
      }
    }, 180000);

    afterAll(async () => {
      await stopLoad();
      await prometheus?.stop();
      await app?.stop();
      await collector?.stop();
      await db?.drop();
    });

    // The containers dashboard needs an app inside a cgroup with limits: containers-panel-queries.test.ts.
    // The Collector dashboard needs a Collector under a flood: test/collector/back-pressure.test.ts.
    const prometheusDashboards = committedDashboardFiles().filter(
      (file) =>
        file !== 'containers.json' &&
        file !== 'collector.json' &&
        panelTargets(file, loadDashboard(file)).some((target) => target.datasourceType === 'prometheus'),
    );

    it.each(prometheusDashboards)('%s: every panel query answers without error and with data', async (file) => {
      const targets = panelTargets(file, loadDashboard(file)).filter((target) => target.datasourceType === 'prometheus');
      const problems = await panelsWithoutData(prometheus, targets, VARIABLE_VALUES, RETRY_MS);
      expect(problems).toEqual([]);
    });

    it.each(prometheusDashboards)('%s: every label variable offers values (the service and environment among them)', async (file) => {
      const dashboard = loadDashboard(file);
      const problems: string[] = [];
      for (const variable of dashboard.templating.list.filter((v) => v.type === 'query' && v.datasource?.type === 'prometheus')) {
        const query = typeof variable.query === 'string' ? variable.query : (variable.query?.query ?? '');
        const match = /^label_values\((.+), (\w+)\)$/s.exec(query);
        if (!match) {
          problems.push(`${variable.name}: not a label_values(selector, label) query: ${query}`);
          continue;
        }
        const selector = substituteVariables(match[1], VARIABLE_VALUES);
        const response = await fetch(`${prometheus.url}/api/v1/label/${match[2]}/values?${new URLSearchParams({ 'match[]': selector })}`);
        const values = ((await response.json()) as { data?: string[] }).data ?? [];
        if (values.length === 0) problems.push(`${variable.name}: no values for ${selector}`);
        if (variable.name === 'service' && !values.includes(SERVICE)) problems.push(`service: ${SERVICE} missing from ${values.join(', ')}`);
        if (variable.name === 'environment' && !values.includes(ENVIRONMENT)) problems.push(`environment: ${ENVIRONMENT} missing from ${values.join(', ')}`);
        if (variable.name === 'tenant_team' && values.join() !== 'payments,search') problems.push(`tenant_team: ${values.join(', ')}`);
        if (variable.name === 'tenant_user' && values.some((value) => !/^[0-9a-f]{16}$/.test(value))) {
          problems.push(`tenant_user: ${values.join(', ')} are not all hashed ids`);
        }
      }
      expect(problems).toEqual([]);
    });

    it.each(prometheusDashboards.filter((file) => (loadDashboard(file).annotations?.list ?? []).some((a) => a.expr)))(
      '%s: the deploy-marker annotation marks the new service.version',
      async (file) => {
        const annotation = loadDashboard(file).annotations!.list.find((a) => a.name.startsWith('Deploys'))!;
        const samples = await prometheus.query(substituteVariables(annotation.expr!, VARIABLE_VALUES));
        expect(samples.map((sample) => sample.metric)).toEqual([{ job: SERVICE, service_version: '1.2.3' }]);
      },
    );
  },
);

// deploy/prometheus/prometheus.yml with the real promtool and the real Prometheus (Debian's 2.42).
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { freePort, LOOPBACK, pollUntil, startPrometheus } from '../harness';
import { readYaml, resolveEnv, MAIN_CONFIG } from './collector-config';
import { PROMETHEUS_CONFIG, readCompose } from './deploy-files';

interface ScrapeConfig {
  job_name: string;
  honor_labels?: boolean;
  static_configs: Array<{ targets: string[] }>;
}
const config = parse(readFileSync(PROMETHEUS_CONFIG, 'utf8')) as {
  rule_files: string[];
  scrape_configs: ScrapeConfig[];
  alerting: { alertmanagers: Array<{ static_configs: Array<{ targets: string[] }> }> };
};

test('promtool check config passes on deploy/prometheus/prometheus.yml (rule files included)', () => {
  const out = execFileSync('promtool', ['check', 'config', PROMETHEUS_CONFIG], { encoding: 'utf8' });
  expect(out).toMatch(/SUCCESS: \d+ rule files found/);
  expect(config.rule_files).toEqual(['rules/*.yml']);
});

test("it scrapes the collector's prometheus exporter and own telemetry on the ports the collector config listens on, and alerts to the alertmanager service", () => {
  const collector = resolveEnv(readYaml(MAIN_CONFIG)) as {
    exporters: { prometheus: { endpoint: string } };
    service: { telemetry: { metrics: { readers: Array<{ pull: { exporter: { prometheus: { port: number } } } }> } } };
  };
  const exporterPort = collector.exporters.prometheus.endpoint.split(':')[1];
  const telemetryPort = collector.service.telemetry.metrics.readers[0].pull.exporter.prometheus.port;
  const jobs = Object.fromEntries(config.scrape_configs.map((s) => [s.job_name, s]));
  expect(jobs['perf-otel'].static_configs[0].targets).toEqual([`otelcol:${exporterPort}`]);
  expect(jobs['perf-otel'].honor_labels).toBe(true);
  expect(jobs.otelcol.static_configs[0].targets).toEqual([`otelcol:${telemetryPort}`]);
  const services = readCompose().services;
  for (const target of config.alerting.alertmanagers[0].static_configs[0].targets) expect(Object.keys(services)).toContain(target.split(':')[0]);
});

describe('Prometheus running the deploy config', () => {
  // The collector's exporter publishes job/instance from service.name/service.instance.id; a stand-in
  // serves that exposition (no Collector binary here) where the deploy config's perf-otel job scrapes.
  let exporter: Server;
  let dir: string;
  beforeAll(async () => {
    const port = await freePort();
    exporter = createServer((_req, res) =>
      res.end(
        '# TYPE http_server_request_duration_seconds histogram\n' +
          'http_server_request_duration_seconds_count{job="shop/checkout",instance="checkout-1",http_route="/cart",service_version="1.4.2"} 12\n' +
          'http_server_request_duration_seconds_sum{job="shop/checkout",instance="checkout-1",http_route="/cart",service_version="1.4.2"} 0.6\n' +
          'http_server_request_duration_seconds_bucket{job="shop/checkout",instance="checkout-1",http_route="/cart",service_version="1.4.2",le="+Inf"} 12\n',
      ),
    );
    await new Promise<void>((resolve) => exporter.listen(port, LOOPBACK, resolve));
    dir = mkdtempSync(join(tmpdir(), 'perf-otel-deploy-prom-'));
    const local = structuredClone(config) as typeof config & { global: Record<string, string> };
    local.global = { ...local.global, scrape_interval: '1s' };
    local.rule_files = [join(PROMETHEUS_CONFIG, '..', 'rules', '*.yml')];
    local.scrape_configs = local.scrape_configs.filter((s) => s.job_name === 'perf-otel');
    local.scrape_configs[0].static_configs = [{ targets: [`${LOOPBACK}:${port}`] }];
    writeFileSync(join(dir, 'prometheus.yml'), JSON.stringify(local));
  });
  afterAll(async () => {
    await new Promise((resolve) => exporter?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  test("the deploy config loads its rules and alertmanager, and honor_labels keeps the service's job and instance (collector exporter stood in by a static server)", async () => {
    const prom = await startPrometheus({ configFile: PROMETHEUS_CONFIG });
    try {
      const rules = (await (await fetch(`${prom.url}/api/v1/rules`)).json()) as { data: { groups: unknown[] } };
      expect(rules.data.groups.length).toBeGreaterThan(0);
      // Alertmanager discovery is asynchronous: poll until the static target shows up.
      const urls = await pollUntil(
        'an active alertmanager',
        async () => {
          const ams = (await (await fetch(`${prom.url}/api/v1/alertmanagers`)).json()) as { data: { activeAlertmanagers: Array<{ url: string }> } };
          const found = ams.data.activeAlertmanagers.map((a) => a.url);
          return found.length > 0 ? found : undefined;
        },
        30000,
      );
      expect(urls).toEqual(['http://alertmanager:9093/api/v2/alerts']);
    } finally {
      await prom.stop();
    }
    const local = await startPrometheus({ configFile: join(dir, 'prometheus.yml') });
    try {
      const [sample] = await local.waitFor('http_server_request_duration_seconds_count');
      expect(sample.metric).toEqual({
        __name__: 'http_server_request_duration_seconds_count',
        job: 'shop/checkout',
        instance: 'checkout-1',
        http_route: '/cart',
        service_version: '1.4.2',
      });
    } finally {
      await local.stop();
    }
  });
});

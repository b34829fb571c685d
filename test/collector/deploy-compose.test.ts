// deploy/compose.yaml, checked statically (no Docker engine or compose plugin runs here).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { COLLECTOR_README } from './collector-config';
import { DEPLOY_DIR, composeDefault, readCompose } from './deploy-files';

const { services } = readCompose();

test('compose brings up otelcol-contrib, Prometheus, Alertmanager, InfluxDB 1.x (with its setup) and Grafana, every image pinned to a version', () => {
  const images = Object.fromEntries(Object.entries(services).map(([name, s]) => [name, s.image]));
  expect(Object.keys(images).sort()).toEqual([
    'alertmanager',
    'grafana',
    'influxdb',
    'influxdb-setup',
    'otelcol',
    'otelcol-agent',
    'otelcol-gateway',
    'prometheus',
  ]);
  for (const image of Object.values(images)) expect(image).toMatch(/^[a-z0-9./-]+:v?\d+\.\d+\.\d+$/);
  expect(images.otelcol).toMatch(/^otel\/opentelemetry-collector-contrib:/);
  expect(images.influxdb).toMatch(/^influxdb:1\./);
  expect(images['influxdb-setup']).toBe(images.influxdb);
});

test('every file compose mounts from the repository exists', () => {
  const mounts = Object.values(services)
    .flatMap((s) => s.volumes ?? [])
    .map((v) => v.split(':')[0])
    .filter((src) => src.startsWith('.'));
  expect(mounts.length).toBeGreaterThan(5);
  expect(mounts.filter((src) => !existsSync(join(DEPLOY_DIR, src)))).toEqual([]);
});

test('the collector gets the repository config, InfluxDB at the influxdb service, and only variables the collector README documents', () => {
  const otelcol = services.otelcol;
  expect(otelcol.volumes).toContain('../collector/otelcol-config.yaml:/etc/otelcol/otelcol-config.yaml:ro');
  const documented = new Set([...readFileSync(COLLECTOR_README, 'utf8').matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]));
  // GOMEMLIMIT is Go's own; it follows memory_limiter's limit.
  for (const name of ['otelcol', 'otelcol-gateway', 'otelcol-agent']) {
    const env = services[name].environment ?? {};
    expect({ name, undocumented: Object.keys(env).filter((k) => !documented.has(k) && k !== 'GOMEMLIMIT') }).toEqual({ name, undocumented: [] });
    expect({ name, gomemlimit: composeDefault(env.GOMEMLIMIT) }).toEqual({ name, gomemlimit: `${composeDefault(env.OTELCOL_MEMORY_LIMIT_MIB)}MiB` });
  }
  expect(otelcol.environment?.OTELCOL_INFLUXDB_ENDPOINT).toBe('http://influxdb:8086');
  expect((otelcol.ports ?? []).map(composeDefault)).toEqual(expect.arrayContaining(['127.0.0.1:4317:4317', '127.0.0.1:4318:4318']));
});

test('the tier profile: the gateway runs the gateway file set with its queue on a volume and pushes to Prometheus; the agent forwards to it', () => {
  const gateway = services['otelcol-gateway'];
  const agent = services['otelcol-agent'];
  expect(gateway.command).toEqual([
    '--config=/etc/otelcol/otelcol-config.yaml',
    '--config=/etc/otelcol/otelcol-remote-write.yaml',
    '--config=/etc/otelcol/otelcol-gateway.yaml',
  ]);
  expect(gateway.volumes).toContain(`otelcol-gateway-queue:${gateway.environment?.OTELCOL_STORAGE_DIR}`);
  expect(gateway.environment?.OTELCOL_REMOTE_WRITE_ENDPOINT).toBe('http://prometheus:9090/api/v1/write');
  expect(services.prometheus.command).toContain('--web.enable-remote-write-receiver');
  expect(agent.command).toEqual(['--config=/etc/otelcol/otelcol-agent.yaml']);
  expect(agent.volumes).toContain(`otelcol-agent-queue:${agent.environment?.OTELCOL_STORAGE_DIR}`);
  expect(agent.environment?.OTELCOL_GATEWAY_ENDPOINT).toBe('otelcol-gateway:4317');
});

test('Prometheus keeps 90 days and loads deploy/prometheus/prometheus.yml with its rules', () => {
  const { command = [], volumes = [] } = services.prometheus;
  expect(command.map(composeDefault)).toContain('--storage.tsdb.retention.time=90d');
  expect(volumes).toEqual(
    expect.arrayContaining(['./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro', './prometheus/rules:/etc/prometheus/rules:ro']),
  );
});

test('InfluxDB setup runs deploy/influxdb/setup.sh once InfluxDB is healthy, with every retention tier configurable, and the collector waits for it', () => {
  const setup = services['influxdb-setup'];
  expect(setup.entrypoint).toEqual(['/bin/sh', '/setup/setup.sh']);
  expect(setup.volumes).toContain('./influxdb/setup.sh:/setup/setup.sh:ro');
  expect(setup.depends_on).toEqual({ influxdb: { condition: 'service_healthy' } });
  const env = Object.fromEntries(Object.entries(setup.environment ?? {}).map(([k, v]) => [k, composeDefault(v)]));
  expect(env).toEqual(
    expect.objectContaining({
      INFLUX_HOST: 'influxdb',
      METRICS_RETENTION_RAW_DAYS: '7',
      METRICS_RETENTION_HOURLY_DAYS: '30',
      METRICS_RETENTION_DAILY_DAYS: '90',
    }),
  );
  const script = readFileSync(join(DEPLOY_DIR, 'influxdb', 'setup.sh'), 'utf8');
  for (const name of Object.keys(env)) expect({ name, readBySetup: script.includes(name) }).toEqual({ name, readBySetup: true });
  expect(services.otelcol.depends_on).toEqual({ 'influxdb-setup': { condition: 'service_completed_successfully' } });
});

test('Grafana is provisioned from deploy/grafana, and its datasources point at the compose services', () => {
  expect(services.grafana.volumes).toEqual(
    expect.arrayContaining(['./grafana/provisioning:/etc/grafana/provisioning:ro', './grafana/dashboards:/var/lib/grafana/dashboards/perf-otel:ro']),
  );
  const datasources = parse(readFileSync(join(DEPLOY_DIR, 'grafana', 'provisioning', 'datasources', 'perf-otel.yaml'), 'utf8')) as {
    datasources: Array<{ url: string }>;
  };
  const hosts = datasources.datasources.map((d) => new URL(d.url).hostname);
  expect(hosts.filter((h) => !(h in services))).toEqual([]);
});

test('Alertmanager renders deploy/alertmanager/alertmanager.yml with render-config.sh before starting, and every variable the template needs without a default is set', () => {
  const am = services.alertmanager;
  expect(am.volumes).toContain('./alertmanager:/etc/alertmanager/template:ro');
  const script = (am.command ?? []).join(' ');
  expect(script).toContain(
    'sh /etc/alertmanager/template/render-config.sh /etc/alertmanager/template/alertmanager.yml /alertmanager/alertmanager.rendered.yml',
  );
  expect(script).toContain('--config.file=/alertmanager/alertmanager.rendered.yml');
  const template = readFileSync(join(DEPLOY_DIR, 'alertmanager', 'alertmanager.yml'), 'utf8')
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n');
  const required = [...new Set([...template.matchAll(/\$\{([A-Z0-9_]+)\}/g)].map((m) => m[1]))];
  expect(required.length).toBeGreaterThan(0);
  expect(required.filter((name) => !composeDefault(am.environment?.[name] ?? ''))).toEqual([]);
});

test("with compose's defaults the Alertmanager template renders to a config amtool accepts", () => {
  const env = Object.fromEntries(Object.entries(services.alertmanager.environment ?? {}).map(([k, v]) => [k, composeDefault(v)]));
  const dir = mkdtempSync(join(tmpdir(), 'perf-otel-am-'));
  try {
    const out = join(dir, 'rendered.yml');
    execFileSync('sh', [join(DEPLOY_DIR, 'alertmanager', 'render-config.sh'), join(DEPLOY_DIR, 'alertmanager', 'alertmanager.yml'), out], {
      env: { PATH: process.env.PATH, ...env },
    });
    expect(execFileSync('amtool', ['check-config', out], { encoding: 'utf8' })).toContain('SUCCESS');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

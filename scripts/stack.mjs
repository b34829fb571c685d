#!/usr/bin/env node
// A local stack without Docker: the otelcol-perf-otel built from collector/, Prometheus (with the
// repo's rules), InfluxDB 1.x and Alertmanager from Debian's packages, on loopback with the SDK's and
// the backends' default ports, wired with the repo's own config files. Ctrl-C stops everything.
//   npm run stack            (data in .tmp/stack; delete it to start empty)
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIR = join(ROOT, '.tmp', 'stack');
const BINARIES = { prometheus: '/usr/bin/prometheus', influxd: '/usr/bin/influxd', alertmanager: '/usr/bin/prometheus-alertmanager' };

for (const [name, bin] of Object.entries(BINARIES)) {
  if (!existsSync(bin)) {
    console.error(
      `stack: ${name} is not installed (${bin}); run \`node scripts/ensure-system-deps.mjs\` as root, or apt-get install prometheus influxdb prometheus-alertmanager`,
    );
    process.exit(1);
  }
}
execFileSync(process.execPath, [join(ROOT, 'collector/build.mjs')], { stdio: 'inherit' });
for (const d of ['prometheus', 'influxdb/meta', 'influxdb/data', 'influxdb/wal', 'alertmanager']) mkdirSync(join(DIR, d), { recursive: true });

// The compose file's host names become loopback; rule files are read from the repo.
const prometheusYml = readFileSync(join(ROOT, 'deploy/prometheus/prometheus.yml'), 'utf8')
  .replaceAll('otelcol:', '127.0.0.1:')
  .replaceAll('alertmanager:', '127.0.0.1:')
  .replace('rules/*.yml', join(ROOT, 'deploy/prometheus/rules/*.yml'));
writeFileSync(join(DIR, 'prometheus/prometheus.yml'), prometheusYml);
writeFileSync(
  join(DIR, 'influxdb/influxdb.conf'),
  `reporting-disabled = true
bind-address = "127.0.0.1:8088"
[meta]
  dir = "${join(DIR, 'influxdb/meta')}"
[data]
  dir = "${join(DIR, 'influxdb/data')}"
  wal-dir = "${join(DIR, 'influxdb/wal')}"
[http]
  bind-address = "127.0.0.1:8086"
  log-enabled = false
`,
);
// Alertmanager's receivers need addresses: placeholders unless you set them (deploy/alertmanager/README.md).
const amEnv = {
  ALERTMANAGER_SLACK_WEBHOOK_URL: 'http://127.0.0.1:9/not-configured',
  ALERTMANAGER_EMAIL_TO: 'alerts@localhost',
  ALERTMANAGER_WEBHOOK_URL: 'http://127.0.0.1:9/not-configured',
  ...process.env,
};
try {
  execFileSync(
    'sh',
    [join(ROOT, 'deploy/alertmanager/render-config.sh'), join(ROOT, 'deploy/alertmanager/alertmanager.yml'), join(DIR, 'alertmanager/alertmanager.yml')],
    { env: amEnv, stdio: 'inherit' },
  );
} catch {
  process.exit(1); // render-config.sh said which variable
}

const children = [];
function start(name, cmd, args, env = process.env) {
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`stack: ${name} exited (${code ?? signal}); stopping the rest`);
      stop(1);
    }
  });
  children.push(child);
}
start('influxd', BINARIES.influxd, ['-config', join(DIR, 'influxdb/influxdb.conf')]);
start('otelcol-perf-otel', join(ROOT, 'collector/.build/dist/otelcol-perf-otel'), ['--config', join(ROOT, 'collector/otelcol-config.yaml')], {
  ...process.env,
  OTELCOL_OTLP_GRPC_ENDPOINT: process.env.OTELCOL_OTLP_GRPC_ENDPOINT ?? '127.0.0.1:4317',
  OTELCOL_OTLP_HTTP_ENDPOINT: process.env.OTELCOL_OTLP_HTTP_ENDPOINT ?? '127.0.0.1:4318',
  OTELCOL_PROMETHEUS_ENDPOINT: process.env.OTELCOL_PROMETHEUS_ENDPOINT ?? '127.0.0.1:8889',
  OTELCOL_HEALTH_CHECK_ENDPOINT: process.env.OTELCOL_HEALTH_CHECK_ENDPOINT ?? '127.0.0.1:13133',
  OTELCOL_TELEMETRY_HOST: process.env.OTELCOL_TELEMETRY_HOST ?? '127.0.0.1',
  OTELCOL_INFLUXDB_ENDPOINT: process.env.OTELCOL_INFLUXDB_ENDPOINT ?? 'http://127.0.0.1:8086',
});
start('prometheus', BINARIES.prometheus, [
  `--config.file=${join(DIR, 'prometheus/prometheus.yml')}`,
  `--storage.tsdb.path=${join(DIR, 'prometheus/data')}`,
  '--web.listen-address=127.0.0.1:9090',
  '--web.enable-remote-write-receiver',
  '--log.level=warn',
]);
start('alertmanager', BINARIES.alertmanager, [
  `--config.file=${join(DIR, 'alertmanager/alertmanager.yml')}`,
  `--storage.path=${join(DIR, 'alertmanager')}`,
  '--web.listen-address=127.0.0.1:9093',
  '--cluster.listen-address=',
  '--log.level=warn',
]);

// InfluxDB needs its database before the Collector's first write succeeds (it retries until then).
const createDatabase = async () => {
  for (let i = 0; i < 60; i++) {
    const ok = await fetch('http://127.0.0.1:8086/query', { method: 'POST', body: new URLSearchParams({ q: 'CREATE DATABASE perf_otel' }) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  console.error('stack: InfluxDB did not answer on 127.0.0.1:8086 within 30 s');
};
createDatabase().then(() =>
  console.log(`
perf-otel stack is up (Ctrl-C stops it; data in ${DIR}):
  apps export to   OTLP http://127.0.0.1:4318 (http/protobuf, the SDK default) or 127.0.0.1:4317 (gRPC)
  Prometheus       http://127.0.0.1:9090   (rules from deploy/prometheus/rules, remote write at /api/v1/write)
  InfluxDB 1.x     http://127.0.0.1:8086   (database perf_otel)
  Alertmanager     http://127.0.0.1:9093
  Collector        http://127.0.0.1:8889/metrics (exporter), :8888/metrics (its own), :13133 (health)
  Grafana          add the two datasources above; dashboards in deploy/grafana/dashboards
  try it           node --require @org/perf-otel/register your-app.js   (or: npm run demo)
`),
);

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3000).unref();
  Promise.all(children.map((c) => (c.exitCode !== null ? undefined : new Promise((r) => c.once('exit', r))))).then(() => process.exit(code));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

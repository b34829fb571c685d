// The configurations every scenario runs under: how to start the app and where its metrics are.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { APPS_DIR, PERF_OTEL_REGISTER, OTEL_AUTO_REGISTER } from './paths.mjs';

const { NAMES: PROM } = createRequire(import.meta.url)(join(APPS_DIR, 'prom.cjs'));

/** Prometheus names of the count each configuration must record, by what the scenario measures. */
const PERF_OTEL_NAMES = { http: 'http_server_request_duration_seconds_count', db: 'db_client_operation_duration_seconds_count' };
// Upstream's JS Prometheus exporter adds no unit suffix.
const UPSTREAM_NAMES = { http: 'http_server_request_duration_count', db: 'db_client_operation_duration_count' };
const PROM_CLIENT_NAMES = { http: `${PROM.http.histogram}_count`, db: `${PROM.db.histogram}_count` };

const prometheusEnv = (port) => ({
  OTEL_METRICS_EXPORTER: 'prometheus',
  OTEL_EXPORTER_PROMETHEUS_PORT: String(port),
  OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
});

/**
 * `env(port)`: everything for a run with metrics pulled from `port`; `ownEnv`: the configuration's
 * own settings, for benchmarks that export another way (idle-cost.mjs pushes OTLP).
 */
export const CONFIGURATIONS = [
  { name: 'bare', nodeArgs: [], ownEnv: {}, env: () => ({}), names: null },
  {
    name: 'perf-otel',
    nodeArgs: ['--require', PERF_OTEL_REGISTER],
    ownEnv: {},
    names: PERF_OTEL_NAMES,
    missing: () => (existsSync(PERF_OTEL_REGISTER) ? null : `${PERF_OTEL_REGISTER} not built yet`),
  },
  {
    // The same, with tenant segmentation on (wrk sends the header to every configuration).
    name: 'perf-otel-tenants',
    nodeArgs: ['--require', PERF_OTEL_REGISTER],
    ownEnv: { PERF_OTEL_TENANT_ATTRIBUTES: 'team=x-team-id' },
    names: PERF_OTEL_NAMES,
    missing: () => (existsSync(PERF_OTEL_REGISTER) ? null : `${PERF_OTEL_REGISTER} not built yet`),
  },
  {
    // Profiling control channel on and idle: its cost must be nil (issue 10).
    name: 'perf-otel-profiling',
    nodeArgs: ['--require', PERF_OTEL_REGISTER],
    // The bench asks its apps for counters with SIGUSR2, so the profile signal moves to SIGUSR1.
    ownEnv: { PERF_OTEL_PROFILING_ENABLED: 'true', PERF_OTEL_PROFILING_PORT: '0', PERF_OTEL_PROFILING_SIGNAL: 'sigusr1' },
    names: PERF_OTEL_NAMES,
    missing: () => (existsSync(PERF_OTEL_REGISTER) ? null : `${PERF_OTEL_REGISTER} not built yet`),
  },
  {
    name: 'otel-auto',
    nodeArgs: ['--require', OTEL_AUTO_REGISTER],
    ownEnv: { OTEL_TRACES_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' },
    names: UPSTREAM_NAMES,
  },
  { name: 'prom-client', nodeArgs: [], ownEnv: {}, env: (port) => ({ BENCH_PROM_CLIENT_PORT: String(port) }), names: PROM_CLIENT_NAMES },
].map((c) => ({ env: (port) => ({ ...prometheusEnv(port), ...c.ownEnv }), ...c }));

/** The configurations asked for (bare always first), and notes on those that cannot run. */
export function selectConfigurations(names) {
  const unknown = (names ?? []).filter((n) => !CONFIGURATIONS.some((c) => c.name === n));
  if (unknown.length) throw new Error(`unknown configuration(s) ${unknown.join(', ')}: use ${CONFIGURATIONS.map((c) => c.name).join(', ')}`);
  const wanted = CONFIGURATIONS.filter((c) => c.name === 'bare' || !names || names.includes(c.name));
  const notes = [];
  const selected = wanted.filter((c) => {
    const why = c.missing?.();
    if (why) notes.push(`${c.name} skipped: ${why}`);
    return !why;
  });
  return { selected, notes };
}

/** The environment of every app: ours only, nothing inherited that could switch telemetry on or off. */
export function cleanEnv(extra) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(OTEL_|PERF_OTEL_|NODE_OPTIONS$|BENCH_)/.test(k)) env[k] = v;
  }
  return { ...env, ...extra };
}

// The checks of `perf-otel doctor`: each says what it looked at, what it found and, on failure, the fix.
import { connect } from 'node:net';
import { ALL_ENV_VARS, resolveEnvConfig, slowQueryRecordsProblem } from '@org/perf-otel';
import { PROM_HTTP_SERVER_REQUEST_DURATION } from '@org/perf-otel/prometheus-names';
import { PrometheusClient, PROMETHEUS_URL_ENV } from '@org/perf-otel-insights';
import { editDistance } from '@org/perf-otel-loadtest';
import { SERVE_TOKEN_ENV } from './serve';

export type CheckStatus = 'ok' | 'fail' | 'skip';
export interface CheckResult {
  name: string;
  status: CheckStatus;
  detail: string;
  fix?: string;
}

type Env = Readonly<Record<string, string | undefined>>;
const TIMEOUT_MS = 5000;

/** PERF_OTEL_* variables of the command line itself, not of the distribution. */
const CLI_VARIABLES = [PROMETHEUS_URL_ENV, SERVE_TOKEN_ENV];

/**
 * The distribution's own resolution of the environment (resolveEnvConfig: what the app will run
 * with); a warning there is a misconfiguration. PERF_OTEL_* names nobody reads are typos: flagged,
 * with the nearest known name.
 */
export function checkConfig(env: Env): CheckResult {
  const { config, warnings } = resolveEnvConfig(env);
  const set = ALL_ENV_VARS.filter((v) => env[v.name] !== undefined).length;
  const problems = [...warnings, ...unknownVariables(env)];
  if (problems.length > 0) {
    return {
      name: 'config',
      status: 'fail',
      detail: problems.join('; '),
      fix: 'correct the variables named above (see the configuration table in the README)',
    };
  }
  return { name: 'config', status: 'ok', detail: `${set} variable(s) set, all valid; exporters: ${config.exporters.join(', ') || 'none'}` };
}

/** Slow-statement records asked for (PERF_OTEL_DB_SLOW_QUERY_MS) with no logs exporter to carry them; nothing when not asked for. */
export function checkSlowQueryRecords(env: Env): CheckResult[] {
  const name = 'slow-query records';
  const { config } = resolveEnvConfig(env);
  const problem = slowQueryRecordsProblem(config);
  if (problem !== undefined) {
    const [detail, fix] = problem.split(/(?<=shows them\.) /);
    return [{ name, status: 'fail', detail, fix }];
  }
  const ms = config.slowQueryMs;
  return ms > 0 ? [{ name, status: 'ok', detail: `statements over ${ms} ms are exported as log records` }] : [];
}

function unknownVariables(env: Env): string[] {
  const known = [...ALL_ENV_VARS.map((v) => v.name), ...CLI_VARIABLES];
  return Object.keys(env)
    .filter((name) => name.startsWith('PERF_OTEL_') && !known.includes(name))
    .sort()
    .map((name) => {
      const [nearest] = known.map((candidate) => ({ candidate, distance: editDistance(name, candidate) })).sort((a, b) => a.distance - b.distance);
      const hint = nearest !== undefined && nearest.distance <= 3 ? `did you mean ${nearest.candidate}?` : 'see the configuration table in the README';
      return `${name} is not a perf-otel variable (it is ignored); ${hint}`;
    });
}

const errorCode = (error: unknown): string =>
  (error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code ?? (error as Error).message;

function tcpReachable(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, timeout: TIMEOUT_MS });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(new Error('timed out'));
    });
    socket.once('error', reject);
  });
}

/** OTLP: any HTTP answer to an empty export (even 400) proves a receiver listens; gRPC gets a TCP connect. */
export async function checkOtlp(env: Env): Promise<CheckResult> {
  const { config } = resolveEnvConfig(env);
  if (!config.exporters.includes('otlp')) return { name: 'OTLP endpoint', status: 'skip', detail: 'otlp is not in OTEL_METRICS_EXPORTER' };
  const { protocol, endpoint } = config.otlp;
  const fix = 'start the Collector (collector/README.md) or point OTEL_EXPORTER_OTLP_ENDPOINT at it';
  try {
    const url = new URL(endpoint);
    if (protocol === 'grpc') {
      await tcpReachable(url.hostname, Number(url.port || 4317));
      return { name: 'OTLP endpoint', status: 'ok', detail: `${endpoint} accepts connections (grpc)` };
    }
    const contentType = protocol === 'http/json' ? 'application/json' : 'application/x-protobuf';
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: protocol === 'http/json' ? '{}' : new Uint8Array(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (response.status === 404)
      return {
        name: 'OTLP endpoint',
        status: 'fail',
        detail: `${endpoint} answered 404: no OTLP receiver at this path`,
        fix: 'set OTEL_EXPORTER_OTLP_ENDPOINT to the base URL (without /v1/metrics), e.g. http://collector:4318',
      };
    return { name: 'OTLP endpoint', status: 'ok', detail: `${endpoint} answers (HTTP ${response.status})` };
  } catch (error) {
    return { name: 'OTLP endpoint', status: 'fail', detail: `cannot reach ${endpoint} (${errorCode(error)})`, fix };
  }
}

export async function checkPrometheus(url: string): Promise<CheckResult> {
  try {
    const version = await new PrometheusClient(url).buildVersion();
    return { name: 'Prometheus', status: 'ok', detail: `${url} answers (Prometheus ${version})` };
  } catch (error) {
    return {
      name: 'Prometheus',
      status: 'fail',
      detail: (error as Error).message,
      fix: 'start Prometheus (e.g. docker compose -f deploy/compose.yaml up -d) or point --prometheus at yours',
    };
  }
}

export async function checkInfluxDb(env: Env, explicitUrl: string | undefined): Promise<CheckResult> {
  const { config } = resolveEnvConfig(env);
  if (explicitUrl === undefined && !config.exporters.includes('influxdb')) {
    return { name: 'InfluxDB', status: 'skip', detail: "influxdb is not in OTEL_METRICS_EXPORTER (pass --influxdb URL to check the Collector's)" };
  }
  const url = (explicitUrl ?? config.influxdb.url).replace(/\/+$/, '');
  try {
    const response = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (response.status !== 204 && response.status !== 200) throw new Error(`HTTP ${response.status} from /ping`);
    return { name: 'InfluxDB', status: 'ok', detail: `${url} answers (${response.headers.get('x-influxdb-version') ?? 'version unknown'})` };
  } catch (error) {
    return {
      name: 'InfluxDB',
      status: 'fail',
      detail: `cannot reach ${url} (${errorCode(error)})`,
      fix: 'start InfluxDB or set PERF_OTEL_INFLUXDB_URL to where it runs',
    };
  }
}

/** Metrics of the service arrive when its request counter exists in Prometheus and grew over `window`. */
export async function checkArriving(url: string, service: string | undefined, window: string): Promise<CheckResult> {
  const name = 'metrics arriving';
  if (service === undefined)
    return { name, status: 'fail', detail: 'no service name to look for', fix: 'set OTEL_SERVICE_NAME (as the app does) or pass --service NAME' };
  const client = new PrometheusClient(url);
  const series = `${PROM_HTTP_SERVER_REQUEST_DURATION}_count{job=${JSON.stringify(service)}}`;
  try {
    const present = await client.instant(`count(${series})`);
    if (present.length === 0) {
      const jobs = (await client.instant(`count by (job) (${PROM_HTTP_SERVER_REQUEST_DURATION}_count)`)).map((s) => s.labels.job);
      return {
        name,
        status: 'fail',
        detail: `Prometheus has no ${series}${jobs.length ? `; it has jobs ${jobs.join(', ')}` : ' and no HTTP metrics at all'}`,
        fix: "run the app with --require @org/perf-otel/register and OTEL_SERVICE_NAME set, and make Prometheus scrape the Collector (or the app's exporter)",
      };
    }
    const growth = (await client.instant(`sum(increase(${series}[${window}]))`))[0]?.value ?? 0;
    if (!(growth > 0)) {
      return {
        name,
        status: 'fail',
        detail: `${series} exists but did not grow in the last ${window}`,
        fix: 'send the service some traffic; if it has traffic, check that its exporter still reaches the Collector',
      };
    }
    return { name, status: 'ok', detail: `${Math.round(growth)} request(s) of ${service} recorded in the last ${window}` };
  } catch (error) {
    return { name, status: 'fail', detail: (error as Error).message, fix: 'fix the Prometheus check first' };
  }
}

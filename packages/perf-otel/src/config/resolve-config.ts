// Turns code options + environment into the effective configuration (precedence: code, env, default).
import type { Attributes } from '@opentelemetry/api';
import type { ProfilingControlOptions } from '@org/perf-otel-profiler';
import type { ExporterName, InfluxDbOptions, InstrumentationName, LogLevel, OtlpProtocol, PerfOtelOptions, TemporalityPreference } from '../types';
import { quote, readRaw, type Env, type Warn } from './env-readers';
import * as V from './env-vars';
import { parseTenantMapping, type TenantSource } from '../tenant/tenant-mapping';

export interface EffectiveConfig {
  enabled: boolean;
  logLevel: LogLevel;
  serviceName: string | undefined;
  resourceAttributes: Attributes;
  instrumentations: ReadonlySet<InstrumentationName>;
  exporters: ExporterName[];
  exportIntervalMillis: number;
  exportTimeoutMillis: number;
  otlp: {
    protocol: OtlpProtocol;
    endpoint: string;
    headers: Record<string, string>;
    /** The logs signal's own protocol, endpoint and headers (slow-query records), per the spec. */
    logsProtocol: OtlpProtocol;
    logsEndpoint: string;
    logsHeaders: Record<string, string>;
    temporalityPreference: TemporalityPreference;
  };
  prometheus: { host: string; port: number };
  influxdb: Required<Pick<InfluxDbOptions, 'url' | 'apiVersion'>> & InfluxDbOptions;
  cardinalityLimit: number;
  http: { routeFromPath: boolean; routeWords: readonly string[]; ignorePaths: ReadonlySet<string>; durationBuckets: readonly number[] };
  eventLoopDelayResolutionMs: number;
  shutdownTimeoutMillis: number;
  handleSignals: boolean;
  profiling: ProfilingConfig;
  tenants: { sources: TenantSource[]; maxValues: number };
  slowQueryMs: number;
  customMetricsFile: string | undefined;
}

export type ProfilingConfig = Omit<ProfilingControlOptions, 'log'> & { enabled: boolean };

export function resolveConfig(options: PerfOtelOptions, env: Env, warn: Warn): EffectiveConfig {
  const enabled = V.PERF_OTEL_ENABLED.read(env, warn) && !V.OTEL_SDK_DISABLED.read(env, warn);
  const enabledList = options.instrumentations ?? V.OTEL_NODE_ENABLED_INSTRUMENTATIONS.read(env, warn);
  const disabled = new Set(V.OTEL_NODE_DISABLED_INSTRUMENTATIONS.read(env, warn));
  const exporters = withoutNone(options.metricsExporters ?? V.OTEL_METRICS_EXPORTER.read(env, warn), warn);
  const protocol =
    options.otlp?.protocol ??
    (readRaw(env, V.OTEL_EXPORTER_OTLP_METRICS_PROTOCOL.name) !== undefined ? V.OTEL_EXPORTER_OTLP_METRICS_PROTOCOL : V.OTEL_EXPORTER_OTLP_PROTOCOL).read(
      env,
      warn,
    );
  const logsProtocol =
    options.otlp?.protocol ??
    (readRaw(env, V.OTEL_EXPORTER_OTLP_LOGS_PROTOCOL.name) !== undefined ? V.OTEL_EXPORTER_OTLP_LOGS_PROTOCOL : V.OTEL_EXPORTER_OTLP_PROTOCOL).read(env, warn);
  const envResource = V.OTEL_RESOURCE_ATTRIBUTES.read(env, warn);
  const generalHeaders = V.OTEL_EXPORTER_OTLP_HEADERS.read(env, warn);
  const apiVersion = options.influxdb?.apiVersion ?? (V.PERF_OTEL_INFLUXDB_API_VERSION.read(env, warn) === '2' ? 2 : 1);

  return {
    enabled,
    logLevel: options.logLevel ?? V.OTEL_LOG_LEVEL.read(env, warn),
    serviceName: options.serviceName ?? V.OTEL_SERVICE_NAME.read(env, warn),
    resourceAttributes: { ...envResource, ...options.resourceAttributes },
    instrumentations: new Set(enabledList.filter((i) => !disabled.has(i))),
    exporters,
    exportIntervalMillis: options.exportIntervalMillis ?? V.OTEL_METRIC_EXPORT_INTERVAL.read(env, warn),
    exportTimeoutMillis: options.exportTimeoutMillis ?? V.OTEL_METRIC_EXPORT_TIMEOUT.read(env, warn),
    otlp: {
      protocol,
      endpoint: options.otlp?.endpoint ?? otlpEndpoint(env, protocol, V.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT, '/v1/metrics', warn),
      logsProtocol,
      logsEndpoint: otlpEndpoint(env, logsProtocol, V.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT, '/v1/logs', warn),
      // The spec: each signal's exporter gets the general headers merged with its own signal's.
      headers: { ...generalHeaders, ...V.OTEL_EXPORTER_OTLP_METRICS_HEADERS.read(env, warn), ...options.otlp?.headers },
      logsHeaders: { ...generalHeaders, ...V.OTEL_EXPORTER_OTLP_LOGS_HEADERS.read(env, warn), ...options.otlp?.headers },
      temporalityPreference: options.otlp?.temporalityPreference ?? V.OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE.read(env, warn),
    },
    prometheus: {
      host: options.prometheus?.host ?? V.OTEL_EXPORTER_PROMETHEUS_HOST.read(env, warn),
      port: options.prometheus?.port ?? V.OTEL_EXPORTER_PROMETHEUS_PORT.read(env, warn),
    },
    influxdb: {
      url: options.influxdb?.url ?? influxUrl(env, warn),
      apiVersion,
      database: options.influxdb?.database ?? V.PERF_OTEL_INFLUXDB_DATABASE.read(env, warn),
      retentionPolicy: options.influxdb?.retentionPolicy ?? V.PERF_OTEL_INFLUXDB_RETENTION_POLICY.read(env, warn),
      username: options.influxdb?.username ?? V.PERF_OTEL_INFLUXDB_USERNAME.read(env, warn),
      password: options.influxdb?.password ?? V.PERF_OTEL_INFLUXDB_PASSWORD.read(env, warn),
      org: options.influxdb?.org ?? V.PERF_OTEL_INFLUXDB_ORG.read(env, warn),
      bucket: options.influxdb?.bucket ?? V.PERF_OTEL_INFLUXDB_BUCKET.read(env, warn),
      token: options.influxdb?.token ?? V.PERF_OTEL_INFLUXDB_TOKEN.read(env, warn),
    },
    cardinalityLimit: options.cardinalityLimit ?? V.PERF_OTEL_CARDINALITY_LIMIT.read(env, warn),
    http: {
      routeFromPath: options.http?.routeFromPath ?? V.PERF_OTEL_HTTP_ROUTE_FROM_PATH.read(env, warn),
      routeWords: options.http?.routeWords ?? V.PERF_OTEL_HTTP_ROUTE_WORDS.read(env, warn),
      durationBuckets: V.PERF_OTEL_HTTP_DURATION_BUCKETS.read(env, warn),
      ignorePaths: new Set(options.http?.ignorePaths ?? V.PERF_OTEL_HTTP_IGNORE_PATHS.read(env)),
    },
    eventLoopDelayResolutionMs: options.eventLoopDelayResolutionMs ?? V.PERF_OTEL_EVENT_LOOP_DELAY_RESOLUTION_MS.read(env, warn),
    shutdownTimeoutMillis: options.shutdownTimeoutMillis ?? V.PERF_OTEL_SHUTDOWN_TIMEOUT_MS.read(env, warn),
    handleSignals: options.handleSignals ?? true,
    tenants: {
      sources: parseTenantMapping(
        options.tenants?.attributes ?? V.PERF_OTEL_TENANT_ATTRIBUTES.read(env, warn),
        options.tenants?.userEnabled ?? V.PERF_OTEL_TENANT_USER_ENABLED.read(env, warn),
        warn,
      ),
      maxValues: options.tenants?.maxValues ?? V.PERF_OTEL_TENANT_MAX_VALUES.read(env, warn),
    },
    slowQueryMs: options.slowQueryMs ?? V.PERF_OTEL_DB_SLOW_QUERY_MS.read(env, warn),
    customMetricsFile: options.customMetricsFile ?? V.PERF_OTEL_CUSTOM_METRICS.read(env, warn),
    profiling: {
      enabled: options.profiling?.enabled ?? V.PERF_OTEL_PROFILING_ENABLED.read(env, warn),
      host: options.profiling?.host ?? V.PERF_OTEL_PROFILING_HOST.read(env, warn),
      port: options.profiling?.port ?? V.PERF_OTEL_PROFILING_PORT.read(env, warn),
      token: options.profiling?.token ?? V.PERF_OTEL_PROFILING_TOKEN.read(env, warn),
      signal:
        options.profiling?.signal !== undefined
          ? options.profiling.signal === 'none'
            ? undefined
            : options.profiling.signal
          : ({ sigusr2: 'SIGUSR2', sigusr1: 'SIGUSR1', none: undefined } as const)[V.PERF_OTEL_PROFILING_SIGNAL.read(env, warn)],
      outputDir: options.profiling?.outputDir ?? V.PERF_OTEL_PROFILING_DIR.read(env, warn),
      signalSeconds: options.profiling?.signalSeconds ?? V.PERF_OTEL_PROFILING_SIGNAL_SECONDS.read(env, warn),
    },
  };
}

/** The spec: `none` alone means no exporter; next to others it is ignored, with a warning. */
function withoutNone(exporters: ExporterName[], warn: Warn): ExporterName[] {
  const others = [...new Set(exporters.filter((name) => name !== 'none'))];
  if (others.length > 0 && exporters.includes('none')) {
    warn(
      `${V.OTEL_METRICS_EXPORTER.name}=${quote(exporters.join(','))}: "none" is ignored next to other exporters; using ${quote(others.join(','))}. Set it to none alone to export nothing.`,
    );
  }
  return others;
}

const DEFAULT_OTLP_HTTP = 'http://localhost:4318';
const DEFAULT_OTLP_GRPC = 'http://localhost:4317';

function otlpEndpoint(env: Env, protocol: OtlpProtocol, signalVar: V.EnvVar<string | undefined>, signalPath: string, warn: Warn): string {
  const specific = signalVar.read(env, warn);
  if (specific !== undefined && isUrl(specific, signalVar.name, warn)) return specific;
  const base = V.OTEL_EXPORTER_OTLP_ENDPOINT.read(env, warn);
  const usable = base !== undefined && isUrl(base, V.OTEL_EXPORTER_OTLP_ENDPOINT.name, warn) ? base : undefined;
  if (protocol === 'grpc') return usable ?? DEFAULT_OTLP_GRPC;
  // The spec: for HTTP the signal path is appended to the base endpoint.
  return `${(usable ?? DEFAULT_OTLP_HTTP).replace(/\/+$/, '')}${signalPath}`;
}

function influxUrl(env: Env, warn: Warn): string {
  const value = V.PERF_OTEL_INFLUXDB_URL.read(env, warn);
  return isUrl(value, V.PERF_OTEL_INFLUXDB_URL.name, warn, 'http://influxdb:8086') ? value : V.PERF_OTEL_INFLUXDB_URL.default;
}

function isUrl(value: string, name: string, warn: Warn, example = 'http://collector:4318'): boolean {
  try {
    const u = new URL(value);
    if (u.protocol === 'http:' || u.protocol === 'https:') return true;
  } catch {
    /* reported below */
  }
  warn(`${name}=${quote(value)} is not an http(s) URL; using the default. Set it like ${example}.`);
  return false;
}

/**
 * The configuration `--require @org/perf-otel/register` would run with in this environment, and the
 * warnings it would print: for tools that must read the environment exactly as the app does
 * (`perf-otel doctor`).
 */
export function resolveEnvConfig(env: Env): { config: EffectiveConfig; warnings: string[] } {
  const warnings: string[] = [];
  const config = resolveConfig({}, env, (message) => warnings.push(message));
  return { config, warnings };
}

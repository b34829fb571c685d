// The one registry of every environment variable perf-otel reads: name, type, default and doc.
// Standard OTEL_* variables keep their specification meaning; PERF_OTEL_* are ours. The README's
// configuration table is generated from this list (scripts/gen-env-table.mjs).
import { quote, readBoolean, readBoundaries, readChoice, readChoiceList, readKeyValueList, readList, readNumber, readRaw, Env, Warn } from './env-readers';
import { readHeaderList } from './http-headers';
import { HTTP_DURATION_BUCKETS_SECONDS, REQUIRED_HTTP_BOUNDARIES } from '../semconv';

export interface EnvVar<T> {
  readonly name: string;
  readonly type: string;
  readonly default: string;
  readonly doc: string;
  readonly secret?: boolean;
  read(env: Env, warn: Warn): T;
}

function bool(name: string, dflt: boolean, doc: string): EnvVar<boolean> {
  return { name, type: 'boolean', default: String(dflt), doc, read: (env, warn) => readBoolean(env, name, dflt, warn) };
}
function int(name: string, dflt: number, min: number, max: number, doc: string): EnvVar<number> {
  return { name, type: 'integer', default: String(dflt), doc, read: (env, warn) => readNumber(env, name, dflt, warn, { min, max }) };
}
/** A string with a default is never undefined; without one it may be. */
function str(name: string, dflt: string, doc: string, secret?: boolean): EnvVar<string>;
function str(name: string, dflt: undefined, doc: string, secret?: boolean): EnvVar<string | undefined>;
function str(name: string, dflt: string | undefined, doc: string, secret = false): EnvVar<string | undefined> {
  return { name, type: 'string', default: dflt ?? '', doc, secret, read: (env) => readRaw(env, name) ?? dflt };
}
function choice<T extends string>(name: string, dflt: T, choices: readonly T[], doc: string): EnvVar<T> {
  return { name, type: choices.join(' | '), default: dflt, doc, read: (env, warn) => readChoice(env, name, dflt, choices, warn) };
}
function choiceList<T extends string>(name: string, dflt: readonly T[], choices: readonly T[], doc: string): EnvVar<T[]> {
  return {
    name,
    type: `list of ${choices.join(', ')}`,
    default: dflt.join(','),
    doc,
    read: (env, warn) => readChoiceList(env, name, dflt, choices, warn),
  };
}
function headers(name: string, doc: string): EnvVar<Record<string, string>> {
  return { name, type: 'key=value list', default: '', doc, secret: true, read: (env, warn) => readHeaderList(env, name, warn) };
}
function keyValues(name: string, doc: string, secret = false): EnvVar<Record<string, string>> {
  return { name, type: 'key=value list', default: '', doc, secret, read: (env, warn) => readKeyValueList(env, name, warn) };
}

export const INSTRUMENTATION_NAMES = [
  'http',
  'undici',
  'pg',
  'mysql2',
  'mysql',
  'ioredis',
  'redis',
  'sequelize',
  'knex',
  'express',
  'fastify',
  'koa',
  'hapi',
  'runtime-node',
  'host-metrics',
] as const;
export type InstrumentationName = (typeof INSTRUMENTATION_NAMES)[number];
export const EXPORTER_NAMES = ['otlp', 'prometheus', 'console', 'influxdb', 'none'] as const;
export type ExporterName = (typeof EXPORTER_NAMES)[number];
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];
export const LOG_LEVELS = ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const TEMPORALITY_PREFERENCES = ['cumulative', 'delta', 'lowmemory'] as const;
export type TemporalityPreference = (typeof TEMPORALITY_PREFERENCES)[number];

// --- on / off ---
export const OTEL_SDK_DISABLED = bool('OTEL_SDK_DISABLED', false, 'Standard switch: `true` turns perf-otel off entirely.');
export const PERF_OTEL_ENABLED = bool('PERF_OTEL_ENABLED', true, '`false` turns perf-otel off entirely (nothing is loaded, patched or exported).');
export const OTEL_LOG_LEVEL = choice(
  'OTEL_LOG_LEVEL',
  'info',
  LOG_LEVELS,
  "perf-otel's own log level (stderr). `info` prints one startup line; `warn` only problems.",
);
export const OTEL_NODE_ENABLED_INSTRUMENTATIONS = choiceList(
  'OTEL_NODE_ENABLED_INSTRUMENTATIONS',
  INSTRUMENTATION_NAMES,
  INSTRUMENTATION_NAMES,
  'Instrumentations to turn on (default: all).',
);
export const OTEL_NODE_DISABLED_INSTRUMENTATIONS = choiceList(
  'OTEL_NODE_DISABLED_INSTRUMENTATIONS',
  [],
  INSTRUMENTATION_NAMES,
  'Instrumentations to turn off; applied after the enabled list.',
);

// --- resource ---
export const OTEL_SERVICE_NAME = str(
  'OTEL_SERVICE_NAME',
  undefined,
  "`service.name` (Prometheus `job`). Default: the app's package.json name, else `unknown_service:node`.",
);
export const OTEL_RESOURCE_ATTRIBUTES = keyValues(
  'OTEL_RESOURCE_ATTRIBUTES',
  'Extra resource attributes, e.g. `service.version=1.4.2,deployment.environment.name=prod`. `NODE_ENV` is the default environment.',
);

// --- Kubernetes: set from the downward API in the pod spec (deploy/k8s); OTEL_RESOURCE_ATTRIBUTES wins ---
export const K8S_POD_NAME = str('K8S_POD_NAME', undefined, '`k8s.pod.name`; in the pod spec `valueFrom.fieldRef.fieldPath: metadata.name`.');
export const K8S_POD_UID = str('K8S_POD_UID', undefined, '`k8s.pod.uid`; `fieldPath: metadata.uid`.');
export const K8S_NAMESPACE_NAME = str('K8S_NAMESPACE_NAME', undefined, '`k8s.namespace.name`; `fieldPath: metadata.namespace`.');
export const K8S_NODE_NAME = str('K8S_NODE_NAME', undefined, '`k8s.node.name`; `fieldPath: spec.nodeName`.');
export const K8S_CONTAINER_NAME = str(
  'K8S_CONTAINER_NAME',
  undefined,
  "`k8s.container.name`: the container's name, written literally (the downward API has no field for it).",
);
export const K8S_DEPLOYMENT_NAME = str(
  'K8S_DEPLOYMENT_NAME',
  undefined,
  "`k8s.deployment.name`: the Deployment's name, written literally (a pod does not know its owner).",
);

// --- export ---
export const OTEL_METRICS_EXPORTER = choiceList('OTEL_METRICS_EXPORTER', ['otlp'], EXPORTER_NAMES, 'Where metrics go; a list, e.g. `otlp,prometheus`.');
export const OTEL_METRIC_EXPORT_INTERVAL = int(
  'OTEL_METRIC_EXPORT_INTERVAL',
  15000,
  1000,
  86_400_000,
  'Push interval (ms) of the OTLP, console and InfluxDB exporters.',
);
export const OTEL_METRIC_EXPORT_TIMEOUT = int('OTEL_METRIC_EXPORT_TIMEOUT', 10000, 100, 600_000, 'Time limit (ms) of one push export.');
export const OTEL_EXPORTER_OTLP_PROTOCOL = choice('OTEL_EXPORTER_OTLP_PROTOCOL', 'http/protobuf', OTLP_PROTOCOLS, 'OTLP transport.');
export const OTEL_EXPORTER_OTLP_METRICS_PROTOCOL = choice(
  'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL',
  'http/protobuf',
  OTLP_PROTOCOLS,
  'OTLP transport for metrics (overrides the general one).',
);
export const OTEL_EXPORTER_OTLP_LOGS_PROTOCOL = choice(
  'OTEL_EXPORTER_OTLP_LOGS_PROTOCOL',
  'http/protobuf',
  OTLP_PROTOCOLS,
  'OTLP transport for slow-query log records (overrides the general one).',
);
export const OTEL_EXPORTER_OTLP_ENDPOINT = str(
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  undefined,
  'OTLP base URL; `/v1/metrics` is appended for HTTP. Default `http://localhost:4318` (HTTP) or `http://localhost:4317` (gRPC): the bundled collector.',
);
export const OTEL_EXPORTER_OTLP_METRICS_ENDPOINT = str(
  'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT',
  undefined,
  'Full OTLP metrics URL, used as is (overrides the base endpoint).',
);
export const OTEL_EXPORTER_OTLP_LOGS_ENDPOINT = str(
  'OTEL_EXPORTER_OTLP_LOGS_ENDPOINT',
  undefined,
  'Full OTLP logs URL for slow-query records (default: the base endpoint + `/v1/logs`).',
);
export const OTEL_EXPORTER_OTLP_HEADERS = headers(
  'OTEL_EXPORTER_OTLP_HEADERS',
  'Headers sent with every OTLP export (e.g. `authorization=Bearer …`); values are redacted in logs. A header HTTP cannot carry (a name that is not a token, a value that decodes to CR, LF or NUL) is dropped at start with a warning.',
);
export const OTEL_EXPORTER_OTLP_METRICS_HEADERS = headers(
  'OTEL_EXPORTER_OTLP_METRICS_HEADERS',
  'Headers for OTLP metrics exports (merged over the general ones); redacted in logs and checked like the general ones.',
);
export const OTEL_EXPORTER_OTLP_LOGS_HEADERS = headers(
  'OTEL_EXPORTER_OTLP_LOGS_HEADERS',
  'Headers for OTLP log exports of slow-query records (merged over the general ones); redacted in logs and checked like the general ones.',
);
export const OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE = choice(
  'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE',
  'cumulative',
  TEMPORALITY_PREFERENCES,
  'OTLP only: `delta` or `lowmemory` send counters and histograms as deltas (for delta backends); Prometheus and InfluxDB always get cumulative data.',
);
export const OTEL_EXPORTER_PROMETHEUS_HOST = str(
  'OTEL_EXPORTER_PROMETHEUS_HOST',
  'localhost',
  'Bind address of the Prometheus pull endpoint. Loopback by default: set `0.0.0.0` to let a remote Prometheus scrape it.',
);
export const OTEL_EXPORTER_PROMETHEUS_PORT = int('OTEL_EXPORTER_PROMETHEUS_PORT', 9464, 0, 65535, 'Port of the Prometheus pull endpoint (`/metrics`).');
export const PERF_OTEL_INFLUXDB_URL = str(
  'PERF_OTEL_INFLUXDB_URL',
  'http://localhost:8086',
  'InfluxDB base URL for `OTEL_METRICS_EXPORTER=influxdb` (direct writes, no collector).',
);
export const PERF_OTEL_INFLUXDB_API_VERSION = choice(
  'PERF_OTEL_INFLUXDB_API_VERSION',
  '1',
  ['1', '2'] as const,
  '`1`: `/write` with database/retention policy/user/password; `2`: `/api/v2/write` with org/bucket/token (InfluxDB 2.x/3.x).',
);
export const PERF_OTEL_INFLUXDB_DATABASE = str('PERF_OTEL_INFLUXDB_DATABASE', 'perf_otel', 'InfluxDB 1.x database.');
export const PERF_OTEL_INFLUXDB_RETENTION_POLICY = str(
  'PERF_OTEL_INFLUXDB_RETENTION_POLICY',
  undefined,
  "InfluxDB 1.x retention policy (default: the database's default).",
);
export const PERF_OTEL_INFLUXDB_USERNAME = str('PERF_OTEL_INFLUXDB_USERNAME', undefined, 'InfluxDB 1.x user.');
export const PERF_OTEL_INFLUXDB_PASSWORD = str('PERF_OTEL_INFLUXDB_PASSWORD', undefined, 'InfluxDB 1.x password (never logged).', true);
export const PERF_OTEL_INFLUXDB_ORG = str('PERF_OTEL_INFLUXDB_ORG', undefined, 'InfluxDB 2.x/3.x organisation.');
export const PERF_OTEL_INFLUXDB_BUCKET = str('PERF_OTEL_INFLUXDB_BUCKET', 'perf_otel', 'InfluxDB 2.x/3.x bucket.');
export const PERF_OTEL_INFLUXDB_TOKEN = str('PERF_OTEL_INFLUXDB_TOKEN', undefined, 'InfluxDB 2.x/3.x API token (never logged).', true);

// --- instrumentation behaviour ---
export const PERF_OTEL_CARDINALITY_LIMIT = int(
  'PERF_OTEL_CARDINALITY_LIMIT',
  2000,
  10,
  1_000_000,
  'Series per instrument; further attribute sets fold into one `otel.metric.overflow=true` series.',
);
export const PERF_OTEL_HTTP_ROUTE_FROM_PATH = bool(
  'PERF_OTEL_HTTP_ROUTE_FROM_PATH',
  true,
  'When no framework names the route, use the path as `http.route`, every segment that is not a known static word replaced by a placeholder (`:id`, `:uuid`, `:param`, ...).',
);
export const PERF_OTEL_HTTP_DURATION_BUCKETS: EnvVar<number[]> = {
  name: 'PERF_OTEL_HTTP_DURATION_BUCKETS',
  type: 'list of seconds',
  default: HTTP_DURATION_BUCKETS_SECONDS.join(','),
  doc: 'Bucket boundaries (seconds, increasing) of `http.server.request.duration`, for finer percentiles where they matter, e.g. `0.05,0.1,0.15,0.2,0.25,0.3,0.4,0.5,0.75,1,2.5`. 0.25, 0.5 and 1 are always kept (Apdex and the alert rules count on them); each boundary adds one series per route, method and status.',
  read: (env, warn) => readBoundaries(env, 'PERF_OTEL_HTTP_DURATION_BUCKETS', HTTP_DURATION_BUCKETS_SECONDS, REQUIRED_HTTP_BOUNDARIES, warn),
};
export const PERF_OTEL_HTTP_IGNORE_PATHS = {
  name: 'PERF_OTEL_HTTP_IGNORE_PATHS',
  type: 'list of paths',
  default: '',
  doc: 'Server paths not measured (exact match, e.g. `/healthz,/metrics`).',
  read: (env: Env) =>
    (readRaw(env, 'PERF_OTEL_HTTP_IGNORE_PATHS') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
} satisfies EnvVar<string[]>;
export const PERF_OTEL_HTTP_ROUTE_WORDS = {
  name: 'PERF_OTEL_HTTP_ROUTE_WORDS',
  type: 'list of words',
  default: '',
  doc: 'Static path words of your own that path templates keep verbatim (e.g. `invoices,reconcile`); other segments not in the built-in vocabulary become placeholders.',
  read: (env: Env, warn: Warn) => {
    const words = readList(env, 'PERF_OTEL_HTTP_ROUTE_WORDS', []);
    // A path segment is compared whole: an entry with '/', a space or a dot can never match one.
    const bad = words.filter((w) => !/^[a-z][a-z0-9_-]*$/i.test(w));
    if (bad.length > 0)
      warn(
        `PERF_OTEL_HTTP_ROUTE_WORDS has entries that are not one path word: ${bad.map(quote).join(', ')}; ignored. List single segments, e.g. invoices,reconcile.`,
      );
    return words.filter((w) => !bad.includes(w));
  },
} satisfies EnvVar<string[]>;
export const PERF_OTEL_EVENT_LOOP_DELAY_RESOLUTION_MS = int(
  'PERF_OTEL_EVENT_LOOP_DELAY_RESOLUTION_MS',
  50,
  1,
  1000,
  "Sampling period (ms) of the event-loop delay monitor. Each sample wakes the process: 50 ms keeps an idle service with host and runtime metrics near 0.3 % of a core; 10 ms (upstream's default) costs about twice that. The reported delay excludes the period (an idle loop reads 0); a block shorter than the period may be seen up to one period short.",
);
export const PERF_OTEL_SHUTDOWN_TIMEOUT_MS = int(
  'PERF_OTEL_SHUTDOWN_TIMEOUT_MS',
  5000,
  0,
  120_000,
  "On SIGTERM/SIGINT, a crash or exit, how long (ms) the shutdown may take: draining the app's HTTP servers (at most half) and the final flush; a backend that refuses the connection ends it at once.",
);

// --- tenant segmentation (off unless mapped) ---
export const PERF_OTEL_TENANT_ATTRIBUTES = keyValues(
  'PERF_OTEL_TENANT_ATTRIBUTES',
  'Tenant attributes from request headers or W3C baggage, e.g. `team=x-team-id,project=baggage:project.id`. Each becomes `tenant.<name>` on HTTP server, database and custom metrics recorded while handling the request.',
);
export const PERF_OTEL_TENANT_USER_ENABLED = bool(
  'PERF_OTEL_TENANT_USER_ENABLED',
  false,
  'Allow a `user=…` tenant mapping. Even then the id is hashed (`tenant.user`, 16 hex chars) and capped like every tenant value.',
);
export const PERF_OTEL_TENANT_MAX_VALUES = int(
  'PERF_OTEL_TENANT_MAX_VALUES',
  100,
  1,
  100_000,
  'Distinct values kept per tenant attribute; later ones are reported as `_other`.',
);
export const PERF_OTEL_DB_SLOW_QUERY_MS = int(
  'PERF_OTEL_DB_SLOW_QUERY_MS',
  0,
  0,
  3_600_000,
  'Statements slower than this (ms) are logged as OpenTelemetry log records (SQL with every literal replaced) and counted by shape; 0 turns it off.',
);
export const PERF_OTEL_CUSTOM_METRICS = str(
  'PERF_OTEL_CUSTOM_METRICS',
  undefined,
  'A YAML file declaring custom metrics (name, kind, unit, description, allowed attributes, buckets), validated at start.',
);

// --- on-demand profiling (off by default: nothing listens and nothing runs while off) ---
export const PERF_OTEL_PROFILING_ENABLED = bool(
  'PERF_OTEL_PROFILING_ENABLED',
  false,
  'Turn on the profiling control channel (HTTP endpoint and signal) of `@org/perf-otel-profiler`.',
);
export const PERF_OTEL_PROFILING_HOST = str(
  'PERF_OTEL_PROFILING_HOST',
  'localhost',
  'Bind address of the profiling endpoint. Anything but loopback requires PERF_OTEL_PROFILING_TOKEN.',
);
export const PERF_OTEL_PROFILING_PORT = int('PERF_OTEL_PROFILING_PORT', 9465, 0, 65535, 'Port of the profiling endpoint.');
export const PERF_OTEL_PROFILING_TOKEN = str('PERF_OTEL_PROFILING_TOKEN', undefined, 'Bearer token the profiling endpoint requires (never logged).', true);
export const PERF_OTEL_PROFILING_SIGNAL = choice(
  'PERF_OTEL_PROFILING_SIGNAL',
  'sigusr2',
  ['sigusr2', 'sigusr1', 'none'] as const,
  'Signal that writes a fixed-length CPU profile to PERF_OTEL_PROFILING_DIR; `none` installs no handler.',
);
export const PERF_OTEL_PROFILING_DIR = str('PERF_OTEL_PROFILING_DIR', undefined, 'Where signal-triggered profiles are written (default: the OS temp dir).');
export const PERF_OTEL_PROFILING_SIGNAL_SECONDS = int('PERF_OTEL_PROFILING_SIGNAL_SECONDS', 10, 1, 600, 'Length of a signal-triggered CPU profile.');

/** Every variable, in README order. */
export const ALL_ENV_VARS: readonly EnvVar<unknown>[] = [
  PERF_OTEL_ENABLED,
  OTEL_SDK_DISABLED,
  OTEL_LOG_LEVEL,
  OTEL_SERVICE_NAME,
  OTEL_RESOURCE_ATTRIBUTES,
  K8S_POD_NAME,
  K8S_POD_UID,
  K8S_NAMESPACE_NAME,
  K8S_NODE_NAME,
  K8S_CONTAINER_NAME,
  K8S_DEPLOYMENT_NAME,
  OTEL_NODE_ENABLED_INSTRUMENTATIONS,
  OTEL_NODE_DISABLED_INSTRUMENTATIONS,
  OTEL_METRICS_EXPORTER,
  OTEL_METRIC_EXPORT_INTERVAL,
  OTEL_METRIC_EXPORT_TIMEOUT,
  OTEL_EXPORTER_OTLP_PROTOCOL,
  OTEL_EXPORTER_OTLP_METRICS_PROTOCOL,
  OTEL_EXPORTER_OTLP_LOGS_PROTOCOL,
  OTEL_EXPORTER_OTLP_ENDPOINT,
  OTEL_EXPORTER_OTLP_METRICS_ENDPOINT,
  OTEL_EXPORTER_OTLP_LOGS_ENDPOINT,
  OTEL_EXPORTER_OTLP_HEADERS,
  OTEL_EXPORTER_OTLP_METRICS_HEADERS,
  OTEL_EXPORTER_OTLP_LOGS_HEADERS,
  OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE,
  OTEL_EXPORTER_PROMETHEUS_HOST,
  OTEL_EXPORTER_PROMETHEUS_PORT,
  PERF_OTEL_INFLUXDB_URL,
  PERF_OTEL_INFLUXDB_API_VERSION,
  PERF_OTEL_INFLUXDB_DATABASE,
  PERF_OTEL_INFLUXDB_RETENTION_POLICY,
  PERF_OTEL_INFLUXDB_USERNAME,
  PERF_OTEL_INFLUXDB_PASSWORD,
  PERF_OTEL_INFLUXDB_ORG,
  PERF_OTEL_INFLUXDB_BUCKET,
  PERF_OTEL_INFLUXDB_TOKEN,
  PERF_OTEL_CARDINALITY_LIMIT,
  PERF_OTEL_HTTP_ROUTE_FROM_PATH,
  PERF_OTEL_HTTP_ROUTE_WORDS,
  PERF_OTEL_HTTP_IGNORE_PATHS,
  PERF_OTEL_HTTP_DURATION_BUCKETS,
  PERF_OTEL_EVENT_LOOP_DELAY_RESOLUTION_MS,
  PERF_OTEL_SHUTDOWN_TIMEOUT_MS,
  PERF_OTEL_TENANT_ATTRIBUTES,
  PERF_OTEL_TENANT_USER_ENABLED,
  PERF_OTEL_TENANT_MAX_VALUES,
  PERF_OTEL_DB_SLOW_QUERY_MS,
  PERF_OTEL_CUSTOM_METRICS,
  PERF_OTEL_PROFILING_ENABLED,
  PERF_OTEL_PROFILING_HOST,
  PERF_OTEL_PROFILING_PORT,
  PERF_OTEL_PROFILING_TOKEN,
  PERF_OTEL_PROFILING_SIGNAL,
  PERF_OTEL_PROFILING_DIR,
  PERF_OTEL_PROFILING_SIGNAL_SECONDS,
];

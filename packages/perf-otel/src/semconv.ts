// Metric and attribute names. Stable semantic-convention names come from
// @opentelemetry/semantic-conventions (re-bound as plain constants: no getter on hot paths); names it
// only ships in its unstable "incubating" entry are declared here (the contrib convention): that
// entry is not meant to be a runtime dependency.
import {
  METRIC_HTTP_SERVER_REQUEST_DURATION as SEMCONV_METRIC_HTTP_SERVER_REQUEST_DURATION,
  METRIC_HTTP_CLIENT_REQUEST_DURATION as SEMCONV_METRIC_HTTP_CLIENT_REQUEST_DURATION,
  ATTR_HTTP_REQUEST_METHOD as SEMCONV_ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE as SEMCONV_ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE as SEMCONV_ATTR_HTTP_ROUTE,
  ATTR_URL_SCHEME as SEMCONV_ATTR_URL_SCHEME,
  ATTR_ERROR_TYPE as SEMCONV_ATTR_ERROR_TYPE,
  ATTR_SERVER_ADDRESS as SEMCONV_ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT as SEMCONV_ATTR_SERVER_PORT,
  METRIC_DB_CLIENT_OPERATION_DURATION as SEMCONV_METRIC_DB_CLIENT_OPERATION_DURATION,
  ATTR_DB_SYSTEM_NAME as SEMCONV_ATTR_DB_SYSTEM_NAME,
  ATTR_DB_OPERATION_NAME as SEMCONV_ATTR_DB_OPERATION_NAME,
  ATTR_DB_COLLECTION_NAME as SEMCONV_ATTR_DB_COLLECTION_NAME,
  ATTR_DB_NAMESPACE as SEMCONV_ATTR_DB_NAMESPACE,
  ATTR_DB_RESPONSE_STATUS_CODE as SEMCONV_ATTR_DB_RESPONSE_STATUS_CODE,
  ATTR_DB_QUERY_TEXT as SEMCONV_ATTR_DB_QUERY_TEXT,
  ATTR_DB_QUERY_SUMMARY as SEMCONV_ATTR_DB_QUERY_SUMMARY,
  DB_SYSTEM_NAME_VALUE_POSTGRESQL as SEMCONV_DB_SYSTEM_NAME_VALUE_POSTGRESQL,
  DB_SYSTEM_NAME_VALUE_MYSQL as SEMCONV_DB_SYSTEM_NAME_VALUE_MYSQL,
  DB_SYSTEM_NAME_VALUE_MARIADB as SEMCONV_DB_SYSTEM_NAME_VALUE_MARIADB,
  ATTR_CONTAINER_ID as SEMCONV_ATTR_CONTAINER_ID,
  ATTR_K8S_POD_NAME as SEMCONV_ATTR_K8S_POD_NAME,
  ATTR_K8S_POD_UID as SEMCONV_ATTR_K8S_POD_UID,
  ATTR_K8S_NAMESPACE_NAME as SEMCONV_ATTR_K8S_NAMESPACE_NAME,
  ATTR_K8S_NODE_NAME as SEMCONV_ATTR_K8S_NODE_NAME,
  ATTR_K8S_CONTAINER_NAME as SEMCONV_ATTR_K8S_CONTAINER_NAME,
  ATTR_K8S_DEPLOYMENT_NAME as SEMCONV_ATTR_K8S_DEPLOYMENT_NAME,
} from '@opentelemetry/semantic-conventions';

// --- HTTP ---
export const METRIC_HTTP_SERVER_REQUEST_DURATION = SEMCONV_METRIC_HTTP_SERVER_REQUEST_DURATION;
export const METRIC_HTTP_SERVER_ACTIVE_REQUESTS = 'http.server.active_requests';
export const METRIC_HTTP_SERVER_REQUEST_BODY_SIZE = 'http.server.request.body.size';
export const METRIC_HTTP_SERVER_RESPONSE_BODY_SIZE = 'http.server.response.body.size';
export const METRIC_HTTP_CLIENT_REQUEST_DURATION = SEMCONV_METRIC_HTTP_CLIENT_REQUEST_DURATION;

export const ATTR_HTTP_REQUEST_METHOD = SEMCONV_ATTR_HTTP_REQUEST_METHOD;
export const ATTR_HTTP_RESPONSE_STATUS_CODE = SEMCONV_ATTR_HTTP_RESPONSE_STATUS_CODE;
export const ATTR_HTTP_ROUTE = SEMCONV_ATTR_HTTP_ROUTE;
export const ATTR_URL_SCHEME = SEMCONV_ATTR_URL_SCHEME;
export const ATTR_ERROR_TYPE = SEMCONV_ATTR_ERROR_TYPE;
export const ATTR_SERVER_ADDRESS = SEMCONV_ATTR_SERVER_ADDRESS;
export const ATTR_SERVER_PORT = SEMCONV_ATTR_SERVER_PORT;

// --- Database ---
export const METRIC_DB_CLIENT_OPERATION_DURATION = SEMCONV_METRIC_DB_CLIENT_OPERATION_DURATION;
export const METRIC_DB_CLIENT_CONNECTION_COUNT = 'db.client.connection.count';
export const METRIC_DB_CLIENT_CONNECTION_MAX = 'db.client.connection.max';
export const METRIC_DB_CLIENT_CONNECTION_PENDING_REQUESTS = 'db.client.connection.pending_requests';
export const METRIC_DB_CLIENT_CONNECTION_WAIT_TIME = 'db.client.connection.wait_time';
export const METRIC_DB_CLIENT_CONNECTION_USE_TIME = 'db.client.connection.use_time';
export const METRIC_DB_CLIENT_CONNECTION_CREATE_TIME = 'db.client.connection.create_time';
export const METRIC_DB_CLIENT_CONNECTION_TIMEOUTS = 'db.client.connection.timeouts';

export const ATTR_DB_SYSTEM_NAME = SEMCONV_ATTR_DB_SYSTEM_NAME;
export const ATTR_DB_OPERATION_NAME = SEMCONV_ATTR_DB_OPERATION_NAME;
export const ATTR_DB_COLLECTION_NAME = SEMCONV_ATTR_DB_COLLECTION_NAME;
export const ATTR_DB_NAMESPACE = SEMCONV_ATTR_DB_NAMESPACE;
export const ATTR_DB_RESPONSE_STATUS_CODE = SEMCONV_ATTR_DB_RESPONSE_STATUS_CODE;
export const ATTR_DB_CLIENT_CONNECTION_STATE = 'db.client.connection.state';
export const ATTR_DB_CLIENT_CONNECTION_POOL_NAME = 'db.client.connection.pool.name';
export const ATTR_DB_QUERY_TEXT = SEMCONV_ATTR_DB_QUERY_TEXT;
export const ATTR_DB_QUERY_SUMMARY = SEMCONV_ATTR_DB_QUERY_SUMMARY;
export const DB_SYSTEM_NAME_VALUE_POSTGRESQL = SEMCONV_DB_SYSTEM_NAME_VALUE_POSTGRESQL;
export const DB_SYSTEM_NAME_VALUE_MYSQL = SEMCONV_DB_SYSTEM_NAME_VALUE_MYSQL;
export const DB_SYSTEM_NAME_VALUE_MARIADB = SEMCONV_DB_SYSTEM_NAME_VALUE_MARIADB;
export const DB_SYSTEM_NAME_VALUE_REDIS = 'redis';

// Ours: slow statements (semconv has no such metric or event).
export const METRIC_PERF_OTEL_DB_SLOW_QUERIES = 'perf_otel.db.slow_queries';
// Database operations per HTTP server request (N+1 queries), with the request's own attributes.
export const METRIC_PERF_OTEL_HTTP_SERVER_DB_OPERATIONS = 'perf_otel.http.server.db_operations';
export const EVENT_DB_SLOW_QUERY = 'perf_otel.db.slow_query';
export const ATTR_PERF_OTEL_DB_DURATION = 'perf_otel.db.duration';
export const METRIC_PERF_OTEL_EXPORTER_DROPPED = 'perf_otel.exporter.dropped_points';
export const ATTR_PERF_OTEL_EXPORTER = 'perf_otel.exporter';

// --- Node.js runtime ---
export const METRIC_NODEJS_EVENTLOOP_DELAY_MIN = 'nodejs.eventloop.delay.min';
export const METRIC_NODEJS_EVENTLOOP_DELAY_MAX = 'nodejs.eventloop.delay.max';
export const METRIC_NODEJS_EVENTLOOP_DELAY_MEAN = 'nodejs.eventloop.delay.mean';
export const METRIC_NODEJS_EVENTLOOP_DELAY_STDDEV = 'nodejs.eventloop.delay.stddev';
export const METRIC_NODEJS_EVENTLOOP_DELAY_P50 = 'nodejs.eventloop.delay.p50';
export const METRIC_NODEJS_EVENTLOOP_DELAY_P90 = 'nodejs.eventloop.delay.p90';
export const METRIC_NODEJS_EVENTLOOP_DELAY_P99 = 'nodejs.eventloop.delay.p99';
export const METRIC_NODEJS_EVENTLOOP_UTILIZATION = 'nodejs.eventloop.utilization';
export const METRIC_NODEJS_EVENTLOOP_TIME = 'nodejs.eventloop.time';
export const ATTR_NODEJS_EVENTLOOP_STATE = 'nodejs.eventloop.state';

export const METRIC_V8JS_GC_DURATION = 'v8js.gc.duration';
export const METRIC_V8JS_MEMORY_HEAP_USED = 'v8js.memory.heap.used';
// Per space: V8's `space_size`, what is reserved now, not a limit (semconv 1.45 renames it
// v8js.memory.heap.space.size). The heap's real ceiling is ours below.
export const METRIC_V8JS_MEMORY_HEAP_LIMIT = 'v8js.memory.heap.limit';
// V8's `heap_size_limit` (--max-old-space-size and young generation): where the process dies with
// "JavaScript heap out of memory". Semconv has no name for it.
export const METRIC_PERF_OTEL_V8JS_MEMORY_HEAP_SIZE_LIMIT = 'perf_otel.v8js.memory.heap.size_limit';
export const METRIC_V8JS_MEMORY_HEAP_SPACE_AVAILABLE_SIZE = 'v8js.memory.heap.space.available_size';
export const METRIC_V8JS_MEMORY_HEAP_SPACE_PHYSICAL_SIZE = 'v8js.memory.heap.space.physical_size';
export const ATTR_V8JS_GC_TYPE = 'v8js.gc.type';
export const ATTR_V8JS_HEAP_SPACE_NAME = 'v8js.heap.space.name';

// --- Process ---
export const METRIC_PROCESS_CPU_TIME = 'process.cpu.time';
export const METRIC_PROCESS_CPU_UTILIZATION = 'process.cpu.utilization';
export const METRIC_PROCESS_MEMORY_USAGE = 'process.memory.usage';
export const METRIC_PROCESS_UPTIME = 'process.uptime';
export const ATTR_CPU_MODE = 'cpu.mode';

// --- System ---
export const METRIC_SYSTEM_CPU_TIME = 'system.cpu.time';
export const METRIC_SYSTEM_CPU_UTILIZATION = 'system.cpu.utilization';
export const METRIC_SYSTEM_CPU_LOGICAL_COUNT = 'system.cpu.logical.count';
export const METRIC_SYSTEM_MEMORY_USAGE = 'system.memory.usage';
export const METRIC_SYSTEM_MEMORY_LIMIT = 'system.memory.limit';
export const METRIC_SYSTEM_MEMORY_UTILIZATION = 'system.memory.utilization';
export const METRIC_SYSTEM_NETWORK_IO = 'system.network.io';
export const METRIC_SYSTEM_NETWORK_PACKETS = 'system.network.packets';
export const METRIC_SYSTEM_NETWORK_ERRORS = 'system.network.errors';
export const METRIC_SYSTEM_NETWORK_PACKET_DROPPED = 'system.network.packet.dropped';
export const METRIC_SYSTEM_DISK_IO = 'system.disk.io';
export const METRIC_SYSTEM_DISK_OPERATIONS = 'system.disk.operations';
export const METRIC_SYSTEM_DISK_IO_TIME = 'system.disk.io_time';
export const METRIC_SYSTEM_FILESYSTEM_USAGE = 'system.filesystem.usage';
export const METRIC_SYSTEM_FILESYSTEM_LIMIT = 'system.filesystem.limit';
export const METRIC_SYSTEM_FILESYSTEM_UTILIZATION = 'system.filesystem.utilization';

export const ATTR_SYSTEM_MEMORY_STATE = 'system.memory.state';
export const ATTR_NETWORK_INTERFACE_NAME = 'network.interface.name';
export const ATTR_NETWORK_IO_DIRECTION = 'network.io.direction';
export const ATTR_SYSTEM_DEVICE = 'system.device';
export const ATTR_DISK_IO_DIRECTION = 'disk.io.direction';
export const ATTR_SYSTEM_FILESYSTEM_STATE = 'system.filesystem.state';
export const ATTR_SYSTEM_FILESYSTEM_TYPE = 'system.filesystem.type';
export const ATTR_SYSTEM_FILESYSTEM_MOUNTPOINT = 'system.filesystem.mountpoint';

// --- Container: the cgroup the process runs in (incubating semconv names, declared here) ---
export const METRIC_CONTAINER_CPU_TIME = 'container.cpu.time';
export const METRIC_CONTAINER_CPU_USAGE = 'container.cpu.usage';
export const METRIC_CONTAINER_MEMORY_USAGE = 'container.memory.usage';
export const METRIC_CONTAINER_MEMORY_WORKING_SET = 'container.memory.working_set';
export const METRIC_CONTAINER_MEMORY_RSS = 'container.memory.rss';
// Ours: semconv has limits and utilisations only as k8s.container.* read from the Kubernetes API;
// these are the kernel's own figures, so they exist outside Kubernetes too.
export const METRIC_PERF_OTEL_CONTAINER_CPU_LIMIT = 'perf_otel.container.cpu.limit';
export const METRIC_PERF_OTEL_CONTAINER_CPU_LIMIT_UTILIZATION = 'perf_otel.container.cpu.limit.utilization';
export const METRIC_PERF_OTEL_CONTAINER_CPU_PERIODS = 'perf_otel.container.cpu.periods';
export const METRIC_PERF_OTEL_CONTAINER_CPU_THROTTLED_PERIODS = 'perf_otel.container.cpu.throttled_periods';
export const METRIC_PERF_OTEL_CONTAINER_CPU_THROTTLED_TIME = 'perf_otel.container.cpu.throttled_time';
export const METRIC_PERF_OTEL_CONTAINER_CPU_PRESSURE_STALL_TIME = 'perf_otel.container.cpu.pressure.stall_time';
export const METRIC_PERF_OTEL_CONTAINER_MEMORY_LIMIT = 'perf_otel.container.memory.limit';
export const METRIC_PERF_OTEL_CONTAINER_MEMORY_LIMIT_UTILIZATION = 'perf_otel.container.memory.limit.utilization';
export const METRIC_PERF_OTEL_CONTAINER_MEMORY_LIMIT_REACHED = 'perf_otel.container.memory.limit_reached';
export const METRIC_PERF_OTEL_CONTAINER_MEMORY_OOM_KILLS = 'perf_otel.container.memory.oom_kills';
export const METRIC_PERF_OTEL_CONTAINER_MEMORY_PRESSURE_STALL_TIME = 'perf_otel.container.memory.pressure.stall_time';
/** PSI scope: `some` (at least one task stalled) or `full` (all non-idle tasks stalled). */
export const ATTR_PERF_OTEL_PRESSURE_SCOPE = 'perf_otel.pressure.scope';

// --- Resource: container, Kubernetes and ownership ---
export const ATTR_CONTAINER_ID = SEMCONV_ATTR_CONTAINER_ID;
// host.name is incubating in semconv (its module is large): written here.
export const ATTR_HOST_NAME = 'host.name';
export const ATTR_K8S_POD_NAME = SEMCONV_ATTR_K8S_POD_NAME;
export const ATTR_K8S_POD_UID = SEMCONV_ATTR_K8S_POD_UID;
export const ATTR_K8S_NAMESPACE_NAME = SEMCONV_ATTR_K8S_NAMESPACE_NAME;
export const ATTR_K8S_NODE_NAME = SEMCONV_ATTR_K8S_NODE_NAME;
export const ATTR_K8S_CONTAINER_NAME = SEMCONV_ATTR_K8S_CONTAINER_NAME;
export const ATTR_K8S_DEPLOYMENT_NAME = SEMCONV_ATTR_K8S_DEPLOYMENT_NAME;
// Ours (semconv has no owner): who owns the service, set once per process through
// OTEL_RESOURCE_ATTRIBUTES. Not `tenant.*`: those are per request, and a resource attribute of the
// same name would overwrite them when the Collector turns resource attributes into labels.
export const ATTR_OWNER_TEAM = 'owner.team';
export const ATTR_OWNER_PROJECT = 'owner.project';
export const ATTR_OWNER_USER = 'owner.user';

// --- The SDK's cardinality overflow series ---
export const ATTR_OTEL_METRIC_OVERFLOW = 'otel.metric.overflow';

// Semconv-advised histogram boundaries.
export const HTTP_DURATION_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
// Boundaries the recording and alert rules count requests at: Apdex T and 4T, the latency alert.
export const REQUIRED_HTTP_BOUNDARIES = [0.25, 0.5, 1];
export const DB_DURATION_BUCKETS_SECONDS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10];
export const GC_DURATION_BUCKETS_SECONDS = [0.01, 0.1, 1, 10];
// Exact up to 2; 30 queries in a request fall in (20, 50], whose count and sum are exact.
export const DB_OPERATIONS_PER_REQUEST_BUCKETS = [0, 1, 2, 5, 10, 20, 50, 100, 200];
export const BODY_SIZE_BUCKETS_BYTES = [0, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000];

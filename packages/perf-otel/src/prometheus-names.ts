// The Prometheus names of perf-otel's metrics and labels, derived from semconv.ts by the Collector's
// translation (export/prometheus/naming.ts): the one place dashboards, rules, insights, loadtest, slo
// and doctor take them from, so a metric is named once. `@org/perf-otel/prometheus-names` loads
// nothing but these two modules (no SDK).
import { ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { labelName, metricName } from './export/prometheus/naming';
import * as S from './semconv';

// --- HTTP ---
export const PROM_HTTP_SERVER_REQUEST_DURATION = metricName(S.METRIC_HTTP_SERVER_REQUEST_DURATION, 's', 'histogram');
export const PROM_HTTP_SERVER_ACTIVE_REQUESTS = metricName(S.METRIC_HTTP_SERVER_ACTIVE_REQUESTS, '{request}', 'gauge');
export const PROM_HTTP_SERVER_REQUEST_BODY_SIZE = metricName(S.METRIC_HTTP_SERVER_REQUEST_BODY_SIZE, 'By', 'histogram');
export const PROM_HTTP_SERVER_RESPONSE_BODY_SIZE = metricName(S.METRIC_HTTP_SERVER_RESPONSE_BODY_SIZE, 'By', 'histogram');
export const PROM_HTTP_CLIENT_REQUEST_DURATION = metricName(S.METRIC_HTTP_CLIENT_REQUEST_DURATION, 's', 'histogram');

// --- Database ---
export const PROM_DB_CLIENT_OPERATION_DURATION = metricName(S.METRIC_DB_CLIENT_OPERATION_DURATION, 's', 'histogram');
export const PROM_DB_CLIENT_CONNECTION_COUNT = metricName(S.METRIC_DB_CLIENT_CONNECTION_COUNT, '{connection}', 'gauge');
export const PROM_DB_CLIENT_CONNECTION_MAX = metricName(S.METRIC_DB_CLIENT_CONNECTION_MAX, '{connection}', 'gauge');
export const PROM_DB_CLIENT_CONNECTION_PENDING_REQUESTS = metricName(S.METRIC_DB_CLIENT_CONNECTION_PENDING_REQUESTS, '{request}', 'gauge');
export const PROM_DB_CLIENT_CONNECTION_WAIT_TIME = metricName(S.METRIC_DB_CLIENT_CONNECTION_WAIT_TIME, 's', 'histogram');
export const PROM_DB_CLIENT_CONNECTION_TIMEOUTS = metricName(S.METRIC_DB_CLIENT_CONNECTION_TIMEOUTS, '{timeout}', 'counter');
export const PROM_PERF_OTEL_DB_SLOW_QUERIES = metricName(S.METRIC_PERF_OTEL_DB_SLOW_QUERIES, '{query}', 'counter');
export const PROM_PERF_OTEL_HTTP_SERVER_DB_OPERATIONS = metricName(S.METRIC_PERF_OTEL_HTTP_SERVER_DB_OPERATIONS, '{operation}', 'histogram');

// --- Node.js runtime ---
export const PROM_NODEJS_EVENTLOOP_DELAY_P50 = metricName(S.METRIC_NODEJS_EVENTLOOP_DELAY_P50, 's', 'gauge');
export const PROM_NODEJS_EVENTLOOP_DELAY_P99 = metricName(S.METRIC_NODEJS_EVENTLOOP_DELAY_P99, 's', 'gauge');
export const PROM_NODEJS_EVENTLOOP_DELAY_MAX = metricName(S.METRIC_NODEJS_EVENTLOOP_DELAY_MAX, 's', 'gauge');
export const PROM_NODEJS_EVENTLOOP_UTILIZATION = metricName(S.METRIC_NODEJS_EVENTLOOP_UTILIZATION, '1', 'gauge');
export const PROM_V8JS_GC_DURATION = metricName(S.METRIC_V8JS_GC_DURATION, 's', 'histogram');
export const PROM_V8JS_MEMORY_HEAP_USED = metricName(S.METRIC_V8JS_MEMORY_HEAP_USED, 'By', 'gauge');
export const PROM_V8JS_MEMORY_HEAP_LIMIT = metricName(S.METRIC_V8JS_MEMORY_HEAP_LIMIT, 'By', 'gauge');
export const PROM_PERF_OTEL_V8JS_MEMORY_HEAP_SIZE_LIMIT = metricName(S.METRIC_PERF_OTEL_V8JS_MEMORY_HEAP_SIZE_LIMIT, 'By', 'gauge');

// --- Process and host ---
export const PROM_PROCESS_CPU_TIME = metricName(S.METRIC_PROCESS_CPU_TIME, 's', 'counter');
export const PROM_PROCESS_CPU_UTILIZATION = metricName(S.METRIC_PROCESS_CPU_UTILIZATION, '1', 'gauge');
export const PROM_PROCESS_MEMORY_USAGE = metricName(S.METRIC_PROCESS_MEMORY_USAGE, 'By', 'gauge');
export const PROM_PROCESS_UPTIME = metricName(S.METRIC_PROCESS_UPTIME, 's', 'gauge');
export const PROM_SYSTEM_CPU_UTILIZATION = metricName(S.METRIC_SYSTEM_CPU_UTILIZATION, '1', 'gauge');
export const PROM_SYSTEM_MEMORY_USAGE = metricName(S.METRIC_SYSTEM_MEMORY_USAGE, 'By', 'gauge');
export const PROM_SYSTEM_MEMORY_UTILIZATION = metricName(S.METRIC_SYSTEM_MEMORY_UTILIZATION, '1', 'gauge');
export const PROM_SYSTEM_NETWORK_IO = metricName(S.METRIC_SYSTEM_NETWORK_IO, 'By', 'counter');
export const PROM_SYSTEM_NETWORK_ERRORS = metricName(S.METRIC_SYSTEM_NETWORK_ERRORS, '{error}', 'counter');
export const PROM_SYSTEM_DISK_IO = metricName(S.METRIC_SYSTEM_DISK_IO, 'By', 'counter');
export const PROM_SYSTEM_DISK_OPERATIONS = metricName(S.METRIC_SYSTEM_DISK_OPERATIONS, '{operation}', 'counter');
export const PROM_SYSTEM_FILESYSTEM_UTILIZATION = metricName(S.METRIC_SYSTEM_FILESYSTEM_UTILIZATION, '1', 'gauge');

// --- Container (the process's own cgroup) ---
export const PROM_CONTAINER_CPU_USAGE = metricName(S.METRIC_CONTAINER_CPU_USAGE, '{cpu}', 'gauge');
export const PROM_CONTAINER_MEMORY_USAGE = metricName(S.METRIC_CONTAINER_MEMORY_USAGE, 'By', 'gauge');
export const PROM_CONTAINER_MEMORY_WORKING_SET = metricName(S.METRIC_CONTAINER_MEMORY_WORKING_SET, 'By', 'gauge');
export const PROM_PERF_OTEL_CONTAINER_CPU_LIMIT = metricName(S.METRIC_PERF_OTEL_CONTAINER_CPU_LIMIT, '{cpu}', 'gauge');
export const PROM_PERF_OTEL_CONTAINER_CPU_LIMIT_UTILIZATION = metricName(S.METRIC_PERF_OTEL_CONTAINER_CPU_LIMIT_UTILIZATION, '1', 'gauge');
export const PROM_PERF_OTEL_CONTAINER_CPU_THROTTLED_TIME = metricName(S.METRIC_PERF_OTEL_CONTAINER_CPU_THROTTLED_TIME, 's', 'counter');
export const PROM_PERF_OTEL_CONTAINER_CPU_PRESSURE_STALL_TIME = metricName(S.METRIC_PERF_OTEL_CONTAINER_CPU_PRESSURE_STALL_TIME, 's', 'counter');
export const PROM_PERF_OTEL_CONTAINER_MEMORY_LIMIT = metricName(S.METRIC_PERF_OTEL_CONTAINER_MEMORY_LIMIT, 'By', 'gauge');
export const PROM_PERF_OTEL_CONTAINER_MEMORY_LIMIT_UTILIZATION = metricName(S.METRIC_PERF_OTEL_CONTAINER_MEMORY_LIMIT_UTILIZATION, '1', 'gauge');
export const PROM_PERF_OTEL_CONTAINER_MEMORY_LIMIT_REACHED = metricName(S.METRIC_PERF_OTEL_CONTAINER_MEMORY_LIMIT_REACHED, '{event}', 'counter');
export const PROM_PERF_OTEL_CONTAINER_MEMORY_OOM_KILLS = metricName(S.METRIC_PERF_OTEL_CONTAINER_MEMORY_OOM_KILLS, '{event}', 'counter');
export const PROM_PERF_OTEL_CONTAINER_MEMORY_PRESSURE_STALL_TIME = metricName(S.METRIC_PERF_OTEL_CONTAINER_MEMORY_PRESSURE_STALL_TIME, 's', 'counter');

/** Bucket boundaries of the HTTP duration histograms (latency SLIs count a bucket). */
export const HTTP_DURATION_BUCKETS_SECONDS: readonly number[] = S.HTTP_DURATION_BUCKETS_SECONDS;

// --- Labels (attribute keys as Prometheus stores them; service.name becomes `job`) ---
export const LABEL_JOB = 'job';
export const LABEL_INSTANCE = 'instance';
export const LABEL_SERVICE_VERSION = labelName(ATTR_SERVICE_VERSION);
export const LABEL_HOST_NAME = labelName(S.ATTR_HOST_NAME);
export const LABEL_V8JS_GC_TYPE = labelName(S.ATTR_V8JS_GC_TYPE);
export const LABEL_DB_QUERY_SUMMARY = labelName(S.ATTR_DB_QUERY_SUMMARY);
export const LABEL_HTTP_ROUTE = labelName(S.ATTR_HTTP_ROUTE);
export const LABEL_HTTP_REQUEST_METHOD = labelName(S.ATTR_HTTP_REQUEST_METHOD);
export const LABEL_HTTP_RESPONSE_STATUS_CODE = labelName(S.ATTR_HTTP_RESPONSE_STATUS_CODE);
export const LABEL_DB_OPERATION_NAME = labelName(S.ATTR_DB_OPERATION_NAME);
export const LABEL_DB_COLLECTION_NAME = labelName(S.ATTR_DB_COLLECTION_NAME);
export const LABEL_DB_CLIENT_CONNECTION_POOL_NAME = labelName(S.ATTR_DB_CLIENT_CONNECTION_POOL_NAME);
export const LABEL_DB_CLIENT_CONNECTION_STATE = labelName(S.ATTR_DB_CLIENT_CONNECTION_STATE);

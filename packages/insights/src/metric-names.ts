// Prometheus names of the metrics the analyses read, as docs/metrics.md lists them (the Collector's
// translation, which perf-otel's own /metrics endpoint reproduces).
export const HTTP_DURATION = 'http_server_request_duration_seconds';
export const DB_DURATION = 'db_client_operation_duration_seconds';
export const POOL_CONNECTIONS = 'db_client_connection_count';
export const POOL_MAX = 'db_client_connection_max';
export const POOL_PENDING = 'db_client_connection_pending_requests';
export const POOL_WAIT = 'db_client_connection_wait_time_seconds';
export const POOL_TIMEOUTS = 'db_client_connection_timeouts_total';
export const EVENT_LOOP_P99 = 'nodejs_eventloop_delay_p99_seconds';
export const GC_DURATION = 'v8js_gc_duration_seconds';
export const HEAP_USED = 'v8js_memory_heap_used_bytes';
/** V8's heap_size_limit: where the process dies (v8js_memory_heap_limit_bytes is each space's current reservation, not a limit). */
export const HEAP_SIZE_LIMIT = 'perf_otel_v8js_memory_heap_size_limit_bytes';
/** Database operations per HTTP request, with the request's route, method and status: N+1 shows here. */
export const HTTP_DB_OPERATIONS = 'perf_otel_http_server_db_operations';
export const DB_SLOW_QUERIES = 'perf_otel_db_slow_queries_total';
export const PROCESS_CPU_TIME = 'process_cpu_time_seconds_total';
export const SYSTEM_MEMORY_UTILIZATION = 'system_memory_utilization_ratio';

export const LABEL_JOB = 'job';
export const LABEL_INSTANCE = 'instance';
export const LABEL_HOST = 'host_name';
export const LABEL_GC_TYPE = 'v8js_gc_type';
export const LABEL_VERSION = 'service_version';
export const LABEL_ROUTE = 'http_route';
export const LABEL_METHOD = 'http_request_method';
export const LABEL_STATUS = 'http_response_status_code';
export const LABEL_DB_OPERATION = 'db_operation_name';
export const LABEL_DB_TABLE = 'db_collection_name';
export const LABEL_DB_SUMMARY = 'db_query_summary';
export const LABEL_POOL = 'db_client_connection_pool_name';
export const LABEL_POOL_STATE = 'db_client_connection_state';
export const LABEL_LE = 'le';

export const histogramCount = (histogram: string): string => `${histogram}_count`;
export const histogramSum = (histogram: string): string => `${histogram}_sum`;
export const histogramBucket = (histogram: string): string => `${histogram}_bucket`;

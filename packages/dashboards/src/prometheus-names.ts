// Prometheus names exactly as the Collector's default translation writes them (docs/metrics.md),
// plus the recorded series of deploy/prometheus/rules. Queries name metrics through these constants
// so a rename is one edit and a typo is a compile error.

// --- HTTP ---
export const HTTP_SERVER_DURATION = 'http_server_request_duration_seconds';
export const HTTP_SERVER_ACTIVE = 'http_server_active_requests';
export const HTTP_SERVER_REQUEST_SIZE = 'http_server_request_body_size_bytes';
export const HTTP_SERVER_RESPONSE_SIZE = 'http_server_response_body_size_bytes';
export const HTTP_CLIENT_DURATION = 'http_client_request_duration_seconds';

// --- Database ---
export const DB_OPERATION_DURATION = 'db_client_operation_duration_seconds';
export const DB_CONNECTION_COUNT = 'db_client_connection_count';
export const DB_CONNECTION_MAX = 'db_client_connection_max';
export const DB_CONNECTION_PENDING = 'db_client_connection_pending_requests';
export const DB_CONNECTION_WAIT = 'db_client_connection_wait_time_seconds';
export const DB_CONNECTION_TIMEOUTS = 'db_client_connection_timeouts_total';
export const DB_SLOW_QUERIES = 'perf_otel_db_slow_queries_total';
/** SQLSTATE of a deadlock (PostgreSQL). */
export const SQLSTATE_DEADLOCK = '40P01';

// --- Node.js runtime ---
export const EVENTLOOP_DELAY_P50 = 'nodejs_eventloop_delay_p50_seconds';
export const EVENTLOOP_DELAY_P99 = 'nodejs_eventloop_delay_p99_seconds';
export const EVENTLOOP_DELAY_MAX = 'nodejs_eventloop_delay_max_seconds';
export const EVENTLOOP_UTILIZATION = 'nodejs_eventloop_utilization_ratio';
export const GC_DURATION = 'v8js_gc_duration_seconds';
export const HEAP_USED = 'v8js_memory_heap_used_bytes';
/** V8's heap_size_limit: the real ceiling. Not v8js_memory_heap_limit_bytes (each space's current reservation). */
/** Database operations each HTTP request ran, by the request's route (N+1 queries). */
export const HTTP_SERVER_DB_OPERATIONS = 'perf_otel_http_server_db_operations';
export const HEAP_SIZE_LIMIT = 'perf_otel_v8js_memory_heap_size_limit_bytes';

// --- Process and host ---
export const PROCESS_CPU_UTILIZATION = 'process_cpu_utilization_ratio';
export const PROCESS_MEMORY = 'process_memory_usage_bytes';
export const PROCESS_UPTIME = 'process_uptime_seconds';
export const SYSTEM_CPU_UTILIZATION = 'system_cpu_utilization_ratio';
export const SYSTEM_MEMORY_USAGE = 'system_memory_usage_bytes';
export const SYSTEM_MEMORY_UTILIZATION = 'system_memory_utilization_ratio';
export const SYSTEM_NETWORK_IO = 'system_network_io_bytes_total';
export const SYSTEM_NETWORK_ERRORS = 'system_network_errors_total';
export const SYSTEM_DISK_IO = 'system_disk_io_bytes_total';
export const SYSTEM_DISK_OPERATIONS = 'system_disk_operations_total';
export const SYSTEM_FILESYSTEM_UTILIZATION = 'system_filesystem_utilization_ratio';

// --- Container (the process's own cgroup) ---
export const CONTAINER_CPU_USAGE = 'container_cpu_usage';
export const CONTAINER_CPU_LIMIT = 'perf_otel_container_cpu_limit';
export const CONTAINER_CPU_LIMIT_UTILIZATION = 'perf_otel_container_cpu_limit_utilization_ratio';
export const CONTAINER_CPU_THROTTLED_TIME = 'perf_otel_container_cpu_throttled_time_seconds_total';
export const CONTAINER_CPU_PRESSURE = 'perf_otel_container_cpu_pressure_stall_time_seconds_total';
export const CONTAINER_MEMORY_USAGE = 'container_memory_usage_bytes';
export const CONTAINER_MEMORY_WORKING_SET = 'container_memory_working_set_bytes';
export const CONTAINER_MEMORY_LIMIT = 'perf_otel_container_memory_limit_bytes';
export const CONTAINER_MEMORY_LIMIT_UTILIZATION = 'perf_otel_container_memory_limit_utilization_ratio';
export const CONTAINER_MEMORY_LIMIT_REACHED = 'perf_otel_container_memory_limit_reached_total';
export const CONTAINER_MEMORY_OOM_KILLS = 'perf_otel_container_memory_oom_kills_total';
export const CONTAINER_MEMORY_PRESSURE = 'perf_otel_container_memory_pressure_stall_time_seconds_total';

// --- Recorded series (deploy/prometheus/rules/perf-otel-*.yml, slo-*.yml) ---
export const REC_JOB_RATE = 'job:http_server_requests:rate5m';
export const REC_JOB_ERRORS = 'job:http_server_request_errors:rate5m';
export const REC_JOB_ERROR_RATIO = 'job:http_server_request_errors:ratio_rate5m';
export const REC_JOB_QUANTILE = 'job:http_server_request_duration_seconds:quantile5m';
export const REC_JOB_APDEX = 'job:http_server_request_apdex:ratio_rate5m';
export const REC_ROUTE_RATE = 'job_route:http_server_requests:rate5m';
export const REC_ROUTE_ERROR_RATIO = 'job_route:http_server_request_errors:ratio_rate5m';
export const REC_ROUTE_QUANTILE = 'job_route:http_server_request_duration_seconds:quantile5m';
export const REC_ROUTE_APDEX = 'job_route:http_server_request_apdex:ratio_rate5m';
export const REC_ROUTE_TIME_SPENT = 'job_route:http_server_request_duration_seconds_sum:rate5m';
export const REC_ROUTE_MEAN = 'job_route:http_server_request_duration_seconds:mean5m';
export const REC_CONTAINER_THROTTLED_RATIO = 'job_instance:perf_otel_container_cpu_throttled_periods:ratio_rate5m';
export const ANOMALY_INPUT = 'perf_otel:anomaly_input';
export const ANOMALY_UPPER = 'perf_otel:anomaly_upper_band';
export const ANOMALY_LOWER = 'perf_otel:anomaly_lower_band';
export const SLO_BUDGET_REMAINING = 'slo:period_error_budget_remaining:ratio';
export const SLO_BURN_RATE_1H = 'slo:burn_rate:ratio_rate1h';
export const SLO_OBJECTIVE = 'slo:objective:ratio';
export const SLO_SLI_ERROR_1H = 'slo:sli_error:ratio_rate1h';

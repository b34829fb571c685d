// Metric and attribute names recorded by @org/perf-otel-api. The `app.*` names are ours (no semantic
// convention exists for application metrics); `error.type` and `code.function.name` are stable semconv.
// Prometheus names (Collector translation): `.` → `_`, unit suffix, `_total` on counters, `{…}` units dropped.

/** Instrumentation scope of every instrument created here. */
export const METER_NAME = '@org/perf-otel-api';

// --- Method and function timing ---
/** Default histogram of `@timed()` without a name. */
export const METRIC_APP_METHOD_DURATION = 'app.method.duration';

// --- Business metrics ---
export const METRIC_APP_FEATURE_USAGE = 'app.feature.usage';
export const METRIC_APP_BUSINESS_EVENTS = 'app.business.events';
export const METRIC_APP_BUSINESS_EVENT_VALUE = 'app.business.event.value';
export const METRIC_APP_EVENTS_PROCESSED = 'app.events.processed';
export const METRIC_APP_USERS_ACTIVE = 'app.users.active';

// --- Queues ---
export const METRIC_APP_QUEUE_SIZE = 'app.queue.size';
export const METRIC_APP_QUEUE_WAIT_TIME = 'app.queue.wait_time';
export const METRIC_APP_QUEUE_PROCESSED = 'app.queue.processed';

// --- Health checks ---
export const METRIC_APP_HEALTH_CHECK_STATUS = 'app.health.check.status';
export const METRIC_APP_HEALTH_CHECK_DURATION = 'app.health.check.duration';

// --- Attributes ---
export const ATTR_ERROR_TYPE = 'error.type';
export const ATTR_CODE_FUNCTION_NAME = 'code.function.name';
export const ATTR_APP_FEATURE_NAME = 'app.feature.name';
export const ATTR_APP_EVENT_NAME = 'app.event.name';
export const ATTR_APP_WINDOW = 'app.window';
export const ATTR_APP_QUEUE_NAME = 'app.queue.name';
export const ATTR_APP_HEALTH_CHECK_NAME = 'app.health.check.name';
export const ATTR_APP_HEALTH_CHECK_CRITICAL = 'app.health.check.critical';

// --- Attribute values ---
export const APP_WINDOW_VALUE_CURRENT = 'current';
export const APP_WINDOW_VALUE_PREVIOUS = 'previous';
/** semconv: the error had no type we could name. */
export const ERROR_TYPE_VALUE_OTHER = '_OTHER';
/** semconv: the operation timed out. */
export const ERROR_TYPE_VALUE_TIMEOUT = 'timeout';

// --- Histogram boundaries (seconds). The SDK's default buckets are milliseconds-sized, so every
// seconds histogram advises its own. ---
/** The semconv-advised duration boundaries (as HTTP server durations). */
export const DURATION_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
/** Queue waits run from milliseconds to an hour. */
export const QUEUE_WAIT_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

// The Prometheus names and bucket boundaries of the HTTP server duration histogram as the
// Collector exports it (docs/metrics.md). Latency SLIs count a bucket, so thresholds must be one
// of these boundaries: an interpolated quantile would make the SLI an estimate.
import {
  HTTP_DURATION_BUCKETS_SECONDS,
  LABEL_HTTP_RESPONSE_STATUS_CODE,
  LABEL_HTTP_ROUTE,
  PROM_HTTP_SERVER_REQUEST_DURATION,
} from '@org/perf-otel/prometheus-names';

export const HTTP_SERVER_DURATION_COUNT = `${PROM_HTTP_SERVER_REQUEST_DURATION}_count`;
export const HTTP_SERVER_DURATION_BUCKET = `${PROM_HTTP_SERVER_REQUEST_DURATION}_bucket`;
export const LABEL_JOB = 'job';
export const LABEL_ENVIRONMENT = 'deployment_environment_name';
export const LABEL_ROUTE = LABEL_HTTP_ROUTE;
export const LABEL_STATUS_CODE = LABEL_HTTP_RESPONSE_STATUS_CODE;

export const HTTP_DURATION_BOUNDARIES_SECONDS: readonly number[] = HTTP_DURATION_BUCKETS_SECONDS;

/** `le` matcher for a boundary: the Collector writes "1", client libraries "1.0"; match both. */
export function leMatcher(boundary: number): string {
  const text = String(boundary);
  return Number.isInteger(boundary) ? `le=~"${text}|${text}\\\\.0"` : `le="${text}"`;
}

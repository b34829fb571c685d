// The Prometheus names and bucket boundaries of the HTTP server duration histogram as the
// Collector exports it (docs/metrics.md). Latency SLIs count a bucket, so thresholds must be one
// of these boundaries: an interpolated quantile would make the SLI an estimate.
export const HTTP_SERVER_DURATION_COUNT = 'http_server_request_duration_seconds_count';
export const HTTP_SERVER_DURATION_BUCKET = 'http_server_request_duration_seconds_bucket';
export const LABEL_JOB = 'job';
export const LABEL_ENVIRONMENT = 'deployment_environment_name';
export const LABEL_ROUTE = 'http_route';
export const LABEL_STATUS_CODE = 'http_response_status_code';

export const HTTP_DURATION_BOUNDARIES_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** `le` matcher for a boundary: the Collector writes "1", client libraries "1.0"; match both. */
export function leMatcher(boundary: number): string {
  const text = String(boundary);
  return Number.isInteger(boundary) ? `le=~"${text}|${text}\\\\.0"` : `le="${text}"`;
}

import type { RegressionLimits, StageLoad } from '../scenario/scenario';

export const RESULT_FORMAT = 'perf-otel-loadtest/1';
/** Status keys for failures that have no HTTP status. */
export const CONNECTION_ERROR = 'connection_error';
export const TIMEOUT = 'timeout';

export interface LatencySummary {
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export interface RequestStats {
  /** Attempts: answered requests plus connection errors and timeouts. */
  requests: number;
  errors: number;
  /** errors / requests; an error is a status >= 400, a connection error or a timeout. */
  errorRate: number;
  /** Answered requests per second of stage time. */
  throughput: number;
  /** Requests sent (attempts) per second of stage time: the arrival rate the stage really delivered. */
  achievedRate: number;
  /** Coordinated-omission-corrected latency in milliseconds. */
  latencyMs: LatencySummary;
  /** Count per HTTP status, plus connection_error and timeout. */
  statuses: Record<string, number>;
}

/** One value per second of stage time, pooled over repeats: what the baseline gate compares. */
export interface PerSecondSamples {
  p95Ms: number[];
  throughput: number[];
  errorRate: number[];
  heapBytes: number[];
}

export interface Range {
  mean: number;
  max: number;
}

/** Server-side view of a window, from Prometheus; null where the service exports no such series. */
export interface ServerMetrics {
  cpuUtilization: Range | null;
  heapUsedBytes: Range | null;
  gcSeconds: number | null;
  gcCount: number | null;
  eventLoopDelayP99Seconds: Range | null;
  dbConnectionWaitMeanSeconds: number | null;
  dbConnectionWaits: number | null;
  /** Increase of http_server_request_duration_seconds_count over the window. */
  httpServerRequests: number | null;
}

export interface ThresholdOutcome {
  threshold: string;
  actual: number;
  passed: boolean;
}

export interface Window {
  start: string;
  end: string;
}

export interface StageResult {
  name: string;
  load: StageLoad;
  durationSeconds: number;
  /** Left out of the baseline gate. */
  warmup: boolean;
  /** One per repeat. */
  windows: Window[];
  total: RequestStats;
  requests: Record<string, RequestStats>;
  thresholds: ThresholdOutcome[];
  server?: ServerMetrics;
  samples: PerSecondSamples;
}

export interface MetricVerdict {
  metric: 'p95' | 'throughput' | 'error_rate' | 'memory';
  baseline: number | null;
  current: number | null;
  /** Human-readable change, e.g. "+31.2%" or "+4.8 points". */
  change: string;
  limit: string;
  pValue: number | null;
  verdict: 'regression' | 'ok' | 'inconclusive' | 'not measured';
  note?: string;
}

export interface StageComparison {
  stage: string;
  verdicts: MetricVerdict[];
}

export interface Comparison {
  baselineFile: string;
  limits: RegressionLimits;
  stages: StageComparison[];
  regression: boolean;
}

export interface RunResult {
  format: typeof RESULT_FORMAT;
  scenario: string;
  target: string;
  startedAt: string;
  finishedAt: string;
  repeats: number;
  stages: StageResult[];
  total: RequestStats;
  thresholds: ThresholdOutcome[];
  server?: ServerMetrics;
  regression: RegressionLimits;
  comparison?: Comparison;
}

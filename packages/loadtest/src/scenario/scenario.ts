/** A scenario as validated from YAML: everything needed to run it and judge the outcome. */
export interface Scenario {
  name: string;
  /** Base URL every request path is appended to. */
  target: string;
  /** Seconds a request may take before it counts as a timeout. */
  timeoutSeconds: number;
  stages: Stage[];
  requests: RequestSpec[];
  /** Judged on the whole run (all stages together). */
  thresholds: Threshold[];
  regression: RegressionLimits;
  prometheus?: PrometheusSource;
}

export type StageLoad =
  /** Open model: arrivals at a fixed rate whatever the server does; `from` ramps linearly to `to`. */
  | { kind: 'rate'; from: number; to: number; maxConnections: number }
  /** Closed model: this many users, each sending its next request when the previous one answered. */
  | { kind: 'connections'; connections: number };

export interface Stage {
  name: string;
  durationSeconds: number;
  load: StageLoad;
  thresholds: Threshold[];
  /** Reported but left out of the baseline gate: a fresh process (JIT, pools, caches) is slower. */
  warmup: boolean;
}

export interface PayloadSpec {
  minBytes: number;
  maxBytes: number;
}

export interface RequestSpec {
  name: string;
  weight: number;
  method: string;
  path: string;
  /** A list value is picked at random per request (e.g. several tenants). */
  headers: Record<string, string | string[]>;
  body?: string;
  payload?: PayloadSpec;
}

export type ThresholdMetric = 'p50' | 'p90' | 'p95' | 'p99' | 'max' | 'mean' | 'error_rate' | 'throughput';
export type Comparison = '<' | '<=' | '>' | '>=';

export interface Threshold {
  /** As written, e.g. `p95 < 500ms`. */
  text: string;
  metric: ThresholdMetric;
  comparison: Comparison;
  /** Milliseconds for latencies, a fraction for error_rate, requests/s for throughput. */
  value: number;
}

/** How much worse than the baseline a run may be before the gate calls it a regression. */
export interface RegressionLimits {
  /** Relative p95 increase, 0.2 = 20%. */
  p95Increase: number;
  /** Relative throughput drop, 0.15 = 15%. */
  throughputDrop: number;
  /** Absolute error-rate increase, 0.05 = 5 points. */
  errorRateIncrease: number;
  /** Relative heap increase, 0.3 = 30%. */
  memoryIncrease: number;
  /** Significance level of the one-sided Mann-Whitney test. */
  alpha: number;
}

export interface PrometheusSource {
  url: string;
  /** Label matchers selecting the service, e.g. `job="checkout"`; empty selects every series. */
  selector: string;
}

export const DEFAULT_REGRESSION_LIMITS: RegressionLimits = {
  p95Increase: 0.2,
  throughputDrop: 0.15,
  errorRateIncrease: 0.05,
  memoryIncrease: 0.3,
  alpha: 0.05,
};

export const DEFAULT_TIMEOUT_SECONDS = 10;

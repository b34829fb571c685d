// Public option and handle types of @org/perf-otel-api.
import type { Attributes, ObservableResult } from '@opentelemetry/api';

export type { Attributes, ObservableResult };

/** Options of every instrument definition. */
export interface InstrumentOptions {
  description?: string;
  /** A UCUM unit: `s`, `ms`, `By`, `1`, `%`, `By/s`, or an annotation such as `{request}`. Default: none. */
  unit?: string;
}

export interface HistogramOptions extends InstrumentOptions {
  /** Explicit bucket boundaries, strictly increasing (advice to the SDK; a view may override them). */
  buckets?: readonly number[];
}

export interface CounterMetric {
  /** Adds `value` (default 1, must be ≥ 0). */
  add(value?: number, attributes?: Attributes): void;
}

export interface UpDownCounterMetric {
  add(value: number, attributes?: Attributes): void;
}

export interface HistogramMetric {
  record(value: number, attributes?: Attributes): void;
}

export interface GaugeMetric {
  /** Sets the current value for these attributes. */
  record(value: number, attributes?: Attributes): void;
}

/** Called at each collection; report values with `result.observe(value, attributes)`. */
export type ObservableCallback = (result: ObservableResult) => void | Promise<void>;

export interface ObservableMetric {
  /** Removes the callback: it is no longer called (with cumulative export the SDK keeps its last values). */
  stop(): void;
}

/** What `@timed(name?, attributes?)` returns: a standard (TC39) class method decorator. */
export type TimedMethodDecorator = <This, Args extends unknown[], Return>(
  method: (this: This, ...args: Args) => Return,
  context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => Return>,
) => (this: This, ...args: Args) => Return;

export interface ActiveUsersOptions {
  /** Length of one counting window in milliseconds (windows are aligned to the epoch). Default 300 000 (5 min). */
  windowMs?: number;
}

export interface ActiveUsersEstimate {
  /** Distinct users seen so far in the window under way. */
  current: number;
  /** Distinct users of the last complete window; undefined until one has completed. */
  previous: number | undefined;
}

export interface QueueMetrics {
  /** `n` items (default 1) were put on the queue: raises the size this process tracks. */
  enqueued(n?: number): void;
  /** One item left the queue after waiting `waitSeconds`: records the wait and counts it processed. */
  dequeued(waitSeconds?: number): void;
  /** Reports the real size at each collection (e.g. a broker's queue length) instead of the tracked one. */
  size(observe: () => number): void;
}

/** Healthy when it returns or resolves anything but `false`; unhealthy when it throws, rejects or times out. */
export type HealthCheckFunction = () => boolean | void | Promise<boolean | void>;

export interface HealthCheckOptions {
  /** A run that has not settled after this long counts as failed. Default 5000. */
  timeoutMs?: number;
  /** How often the check runs; 0 runs it only at registration and on `runNow()`. Default 30 000. */
  intervalMs?: number;
  /** Whether a failure makes the whole service unhealthy in `healthReport()`. Default true. */
  critical?: boolean;
}

export interface HealthCheckResult {
  healthy: boolean;
  durationMs: number;
  /** Why it failed: the error's message, `returned false`, or the timeout. */
  error?: string;
}

export interface HealthCheckHandle {
  readonly name: string;
  /** Stops the timer and removes the check from metrics and from `healthReport()`. */
  stop(): void;
  /** Runs the check now (joining a run under way) and resolves with its result; never rejects. */
  runNow(): Promise<HealthCheckResult>;
}

export interface HealthCheckStatus {
  name: string;
  critical: boolean;
  /** Undefined until the first run has finished. */
  healthy: boolean | undefined;
  durationMs?: number;
  error?: string;
  /** ISO time of the last finished run. */
  checkedAt?: string;
}

export interface HealthReport {
  /** True when every critical check has run and passed. */
  healthy: boolean;
  checks: HealthCheckStatus[];
}

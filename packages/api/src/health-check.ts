// Health checks run on unref'd timers (they never keep the process alive). Each run records its
// duration; the gauge `app.health.check.status` reports 1/0 from the last result of every check.
// A run that has not settled by its timeout counts as failed; while that call still hangs, the check
// is not called again (calls would pile up): later runs fail at once, saying so.
import type { Attributes, ObservableResult } from '@opentelemetry/api';
import { errorType } from './error-type';
import { histogram, observableGaugeSet } from './instruments';
import {
  ATTR_APP_HEALTH_CHECK_CRITICAL,
  ATTR_APP_HEALTH_CHECK_NAME,
  ATTR_ERROR_TYPE,
  DURATION_BUCKETS_SECONDS,
  ERROR_TYPE_VALUE_TIMEOUT,
  METRIC_APP_HEALTH_CHECK_DURATION,
  METRIC_APP_HEALTH_CHECK_STATUS,
} from './semconv';
import type { HealthCheckFunction, HealthCheckHandle, HealthCheckOptions, HealthCheckResult, HealthCheckStatus, HealthReport } from './types';
import { validateLabel, validateNumber } from './validate';

const statuses = observableGaugeSet(METRIC_APP_HEALTH_CHECK_STATUS, { description: 'Health check status: 1 healthy, 0 unhealthy' });
const durations = histogram(METRIC_APP_HEALTH_CHECK_DURATION, {
  unit: 's',
  buckets: DURATION_BUCKETS_SECONDS,
  description: 'Duration of health check runs',
});

class CheckTimeout extends Error {
  readonly code = ERROR_TYPE_VALUE_TIMEOUT;
}

class HealthCheck implements HealthCheckHandle {
  readonly attributes: Attributes;
  last: (HealthCheckResult & { checkedAt: Date }) | undefined;
  private running: Promise<HealthCheckResult> | undefined;
  /** Start time of a call that outlived its timeout and has not settled yet. */
  private hungSince: number | undefined;
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(
    readonly name: string,
    private readonly check: HealthCheckFunction,
    readonly critical: boolean,
    private readonly timeoutMs: number,
    intervalMs: number,
  ) {
    this.attributes = Object.freeze({ [ATTR_APP_HEALTH_CHECK_NAME]: name, [ATTR_APP_HEALTH_CHECK_CRITICAL]: critical });
    if (intervalMs > 0) this.timer = setInterval(() => void this.runNow(), intervalMs).unref();
  }

  stop(): void {
    clearInterval(this.timer);
    if (checks.get(this.name) === this) checks.delete(this.name);
  }

  runNow(): Promise<HealthCheckResult> {
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async run(): Promise<HealthCheckResult> {
    const start = performance.now();
    if (this.hungSince !== undefined) {
      const hungMs = Math.round(start - this.hungSince);
      const error = `health check "${this.name}" is still running after ${hungMs} ms (hung): not called again until it settles`;
      return this.finish({ healthy: false, durationMs: 0, error }, undefined); // not run: no duration
    }
    let timeout: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      const error = new CheckTimeout(`health check "${this.name}" timed out after ${this.timeoutMs} ms`);
      timeout = setTimeout(() => reject(error), this.timeoutMs).unref();
    });
    const call = this.call();
    try {
      const value = await Promise.race([call, timedOut]);
      const durationMs = performance.now() - start;
      const result = value === false ? { healthy: false, durationMs, error: 'returned false' } : { healthy: true, durationMs };
      return this.finish(result, start);
    } catch (error) {
      if (error instanceof CheckTimeout) this.watchHung(call, start);
      const failed = { healthy: false, durationMs: performance.now() - start, error: error instanceof Error ? error.message : String(error) };
      return this.finish(failed, start, errorType(error));
    } finally {
      clearTimeout(timeout);
    }
  }

  /** The check's outcome as a promise, a synchronous throw included. */
  private async call(): Promise<boolean | void> {
    return this.check();
  }

  private watchHung(call: Promise<unknown>, start: number): void {
    this.hungSince = start;
    const settled = (): void => {
      this.hungSince = undefined;
    };
    call.then(settled, settled);
  }

  private finish(result: HealthCheckResult, start: number | undefined, failure?: string): HealthCheckResult {
    this.last = { ...result, checkedAt: new Date() };
    if (start !== undefined) {
      const attributes = failure === undefined ? this.attributes : { ...this.attributes, [ATTR_ERROR_TYPE]: failure };
      durations.record(result.durationMs / 1000, attributes);
    }
    return result;
  }
}

const checks = new Map<string, HealthCheck>();
/** Whether the status gauge's callback is in place (added with the first check, not at import). */
let reporting = false;

const reportStatuses = (result: ObservableResult): void => {
  for (const check of checks.values()) {
    if (check.last !== undefined) result.observe(check.last.healthy ? 1 : 0, check.attributes);
  }
};

/**
 * Registers `check` under `name` and runs it now and every `intervalMs`. Healthy unless it throws,
 * rejects, returns `false`, or takes longer than `timeoutMs`.
 */
export function registerHealthCheck(name: string, check: HealthCheckFunction, options: HealthCheckOptions = {}): HealthCheckHandle {
  validateLabel(name, 'health check name');
  if (typeof check !== 'function') {
    throw new TypeError(`perf-otel-api: health check "${name}" needs a function (sync or async), got ${typeof check}`);
  }
  if (checks.has(name)) {
    throw new TypeError(`perf-otel-api: health check "${name}" is already registered: stop() the first one or use another name`);
  }
  const timeoutMs = validateNumber(options.timeoutMs ?? 5000, `health check "${name}" timeoutMs`, 1);
  const intervalMs = validateNumber(options.intervalMs ?? 30_000, `health check "${name}" intervalMs`, 0);
  if (!reporting) {
    reporting = true;
    statuses.add(reportStatuses);
  }
  const handle = new HealthCheck(name, check, options.critical ?? true, timeoutMs, intervalMs);
  checks.set(name, handle);
  void handle.runNow();
  return handle;
}

/** The last result of every registered check, for a /health endpoint (respond 503 when not healthy). */
export function healthReport(): HealthReport {
  const list: HealthCheckStatus[] = [];
  for (const check of checks.values()) {
    const status: HealthCheckStatus = { name: check.name, critical: check.critical, healthy: check.last?.healthy };
    if (check.last !== undefined) {
      status.durationMs = check.last.durationMs;
      if (check.last.error !== undefined) status.error = check.last.error;
      status.checkedAt = check.last.checkedAt.toISOString();
    }
    list.push(status);
  }
  return { healthy: list.every((c) => !c.critical || c.healthy === true), checks: list };
}

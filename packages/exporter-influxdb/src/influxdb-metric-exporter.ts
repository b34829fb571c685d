import { diag } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { AggregationTemporality, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import {
  DEFAULT_MAX_BUFFERED_POINTS,
  DEFAULT_TIMEOUT_MILLIS,
  validateInfluxDbOptions,
  writeTargetFor,
  type InfluxDbExporterOptions,
  type WriteTarget,
} from './options';
import { PointBuffer } from './point-buffer';
import { toLineProtocol } from './telegraf-prometheus-v1';
import { writeLines, type WriteOutcome } from './write-client';
import { ZeroPoints } from './zero-points';

/** InfluxDB's advice for one write request. */
export const MAX_LINES_PER_REQUEST = 5000;
const INITIAL_BACKOFF_MILLIS = 500;
const MAX_BACKOFF_MILLIS = 30000;
const LOG_PREFIX = 'perf-otel InfluxDB exporter:';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Pushes metrics to InfluxDB (1.x /write or 2.x/3.x /api/v2/write) as line protocol in the schema of the
 * Collector's influxdb exporter (telegraf-prometheus-v1), so the same queries serve both paths.
 *
 * Never blocks or throws into the app: every export, flush and shutdown resolves within timeoutMillis,
 * also when InfluxDB hangs. While InfluxDB is unreachable or answers 5xx/429, points wait in a bounded
 * buffer and are retried with exponential backoff (the export still reports success: nothing is lost
 * yet); when the buffer overflows the oldest points are dropped. Points InfluxDB rejects for good (4xx)
 * are dropped and that export reports failure. Drops are counted in `droppedPoints` and logged once.
 *
 * Each new cumulative series (histogram, monotonic sum) also gets a zero point at its start time, once
 * per series and start (see zero-points.ts), so per-interval differences count its first interval.
 */
export class InfluxDbMetricExporter implements PushMetricExporter {
  private readonly target: WriteTarget;
  private readonly timeoutMillis: number;
  private readonly resourceAttributes: readonly string[] | undefined;
  private readonly buffer: PointBuffer;
  private backoffMillis = 0;
  private nextAttemptAt = 0;
  /** Drains run one after another; each is bounded by its own deadline. */
  private queue: Promise<unknown> = Promise.resolve();
  private isShutdown = false;
  private warnedDrop = false;
  private inOutage = false;
  private readonly warnedUnsupported = new Set<string>();
  private readonly zeroPoints = new ZeroPoints();

  /** Throws one line per problem when the options cannot work (see validateInfluxDbOptions). */
  constructor(options: InfluxDbExporterOptions) {
    const problems = validateInfluxDbOptions(options);
    if (problems.length > 0) throw new Error(problems.join('\n'));
    this.target = writeTargetFor(options);
    this.timeoutMillis = options.timeoutMillis ?? DEFAULT_TIMEOUT_MILLIS;
    this.resourceAttributes = options.resourceAttributes;
    this.buffer = new PointBuffer(options.maxBufferedPoints ?? DEFAULT_MAX_BUFFERED_POINTS);
  }

  /** Points lost so far: buffer overflow, rejected by InfluxDB, or still unwritten at shutdown. */
  get droppedPoints(): number {
    return this.buffer.dropped;
  }

  /** Points waiting to be written. */
  get bufferedPoints(): number {
    return this.buffer.size;
  }

  /** Cumulative for every instrument: the schema's counters and histogram buckets are running totals. */
  selectAggregationTemporality(): AggregationTemporality {
    return AggregationTemporality.CUMULATIVE;
  }

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    if (this.isShutdown) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error(`${LOG_PREFIX} export after shutdown`) });
      return;
    }
    try {
      const { lines, unsupported } = toLineProtocol(metrics, this.resourceAttributes, this.zeroPoints);
      this.warnUnsupported(unsupported);
      this.noteDropped(this.buffer.push(lines), 'buffer full while InfluxDB is unreachable');
    } catch (error) {
      resultCallback({ code: ExportResultCode.FAILED, error: error as Error });
      return;
    }
    this.drain(false).then(
      (rejection) => resultCallback(rejection === undefined ? { code: ExportResultCode.SUCCESS } : { code: ExportResultCode.FAILED, error: rejection }),
      (error: Error) => resultCallback({ code: ExportResultCode.FAILED, error }),
    );
  }

  /** Tries to write everything buffered now (ignoring backoff), for at most timeoutMillis. */
  async forceFlush(): Promise<void> {
    await this.drain(true);
  }

  /** Flushes for at most timeoutMillis; what is still unwritten then is counted as dropped. */
  async shutdown(): Promise<void> {
    if (this.isShutdown) return;
    await this.drain(true);
    this.isShutdown = true;
    const left = this.buffer.take(this.buffer.size).length;
    if (left > 0) {
      this.buffer.countDropped(left);
      diag.warn(`${LOG_PREFIX} shut down with ${left} points not written to ${this.target.displayUrl}`);
    }
  }

  private drain(ignoreBackoff: boolean): Promise<Error | undefined> {
    const deadline = Date.now() + this.timeoutMillis;
    const run = this.queue.then(() => this.drainUntil(deadline, ignoreBackoff));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Writes buffered lines batch by batch until the buffer is empty, the deadline or a wait past it. */
  private async drainUntil(deadline: number, ignoreBackoff: boolean): Promise<Error | undefined> {
    let rejection: Error | undefined;
    let skipWait = ignoreBackoff;
    while (this.buffer.size > 0) {
      const wait = skipWait ? 0 : this.nextAttemptAt - Date.now();
      if (wait > 0) {
        if (Date.now() + wait >= deadline) break;
        await sleep(wait);
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      const batch = this.buffer.take(MAX_LINES_PER_REQUEST);
      const outcome = await writeLines(this.target, batch, remaining);
      if (outcome.kind === 'written') {
        this.recovered();
      } else if (outcome.kind === 'rejected') {
        this.buffer.countDropped(outcome.droppedLines);
        this.noteDropped(outcome.droppedLines, `InfluxDB rejected them: ${outcome.reason}`);
        rejection = new Error(`${LOG_PREFIX} ${this.target.displayUrl} rejected ${outcome.droppedLines} points: ${outcome.reason}`);
      } else {
        this.noteDropped(this.buffer.putBack(batch), 'buffer full while InfluxDB is unreachable');
        this.backOff(outcome);
        skipWait = false;
      }
    }
    return rejection;
  }

  private backOff(outcome: Extract<WriteOutcome, { kind: 'retry' }>): void {
    this.backoffMillis = Math.min(this.backoffMillis === 0 ? INITIAL_BACKOFF_MILLIS : this.backoffMillis * 2, MAX_BACKOFF_MILLIS);
    const wait = Math.min(Math.max(this.backoffMillis, outcome.retryAfterMillis ?? 0), MAX_BACKOFF_MILLIS);
    this.nextAttemptAt = Date.now() + wait;
    if (!this.inOutage) {
      this.inOutage = true;
      diag.warn(
        `${LOG_PREFIX} cannot write to ${this.target.displayUrl} (${outcome.reason}); ` +
          `keeping up to ${this.buffer.capacity} points and retrying with backoff`,
      );
    }
  }

  private recovered(): void {
    this.backoffMillis = 0;
    this.nextAttemptAt = 0;
    if (this.inOutage) {
      this.inOutage = false;
      diag.info(`${LOG_PREFIX} writing to ${this.target.displayUrl} again`);
    }
  }

  private noteDropped(count: number, why: string): void {
    if (count <= 0 || this.warnedDrop) return;
    this.warnedDrop = true;
    diag.warn(`${LOG_PREFIX} dropped ${count} points (${why}); further drops are only counted (droppedPoints)`);
  }

  private warnUnsupported(names: string[]): void {
    for (const name of names) {
      if (this.warnedUnsupported.has(name)) continue;
      this.warnedUnsupported.add(name);
      diag.warn(
        `${LOG_PREFIX} ${name} is an exponential histogram, which the telegraf-prometheus-v1 schema cannot hold; ` +
          'it is not written (use explicit bucket boundaries for it)',
      );
    }
  }
}

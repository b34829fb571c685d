// Statements slower than PERF_OTEL_DB_SLOW_QUERY_MS: one OpenTelemetry log record each (sanitised
// SQL, never a literal) and a counter by statement shape for dashboards and alerts.
import { SeverityNumber, type Logger } from '@opentelemetry/api';
import type { FastSum } from '../metric-store/instruments';
import type { FastMetricProducer } from '../metric-store/fast-metric-producer';
import {
  ATTR_DB_CLIENT_CONNECTION_POOL_NAME,
  ATTR_DB_COLLECTION_NAME,
  ATTR_DB_NAMESPACE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_QUERY_SUMMARY,
  ATTR_DB_QUERY_TEXT,
  ATTR_DB_RESPONSE_STATUS_CODE,
  ATTR_DB_SYSTEM_NAME,
  EVENT_DB_SLOW_QUERY,
  ATTR_PERF_OTEL_DB_DURATION,
  METRIC_PERF_OTEL_DB_SLOW_QUERIES,
} from '../semconv';
import type { SqlShape } from './sql-shape';
import { sanitizeStatement } from '../db/statement-text';

export interface SlowQuery {
  /** `db.system.name`: which dialect the text is in. */
  system: string;
  text: string | undefined;
  seconds: number;
  shape: SqlShape;
  database: string | undefined;
  pool: string | undefined;
  errorCode: string | undefined;
}

const KEYS = [ATTR_DB_SYSTEM_NAME, ATTR_DB_NAMESPACE, ATTR_DB_CLIENT_CONNECTION_POOL_NAME, ATTR_DB_QUERY_SUMMARY];

export class SlowQueryReporter {
  readonly thresholdSeconds: number;
  private readonly counter: FastSum;
  private readonly values: unknown[] = new Array(KEYS.length);

  constructor(
    thresholdMs: number,
    producer: FastMetricProducer,
    private readonly logger: Logger | undefined,
  ) {
    this.thresholdSeconds = thresholdMs / 1000;
    this.counter = producer.counter(
      { name: METRIC_PERF_OTEL_DB_SLOW_QUERIES, unit: '{query}', description: `Database statements slower than ${thresholdMs} ms, by statement shape.` },
      KEYS,
    );
  }

  report(q: SlowQuery): void {
    const summary = q.shape.summary ?? 'unknown';
    this.values[0] = q.system;
    this.values[1] = q.database;
    this.values[2] = q.pool;
    this.values[3] = summary;
    this.counter.add(1, this.values);
    this.logger?.emit({
      eventName: EVENT_DB_SLOW_QUERY,
      severityNumber: SeverityNumber.WARN,
      severityText: 'WARN',
      body: `slow query (${Math.round(q.seconds * 1000)} ms): ${summary}`,
      attributes: {
        [ATTR_DB_SYSTEM_NAME]: q.system,
        [ATTR_DB_QUERY_TEXT]: q.text === undefined ? '' : sanitizeStatement(q.text, q.system),
        [ATTR_DB_QUERY_SUMMARY]: summary,
        [ATTR_PERF_OTEL_DB_DURATION]: q.seconds,
        ...(q.database !== undefined && { [ATTR_DB_NAMESPACE]: q.database }),
        ...(q.shape.operation !== undefined && { [ATTR_DB_OPERATION_NAME]: q.shape.operation }),
        ...(q.shape.collection !== undefined && { [ATTR_DB_COLLECTION_NAME]: q.shape.collection }),
        ...(q.pool !== undefined && { [ATTR_DB_CLIENT_CONNECTION_POOL_NAME]: q.pool }),
        ...(q.errorCode !== undefined && { [ATTR_DB_RESPONSE_STATUS_CODE]: q.errorCode }),
      },
    });
  }
}

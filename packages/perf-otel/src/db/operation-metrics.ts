// The one `db.client.operation.duration` histogram every database client records into (pg, mysql2,
// ioredis, node-redis): one instrument per name is what exporters expect, and one attribute order
// means one scratch array instead of an object per operation.
import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import type { FastHistogram } from '../metric-store/instruments';
import type { FastMetricProducer } from '../metric-store/fast-metric-producer';
import {
  ATTR_DB_CLIENT_CONNECTION_POOL_NAME,
  ATTR_DB_COLLECTION_NAME,
  ATTR_DB_NAMESPACE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_QUERY_SUMMARY,
  ATTR_DB_RESPONSE_STATUS_CODE,
  ATTR_DB_SYSTEM_NAME,
  ATTR_ERROR_TYPE,
  ATTR_HTTP_ROUTE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  DB_DURATION_BUCKETS_SECONDS,
  METRIC_DB_CLIENT_OPERATION_DURATION,
} from '../semconv';
import type { TenantContext, TenantValues } from '../tenant/tenant-context';
import { isRequest, type DbCaller, type RequestScope } from './request-scope';

const KEYS = [
  ATTR_DB_SYSTEM_NAME,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_DB_NAMESPACE,
  ATTR_DB_CLIENT_CONNECTION_POOL_NAME,
  ATTR_DB_OPERATION_NAME,
  ATTR_ERROR_TYPE,
  ATTR_DB_RESPONSE_STATUS_CODE,
  ATTR_DB_COLLECTION_NAME,
  ATTR_DB_QUERY_SUMMARY,
  ATTR_HTTP_ROUTE, // last: record() writes it first
];

/** One finished operation; clients keep one of these and overwrite it per operation (no allocation). */
export interface DbOperation {
  system: string;
  address: unknown;
  port: unknown;
  namespace: unknown;
  pool: unknown;
  operation: string | undefined;
  /** Undefined on success. */
  errorType: string | undefined;
  statusCode: string | undefined;
  collection: string | undefined;
  /** `db.query.summary` of SQL statements ("SELECT orders customers"); none for Redis commands. */
  summary: string | undefined;
}

export function emptyOperation(system: string): DbOperation {
  return {
    system,
    address: undefined,
    port: undefined,
    namespace: undefined,
    pool: undefined,
    operation: undefined,
    errorType: undefined,
    statusCode: undefined,
    collection: undefined,
    summary: undefined,
  };
}

export class DbOperationMetrics {
  private readonly duration: FastHistogram;
  private readonly values: unknown[];

  constructor(
    producer: FastMetricProducer,
    private readonly tenant: TenantContext | undefined,
    readonly requests: RequestScope | undefined,
  ) {
    this.duration = producer.histogram(
      { name: METRIC_DB_CLIENT_OPERATION_DURATION, unit: 's', description: 'Duration of database client operations.' },
      DB_DURATION_BUCKETS_SECONDS,
      [...KEYS, ...(tenant?.keys ?? [])],
    );
    this.values = new Array(KEYS.length + (tenant?.keys.length ?? 0));
  }

  /**
   * The caller's context, to run a pool's checkout callback in: pools call it from whichever
   * context released a connection, so the statement it runs would be counted for another request
   * (or tenant). Undefined when nobody is tracked.
   */
  callerContext(): (<R>(fn: () => R) => R) | undefined {
    return this.requests !== undefined || this.tenant !== undefined ? AsyncLocalStorage.snapshot() : undefined;
  }

  /** Called by each client instrumentation when its driver module is loaded. */
  driverLoaded(): void {
    this.requests?.activate();
  }

  /** Who issues the operation starting now; clients call it when the operation is issued. */
  caller(): DbCaller {
    return this.requests !== undefined ? this.requests.caller(this.tenant) : this.tenant?.current();
  }

  /** Records an operation that started at `start` (performance.now()); returns its duration in seconds. */
  record(op: DbOperation, start: number, caller: DbCaller): number {
    const v = this.values;
    let tenantValues: TenantValues | undefined;
    if (isRequest(caller)) {
      v[KEYS.length - 1] = this.requests!.route(caller);
      tenantValues = this.requests!.tenantOf(caller);
    } else {
      v[KEYS.length - 1] = undefined;
      tenantValues = caller;
    }
    v[0] = op.system;
    v[1] = op.address;
    v[2] = op.port;
    v[3] = op.namespace;
    v[4] = op.pool;
    v[5] = op.operation;
    v[6] = op.errorType;
    v[7] = op.statusCode;
    v[8] = op.collection;
    v[9] = op.summary;
    const tenant = this.tenant;
    if (tenant !== undefined) {
      for (let i = 0; i < tenant.keys.length; i++) v[KEYS.length + i] = tenantValues?.[i];
    }
    const seconds = (performance.now() - start) / 1000;
    this.duration.record(seconds, v);
    return seconds;
  }
}

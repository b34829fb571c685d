// Which HTTP request a database operation runs for: the request is carried through the app's async
// work by an AsyncLocalStorage entered when the request starts, once a database driver is loaded
// (entering it costs about 3 100 instructions a request; apps without a database skip it). Each operation is counted on its request, and labelled with the request's route, so
// "queries per request by route" (N+1 patterns) can be read off the metrics.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';
import type { FastHistogram } from '../metric-store/instruments';
import type { FastMetricProducer } from '../metric-store/fast-metric-producer';
import { requestRoute, type RoutedRequest } from '../http/route-slot';
import type { RouteTemplater } from '../http/route-template';
import { DB_OPERATIONS_PER_REQUEST_BUCKETS, METRIC_PERF_OTEL_HTTP_SERVER_DB_OPERATIONS } from '../semconv';
import type { TenantContext, TenantValues } from '../tenant/tenant-context';

const kOperations = Symbol('perf-otel.db.operations');
const kTenant = Symbol('perf-otel.db.tenant');

export type ScopedRequest = IncomingMessage & RoutedRequest & { [kOperations]?: number; [kTenant]?: TenantValues };

/**
 * Who issued a database operation, taken when it is issued (completions run in the connection's
 * context, not the caller's): the HTTP request, the tenant of work outside a request, or nobody.
 */
export type DbCaller = ScopedRequest | TenantValues | undefined;

export class RequestScope {
  private readonly storage = new AsyncLocalStorage<ScopedRequest>();
  private readonly perRequest: FastHistogram;
  // Set when a database driver is loaded (apps load theirs before they serve).
  private active = false;
  // Apps that never touch a database in a request get no per-request histogram of zeros.
  private sawOperation = false;

  constructor(
    producer: FastMetricProducer,
    requestKeys: readonly string[],
    private readonly routeTemplate: RouteTemplater | undefined,
  ) {
    this.perRequest = producer.histogram(
      { name: METRIC_PERF_OTEL_HTTP_SERVER_DB_OPERATIONS, unit: '{operation}', description: 'Database operations run for each HTTP server request.' },
      DB_OPERATIONS_PER_REQUEST_BUCKETS,
      requestKeys,
    );
  }

  /** When a request starts: the rest of its handling runs with it as the current request. */
  enter(req: IncomingMessage): void {
    if (this.active) this.storage.enterWith(req);
  }

  /** A database driver was loaded: from now on requests carry their scope. */
  activate(): void {
    this.active = true;
  }

  /** When a request's response finishes, with the attributes its duration was recorded with. */
  finished(req: IncomingMessage, attrs: readonly unknown[]): void {
    if (this.sawOperation) this.perRequest.record((req as ScopedRequest)[kOperations] ?? 0, attrs);
  }

  /** Runs `fn` as part of `req` (pool callbacks run in whichever context released a connection). */
  run<T>(req: ScopedRequest | undefined, fn: () => T): T {
    return req === undefined ? fn() : this.storage.run(req, fn);
  }

  current(): ScopedRequest | undefined {
    return this.storage.getStore();
  }

  /** When an operation is issued: counts it for the current request and says who issued it. */
  caller(tenant: TenantContext | undefined): DbCaller {
    const tv = tenant?.current();
    const req = this.storage.getStore();
    if (req === undefined) return tv;
    this.sawOperation = true;
    req[kOperations] = (req[kOperations] ?? 0) + 1;
    if (tv === undefined) return req;
    // The request's own tenant is kept on it; withTenant() inside a request names another tenant,
    // which wins (the operation then carries no route rather than a wrong tenant).
    req[kTenant] ??= tv;
    return req[kTenant] === tv ? req : tv;
  }

  /** The route the server metric will carry, as far as it is known now. */
  route(req: ScopedRequest): string | undefined {
    return requestRoute(req, undefined, this.routeTemplate);
  }

  tenantOf(req: ScopedRequest): TenantValues | undefined {
    return req[kTenant];
  }

  stop(): void {
    this.storage.disable();
  }
}

export function isRequest(caller: DbCaller): caller is ScopedRequest {
  return caller !== undefined && !Array.isArray(caller);
}

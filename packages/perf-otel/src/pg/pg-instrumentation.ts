// pg metrics through the standard instrumentation machinery (require/import hooks of
// @opentelemetry/instrumentation), but without spans or context: a wrapper that times the query
// and records into a fast histogram is all a metrics product needs, and it is what keeps pg at
// near-bare throughput.
import { performance } from 'node:perf_hooks';
import {
  InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation';
import type { Meter } from '@opentelemetry/api';
import type { FastHistogram } from '../metric-store/instruments';
import type { FastMetricProducer } from '../metric-store/fast-metric-producer';
import {
  ATTR_DB_CLIENT_CONNECTION_POOL_NAME, ATTR_DB_COLLECTION_NAME, ATTR_DB_NAMESPACE, ATTR_DB_OPERATION_NAME,
  ATTR_DB_RESPONSE_STATUS_CODE, ATTR_DB_SYSTEM_NAME, ATTR_ERROR_TYPE, ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT,
  DB_DURATION_BUCKETS_SECONDS, DB_SYSTEM_NAME_VALUE_POSTGRESQL, METRIC_DB_CLIENT_OPERATION_DURATION,
} from '../semconv';
import { kPoolName, PoolMetrics } from './pool-metrics';
import type { PgClient, PgClientConstructor, PgPoolConstructor } from './pg-types';
import { sqlShape } from './sql-shape';
import type { SlowQueryReporter } from './slow-queries';
import { VERSION } from '../version';
import type { TenantContext, TenantValues } from '../tenant/tenant-context';

const SUPPORTED = ['>=8.0.0 <9'];
const KEYS = [
  ATTR_DB_SYSTEM_NAME, ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT, ATTR_DB_NAMESPACE, ATTR_DB_CLIENT_CONNECTION_POOL_NAME,
  ATTR_DB_OPERATION_NAME, ATTR_ERROR_TYPE, ATTR_DB_RESPONSE_STATUS_CODE, ATTR_DB_COLLECTION_NAME,
];

type Callback = (err: unknown, res?: unknown) => void;
type TaggedClient = PgClient & { [kPoolName]?: string };

export class PgMetricsInstrumentation extends InstrumentationBase {
  private readonly duration: FastHistogram;
  private readonly pools: PoolMetrics;

  constructor(
    producer: FastMetricProducer, meter: Meter,
    private readonly tenant: TenantContext | undefined,
    private readonly slow: SlowQueryReporter | undefined,
  ) {
    // Constructed disabled: enable() is called once the fields below exist.
    super('@org/perf-otel/pg', VERSION, { enabled: false });
    this.duration = producer.histogram(
      { name: METRIC_DB_CLIENT_OPERATION_DURATION, unit: 's', description: 'Duration of database client operations.' },
      DB_DURATION_BUCKETS_SECONDS, [...KEYS, ...(tenant?.keys ?? [])]);
    this.pools = new PoolMetrics(producer, meter);
  }

  protected override init() {
    const client = new InstrumentationNodeModuleFile(
      'pg/lib/client.js', SUPPORTED,
      (Client: PgClientConstructor) => {
        this._wrap(Client.prototype, 'query', (original) => this.wrapQuery(original as PgClient['query']));
        return Client;
      },
      (Client: PgClientConstructor) => { this._unwrap(Client.prototype, 'query'); },
    );
    const pool = new InstrumentationNodeModuleDefinition(
      'pg-pool', ['>=3.0.0 <4'],
      (Pool: PgPoolConstructor) => { this.pools.patch(Pool, (t, n, w) => this._wrap(t as never, n as never, w as never)); return Pool; },
      (Pool: PgPoolConstructor) => { this.pools.unpatch(Pool, (t, n) => this._unwrap(t as never, n as never)); },
    );
    return [new InstrumentationNodeModuleDefinition('pg', SUPPORTED, undefined, undefined, [client]), pool];
  }

  private wrapQuery(original: PgClient['query']): PgClient['query'] {
    const { duration, tenant, slow } = this;
    const attrs: unknown[] = new Array(KEYS.length + (tenant?.keys.length ?? 0));
    function record(client: TaggedClient, text: string | undefined, start: number, tenantValues: TenantValues | undefined, err: unknown): void {
      const shape = sqlShape(text);
      const code = (err as { code?: unknown } | null)?.code;
      attrs[0] = DB_SYSTEM_NAME_VALUE_POSTGRESQL;
      attrs[1] = client.host;
      attrs[2] = client.port;
      attrs[3] = client.database;
      attrs[4] = client[kPoolName];
      attrs[5] = shape.operation;
      // The SQLSTATE (e.g. 40P01 for a deadlock) makes database errors countable by cause.
      attrs[6] = err == null ? undefined : typeof code === 'string' ? code : (err as Error).constructor?.name ?? '_OTHER';
      attrs[7] = typeof code === 'string' ? code : undefined;
      attrs[8] = shape.collection;
      if (tenant !== undefined) {
        for (let i = 0; i < tenant.keys.length; i++) attrs[KEYS.length + i] = tenantValues?.[i];
      }
      const seconds = (performance.now() - start) / 1000;
      duration.record(seconds, attrs);
      if (slow !== undefined && seconds >= slow.thresholdSeconds) {
        slow.report({ text, seconds, shape, database: client.database, pool: client[kPoolName], errorCode: attrs[7] as string | undefined });
      }
    }

    return function query(this: TaggedClient, ...args: unknown[]): unknown {
      const config = args[0] as { text?: string; submit?: unknown; callback?: Callback } | string | undefined;
      const text = typeof config === 'string' ? config : config?.text;
      const start = performance.now();
      // Taken when the query is issued: completions run in the connection's context, not the caller's.
      const tv = tenant?.current();
      const last = args.length - 1;
      if (typeof args[last] === 'function') {
        const cb = args[last] as Callback;
        args[last] = (err: unknown, res: unknown) => {
          record(this, text, start, tv, err);
          cb(err, res);
        };
        return original.apply(this, args);
      }
      if (typeof config === 'object' && config !== null && typeof config.callback === 'function') {
        const cb = config.callback;
        config.callback = (err: unknown, res: unknown) => {
          record(this, text, start, tv, err);
          cb(err, res);
        };
        return original.apply(this, args);
      }
      const result = original.apply(this, args);
      if (result instanceof Promise) {
        // Return the chained promise so an app that ignores a rejection still sees it as unhandled.
        return result.then(
          (res) => { record(this, text, start, tv, undefined); return res; },
          (err: unknown) => { record(this, text, start, tv, err); throw err; },
        );
      }
      // Submittables (cursors, streams) finish on their own events.
      const emitter = result as { once?: (e: string, f: (err?: unknown) => void) => void } | undefined;
      if (typeof emitter?.once === 'function') {
        emitter.once('end', () => record(this, text, start, tv, undefined));
        emitter.once('error', (err) => record(this, text, start, tv, err));
      }
      return result;
    };
  }
}

// pg metrics through the standard instrumentation machinery (require/import hooks of
// @opentelemetry/instrumentation), but without spans or context: a wrapper that times the query
// and records into a fast histogram is all a metrics product needs, and it is what keeps pg at
// near-bare throughput.
import { performance } from 'node:perf_hooks';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { kPoolName, type ConnectionPools } from '../db/connection-pools';
import { emptyOperation, type DbOperationMetrics } from '../db/operation-metrics';
import { DB_SYSTEM_NAME_VALUE_POSTGRESQL } from '../semconv';
import { PoolMetrics } from './pool-metrics';
import type { PgClient, PgClientConstructor, PgPoolConstructor } from './pg-types';
import { sqlShape } from './sql-shape';
import type { SlowQueryReporter } from './slow-queries';
import { VERSION } from '../version';
import type { DbCaller } from '../db/request-scope';

const SUPPORTED = ['>=8.0.0 <9'];

type Callback = (err: unknown, res?: unknown) => void;
type TaggedClient = PgClient & { [kPoolName]?: string };

export class PgMetricsInstrumentation extends InstrumentationBase {
  private readonly pools: PoolMetrics;

  constructor(
    private readonly operations: DbOperationMetrics,
    pools: ConnectionPools,
    private readonly slow: SlowQueryReporter | undefined,
  ) {
    // Constructed disabled: enable() is called once the fields below exist.
    super('@org/perf-otel/pg', VERSION, { enabled: false });
    this.pools = new PoolMetrics(pools, operations);
  }

  protected override init() {
    const client = new InstrumentationNodeModuleFile(
      'pg/lib/client.js',
      SUPPORTED,
      (Client: PgClientConstructor) => {
        this._wrap(Client.prototype, 'query', (original) => this.wrapQuery(original as PgClient['query']));
        this.operations.driverLoaded();
        return Client;
      },
      (Client: PgClientConstructor) => {
        this._unwrap(Client.prototype, 'query');
      },
    );
    const pool = new InstrumentationNodeModuleDefinition(
      'pg-pool',
      ['>=3.0.0 <4'],
      (Pool: PgPoolConstructor) => {
        this.pools.patch(Pool, (t, n, w) => this._wrap(t as never, n as never, w as never));
        return Pool;
      },
      (Pool: PgPoolConstructor) => {
        this.pools.unpatch(Pool, (t, n) => this._unwrap(t as never, n as never));
      },
    );
    return [new InstrumentationNodeModuleDefinition('pg', SUPPORTED, undefined, undefined, [client]), pool];
  }

  private wrapQuery(original: PgClient['query']): PgClient['query'] {
    const { operations, slow } = this;
    const op = emptyOperation(DB_SYSTEM_NAME_VALUE_POSTGRESQL);
    function record(client: TaggedClient, text: string | undefined, start: number, tenantValues: DbCaller, err: unknown): void {
      const shape = sqlShape(text, 'postgresql');
      const code = (err as { code?: unknown } | null)?.code;
      op.address = client.host;
      op.port = client.port;
      op.namespace = client.database;
      op.pool = client[kPoolName];
      op.operation = shape.operation;
      // The SQLSTATE (e.g. 40P01 for a deadlock) makes database errors countable by cause.
      op.errorType = err == null ? undefined : typeof code === 'string' ? code : ((err as Error).constructor?.name ?? '_OTHER');
      op.statusCode = typeof code === 'string' ? code : undefined;
      op.collection = shape.collection;
      op.summary = shape.summary;
      const seconds = operations.record(op, start, tenantValues);
      if (slow !== undefined && seconds >= slow.thresholdSeconds) {
        slow.report({
          system: DB_SYSTEM_NAME_VALUE_POSTGRESQL,
          text,
          seconds,
          shape,
          database: client.database,
          pool: client[kPoolName],
          errorCode: op.statusCode,
        });
      }
    }

    return function query(this: TaggedClient, ...args: unknown[]): unknown {
      const config = args[0] as { text?: string; submit?: unknown; callback?: Callback } | string | undefined;
      const text = typeof config === 'string' ? config : config?.text;
      const start = performance.now();
      // Taken when the query is issued: completions run in the connection's context, not the caller's.
      const caller = operations.caller();
      const last = args.length - 1;
      if (typeof args[last] === 'function') {
        const cb = args[last] as Callback;
        args[last] = (err: unknown, res: unknown) => {
          record(this, text, start, caller, err);
          cb(err, res);
        };
        return original.apply(this, args);
      }
      if (typeof config === 'object' && config !== null && typeof config.callback === 'function') {
        const cb = config.callback;
        config.callback = (err: unknown, res: unknown) => {
          record(this, text, start, caller, err);
          cb(err, res);
        };
        return original.apply(this, args);
      }
      const result = original.apply(this, args);
      if (result instanceof Promise) {
        // Return the chained promise so an app that ignores a rejection still sees it as unhandled.
        return result.then(
          (res) => {
            record(this, text, start, caller, undefined);
            return res;
          },
          (err: unknown) => {
            record(this, text, start, caller, err);
            throw err;
          },
        );
      }
      // Submittables (cursors, streams) finish on their own events.
      const emitter = result as { once?: (e: string, f: (err?: unknown) => void) => void } | undefined;
      if (typeof emitter?.once === 'function') {
        emitter.once('end', () => record(this, text, start, caller, undefined));
        emitter.once('error', (err) => record(this, text, start, caller, err));
      }
      return result;
    };
  }
}

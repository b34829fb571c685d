// mysql2 metrics through the standard instrumentation machinery, without spans or context (as for
// pg): Connection#query and #execute are timed into db.client.operation.duration, and mysql2's pool
// reports db.client.connection.*. The official @opentelemetry/instrumentation-mysql2 emits spans
// only, no metric at all.
import { performance } from 'node:perf_hooks';
import type { EventEmitter } from 'node:events';
import {
  InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation';
import { kPoolName, type ConnectionPools } from '../db/connection-pools';
import { emptyOperation, type DbOperationMetrics } from '../db/operation-metrics';
import { sqlShape } from '../pg/sql-shape';
import type { SlowQueryReporter } from '../pg/slow-queries';
import { DB_SYSTEM_NAME_VALUE_MARIADB, DB_SYSTEM_NAME_VALUE_MYSQL } from '../semconv';
import type { TenantValues } from '../tenant/tenant-context';
import { VERSION } from '../version';
import { mysqlErrorType, mysqlStatusCode } from './mysql-errors';
import { Mysql2PoolMetrics } from './mysql2-pool-metrics';
import { ownerOf, type Constructor, type Mysql2Connection } from './mysql2-types';

const SUPPORTED = ['>=2.0.0 <4'];
const kSystem = Symbol('perf-otel.mysql2.system');

type Connection = Mysql2Connection & { [kPoolName]?: string; [kSystem]?: string };
type Callback = (err: unknown, ...rest: unknown[]) => unknown;
type Method = (this: Connection, ...args: unknown[]) => unknown;

/** mysql or mariadb, from the server's handshake (once it is known; an unconnected client says mysql). */
function systemOf(conn: Connection): string {
  const known = conn[kSystem];
  if (known !== undefined) return known;
  const version = conn._handshakePacket?.serverVersion;
  if (version === undefined) return DB_SYSTEM_NAME_VALUE_MYSQL;
  return (conn[kSystem] = version.includes('MariaDB') ? DB_SYSTEM_NAME_VALUE_MARIADB : DB_SYSTEM_NAME_VALUE_MYSQL);
}

export class Mysql2MetricsInstrumentation extends InstrumentationBase {
  private readonly poolMetrics: Mysql2PoolMetrics;

  constructor(
    private readonly operations: DbOperationMetrics,
    pools: ConnectionPools,
    private readonly slow: SlowQueryReporter | undefined,
  ) {
    super('@org/perf-otel/mysql2', VERSION, { enabled: false });
    this.poolMetrics = new Mysql2PoolMetrics(pools);
  }

  protected override init() {
    const connection = new InstrumentationNodeModuleFile(
      'mysql2/lib/connection.js', SUPPORTED,
      (Connection: Constructor) => {
        const proto = ownerOf(Connection.prototype, 'query');
        if (proto !== undefined) {
          this._wrap(proto as never, 'query' as never, ((original: Method) => this.wrapStatement(original, 'query')) as never);
          this._wrap(proto as never, 'execute' as never, ((original: Method) => this.wrapStatement(original, 'execute')) as never);
        }
        return Connection;
      },
      (Connection: Constructor) => {
        const proto = Connection && ownerOf(Connection.prototype, 'query');
        if (proto !== undefined) {
          this._unwrap(proto as never, 'query' as never);
          this._unwrap(proto as never, 'execute' as never);
        }
      },
    );
    const pool = new InstrumentationNodeModuleFile(
      'mysql2/lib/pool.js', SUPPORTED,
      (Pool: Constructor) => {
        const proto = ownerOf(Pool.prototype, 'getConnection');
        if (proto !== undefined) this.poolMetrics.patch(proto, (t, n, w) => this._wrap(t as never, n as never, w as never));
        return Pool;
      },
      (Pool: Constructor) => {
        const proto = Pool && ownerOf(Pool.prototype, 'getConnection');
        if (proto !== undefined) this.poolMetrics.unpatch(proto, (t, n) => this._unwrap(t as never, n as never));
      },
    );
    return [new InstrumentationNodeModuleDefinition('mysql2', SUPPORTED, undefined, undefined, [connection, pool])];
  }

  /** query(sql | options | Query command, values?, cb?) and execute(sql | options, values?, cb?). */
  private wrapStatement(original: Method, kind: 'query' | 'execute'): Method {
    const { operations, slow } = this;
    const tenant = operations.tenant;
    const op = emptyOperation(DB_SYSTEM_NAME_VALUE_MYSQL);
    function record(conn: Connection, text: string | undefined, start: number, tv: TenantValues | undefined, err: unknown): void {
      const shape = sqlShape(text);
      const config = conn.config;
      op.system = systemOf(conn);
      op.address = config.socketPath ?? config.host ?? 'localhost';
      op.port = config.socketPath === undefined ? config.port ?? 3306 : undefined;
      op.namespace = config.database || undefined;
      op.pool = conn[kPoolName];
      op.operation = shape.operation;
      op.statusCode = err == null ? undefined : mysqlStatusCode(err);
      op.errorType = err == null ? undefined : mysqlErrorType(err, op.statusCode);
      op.collection = shape.collection;
      const seconds = operations.record(op, start, tv);
      if (slow !== undefined && seconds >= slow.thresholdSeconds) {
        slow.report({
          system: op.system, text, seconds, shape, database: op.namespace as string | undefined,
          pool: conn[kPoolName], errorCode: op.statusCode,
        });
      }
    }

    return function statement(this: Connection, ...args: unknown[]): unknown {
      const first = args[0] as string | { sql?: unknown; onResult?: Callback } | undefined;
      // The text before mysql2 formats values into it: placeholders, not data, and one shape per statement.
      const text = typeof first === 'string' ? first : typeof first?.sql === 'string' ? first.sql : undefined;
      const start = performance.now();
      // Taken when the statement is issued: completions run in the connection's context, not the caller's.
      const tv = tenant?.current();
      const conn = this;
      // pool.query hands a ready Query command whose callback is onResult.
      if (kind === 'query' && typeof first === 'object' && first !== null && typeof first.onResult === 'function') {
        const cb = first.onResult;
        first.onResult = function onResult(this: unknown, err: unknown) {
          record(conn, text, start, tv, err);
          // `arguments` passes rows and fields on without building an array per statement.
          return cb.apply(this, arguments as unknown as Parameters<Callback>);
        } as Callback;
        return original.apply(this, args);
      }
      const at = typeof args[1] === 'function' ? 1 : typeof args[2] === 'function' ? 2 : -1;
      if (at >= 0) {
        const cb = args[at] as Callback;
        args[at] = function callback(this: unknown, err: unknown) {
          record(conn, text, start, tv, err);
          return cb.apply(this, arguments as unknown as Parameters<Callback>);
        };
        return original.apply(this, args);
      }
      // No callback: a streaming command that ends with 'end' (after 'error' when it failed).
      const cmd = original.apply(this, args) as EventEmitter | undefined;
      if (typeof cmd?.once === 'function') {
        let error: unknown;
        let done = false;
        const finish = () => {
          if (done) return;
          done = true;
          record(conn, text, start, tv, error);
        };
        cmd.once('end', finish);
        cmd.on('error', function onError(this: EventEmitter, err: unknown) {
          error = err;
          // Ours is the only listener: an unhandled 'error' must still throw, as it would without us.
          if (this.listenerCount('error') === 1) {
            this.removeListener('error', onError);
            finish();
            throw err;
          }
        });
      }
      return cmd;
    };
  }
}

// MySQL/MariaDB metrics for `mysql2` (2–3) and `mysql` (2) through the standard instrumentation
// machinery, without spans or context (as for pg): Connection#query (and mysql2's #execute) are
// timed into db.client.operation.duration, and the drivers' pools report db.client.connection.*.
// The official @opentelemetry/instrumentation-mysql2 emits spans only, no metric at all;
// -mysql counts connections only.
import { performance } from 'node:perf_hooks';
import type { EventEmitter } from 'node:events';
import {
  InstrumentationBase,
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
  type InstrumentationConfig,
} from '@opentelemetry/instrumentation';
import { kPoolName, type ConnectionPools } from '../db/connection-pools';
import { emptyOperation, type DbOperationMetrics } from '../db/operation-metrics';
import { sqlShape } from '../pg/sql-shape';
import type { SlowQueryReporter } from '../pg/slow-queries';
import { DB_SYSTEM_NAME_VALUE_MARIADB, DB_SYSTEM_NAME_VALUE_MYSQL } from '../semconv';
import type { DbCaller } from '../db/request-scope';
import { VERSION } from '../version';
import { mysqlErrorType, mysqlStatusCode } from './mysql-errors';
import { MysqlPoolMetrics } from './mysql-pool-metrics';
import { ownerOf, type Constructor, type MysqlConnection } from './mysql-types';

/** Where each driver keeps what we need: both have the same shape of API, in different files. */
export interface MysqlDriver {
  readonly name: 'mysql2' | 'mysql';
  readonly versions: string[];
  readonly connectionFile: string;
  readonly poolFile: string;
  readonly statements: ReadonlyArray<'query' | 'execute'>;
  /** The callback property of a ready query command that pool.query hands to the connection. */
  readonly commandCallback: 'onResult' | '_callback';
  serverVersion(conn: MysqlConnection): string | undefined;
}

export const MYSQL2: MysqlDriver = {
  name: 'mysql2',
  versions: ['>=2.0.0 <4'],
  connectionFile: 'mysql2/lib/connection.js',
  poolFile: 'mysql2/lib/pool.js',
  statements: ['query', 'execute'],
  commandCallback: 'onResult',
  serverVersion: (conn) => conn._handshakePacket?.serverVersion,
};

export const MYSQL: MysqlDriver = {
  name: 'mysql',
  versions: ['>=2.0.0 <3'],
  connectionFile: 'mysql/lib/Connection.js',
  poolFile: 'mysql/lib/Pool.js',
  statements: ['query'],
  commandCallback: '_callback',
  serverVersion: (conn) => conn._protocol?._handshakeInitializationPacket?.serverVersion,
};

const kSystem = Symbol('perf-otel.mysql.system');

type Connection = MysqlConnection & { [kPoolName]?: string; [kSystem]?: string };
type Callback = (err: unknown, ...rest: unknown[]) => unknown;
type Method = (this: Connection, ...args: unknown[]) => unknown;

/** mysql or mariadb, from the server's handshake (once it is known; an unconnected client says mysql). */
function systemOf(conn: Connection, driver: MysqlDriver): string {
  const known = conn[kSystem];
  if (known !== undefined) return known;
  const version = driver.serverVersion(conn);
  if (version === undefined) return DB_SYSTEM_NAME_VALUE_MYSQL;
  return (conn[kSystem] = version.includes('MariaDB') ? DB_SYSTEM_NAME_VALUE_MARIADB : DB_SYSTEM_NAME_VALUE_MYSQL);
}

interface MysqlInstrumentationConfig extends InstrumentationConfig {
  driver: MysqlDriver;
}

export class MysqlMetricsInstrumentation extends InstrumentationBase<MysqlInstrumentationConfig> {
  private readonly poolMetrics: MysqlPoolMetrics;

  constructor(
    driver: MysqlDriver,
    private readonly operations: DbOperationMetrics,
    pools: ConnectionPools,
    private readonly slow: SlowQueryReporter | undefined,
  ) {
    // The driver travels in the config: the base constructor calls init() before fields are set.
    super(`@org/perf-otel/${driver.name}`, VERSION, { enabled: false, driver });
    this.poolMetrics = new MysqlPoolMetrics(pools, operations);
  }

  private get driver(): MysqlDriver {
    return this.getConfig().driver;
  }

  protected override init() {
    const { driver } = this;
    const connection = new InstrumentationNodeModuleFile(
      driver.connectionFile,
      driver.versions,
      (Connection: Constructor) => {
        const proto = ownerOf(Connection.prototype, 'query');
        if (proto !== undefined) {
          for (const m of driver.statements) this._wrap(proto as never, m as never, ((original: Method) => this.wrapStatement(original, m)) as never);
        }
        this.operations.driverLoaded();
        return Connection;
      },
      (Connection: Constructor) => {
        const proto = Connection && ownerOf(Connection.prototype, 'query');
        if (proto !== undefined) for (const m of driver.statements) this._unwrap(proto as never, m as never);
      },
    );
    const pool = new InstrumentationNodeModuleFile(
      driver.poolFile,
      driver.versions,
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
    return [new InstrumentationNodeModuleDefinition(driver.name, driver.versions, undefined, undefined, [connection, pool])];
  }

  /** query(sql | options | Query command, values?, cb?) and execute(sql | options, values?, cb?). */
  private wrapStatement(original: Method, kind: 'query' | 'execute'): Method {
    const { operations, slow, driver } = this;
    const commandCallback = driver.commandCallback;
    const op = emptyOperation(DB_SYSTEM_NAME_VALUE_MYSQL);
    function record(conn: Connection, text: string | undefined, start: number, caller: DbCaller, err: unknown): void {
      const shape = sqlShape(text, 'mysql');
      const config = conn.config;
      op.system = systemOf(conn, driver);
      op.address = config.socketPath ?? config.host ?? 'localhost';
      op.port = config.socketPath === undefined ? (config.port ?? 3306) : undefined;
      op.namespace = config.database || undefined;
      op.pool = conn[kPoolName];
      op.operation = shape.operation;
      op.statusCode = err == null ? undefined : mysqlStatusCode(err);
      op.errorType = err == null ? undefined : mysqlErrorType(err, op.statusCode);
      op.collection = shape.collection;
      op.summary = shape.summary;
      const seconds = operations.record(op, start, caller);
      if (slow !== undefined && seconds >= slow.thresholdSeconds) {
        slow.report({
          system: op.system,
          text,
          seconds,
          shape,
          database: op.namespace as string | undefined,
          pool: conn[kPoolName],
          errorCode: op.statusCode,
        });
      }
    }

    return function statement(this: Connection, ...args: unknown[]): unknown {
      const first = args[0] as string | { sql?: unknown; onResult?: Callback; _callback?: Callback } | undefined;
      // The text before mysql2 formats values into it: placeholders, not data, and one shape per statement.
      const text = typeof first === 'string' ? first : typeof first?.sql === 'string' ? first.sql : undefined;
      const start = performance.now();
      // Taken when the statement is issued: completions run in the connection's context, not the caller's.
      const caller = operations.caller();
      const conn = this;
      // pool.query hands a ready Query command with its callback in onResult (mysql2) or _callback (mysql).
      if (kind === 'query' && typeof first === 'object' && first !== null && typeof first[commandCallback] === 'function') {
        const cb = first[commandCallback];
        first[commandCallback] = function onResult(this: unknown, err: unknown) {
          record(conn, text, start, caller, err);
          // `arguments` passes rows and fields on without building an array per statement.
          return cb.apply(this, arguments as unknown as Parameters<Callback>);
        } as Callback;
        return original.apply(this, args);
      }
      const at = typeof args[1] === 'function' ? 1 : typeof args[2] === 'function' ? 2 : -1;
      if (at >= 0) {
        const cb = args[at] as Callback;
        args[at] = function callback(this: unknown, err: unknown) {
          record(conn, text, start, caller, err);
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
          record(conn, text, start, caller, error);
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

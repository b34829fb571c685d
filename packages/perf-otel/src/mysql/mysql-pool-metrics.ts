// mysql2's and mysql's own pools (createPool, and mysql2's promise wrapper over it) into the shared per-pool registry.
// Counts are read from the pool's queues at collection time; wait, use and create times come from
// wrapping getConnection/releaseConnection, which every pool.query/execute goes through.
import { performance } from 'node:perf_hooks';
import { kPoolName, type ConnectionPools, type TrackedPool, type Unwrap, type Wrap } from '../db/connection-pools';
import type { DbOperationMetrics } from '../db/operation-metrics';
import { lastOf, type MysqlPool } from './mysql-types';

const kTracked = Symbol('perf-otel.mysql.tracked');
const kAcquiredAt = Symbol('perf-otel.mysql.acquired-at');
const kCreateStart = Symbol('perf-otel.mysql.create-start');
const kWrapped = Symbol('perf-otel.mysql.wrapped');

type Pool = MysqlPool & { [kTracked]?: TrackedPool };
type PooledConnection = { [kPoolName]?: string; [kAcquiredAt]?: number; [kCreateStart]?: number };
type GetConnectionCallback = ((err: unknown, conn?: PooledConnection) => unknown) & { [kWrapped]?: true };

export class MysqlPoolMetrics {
  constructor(
    private readonly pools: ConnectionPools,
    private readonly operations: DbOperationMetrics,
  ) {}

  patch(proto: object, wrap: Wrap): void {
    const self = this;
    wrap(
      proto,
      'getConnection',
      (original) =>
        function getConnection(this: Pool, cb: GetConnectionCallback) {
          // A queued request served again after a broken connection was dropped: already wrapped.
          if (typeof cb !== 'function' || cb[kWrapped]) return original.call(this, cb);
          const tracked = self.track(this);
          const start = performance.now();
          const all = this._allConnections;
          const before = all.length;
          // pool.query()/execute() come this way too: their statement must count for the caller.
          const inCaller = self.operations.callerContext();
          const wrapped: GetConnectionCallback = (err, conn) => {
            if (!err && conn) {
              const now = performance.now();
              self.pools.waited(tracked, start, now);
              conn[kAcquiredAt] = now;
              conn[kPoolName] = tracked.name;
            }
            return inCaller === undefined ? cb(err, conn) : inCaller(() => cb(err, conn));
          };
          wrapped[kWrapped] = true;
          const result = original.call(this, wrapped);
          // A new connection is pushed synchronously before it connects; the 'connection' event ends it.
          if (all.length > before) (lastOf(all) as PooledConnection)[kCreateStart] = start;
          return result;
        },
    );
    wrap(
      proto,
      'releaseConnection',
      (original) =>
        function releaseConnection(this: Pool, conn: PooledConnection) {
          const at = conn?.[kAcquiredAt];
          const tracked = this[kTracked];
          if (at !== undefined && tracked !== undefined) {
            conn[kAcquiredAt] = undefined;
            self.pools.used(tracked, at);
          }
          return original.call(this, conn);
        },
    );
    wrap(
      proto,
      'end',
      (original) =>
        function end(this: Pool, ...args: unknown[]) {
          const tracked = this[kTracked];
          if (tracked !== undefined) self.pools.remove(tracked);
          return original.apply(this, args);
        },
    );
  }

  unpatch(proto: object, unwrap: Unwrap): void {
    unwrap(proto, 'getConnection');
    unwrap(proto, 'releaseConnection');
    unwrap(proto, 'end');
  }

  private track(pool: Pool): TrackedPool {
    if (pool[kTracked] !== undefined) return pool[kTracked];
    const c = pool.config.connectionConfig;
    const base = c.socketPath ?? `${c.host ?? 'localhost'}:${c.port ?? 3306}/${c.database ?? ''}`;
    const tracked = this.pools.add(base, {
      idle: () => pool._freeConnections.length,
      used: () => pool._allConnections.length - pool._freeConnections.length,
      pending: () => pool._connectionQueue.length,
      // connectionLimit 0 means no limit.
      max: () => pool.config.connectionLimit || undefined,
    });
    pool[kTracked] = tracked;
    pool.on('connection', (conn: PooledConnection) => {
      const start = conn[kCreateStart];
      if (start === undefined) return;
      conn[kCreateStart] = undefined;
      this.pools.created(tracked, start);
    });
    return tracked;
  }
}

// pg-pool's connection metrics, into the shared per-pool registry. Counts are read from each pool at
// collection time, so they are right at rest (upstream counts from events, and pg-pool emits
// 'release' before the client is back in the idle list, so an idle pool reads as one used) and
// separate for every pool in the app.
import { performance } from 'node:perf_hooks';
import { kPoolName, type ConnectionPools, type TrackedPool, type Unwrap, type Wrap } from '../db/connection-pools';
import type { DbOperationMetrics } from '../db/operation-metrics';
import type { PgClient, PgPool, PgPoolConstructor } from './pg-types';

const kAcquiredAt = Symbol('perf-otel.pg.acquired-at');
const kCreateStart = Symbol('perf-otel.pg.create-start');
const kTracked = Symbol('perf-otel.pg.tracked');
const PG_POOL_DEFAULT_MAX = 10;

type Client = PgClient & { [kPoolName]?: string; [kAcquiredAt]?: number; [kCreateStart]?: number };
type Pool = PgPool & { [kPoolName]?: string; [kTracked]?: TrackedPool };

export class PoolMetrics {
  constructor(
    private readonly pools: ConnectionPools,
    private readonly operations: DbOperationMetrics,
  ) {}

  patch(Pool: PgPoolConstructor, wrap: Wrap): void {
    const self = this;
    wrap(
      Pool.prototype,
      'connect',
      (original: (...a: unknown[]) => unknown) =>
        function connect(this: Pool, ...args: unknown[]) {
          const tracked = self.track(this);
          const start = performance.now();
          const done = (err: unknown, client: Client | undefined) => {
            if (err) {
              if ((err as Error).message?.includes('timeout exceeded when trying to connect')) self.pools.timedOut(tracked);
              return;
            }
            const now = performance.now();
            self.pools.waited(tracked, start, now);
            if (client) client[kAcquiredAt] = now;
          };
          const cb = args[0];
          if (typeof cb === 'function') {
            // pool.query() comes this way too: its statement must count for the caller.
            const inCaller = self.operations.callerContext();
            return original.call(this, (err: unknown, client: Client, release: unknown) => {
              done(err, client);
              if (inCaller === undefined) cb(err, client, release);
              else inCaller(() => cb(err, client, release));
            });
          }
          return (original.call(this) as Promise<Client>).then(
            (client) => {
              done(undefined, client);
              return client;
            },
            (err: unknown) => {
              done(err, undefined);
              throw err;
            },
          );
        },
    );
    wrap(
      Pool.prototype,
      'newClient',
      (original: (...a: unknown[]) => unknown) =>
        function newClient(this: Pool, ...args: unknown[]) {
          const start = performance.now();
          const result = original.apply(this, args);
          const client = this._clients[this._clients.length - 1] as Client | undefined;
          if (client) {
            client[kCreateStart] = start;
            client[kPoolName] = this[kPoolName];
          }
          return result;
        },
    );
    wrap(
      Pool.prototype,
      'end',
      (original: (...a: unknown[]) => unknown) =>
        function end(this: Pool, ...args: unknown[]) {
          const tracked = this[kTracked];
          if (tracked !== undefined) self.pools.remove(tracked);
          return original.apply(this, args);
        },
    );
  }

  unpatch(Pool: PgPoolConstructor, unwrap: Unwrap): void {
    unwrap(Pool.prototype, 'connect');
    unwrap(Pool.prototype, 'newClient');
    unwrap(Pool.prototype, 'end');
  }

  private track(pool: Pool): TrackedPool {
    if (pool[kTracked] !== undefined) return pool[kTracked];
    const tracked = this.pools.add(poolBase(pool), {
      idle: () => pool.idleCount,
      used: () => pool.totalCount - pool.idleCount,
      pending: () => pool.waitingCount,
      max: () => pool.options.max ?? PG_POOL_DEFAULT_MAX,
    });
    pool[kTracked] = tracked;
    pool[kPoolName] = tracked.name;
    pool.on('connect', (client: Client) => {
      if (client[kCreateStart] !== undefined) this.pools.created(tracked, client[kCreateStart]);
    });
    pool.on('release', (_err: unknown, client: Client) => {
      const at = client?.[kAcquiredAt];
      if (at === undefined) return;
      client[kAcquiredAt] = undefined;
      this.pools.used(tracked, at);
    });
    return tracked;
  }
}

/** `host:port/database` of a pg pool, from its options, its connection string or the PG* variables. */
function poolBase(pool: Pool): string {
  const o = pool.options;
  if (o.connectionString) {
    try {
      const u = new URL(o.connectionString);
      return `${u.hostname}:${u.port || 5432}${u.pathname}`;
    } catch {
      return 'postgresql';
    }
  }
  return `${o.host ?? process.env.PGHOST ?? 'localhost'}:${o.port ?? process.env.PGPORT ?? 5432}/${o.database ?? process.env.PGDATABASE ?? ''}`;
}

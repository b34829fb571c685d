// Pool metrics for Sequelize, whose connections (mysql2, pg, mariadb, …) live in its own
// sequelize-pool, not in the driver's pool: sequelize-pool's acquire/release/destroyAllNow are
// wrapped, and Sequelize's ConnectionManager names each pool after the database it reaches.
import { performance } from 'node:perf_hooks';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { kPoolName, type ConnectionPools, type TrackedPool } from '../db/connection-pools';
import { VERSION } from '../version';

const kBase = Symbol('perf-otel.sequelize.pool-base');
const kTracked = Symbol('perf-otel.sequelize.tracked');
const kAcquiredAt = Symbol('perf-otel.sequelize.acquired-at');

type Resource = { [kPoolName]?: string; [kAcquiredAt]?: number };
interface SequelizePool {
  readonly available: number;
  readonly using: number;
  readonly waiting: number;
  readonly maxSize: number;
  readonly name: string;
  _factory: { create: () => Promise<Resource> };
  [kBase]?: string;
  [kTracked]?: TrackedPool;
}
type PoolMethod = (this: SequelizePool, ...args: unknown[]) => unknown;
interface ConnectionConfig {
  host?: string;
  port?: number | string;
  database?: string;
}
interface ConnectionManager {
  config: ConnectionConfig & { replication?: { read: ConnectionConfig[]; write: ConnectionConfig } | false };
  pool: SequelizePool | { read: SequelizePool; write: SequelizePool };
}

const base = (c: ConnectionConfig | undefined) => `${c?.host ?? 'localhost'}:${c?.port ?? ''}/${c?.database ?? ''}`;

export class SequelizePoolInstrumentation extends InstrumentationBase {
  constructor(private readonly pools: ConnectionPools) {
    super('@org/perf-otel/sequelize', VERSION, { enabled: false });
  }

  protected override init() {
    const manager = new InstrumentationNodeModuleFile(
      'sequelize/lib/dialects/abstract/connection-manager.js',
      ['>=6.0.0 <7'],
      (exports: { ConnectionManager?: { prototype: ConnectionManager } }) => {
        const proto = exports?.ConnectionManager?.prototype;
        if (proto)
          this._wrap(
            proto as never,
            'initPools' as never,
            ((original: () => void) =>
              function initPools(this: ConnectionManager) {
                original.call(this);
                // Named before the first acquire: `host:port/database`, and the read side of a replicated setup apart.
                const pool = this.pool;
                if ('write' in pool && 'read' in pool) {
                  pool.write[kBase] = base(this.config.replication ? this.config.replication.write : this.config);
                  pool.read[kBase] = `${base(this.config.replication ? this.config.replication.read[0] : this.config)} (read)`;
                } else {
                  pool[kBase] = base(this.config);
                }
              }) as never,
          );
        return exports;
      },
      (exports: { ConnectionManager?: { prototype: ConnectionManager } }) => {
        const proto = exports?.ConnectionManager?.prototype;
        if (proto) this._unwrap(proto as never, 'initPools' as never);
      },
    );
    const pool = new InstrumentationNodeModuleDefinition(
      'sequelize-pool',
      ['>=6.0.0 <9'],
      (exports: { Pool?: { prototype: SequelizePool } }) => {
        const proto = exports?.Pool?.prototype;
        if (proto) this.patchPool(proto);
        return exports;
      },
      (exports: { Pool?: { prototype: SequelizePool } }) => {
        const proto = exports?.Pool?.prototype;
        if (proto) for (const m of ['acquire', 'release', 'destroyAllNow']) this._unwrap(proto as never, m as never);
      },
    );
    return [new InstrumentationNodeModuleDefinition('sequelize', ['>=6.0.0 <7'], undefined, undefined, [manager]), pool];
  }

  private patchPool(proto: SequelizePool): void {
    const self = this;
    const wrap = (name: string, wrapper: (original: PoolMethod) => PoolMethod) => this._wrap(proto as never, name as never, wrapper as never);
    wrap(
      'acquire',
      (original) =>
        function acquire(this: SequelizePool) {
          const tracked = self.track(this);
          const start = performance.now();
          const promise = original.call(this) as Promise<Resource>;
          promise.then(
            (resource) => {
              const now = performance.now();
              self.pools.waited(tracked, start, now);
              if (resource !== null && typeof resource === 'object') {
                resource[kAcquiredAt] = now;
                resource[kPoolName] = tracked.name;
              }
            },
            (err: unknown) => {
              if ((err as Error)?.name === 'TimeoutError') self.pools.timedOut(tracked);
            },
          );
          return promise;
        },
    );
    wrap(
      'release',
      (original) =>
        function release(this: SequelizePool, resource: unknown) {
          const r = resource as Resource | undefined;
          const tracked = this[kTracked];
          if (tracked !== undefined && r?.[kAcquiredAt] !== undefined) {
            self.pools.used(tracked, r[kAcquiredAt]);
            r[kAcquiredAt] = undefined;
          }
          return original.call(this, resource);
        },
    );
    wrap(
      'destroyAllNow',
      (original) =>
        function destroyAllNow(this: SequelizePool) {
          const tracked = this[kTracked];
          if (tracked !== undefined) self.pools.remove(tracked);
          return original.call(this);
        },
    );
  }

  private track(pool: SequelizePool): TrackedPool {
    if (pool[kTracked] !== undefined) return pool[kTracked];
    // A sequelize-pool used outside Sequelize has only its factory's name.
    const tracked = this.pools.add(pool[kBase] ?? pool.name ?? 'sequelize-pool', {
      idle: () => pool.available,
      used: () => pool.using,
      pending: () => pool.waiting,
      max: () => pool.maxSize,
    });
    pool[kTracked] = tracked;
    const factory = pool._factory;
    const create = factory.create;
    const pools = this.pools;
    factory.create = function timedCreate(this: unknown) {
      const start = performance.now();
      const created = create.call(this);
      created.then(
        () => pools.created(tracked, start),
        () => undefined,
      );
      return created;
    };
    return tracked;
  }
}

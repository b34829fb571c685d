// Pool metrics for knex, whose connections live in its own tarn pool: the pool knex creates is
// found right after Client#initializePool and followed through tarn's own events (acquire, create,
// release, destroy); counts are read from it at collection time.
import { performance } from 'node:perf_hooks';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { kPoolName, type ConnectionPools, type TrackedPool } from '../db/connection-pools';
import { VERSION } from '../version';

const kTracked = Symbol('perf-otel.knex.tracked');
const kAcquiredAt = Symbol('perf-otel.knex.acquired-at');
const SUPPORTED = ['>=0.95.0 <4'];
const DEFAULT_PORTS: Record<string, number> = { mysql: 3306, mysql2: 3306, pg: 5432, 'pg-native': 5432, tedious: 1433, oracledb: 1521 };

type Resource = { [kPoolName]?: string; [kAcquiredAt]?: number };
interface TarnPool {
  max: number;
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  on(event: string, listener: (...args: never[]) => void): unknown;
  [kTracked]?: TrackedPool;
}
interface KnexClient {
  pool?: TarnPool;
  driverName?: string;
  connectionSettings?: { host?: string; port?: number | string; database?: string; filename?: string; socketPath?: string };
}

export class KnexPoolInstrumentation extends InstrumentationBase {
  constructor(private readonly pools: ConnectionPools) {
    super('@org/perf-otel/knex', VERSION, { enabled: false });
  }

  protected override init() {
    const self = this;
    const client = new InstrumentationNodeModuleFile(
      'knex/lib/client.js',
      SUPPORTED,
      (Client: { prototype: KnexClient }) => {
        if (Client?.prototype)
          this._wrap(
            Client.prototype as never,
            'initializePool' as never,
            ((original: (...a: unknown[]) => unknown) =>
              function initializePool(this: KnexClient) {
                const result = original.apply(this, arguments as unknown as unknown[]);
                const pool = this.pool;
                // An external native driver pool (pg.Pool, mysql2's) is measured by its driver's instrumentation.
                if (pool !== undefined && typeof pool.numUsed === 'function' && typeof pool.on === 'function' && pool[kTracked] === undefined)
                  self.track(this, pool);
                return result;
              }) as never,
          );
        return Client;
      },
      (Client: { prototype: KnexClient }) => {
        if (Client?.prototype) this._unwrap(Client.prototype as never, 'initializePool' as never);
      },
    );
    return [new InstrumentationNodeModuleDefinition('knex', SUPPORTED, undefined, undefined, [client])];
  }

  private track(client: KnexClient, pool: TarnPool): void {
    const s = client.connectionSettings ?? {};
    const port = s.port ?? DEFAULT_PORTS[client.driverName ?? ''] ?? '';
    const base = s.filename ?? s.socketPath ?? `${s.host ?? 'localhost'}:${port}/${s.database ?? ''}`;
    const tracked = this.pools.add(base, {
      idle: () => pool.numFree(),
      used: () => pool.numUsed(),
      pending: () => pool.numPendingAcquires(),
      max: () => pool.max,
    });
    pool[kTracked] = tracked;
    // tarn numbers every acquire and create; their start times wait here until the outcome event.
    const acquires = new Map<number, number>();
    const creates = new Map<number, number>();
    const { pools } = this;
    pool.on('acquireRequest', (id: number) => {
      acquires.set(id, performance.now());
    });
    pool.on('acquireSuccess', (id: number, resource: Resource) => {
      const start = acquires.get(id);
      acquires.delete(id);
      const now = performance.now();
      if (start !== undefined) pools.waited(tracked, start, now);
      if (resource !== null && typeof resource === 'object') {
        resource[kAcquiredAt] = now;
        resource[kPoolName] = tracked.name;
      }
    });
    pool.on('acquireFail', (id: number, err: Error) => {
      acquires.delete(id);
      if (err?.name === 'TimeoutError') pools.timedOut(tracked);
    });
    pool.on('release', (resource: Resource) => {
      const at = resource?.[kAcquiredAt];
      if (at === undefined) return;
      resource[kAcquiredAt] = undefined;
      pools.used(tracked, at);
    });
    pool.on('createRequest', (id: number) => {
      creates.set(id, performance.now());
    });
    pool.on('createSuccess', (id: number) => {
      const start = creates.get(id);
      creates.delete(id);
      if (start !== undefined) pools.created(tracked, start);
    });
    pool.on('createFail', (id: number) => {
      creates.delete(id);
    });
    pool.on('poolDestroySuccess', () => pools.remove(tracked));
  }
}

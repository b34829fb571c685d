// Per-pool connection metrics. Counts are read from each pool at collection time, so they are right
// at rest (upstream counts from events, and pg-pool emits 'release' before the client is back in
// the idle list, so an idle pool reads as one used) and separate for every pool in the app.
import { performance } from 'node:perf_hooks';
import type { Meter } from '@opentelemetry/api';
import type { FastHistogram, FastSum } from '../metric-store/instruments';
import type { FastMetricProducer } from '../metric-store/fast-metric-producer';
import {
  ATTR_DB_CLIENT_CONNECTION_POOL_NAME, ATTR_DB_CLIENT_CONNECTION_STATE, DB_DURATION_BUCKETS_SECONDS,
  METRIC_DB_CLIENT_CONNECTION_COUNT, METRIC_DB_CLIENT_CONNECTION_CREATE_TIME, METRIC_DB_CLIENT_CONNECTION_MAX,
  METRIC_DB_CLIENT_CONNECTION_PENDING_REQUESTS, METRIC_DB_CLIENT_CONNECTION_TIMEOUTS,
  METRIC_DB_CLIENT_CONNECTION_USE_TIME, METRIC_DB_CLIENT_CONNECTION_WAIT_TIME,
} from '../semconv';
import type { PgClient, PgPool, PgPoolConstructor } from './pg-types';

export const kPoolName: unique symbol = Symbol.for('perf-otel.pg.pool-name');
const kAcquiredAt = Symbol('perf-otel.pg.acquired-at');
const kCreateStart = Symbol('perf-otel.pg.create-start');
const kValues = Symbol('perf-otel.pg.values');
const PG_POOL_DEFAULT_MAX = 10;
const POOL_KEYS = [ATTR_DB_CLIENT_CONNECTION_POOL_NAME];

type Client = PgClient & { [kPoolName]?: string; [kAcquiredAt]?: number; [kCreateStart]?: number };
/** The pool's attribute values for the fast instruments, made once when the pool is first seen. */
type Pool = PgPool & { [kPoolName]?: string; [kValues]?: readonly unknown[] };
type Wrap = (target: object, name: string, wrapper: (original: (...a: unknown[]) => unknown) => unknown) => void;
type Unwrap = (target: object, name: string) => void;

export class PoolMetrics {
  private readonly live = new Set<Pool>();
  private readonly names = new Map<string, number>();
  private readonly waitTime: FastHistogram;
  private readonly useTime: FastHistogram;
  private readonly createTime: FastHistogram;
  private readonly timeouts: FastSum;

  constructor(producer: FastMetricProducer, meter: Meter) {
    this.waitTime = producer.histogram(
      { name: METRIC_DB_CLIENT_CONNECTION_WAIT_TIME, unit: 's', description: 'Time to obtain a connection from the pool.' },
      DB_DURATION_BUCKETS_SECONDS, POOL_KEYS);
    this.useTime = producer.histogram(
      { name: METRIC_DB_CLIENT_CONNECTION_USE_TIME, unit: 's', description: 'Time between borrowing a connection and returning it.' },
      DB_DURATION_BUCKETS_SECONDS, POOL_KEYS);
    this.createTime = producer.histogram(
      { name: METRIC_DB_CLIENT_CONNECTION_CREATE_TIME, unit: 's', description: 'Time to create a new connection.' },
      DB_DURATION_BUCKETS_SECONDS, POOL_KEYS);
    this.timeouts = producer.counter(
      { name: METRIC_DB_CLIENT_CONNECTION_TIMEOUTS, unit: '{timeout}', description: 'Connection requests that timed out waiting for the pool.' },
      POOL_KEYS);

    const count = meter.createObservableUpDownCounter(METRIC_DB_CLIENT_CONNECTION_COUNT, { unit: '{connection}', description: 'Connections in the pool, by state.' });
    const max = meter.createObservableUpDownCounter(METRIC_DB_CLIENT_CONNECTION_MAX, { unit: '{connection}', description: 'Largest number of connections the pool allows.' });
    const pending = meter.createObservableUpDownCounter(METRIC_DB_CLIENT_CONNECTION_PENDING_REQUESTS, { unit: '{request}', description: 'Requests waiting for a connection.' });
    meter.addBatchObservableCallback((r) => {
      for (const pool of this.live) {
        const name = { [ATTR_DB_CLIENT_CONNECTION_POOL_NAME]: pool[kPoolName] as string };
        r.observe(count, pool.idleCount, { ...name, [ATTR_DB_CLIENT_CONNECTION_STATE]: 'idle' });
        r.observe(count, pool.totalCount - pool.idleCount, { ...name, [ATTR_DB_CLIENT_CONNECTION_STATE]: 'used' });
        r.observe(max, pool.options.max ?? PG_POOL_DEFAULT_MAX, name);
        r.observe(pending, pool.waitingCount, name);
      }
    }, [count, max, pending]);
  }

  patch(Pool: PgPoolConstructor, wrap: Wrap): void {
    const self = this;
    wrap(Pool.prototype, 'connect', (original: (...a: unknown[]) => unknown) => function connect(this: Pool, ...args: unknown[]) {
      const values = self.track(this);
      const start = performance.now();
      const done = (err: unknown, client: Client | undefined) => {
        if (err) {
          if ((err as Error).message?.includes('timeout exceeded when trying to connect')) self.timeouts.add(1, values);
          return;
        }
        const now = performance.now();
        self.waitTime.record((now - start) / 1000, values);
        if (client) client[kAcquiredAt] = now;
      };
      const cb = args[0];
      if (typeof cb === 'function') {
        return original.call(this, (err: unknown, client: Client, release: unknown) => {
          done(err, client);
          cb(err, client, release);
        });
      }
      return (original.call(this) as Promise<Client>).then(
        (client) => { done(undefined, client); return client; },
        (err: unknown) => { done(err, undefined); throw err; },
      );
    });
    wrap(Pool.prototype, 'newClient', (original: (...a: unknown[]) => unknown) => function newClient(this: Pool, ...args: unknown[]) {
      const start = performance.now();
      const result = original.apply(this, args);
      const client = this._clients[this._clients.length - 1] as Client | undefined;
      if (client) {
        client[kCreateStart] = start;
        client[kPoolName] = this[kPoolName];
      }
      return result;
    });
    wrap(Pool.prototype, 'end', (original: (...a: unknown[]) => unknown) => function end(this: Pool, ...args: unknown[]) {
      self.live.delete(this);
      return original.apply(this, args);
    });
  }

  unpatch(Pool: PgPoolConstructor, unwrap: Unwrap): void {
    unwrap(Pool.prototype, 'connect');
    unwrap(Pool.prototype, 'newClient');
    unwrap(Pool.prototype, 'end');
  }

  private track(pool: Pool): readonly unknown[] {
    if (pool[kValues] !== undefined) return pool[kValues];
    pool[kPoolName] = this.uniqueName(pool);
    const values = [pool[kPoolName]];
    pool[kValues] = values;
    this.live.add(pool);
    pool.on('connect', (client: Client) => {
      if (client[kCreateStart] !== undefined) this.createTime.record((performance.now() - client[kCreateStart]) / 1000, values);
    });
    pool.on('release', (_err: unknown, client: Client) => {
      const at = client?.[kAcquiredAt];
      if (at === undefined) return;
      client[kAcquiredAt] = undefined;
      this.useTime.record((performance.now() - at) / 1000, values);
    });
    return values;
  }

  /** `host:port/database`, with `#2`, `#3`… when an app opens several pools to the same database. */
  private uniqueName(pool: Pool): string {
    const o = pool.options;
    let base: string;
    if (o.connectionString) {
      try {
        const u = new URL(o.connectionString);
        base = `${u.hostname}:${u.port || 5432}${u.pathname}`;
      } catch {
        base = 'postgresql';
      }
    } else {
      base = `${o.host ?? process.env.PGHOST ?? 'localhost'}:${o.port ?? process.env.PGPORT ?? 5432}/${o.database ?? process.env.PGDATABASE ?? ''}`;
    }
    const n = (this.names.get(base) ?? 0) + 1;
    this.names.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  }
}

// `db.client.connection.*` for every pool an app opens (pg-pool, mysql2, sequelize-pool, tarn): one
// set of instruments, pools named `host:port/database` (with `#2`… when two pools reach the same
// database), counts read from each pool at collection time so they are right at rest.
import { performance } from 'node:perf_hooks';
import type { Meter } from '@opentelemetry/api';
import type { FastHistogram, FastSum } from '../metric-store/instruments';
import type { FastMetricProducer } from '../metric-store/fast-metric-producer';
import {
  ATTR_DB_CLIENT_CONNECTION_POOL_NAME,
  ATTR_DB_CLIENT_CONNECTION_STATE,
  DB_DURATION_BUCKETS_SECONDS,
  METRIC_DB_CLIENT_CONNECTION_COUNT,
  METRIC_DB_CLIENT_CONNECTION_CREATE_TIME,
  METRIC_DB_CLIENT_CONNECTION_MAX,
  METRIC_DB_CLIENT_CONNECTION_PENDING_REQUESTS,
  METRIC_DB_CLIENT_CONNECTION_TIMEOUTS,
  METRIC_DB_CLIENT_CONNECTION_USE_TIME,
  METRIC_DB_CLIENT_CONNECTION_WAIT_TIME,
} from '../semconv';

/** Set on connections by the pool instrumentations, read by the operation metrics (`db.client.connection.pool.name`). */
export const kPoolName: unique symbol = Symbol.for('perf-otel.db.pool-name');
const POOL_KEYS = [ATTR_DB_CLIENT_CONNECTION_POOL_NAME];

/** InstrumentationBase's _wrap/_unwrap, handed to the pool patchers. */
export type Wrap = (target: object, name: string, wrapper: (original: (...a: unknown[]) => unknown) => unknown) => void;
export type Unwrap = (target: object, name: string) => void;

/** What a pool instrumentation tells the registry about one pool; read at collection time. */
export interface PoolState {
  idle(): number;
  used(): number;
  pending(): number;
  /** Undefined when the pool has no limit. */
  max(): number | undefined;
}

/** A registered pool: its name and the attribute values its recordings use (made once). */
export interface TrackedPool {
  readonly name: string;
  readonly values: readonly unknown[];
}

export class ConnectionPools {
  private readonly live = new Map<TrackedPool, PoolState>();
  private readonly names = new Map<string, number>();
  private readonly waitTime: FastHistogram;
  private readonly useTime: FastHistogram;
  private readonly createTime: FastHistogram;
  private readonly timeouts: FastSum;

  constructor(producer: FastMetricProducer, meter: Meter) {
    this.waitTime = producer.histogram(
      { name: METRIC_DB_CLIENT_CONNECTION_WAIT_TIME, unit: 's', description: 'Time to obtain a connection from the pool.' },
      DB_DURATION_BUCKETS_SECONDS,
      POOL_KEYS,
    );
    this.useTime = producer.histogram(
      { name: METRIC_DB_CLIENT_CONNECTION_USE_TIME, unit: 's', description: 'Time between borrowing a connection and returning it.' },
      DB_DURATION_BUCKETS_SECONDS,
      POOL_KEYS,
    );
    this.createTime = producer.histogram(
      { name: METRIC_DB_CLIENT_CONNECTION_CREATE_TIME, unit: 's', description: 'Time to create a new connection.' },
      DB_DURATION_BUCKETS_SECONDS,
      POOL_KEYS,
    );
    this.timeouts = producer.counter(
      { name: METRIC_DB_CLIENT_CONNECTION_TIMEOUTS, unit: '{timeout}', description: 'Connection requests that timed out waiting for the pool.' },
      POOL_KEYS,
    );

    const count = meter.createObservableUpDownCounter(METRIC_DB_CLIENT_CONNECTION_COUNT, {
      unit: '{connection}',
      description: 'Connections in the pool, by state.',
    });
    const max = meter.createObservableUpDownCounter(METRIC_DB_CLIENT_CONNECTION_MAX, {
      unit: '{connection}',
      description: 'Largest number of connections the pool allows.',
    });
    const pending = meter.createObservableUpDownCounter(METRIC_DB_CLIENT_CONNECTION_PENDING_REQUESTS, {
      unit: '{request}',
      description: 'Requests waiting for a connection.',
    });
    meter.addBatchObservableCallback(
      (r) => {
        for (const [pool, state] of this.live) {
          const name = { [ATTR_DB_CLIENT_CONNECTION_POOL_NAME]: pool.name };
          r.observe(count, state.idle(), { ...name, [ATTR_DB_CLIENT_CONNECTION_STATE]: 'idle' });
          r.observe(count, state.used(), { ...name, [ATTR_DB_CLIENT_CONNECTION_STATE]: 'used' });
          const limit = state.max();
          if (limit !== undefined) r.observe(max, limit, name);
          r.observe(pending, state.pending(), name);
        }
      },
      [count, max, pending],
    );
  }

  /** Registers a pool under `base` (`host:port/database`), made unique across every pool of the app. */
  add(base: string, state: PoolState): TrackedPool {
    const n = (this.names.get(base) ?? 0) + 1;
    this.names.set(base, n);
    const name = n === 1 ? base : `${base}#${n}`;
    const pool: TrackedPool = { name, values: [name] };
    this.live.set(pool, state);
    return pool;
  }

  /** The pool was closed: it is no longer reported. */
  remove(pool: TrackedPool): void {
    this.live.delete(pool);
  }

  waited(pool: TrackedPool, start: number, now = performance.now()): void {
    this.waitTime.record((now - start) / 1000, pool.values);
  }

  used(pool: TrackedPool, acquiredAt: number): void {
    this.useTime.record((performance.now() - acquiredAt) / 1000, pool.values);
  }

  created(pool: TrackedPool, start: number): void {
    this.createTime.record((performance.now() - start) / 1000, pool.values);
  }

  timedOut(pool: TrackedPool): void {
    this.timeouts.add(1, pool.values);
  }
}

// Metrics of known shape, as the distribution names and labels them (docs/metrics.md), written as
// OpenMetrics text with timestamps so promtool can turn them into TSDB blocks in one go. Every
// detector has a planted case and a healthy twin:
//
//   shop  (web-1): GET /api/hot 50 req/s at 20 ms (fast but hot), GET /api/report 0.1 req/s at 2 s with
//         10% 5xx (slow endpoint, errors), GET /api/checkout 5 req/s at 50 ms in version 1.0.0 and
//         100 ms with 20% 5xx in 2.0.0 (deployed at VERSION_SWITCH before the end: regressions in
//         compare and trends); its heap floor leaks 40 MiB over the span at a flat request rate across
//         major GCs (a real leak).
//   calm  (web-2): the healthy twin of everything: fast routes, 2 DB operations per request, a pool
//         that never waits (its 0.5 ms wait moves with latency, r ≈ 1, but nobody would notice), a flat
//         heap whose spaces are 95% used of their current size (far from V8's real limit), and a
//         contention-sized +0.5 ms step in latency at the deploy time.
//   queue (worker-1): GET /api/jobs is slow exactly when requests wait for a pool connection (the wait
//         swings between 0 and 40 ms over two hours); its heap peaks at 93% of a 48 MiB heap size limit.
//   orders (web-3): GET /api/orders runs 30 SELECT orders per request (N+1) at a request rate ramping
//         from 20 to 200 req/s, with a heap floor that follows that load (no leak); POST /api/pay fails
//         half its requests in the last ten minutes of every hour (error bursts); SELECT pg_sleep(1)
//         (summary "SELECT": no table) takes 1 s and is logged as slow; its pool is exhausted.
//   fresh (web-4): a heap floor rising at a flat rate with no major GC yet (garbage not collected, no leak).
import { HTTP_DURATION_BOUNDARIES, Sampler } from './histogram-sampler';

export const SCRAPE_INTERVAL_SECONDS = 60;
export const SPAN_SECONDS = 2 * 86400;
/** Version 2.0.0 of shop runs for the last day. */
export const VERSION_SWITCH_BEFORE_END_SECONDS = 86400;
export const LEAK_BYTES_OVER_SPAN = 40 * 1048576;
const MIB = 1048576;

/** Host names of the services' processes: findings name processes by service and host, not by instance id. */
export const HOSTS: Record<string, string> = { shop: 'web-1', calm: 'web-2', queue: 'worker-1', orders: 'web-3', fresh: 'web-4' };
/** GET /api/orders runs this many SELECT orders per request. */
export const N_PLUS_ONE_QUERIES = 30;
const DB_BOUNDARIES = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10];
const OPERATIONS_BOUNDARIES = [0, 1, 2, 5, 10, 20, 50, 100];

interface Route {
  method: string;
  route: string;
  /** Requests per second at time t. */
  rate: (t: number) => number;
  meanSeconds: (version: string, t: number) => number;
  errorShare?: (version: string, t: number) => number;
  /** Database operations each request runs (`operation` on `table`, `meanSeconds` each). */
  dbOperations?: { perRequest: number; operation: string; table: string; meanSeconds: number };
}

interface Service {
  job: string;
  instance: string;
  routes: Route[];
  version: (t: number) => string;
  /** The heap's post-GC floor at time t. */
  heapFloor: (t: number) => number;
  /** Major GCs (one every five minutes) or none yet. */
  majorGcs: boolean;
  /** V8's heap_size_limit (default 4144 MiB, the default of a 64-bit Node on a large machine). */
  heapSizeLimit?: number;
  db?: {
    /** Mean wait for a pool connection at time t. */
    poolWait: (t: number) => number;
    pending: number;
    used: number;
    timeoutsPerMinute: number;
    /** A statement without a table, outside any request: calls/s at `meanSeconds`, all over the slow-query threshold. */
    sleep?: { rate: number; meanSeconds: number };
  };
}

export interface Dataset {
  text: string;
  end: number;
  switchAt: number;
}

/** Deterministic noise in [-0.5, 0.5): the same data every run. */
function noise(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648 - 0.5;
  };
}

/** Pool wait of queue: a two-hour swing, so latency and wait move together over any hour. */
const queueWait = (t: number) => 0.02 * (1 + Math.sin((2 * Math.PI * t) / 7200));
/** Pool wait of calm: 0.5 ms ± 0.1 ms on the same swing; its latency moves ±1 ms with it: r is high, the size too small to matter. */
const calmWait = (t: number) => 0.0005 + 0.0001 * Math.sin((2 * Math.PI * t) / 7200);
const flat = (rate: number) => () => rate;
/** The last ten minutes of every hour. */
const inBurst = (t: number) => t % 3600 >= 3000;

export function buildDataset(endSeconds: number): Dataset {
  const end = Math.floor(endSeconds / SCRAPE_INTERVAL_SECONDS) * SCRAPE_INTERVAL_SECONDS;
  const start = end - SPAN_SECONDS;
  const switchAt = end - VERSION_SWITCH_BEFORE_END_SECONDS;
  /** orders' load: 20 → 200 req/s over the span. */
  const ordersRate = (t: number) => 20 + 180 * ((t - start) / SPAN_SECONDS);
  const services: Service[] = [
    {
      job: 'shop',
      instance: '3f6c2a1e-8d4b-4c2a-9e51-7b0d2f8a6c13',
      majorGcs: true,
      heapFloor: (t) => 60 * MIB + LEAK_BYTES_OVER_SPAN * ((t - start) / SPAN_SECONDS),
      version: (t) => (t < switchAt ? '1.0.0' : '2.0.0'),
      routes: [
        { method: 'GET', route: '/api/hot', rate: flat(50), meanSeconds: () => 0.02 },
        { method: 'GET', route: '/api/report', rate: flat(0.1), meanSeconds: () => 2, errorShare: () => 0.1 },
        {
          method: 'GET',
          route: '/api/checkout',
          rate: flat(5),
          meanSeconds: (v) => (v === '1.0.0' ? 0.05 : 0.1),
          errorShare: (v) => (v === '1.0.0' ? 0 : 0.2),
        },
      ],
    },
    {
      job: 'calm',
      instance: '9a1b7c3d-2e4f-4a6b-8c0d-1e2f3a4b5c6d',
      majorGcs: true,
      heapFloor: () => 40 * MIB,
      version: () => '1.0.0',
      db: { poolWait: calmWait, pending: 0, used: 1, timeoutsPerMinute: 0 },
      routes: [
        {
          method: 'GET',
          route: '/api/items',
          rate: flat(20),
          meanSeconds: (_v, t) => 0.015 + 10 * (calmWait(t) - 0.0005) + (t >= switchAt ? 0.0005 : 0),
          dbOperations: { perRequest: 2, operation: 'SELECT', table: 'items', meanSeconds: 0.002 },
        },
        {
          method: 'POST',
          route: '/api/items',
          rate: flat(2),
          meanSeconds: () => 0.03,
          dbOperations: { perRequest: 1, operation: 'INSERT', table: 'items', meanSeconds: 0.003 },
        },
      ],
    },
    {
      // Started with a small --max-old-space-size: its heap is near V8's real limit.
      job: 'queue',
      instance: '5d6e7f80-9a1b-4c2d-8e3f-4a5b6c7d8e9f',
      majorGcs: true,
      heapFloor: () => 40 * MIB,
      heapSizeLimit: 48 * MIB,
      version: () => '1.0.0',
      db: { poolWait: queueWait, pending: 0, used: 1, timeoutsPerMinute: 0 },
      routes: [
        {
          method: 'GET',
          route: '/api/jobs',
          rate: flat(10),
          meanSeconds: (_v, t) => 0.03 + queueWait(t),
          dbOperations: { perRequest: 2, operation: 'SELECT', table: 'jobs', meanSeconds: 0.002 },
        },
      ],
    },
    {
      job: 'orders',
      instance: 'c0ffee00-1234-4abc-9def-0123456789ab',
      majorGcs: true,
      version: () => '1.0.0',
      // What each request in flight holds: the floor follows the load, not time.
      heapFloor: (t) => 40 * MIB + 0.3 * MIB * ordersRate(t),
      db: { poolWait: () => 0.08, pending: 4, used: 10, timeoutsPerMinute: 1, sleep: { rate: 2, meanSeconds: 1 } },
      routes: [
        {
          method: 'GET',
          route: '/api/orders',
          rate: ordersRate,
          meanSeconds: () => 0.04,
          dbOperations: { perRequest: N_PLUS_ONE_QUERIES, operation: 'SELECT', table: 'orders', meanSeconds: 0.0002 },
        },
        { method: 'POST', route: '/api/pay', rate: flat(5), meanSeconds: () => 0.05, errorShare: (_v, t) => (inBurst(t) ? 0.5 : 0) },
      ],
    },
    {
      job: 'fresh',
      instance: '7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b',
      majorGcs: false,
      version: () => '1.0.0',
      heapFloor: (t) => 30 * MIB + 30 * MIB * ((t - start) / SPAN_SECONDS),
      routes: [{ method: 'GET', route: '/api/status', rate: flat(10), meanSeconds: () => 0.005 }],
    },
  ];
  const sampler = new Sampler();
  const random = noise(42);
  for (let t = start; t <= end; t += SCRAPE_INTERVAL_SECONDS) {
    for (const service of services) {
      const version = service.version(t);
      const resource = { job: service.job, instance: service.instance, host_name: HOSTS[service.job], service_name: service.job, service_version: version };
      for (const route of service.routes) {
        const labels = { ...resource, http_request_method: route.method, http_route: route.route, url_scheme: 'http' };
        const requests = route.rate(t) * SCRAPE_INTERVAL_SECONDS * (1 + 0.2 * random());
        const mean = route.meanSeconds(version, t) * (1 + 0.1 * random());
        const errors = requests * (route.errorShare?.(version, t) ?? 0);
        sampler.histogram(
          'http_server_request_duration_seconds',
          { ...labels, http_response_status_code: '200' },
          t,
          requests - errors,
          mean,
          HTTP_DURATION_BOUNDARIES,
        );
        if (route.errorShare)
          sampler.histogram(
            'http_server_request_duration_seconds',
            { ...labels, http_response_status_code: '500', error_type: '500' },
            t,
            errors,
            mean,
            HTTP_DURATION_BOUNDARIES,
          );
        if (route.dbOperations) {
          const ops = route.dbOperations;
          sampler.histogram(
            'perf_otel_http_server_db_operations',
            { ...labels, http_response_status_code: '200' },
            t,
            requests,
            ops.perRequest,
            OPERATIONS_BOUNDARIES,
          );
          sampler.histogram(
            'db_client_operation_duration_seconds',
            {
              ...resource,
              db_system_name: 'postgresql',
              db_operation_name: ops.operation,
              db_collection_name: ops.table,
              db_query_summary: `${ops.operation} ${ops.table}`,
              db_client_connection_pool_name: 'main',
              http_route: route.route,
            },
            t,
            requests * ops.perRequest,
            ops.meanSeconds * (1 + 0.1 * random()),
            DB_BOUNDARIES,
          );
        }
      }
      // A GC sawtooth with a 10-minute period on top of the floor; V8's spaces reserve just above what is used.
      const used = service.heapFloor(t) + ((t / 60) % 10) * 0.5 * MIB;
      sampler.gauge('v8js_memory_heap_used_bytes', { ...resource, v8js_heap_space_name: 'old_space' }, t, used);
      sampler.gauge('v8js_memory_heap_limit_bytes', { ...resource, v8js_heap_space_name: 'old_space' }, t, used / 0.95);
      sampler.gauge('perf_otel_v8js_memory_heap_size_limit_bytes', resource, t, service.heapSizeLimit ?? 4144 * MIB);
      sampler.gauge('nodejs_eventloop_delay_p99_seconds', resource, t, 0.01 * (1 + 0.2 * random()));
      sampler.counter('process_cpu_time_seconds_total', { ...resource, cpu_mode: 'user' }, t, 0.15 * SCRAPE_INTERVAL_SECONDS * (1 + 0.2 * random()));
      sampler.counter('v8js_gc_duration_seconds_sum', { ...resource, v8js_gc_type: 'minor' }, t, 0.005 * SCRAPE_INTERVAL_SECONDS * (1 + 0.2 * random()));
      sampler.counter('v8js_gc_duration_seconds_count', { ...resource, v8js_gc_type: 'minor' }, t, 2 * SCRAPE_INTERVAL_SECONDS);
      const major = service.majorGcs && t % 300 === 0 ? 1 : 0;
      sampler.counter('v8js_gc_duration_seconds_sum', { ...resource, v8js_gc_type: 'major' }, t, major * 0.02);
      sampler.counter('v8js_gc_duration_seconds_count', { ...resource, v8js_gc_type: 'major' }, t, major);
      sampler.gauge('system_memory_utilization_ratio', resource, t, 0.4);
      if (service.db) {
        const db = service.db;
        const pool = { ...resource, db_client_connection_pool_name: 'main' };
        const statements = service.routes.reduce((sum, r) => sum + r.rate(t) * (r.dbOperations?.perRequest ?? 0), 0) * SCRAPE_INTERVAL_SECONDS;
        sampler.histogram('db_client_connection_wait_time_seconds', pool, t, statements, db.poolWait(t), DB_BOUNDARIES);
        sampler.gauge('db_client_connection_count', { ...pool, db_client_connection_state: 'used' }, t, db.used);
        sampler.gauge('db_client_connection_count', { ...pool, db_client_connection_state: 'idle' }, t, 10 - db.used);
        sampler.gauge('db_client_connection_max', pool, t, 10);
        sampler.gauge('db_client_connection_pending_requests', pool, t, db.pending);
        sampler.counter('db_client_connection_timeouts_total', pool, t, db.timeoutsPerMinute * (SCRAPE_INTERVAL_SECONDS / 60));
        const slowLabels = { ...resource, db_system_name: 'postgresql', db_namespace: 'app', db_client_connection_pool_name: 'main' };
        if (db.sleep) {
          const calls = db.sleep.rate * SCRAPE_INTERVAL_SECONDS;
          sampler.histogram(
            'db_client_operation_duration_seconds',
            {
              ...resource,
              db_system_name: 'postgresql',
              db_operation_name: 'SELECT',
              db_query_summary: 'SELECT',
              db_client_connection_pool_name: 'main',
            },
            t,
            calls,
            db.sleep.meanSeconds,
            DB_BOUNDARIES,
          );
          sampler.counter('perf_otel_db_slow_queries_total', { ...slowLabels, db_query_summary: 'SELECT' }, t, calls);
        } else {
          sampler.counter('perf_otel_db_slow_queries_total', { ...slowLabels, db_query_summary: 'SELECT items' }, t, 0);
        }
      }
    }
  }
  return { text: sampler.openMetrics(), end, switchAt };
}

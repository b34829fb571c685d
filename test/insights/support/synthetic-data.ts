// Metrics of known shape, as the distribution names and labels them (docs/metrics.md), written as
// OpenMetrics text with timestamps so promtool can turn them into TSDB blocks in one go.
//
//   shop  (instance shop-1): GET /api/hot 50 req/s at 20 ms (fast but hot), GET /api/report 0.1 req/s
//         at 2 s with 10% 5xx (slow and rare), GET /api/checkout 5 req/s at 50 ms in version 1.0.0 and
//         100 ms in 2.0.0 (deployed at VERSION_SWITCH before the end); heap grows 40 MiB over the span.
//   calm  (instance calm-1): fast routes, a PostgreSQL pool that never waits, flat heap: healthy.
//   queue (instance queue-1): GET /api/jobs is slow exactly when requests wait for a pool connection
//         (the wait swings between 0 and 40 ms over two hours).
import { HTTP_DURATION_BOUNDARIES, Sampler } from './histogram-sampler';

export const SCRAPE_INTERVAL_SECONDS = 60;
export const SPAN_SECONDS = 2 * 86400;
/** Version 2.0.0 of shop runs for the last day. */
export const VERSION_SWITCH_BEFORE_END_SECONDS = 86400;
export const LEAK_BYTES_OVER_SPAN = 40 * 1048576;
const MIB = 1048576;

interface Route { method: string; route: string; rate: number; meanSeconds: (version: string, t: number) => number; errorShare?: number }

interface Service {
  job: string; instance: string; routes: Route[]; heapBase: number; leakBytes: number; db: boolean; version: (t: number) => string;
  /** Mean wait for a pool connection at time t (default 0.5 ms: never waits). */
  poolWait?: (t: number) => number;
}

export interface Dataset { text: string; end: number; switchAt: number }

/** Deterministic noise in [-0.5, 0.5): the same data every run. */
function noise(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648 - 0.5;
  };
}

/** Pool wait of queue-1: a two-hour swing, so latency and wait move together over any hour. */
const queueWait = (t: number) => 0.02 * (1 + Math.sin((2 * Math.PI * t) / 7200));

export function buildDataset(endSeconds: number): Dataset {
  const end = Math.floor(endSeconds / SCRAPE_INTERVAL_SECONDS) * SCRAPE_INTERVAL_SECONDS;
  const start = end - SPAN_SECONDS;
  const switchAt = end - VERSION_SWITCH_BEFORE_END_SECONDS;
  const services: Service[] = [
    {
      job: 'shop', instance: 'shop-1', heapBase: 60 * MIB, leakBytes: LEAK_BYTES_OVER_SPAN, db: false,
      version: (t) => (t < switchAt ? '1.0.0' : '2.0.0'),
      routes: [
        { method: 'GET', route: '/api/hot', rate: 50, meanSeconds: () => 0.02 },
        { method: 'GET', route: '/api/report', rate: 0.1, meanSeconds: () => 2, errorShare: 0.1 },
        { method: 'GET', route: '/api/checkout', rate: 5, meanSeconds: (v) => (v === '1.0.0' ? 0.05 : 0.1) },
      ],
    },
    {
      job: 'calm', instance: 'calm-1', heapBase: 40 * MIB, leakBytes: 0, db: true, version: () => '1.0.0',
      routes: [
        { method: 'GET', route: '/api/items', rate: 20, meanSeconds: () => 0.015 },
        { method: 'POST', route: '/api/items', rate: 2, meanSeconds: () => 0.03 },
      ],
    },
    {
      job: 'queue', instance: 'queue-1', heapBase: 40 * MIB, leakBytes: 0, db: true, version: () => '1.0.0',
      poolWait: queueWait,
      routes: [{ method: 'GET', route: '/api/jobs', rate: 10, meanSeconds: (_v, t) => 0.03 + queueWait(t) }],
    },
  ];
  const sampler = new Sampler();
  const random = noise(42);
  for (let t = start; t <= end; t += SCRAPE_INTERVAL_SECONDS) {
    for (const service of services) {
      const version = service.version(t);
      const resource = { job: service.job, instance: service.instance, service_name: service.job, service_version: version };
      for (const route of service.routes) {
        const labels = { ...resource, http_request_method: route.method, http_route: route.route, url_scheme: 'http' };
        const requests = route.rate * SCRAPE_INTERVAL_SECONDS * (1 + 0.2 * random());
        const mean = route.meanSeconds(version, t) * (1 + 0.1 * random());
        const errors = requests * (route.errorShare ?? 0);
        sampler.histogram('http_server_request_duration_seconds', { ...labels, http_response_status_code: '200' }, t, requests - errors, mean, HTTP_DURATION_BOUNDARIES);
        if (errors > 0) sampler.histogram('http_server_request_duration_seconds', { ...labels, http_response_status_code: '500' }, t, errors, mean, HTTP_DURATION_BOUNDARIES);
      }
      // A GC sawtooth with a 10-minute period on top of the (possibly leaking) floor.
      const floor = service.heapBase + service.leakBytes * ((t - start) / SPAN_SECONDS);
      sampler.gauge('v8js_memory_heap_used_bytes', { ...resource, v8js_heap_space_name: 'old_space' }, t, floor + ((t / 60) % 10) * 0.5 * MIB);
      sampler.gauge('v8js_memory_heap_limit_bytes', { ...resource, v8js_heap_space_name: 'old_space' }, t, 2048 * MIB);
      sampler.gauge('nodejs_eventloop_delay_p99_seconds', resource, t, 0.01 * (1 + 0.2 * random()));
      sampler.counter('process_cpu_time_seconds_total', { ...resource, cpu_mode: 'user' }, t, 0.15 * SCRAPE_INTERVAL_SECONDS * (1 + 0.2 * random()));
      sampler.counter('v8js_gc_duration_seconds_sum', { ...resource, v8js_gc_type: 'minor' }, t, 0.005 * SCRAPE_INTERVAL_SECONDS * (1 + 0.2 * random()));
      sampler.counter('v8js_gc_duration_seconds_count', { ...resource, v8js_gc_type: 'minor' }, t, 2 * SCRAPE_INTERVAL_SECONDS);
      sampler.gauge('system_memory_utilization_ratio', resource, t, 0.4);
      if (service.db) {
        const pool = { ...resource, db_client_connection_pool_name: 'main' };
        const dbLabels = { ...resource, db_system_name: 'postgresql', db_operation_name: 'SELECT', db_collection_name: 'items' };
        sampler.histogram('db_client_operation_duration_seconds', dbLabels, t, 22 * SCRAPE_INTERVAL_SECONDS, 0.002 * (1 + 0.1 * random()), [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10]);
        sampler.histogram('db_client_connection_wait_time_seconds', pool, t, 22 * SCRAPE_INTERVAL_SECONDS, service.poolWait?.(t) ?? 0.0005, [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10]);
        sampler.gauge('db_client_connection_count', { ...pool, db_client_connection_state: 'used' }, t, 1);
        sampler.gauge('db_client_connection_count', { ...pool, db_client_connection_state: 'idle' }, t, 9);
        sampler.gauge('db_client_connection_max', pool, t, 10);
        sampler.gauge('db_client_connection_pending_requests', pool, t, 0);
      }
    }
  }
  return { text: sampler.openMetrics(), end, switchAt };
}

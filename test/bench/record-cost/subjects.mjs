// The histograms record-cost.mjs compares, behind one interface:
//   make(limit) → { record(value, method, status, route, scheme), collect() → number of series }
// Each builds its attributes the way its callers do on every call (an object, or perf-otel's array).
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PERF_OTEL_DIST } from '../lib/paths.mjs';

export const INFO = { name: 'http.server.request.duration', description: 'Duration of HTTP server requests.', unit: 's' };
export const BOUNDARIES = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
const KEYS = ['http.request.method', 'http.response.status_code', 'http.route', 'url.scheme'];

async function sdkMetrics() {
  const { MeterProvider, MetricReader } = await import('@opentelemetry/sdk-metrics');
  class PullReader extends MetricReader {
    async onForceFlush() {}
    async onShutdown() {}
  }
  return (limit) => {
    const reader = new PullReader();
    const views = limit ? [{ instrumentName: INFO.name, aggregationCardinalityLimit: limit }] : [];
    const meter = new MeterProvider({ readers: [reader], views }).getMeter('bench');
    const h = meter.createHistogram(INFO.name, { unit: INFO.unit, advice: { explicitBucketBoundaries: BOUNDARIES } });
    return {
      record: (v, method, status, route, scheme) =>
        h.record(v, {
          'http.request.method': method,
          'http.response.status_code': status,
          'http.route': route,
          'url.scheme': scheme,
        }),
      collect: async () => {
        const { resourceMetrics } = await reader.collect();
        return resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).reduce((n, m) => n + m.dataPoints.length, 0);
      },
    };
  };
}

async function promClient() {
  const client = (await import('prom-client')).default;
  return () => {
    const registry = new client.Registry();
    const h = new client.Histogram({
      name: 'http_server_request_duration_seconds',
      help: INFO.description,
      buckets: BOUNDARIES,
      labelNames: ['method', 'status_code', 'route', 'scheme'],
      registers: [registry],
    });
    return {
      record: (v, method, status, route, scheme) => h.observe({ method, status_code: status, route, scheme }, v),
      collect: async () => {
        await registry.metrics();
        return (await h.get()).values.filter((x) => x.metricName.endsWith('_count')).length;
      },
    };
  };
}

const FAST_EXPORTS = ['FastMetricProducer', 'FastHistogram', 'createFastHistogram'];
const INTERNAL_FAST = join(PERF_OTEL_DIST, 'metric-store', 'fast-metric-producer.js');

/** perf-otel's fast path: from the package index when it exports one, else from its internal module. */
function loadFast() {
  const dts = join(PERF_OTEL_DIST, 'index.d.ts');
  if (!existsSync(dts)) return { why: `${dts} not built` };
  const load = createRequire(import.meta.url);
  const exported = readFileSync(dts, 'utf8');
  if (FAST_EXPORTS.some((n) => new RegExp(`\\b${n}\\b`).test(exported))) return { dist: load(join(PERF_OTEL_DIST, 'index.js')), where: 'package index' };
  if (existsSync(INTERNAL_FAST)) return { dist: load(INTERNAL_FAST), where: 'dist/metric-store (internal: the index exports none)' };
  return { why: `packages/perf-otel/dist/index.d.ts exports none of ${FAST_EXPORTS.join(', ')}` };
}

function perfOtelFast() {
  const { dist, where, why } = loadFast();
  if (!dist) return why;
  const DEFAULT_LIMIT = 2000;
  // Signatures as in packages/perf-otel/src/metric-store: (info, boundaries, keys, limit).
  const create = (limit) => {
    if (dist.FastMetricProducer) return new dist.FastMetricProducer({ name: 'bench', version: '0' }, limit).histogram(INFO, BOUNDARIES, KEYS);
    return dist.FastHistogram ? new dist.FastHistogram(INFO, BOUNDARIES, KEYS, limit) : dist.createFastHistogram(INFO, BOUNDARIES, KEYS, limit);
  };
  const make = (limit) => {
    const h = create(limit ?? DEFAULT_LIMIT);
    return {
      record: (v, method, status, route, scheme) => h.record(v, [method, status, route, scheme]),
      collect: async () => h.series().filter((s) => s.count > 0).length,
    };
  };
  make.where = where;
  return make;
}

export const SUBJECTS = {
  'sdk-metrics Histogram.record': sdkMetrics,
  'prom-client Histogram.observe': promClient,
  'perf-otel fast path': perfOtelFast,
};

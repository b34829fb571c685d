#!/usr/bin/env node
// Simulated app instances sending OTLP/HTTP protobuf metrics, as many SDKs would: each instance has
// its own service.instance.id and its own cumulative series, and exports `--exports` times. Used by
// the Collector flood test (test/collector/back-pressure.test.ts) and the sizing benchmark
// (test/bench/collector-sizing.mjs). It never retries: a refused export is counted, so the caller can
// compare what was refused with what the Collector reports and what the stores lack.
//
//   node test/load/otlp-senders.mjs --endpoint http://127.0.0.1:4318 --instances 200 --exports 5 \
//        [--shape app|counters] [--points 300] [--routes 8] [--interval 0] [--concurrency 64] \
//        [--service flood] [--header 'authorization=Bearer x']
// Prints one JSON line: { requests, points, byStatus: { "200": {requests, points}, ... }, seconds }.
import http from 'node:http';
import https from 'node:https';
import { parseArgs } from 'node:util';
import { encodeExport } from './otlp-encode.mjs';

const { values: opt } = parseArgs({
  options: {
    endpoint: { type: 'string' },
    instances: { type: 'string', default: '100' },
    exports: { type: 'string', default: '5' },
    shape: { type: 'string', default: 'app' },
    points: { type: 'string', default: '300' },
    routes: { type: 'string', default: '8' },
    interval: { type: 'string', default: '0' },
    concurrency: { type: 'string', default: '32' },
    service: { type: 'string', default: 'sim' },
    header: { type: 'string', multiple: true, default: [] },
    seconds: { type: 'string', default: '0' },
  },
});
if (!opt.endpoint) {
  console.error('otlp-senders: --endpoint is required (e.g. http://127.0.0.1:4318)');
  process.exit(2);
}
const INSTANCES = Number(opt.instances);
const EXPORTS = Number(opt.exports);
const INTERVAL = Number(opt.interval);
const CONCURRENCY = Number(opt.concurrency);
const DEADLINE = Number(opt.seconds) > 0 ? Date.now() + Number(opt.seconds) * 1000 : Infinity;
const url = new URL('/v1/metrics', opt.endpoint);
const headers = { 'content-type': 'application/x-protobuf' };
for (const h of opt.header) {
  const i = h.indexOf('=');
  headers[h.slice(0, i)] = h.slice(i + 1);
}
// https: endpoints trust the system CAs plus NODE_EXTRA_CA_CERTS.
const transport = url.protocol === 'https:' ? https : http;
const agent = new transport.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

// The SDK's advised seconds buckets for HTTP and DB durations.
const BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
const SCOPE = { name: '@org/perf-otel', version: 'load' };

/** What one instance exports at its n-th export (values grow with n: cumulative). */
function metricsFor(n) {
  if (opt.shape === 'counters') {
    const points = [];
    for (let s = 0; s < Number(opt.points); s++) points.push({ attributes: { series: String(s) }, value: n });
    return [{ name: 'flood.points', kind: 'sum', points }];
  }
  // 'app': a web service's shape. Per instance: routes x 2 statuses HTTP histograms, 4 DB operations,
  // 40 counters and 40 gauges; Prometheus series = histogram points x (15 buckets + sum + count) + 80.
  const http = [];
  for (let r = 0; r < Number(opt.routes); r++) {
    for (const status of ['200', '500']) {
      const count = n * (status === '200' ? 20 : 1);
      http.push({
        attributes: { 'http.request.method': 'GET', 'http.route': `/api/r${r}/:id`, 'http.response.status_code': status },
        count,
        sum: count * 0.03,
        buckets: bucketCounts(count),
        bounds: BOUNDS,
      });
    }
  }
  const db = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'].map((op) => ({
    attributes: { 'db.operation.name': op, 'db.system.name': 'postgresql' },
    count: n * 5,
    sum: n * 0.01,
    buckets: bucketCounts(n * 5),
    bounds: BOUNDS,
  }));
  const counters = Array.from({ length: 40 }, (_, i) => ({ attributes: { kind: `c${i}` }, value: n * 3 }));
  const gauges = Array.from({ length: 40 }, (_, i) => ({ attributes: { kind: `g${i}` }, value: (n * 7 + i) % 100 }));
  return [
    { name: 'http.server.request.duration', unit: 's', kind: 'histogram', points: http },
    { name: 'db.client.operation.duration', unit: 's', kind: 'histogram', points: db },
    { name: 'app.events', kind: 'sum', points: counters },
    { name: 'app.level', kind: 'gauge', points: gauges },
  ];
}

/** Spreads count over the buckets (most in the fast ones); sums to count. */
function bucketCounts(count) {
  const out = new Array(BOUNDS.length + 1).fill(0);
  out[2] = Math.floor(count * 0.6);
  out[4] = Math.floor(count * 0.3);
  out[8] = count - out[2] - out[4];
  return out;
}

const pointsPerExport = metricsFor(1).reduce((n, m) => n + m.points.length, 0);
const startNanos = BigInt(Date.now()) * 1000000n;
const byStatus = {};
let requests = 0;

function send(body) {
  return new Promise((resolve) => {
    const req = transport.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve(String(res.statusCode)));
    });
    req.on('error', (e) => resolve(`error:${e.code ?? e.message}`));
    req.end(body);
  });
}

/** One worker walks its share of the instances, export by export. */
async function worker(first, step) {
  for (let n = 1; n <= EXPORTS && Date.now() < DEADLINE; n++) {
    const round = Date.now();
    for (let i = first; i < INSTANCES && Date.now() < DEADLINE; i += step) {
      // Distinct timestamps per export: the stores keep every accepted point as its own sample.
      const timeNanos = startNanos + BigInt(n) * 1000000000n + BigInt(i);
      const body = encodeExport({
        resource: { 'service.name': opt.service, 'service.instance.id': `${opt.service}-${i}`, 'host.name': 'load' },
        scope: SCOPE,
        metrics: metricsFor(n),
        startNanos,
        timeNanos,
      });
      const status = await send(body);
      requests++;
      const s = (byStatus[status] ??= { requests: 0, points: 0 });
      s.requests++;
      s.points += pointsPerExport;
    }
    const wait = INTERVAL - (Date.now() - round);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
}

const started = process.hrtime.bigint();
await Promise.all(Array.from({ length: Math.min(CONCURRENCY, INSTANCES) }, (_, w) => worker(w, Math.min(CONCURRENCY, INSTANCES))));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
agent.destroy();
console.log(JSON.stringify({ requests, points: requests * pointsPerExport, pointsPerExport, byStatus, seconds }));

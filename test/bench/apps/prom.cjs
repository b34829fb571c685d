'use strict';
// The `prom-client` configuration: a histogram and a counter recorded in the handler, as apps
// instrumented by hand do, and /metrics served by the app on a second port. Null in every other
// configuration, so the handlers pay one falsy check.

const port = Number(process.env.BENCH_PROM_CLIENT_PORT || 0);

/** Also read by lib/configurations.mjs: the runner scrapes `<histogram>_count`. */
const NAMES = {
  http: { histogram: 'bench_http_request_duration_seconds', counter: 'bench_http_requests_total', labels: ['method', 'route', 'status_code'] },
  db: { histogram: 'bench_db_query_duration_seconds', counter: 'bench_db_queries_total', labels: ['operation'] },
};

let registry = null;

function metricsFor(kind) {
  if (!port) return null;
  const client = require('prom-client');
  if (!registry) {
    registry = new client.Registry();
    const http = require('node:http');
    http
      .createServer(async (_req, res) => {
        res.setHeader('content-type', registry.contentType);
        res.end(await registry.metrics());
      })
      .listen(port, '127.0.0.1');
  }
  const names = NAMES[kind];
  const histogram = new client.Histogram({
    name: names.histogram,
    help: `${kind} duration`,
    labelNames: names.labels,
    registers: [registry],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
  });
  const counter = new client.Counter({ name: names.counter, help: `${kind} count`, labelNames: names.labels, registers: [registry] });
  return {
    /** `startMs` from performance.now() at the start of the work. */
    record(labels, startMs) {
      histogram.observe(labels, (performance.now() - startMs) / 1000);
      counter.inc(labels);
    },
  };
}

module.exports = { metricsFor, NAMES };

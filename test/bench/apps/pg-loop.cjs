'use strict';
// Scenarios `pg-seq` / `pg-50`: `SELECT 1` through a pg.Pool in BENCH_CONCURRENCY loops, no HTTP.
// Warms up, measures for BENCH_DURATION_MS, reports ops/s, p99 and CPU per query as JSON, then idles until stopped
// so the runner can scrape the configuration's metrics.
const { counters, report } = require('./common.cjs');
const { createPool } = require('./pg-pool.cjs');
const metrics = require('./prom.cjs').metricsFor('db');

const concurrency = Number(process.env.BENCH_CONCURRENCY || 1);
const warmupMs = Number(process.env.BENCH_WARMUP_MS || 1000);
const durationMs = Number(process.env.BENCH_DURATION_MS || 5000);
const pool = createPool(10);
const labels = { operation: 'SELECT' };

/** Every query, the first one included, goes through here: counted once, recorded once. */
async function query() {
  const start = performance.now();
  counters.queries++;
  await pool.query('SELECT 1');
  if (metrics) metrics.record(labels, start);
  return performance.now() - start;
}

async function loop(until, latencies) {
  while (performance.now() < until) {
    const ms = await query();
    if (latencies) latencies.push(ms);
  }
}

async function phase(ms, latencies) {
  const until = performance.now() + ms;
  await Promise.all(Array.from({ length: concurrency }, () => loop(until, latencies)));
}

async function main() {
  await query();
  report({ ready: true });
  await phase(warmupMs, null);
  const latencies = [];
  const start = performance.now();
  const cpu = process.cpuUsage();
  await phase(durationMs, latencies);
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  latencies.sort((a, b) => a - b);
  const p99Ms = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))];
  report({ result: { ops: latencies.length, opsPerSec: latencies.length / seconds, p99Ms, cpuPerOpUs: (used.user + used.system) / latencies.length } });
  setInterval(() => {}, 1 << 30);
}

main().catch((err) => { console.error(err); process.exit(1); });

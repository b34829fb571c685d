'use strict';
// Scenarios `pg-seq` / `pg-50` (and the opt-in `mysql2-seq`, `ioredis-seq`, `redis-seq`): one
// database operation (`SELECT 1`, or Redis `GET`) through BENCH_DB_CLIENT in BENCH_CONCURRENCY loops,
// no HTTP. Warms up, measures for BENCH_DURATION_MS, reports ops/s, p99 and CPU per operation as
// JSON, then idles until stopped so the runner can scrape the configuration's metrics.
const { counters, report } = require('./common.cjs');
const metrics = require('./prom.cjs').metricsFor('db');

const concurrency = Number(process.env.BENCH_CONCURRENCY || 1);
const warmupMs = Number(process.env.BENCH_WARMUP_MS || 1000);
const durationMs = Number(process.env.BENCH_DURATION_MS || 5000);

/** One operation per client, each with a pool of 10 where the client pools. */
const CLIENTS = {
  pg: () => {
    const pool = require('./pg-pool.cjs').createPool(10);
    return { operation: 'SELECT', run: () => pool.query('SELECT 1') };
  },
  mysql2: () => {
    const pool = require('mysql2/promise').createPool({ uri: process.env.BENCH_MYSQL_URL || 'mysql://root@127.0.0.1:3306/mysql', connectionLimit: 10 });
    return { operation: 'SELECT', run: () => pool.query('SELECT 1') };
  },
  ioredis: () => {
    const Redis = require('ioredis');
    const client = new Redis(process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379');
    return { operation: 'GET', run: () => client.get('bench') };
  },
  redis: () => {
    const connected = require('redis')
      .createClient({ url: process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379' })
      .connect();
    return { operation: 'GET', run: async () => (await connected).get('bench') };
  },
};
const client = CLIENTS[process.env.BENCH_DB_CLIENT || 'pg']();
const labels = { operation: client.operation };

/** Every operation, the first one included, goes through here: counted once, recorded once. */
async function query() {
  const start = performance.now();
  counters.queries++;
  await client.run();
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

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

#!/usr/bin/env node
// What a scrape storm costs the app: hello-world throughput (wrk) with perf-otel's Prometheus
// endpoint idle vs under CONNECTIONS scrapers fetching /metrics back to back, alternated in one
// run on the same process, reported as a ratio. Issue 19 found 200 scrapers cutting throughput to
// 0.1 %. Usage: scrape-storm.mjs [--rounds 2] [--duration 5s] [--scrapers 200]
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AppProcess } from './lib/app-process.mjs';
import { cleanEnv } from './lib/configurations.mjs';
import { freePort, getWhenUp } from './lib/net.mjs';
import { APPS_DIR, BENCH_DIR, PERF_OTEL_REGISTER } from './lib/paths.mjs';
import { detectPinning, pinnedCommand } from './lib/pinning.mjs';
import { writeResults } from './lib/results.mjs';
import { fixed, markdownTable } from './lib/table.mjs';
import { requireWrk, runWrk } from './lib/wrk.mjs';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '2' },
    duration: { type: 'string', default: '5s' },
    scrapers: { type: 'string', default: '200' },
  },
});
const durationMs = Number(values.duration.replace(/s$/, '')) * 1000;
const startedAt = new Date();
requireWrk();
const pinning = detectPinning();
const metricsPort = await freePort();
const app = new AppProcess({
  app: join(APPS_DIR, 'hello.cjs'),
  nodeArgs: ['--require', PERF_OTEL_REGISTER],
  pinning,
  env: cleanEnv({ OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort), OTEL_SERVICE_NAME: 'bench-storm' }),
});
const { port } = await app.next('ready', 30000);
const url = `http://127.0.0.1:${port}/`;
const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
const size = (await getWhenUp(metricsUrl)).length;
console.log(
  `scrape storm: hello world under wrk (50 connections, ${values.duration}) with /metrics idle vs ${values.scrapers} scrapers back to back; exposition ${size} bytes; node ${process.version}; ${pinning.note}`,
);

function startStorm() {
  // On the load generator's CPU, like wrk: the storm's own work must not count against the app.
  const [cmd, args] = pinnedCommand(pinning, 'load', process.execPath, [join(BENCH_DIR, 'lib', 'scrape-storm-client.mjs')]);
  const child = spawn(cmd, args, {
    env: { ...process.env, STORM_URL: metricsUrl, STORM_CONNECTIONS: values.scrapers },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (c) => {
    out += c;
  });
  return async () => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    return JSON.parse(out.trim() || '{}');
  };
}

const rows = [];
try {
  await runWrk({ url, durationMs: 2000, connections: 50, pinning }); // warm-up
  for (let round = 1; round <= Number(values.rounds); round++) {
    const quiet = await runWrk({ url, durationMs, connections: 50, pinning });
    const stop = startStorm();
    const stormy = await runWrk({ url, durationMs, connections: 50, pinning });
    const scrapes = await stop();
    rows.push({ round, quietRps: quiet.requestsPerSec, stormRps: stormy.requestsPerSec, ratio: stormy.requestsPerSec / quiet.requestsPerSec, scrapes });
  }
} finally {
  await app.stop();
}
console.log(
  `\n${markdownTable(
    ['round', 'req/s, /metrics idle', `req/s, ${values.scrapers} scrapers`, 'ratio', 'scrape answers by status'],
    rows.map((r) => [r.round, fixed(r.quietRps, 0), fixed(r.stormRps, 0), fixed(r.ratio, 3), JSON.stringify(r.scrapes)]),
  )}`,
);
const worst = Math.min(...rows.map((r) => r.ratio));
console.log(`\nworst ratio (app throughput under the storm / without): ${fixed(worst, 3)}`);
writeResults('scrape-storm', startedAt, { scrapers: Number(values.scrapers), durationMs, exposition: size, rows });

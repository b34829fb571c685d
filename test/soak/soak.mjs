#!/usr/bin/env node
// On-demand soak: an instrumented Express + PostgreSQL app under steady load with ever-new paths,
// query strings and tenant values (a cardinality attack), for --minutes; samples the app's RSS and
// heap every 10 s and checks at the end that every served request was counted.
//   node test/soak/soak.mjs [--minutes 10] [--connections 50]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';

const ROOT = join(import.meta.dirname, '../..');
const { values } = parseArgs({ options: { minutes: { type: 'string', default: '10' }, connections: { type: 'string', default: '50' } } });
const seconds = Number(values.minutes) * 60;
const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const db = `perf_otel_soak_${process.pid}`;
const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
await admin.connect();
await admin.query(`CREATE DATABASE ${db}`);
const [port, metricsPort] = [await freePort(), await freePort()];
const app = spawn(process.execPath, ['--require', '@org/perf-otel/register', join(ROOT, 'test/e2e/fixtures/tenant-app.js')], {
  cwd: ROOT,
  stdio: ['ignore', 'pipe', 'inherit'],
  env: {
    ...process.env,
    PORT: String(port),
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${db}`,
    OTEL_SERVICE_NAME: 'soak',
    OTEL_METRICS_EXPORTER: 'prometheus',
    OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
    PERF_OTEL_TENANT_ATTRIBUTES: 'team=x-team-id',
  },
});
await new Promise((resolve) => app.stdout.on('data', (d) => String(d).includes('listening') && resolve()));

const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${app.pid}/status`, 'utf8'))[1]) / 1024;
const samples = [];
const sampler = setInterval(() => samples.push({ t: samples.length * 10, rssMb: rssMb() }), 10_000);
let n = 0;
console.log(`soak: ${values.minutes} min, ${values.connections} connections, new path and tenant every request`);
const result = await autocannon({
  url: `http://127.0.0.1:${port}`,
  connections: Number(values.connections),
  duration: seconds,
  requests: [{ setupRequest: (req) => ({ ...req, path: `/reports/${n++}?q=${n}`, headers: { 'x-team-id': `team-${n}` } }) }],
});
clearInterval(sampler);
const scrape = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
const counted = scrape
  .split('\n')
  .filter((l) => l.startsWith('http_server_request_duration_seconds_count'))
  .reduce((a, l) => a + Number(l.split(' ').pop()), 0);
const series = scrape.split('\n').filter((l) => l.startsWith('http_server_request_duration_seconds_count')).length;
app.kill('SIGTERM');
await new Promise((resolve) => app.on('exit', resolve));
await admin.query(`DROP DATABASE ${db} WITH (FORCE)`);
await admin.end();

console.log('\n| t (s) | RSS (MB) |\n|---|---|');
for (const s of samples) console.log(`| ${s.t} | ${s.rssMb.toFixed(1)} |`);
const served = result['2xx'] + result.non2xx;
console.log(
  `\nrequests completed by the client: ${served}; counted by perf-otel: ${counted} (includes requests in flight when the load stopped); series: ${series}`,
);
const first = samples[Math.min(2, samples.length - 1)]?.rssMb ?? 0;
const last = samples.at(-1)?.rssMb ?? 0;
console.log(`RSS after warm-up ${first.toFixed(1)} MB, at the end ${last.toFixed(1)} MB`);
process.exitCode = counted >= served && counted <= served + Number(values.connections) ? 0 : 1;

#!/usr/bin/env node
// `npm run demo`: starts the demo service under `--require @org/perf-otel/register` (PostgreSQL via
// PGlite over the pg wire protocol unless DATABASE_URL is set), drives load, then prints the insights
// report and writes it as HTML. Without --prometheus the report is built from the SDK's own /metrics,
// scraped every second during the run, so nothing but Node is needed.
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { InputError, insightsDocument, parseDuration, PrometheusClient, PrometheusSource, render, runInsights, ScrapeSource } from '@org/perf-otel-insights';
import { driveLoad } from './load.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(HERE, '../..');
export const DEMO_SERVICE_NAME = 'perf-otel-demo';
const USAGE = 'usage: npm run demo -- [--duration 20s] [--out report.html] [--prometheus URL --metrics-port 9464 --scrape-interval 15s]';
const SCRAPE_EVERY_MS = 1000;
const STARTUP_TIMEOUT_MS = 60000;
const log = (message) => process.stderr.write(`demo: ${message}\n`);

class DemoError extends Error {}

function options() {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      options: {
        duration: { type: 'string', default: '20s' },
        out: { type: 'string' },
        prometheus: { type: 'string' },
        'metrics-port': { type: 'string' },
        'scrape-interval': { type: 'string', default: '15s' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new DemoError(`${error.message}\n${USAGE}`);
  }
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const metricsPort = parsed['metrics-port'] === undefined ? undefined : Number(parsed['metrics-port']);
  if (metricsPort !== undefined && !(Number.isInteger(metricsPort) && metricsPort > 0 && metricsPort < 65536)) {
    throw new DemoError(`--metrics-port "${parsed['metrics-port']}" is not a port; write e.g. --metrics-port 9464`);
  }
  try {
    return {
      durationSeconds: parseDuration(parsed.duration, '--duration'),
      scrapeIntervalSeconds: parseDuration(parsed['scrape-interval'], '--scrape-interval'),
      out: parsed.out,
      prometheus: parsed.prometheus,
      metricsPort,
    };
  } catch (error) {
    if (error instanceof InputError) throw new DemoError(error.message);
    throw error;
  }
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** PGlite served over the pg wire protocol: one connection at a time, so the service's pool max is 1. */
async function startEmbeddedPostgres() {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const db = await PGlite.create();
  const port = await freePort();
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1' });
  await server.start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    poolMax: 1,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

function startService({ port, metricsPort, databaseUrl, poolMax }) {
  const child = spawn(process.execPath, ['--require', '@org/perf-otel/register', join(HERE, 'service.js')], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      DB_POOL_MAX: String(poolMax),
      OTEL_SERVICE_NAME: DEMO_SERVICE_NAME,
      OTEL_RESOURCE_ATTRIBUTES: 'service.version=1.0.0,deployment.environment.name=demo',
      OTEL_METRICS_EXPORTER: 'prometheus',
      OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
      OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
      PERF_OTEL_TENANT_ATTRIBUTES: 'team=x-team-id,project=x-project-id',
      OTEL_LOG_LEVEL: 'warn',
      DEMO_EXIT_WITH_PARENT: '1',
    },
  });
  let output = '';
  const exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
  const ready = new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new DemoError(`the demo service did not start within ${STARTUP_TIMEOUT_MS / 1000} s:\n${output}`)), STARTUP_TIMEOUT_MS);
    const onData = (chunk) => {
      output += chunk;
      if (output.includes('listening')) {
        clearTimeout(timer);
        done();
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      output += chunk;
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      fail(new DemoError(`the demo service exited (${code ?? signal}) before it listened:\n${output}`));
    });
  });
  return {
    pid: child.pid,
    ready,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Scrapes the SDK's /metrics every second until stopped: the report's data when there is no Prometheus. */
function startScraping(source) {
  let failures = 0;
  const timer = setInterval(() => {
    source.scrape().catch(() => {
      failures++;
    });
  }, SCRAPE_EVERY_MS);
  return async () => {
    clearInterval(timer);
    await source.scrape();
    if (failures > 0) log(`${failures} scrape(s) of the SDK endpoint failed`);
  };
}

async function waitForPrometheus(client, expectedRequests, timeoutMs) {
  const query = `sum(http_server_request_duration_seconds_count{job="${DEMO_SERVICE_NAME}"})`;
  const deadline = Date.now() + timeoutMs;
  let seen = 0;
  while (Date.now() < deadline) {
    seen = (await client.instant(query))[0]?.value ?? 0;
    if (seen >= expectedRequests) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new DemoError(
    `Prometheus at ${client.url} has ${seen} of the ${expectedRequests} demo requests after ${timeoutMs / 1000} s; ` +
      "make it scrape the demo's metrics port (--metrics-port) every few seconds",
  );
}

async function main() {
  const opts = options();
  const cleanups = [];
  const cleanUp = async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => {});
  };
  process.once('SIGINT', () => {
    cleanUp().finally(() => process.exit(130));
  });
  try {
    let databaseUrl = process.env.DATABASE_URL;
    let poolMax = 5;
    if (!databaseUrl) {
      log('starting embedded PostgreSQL (PGlite over the pg wire protocol)');
      const db = await startEmbeddedPostgres();
      cleanups.push(() => db.stop());
      ({ url: databaseUrl, poolMax } = db);
    }
    const port = await freePort();
    const metricsPort = opts.metricsPort ?? (opts.prometheus ? 9464 : await freePort());
    log(`starting the demo service on http://127.0.0.1:${port} under --require @org/perf-otel/register (metrics on :${metricsPort}/metrics)`);
    const service = startService({ port, metricsPort, databaseUrl, poolMax });
    cleanups.push(() => service.stop());
    await service.ready;

    const client = opts.prometheus ? new PrometheusClient(opts.prometheus) : undefined;
    const scrapes = client ? undefined : new ScrapeSource(`http://127.0.0.1:${metricsPort}/metrics`);
    const stopScraping = scrapes ? startScraping(scrapes) : async () => {};
    const started = Date.now() / 1000;
    log(`driving load for ${opts.durationSeconds} s (5 routes, 3 teams, 2 projects; one client polls the slow report)`);
    const ticker = setInterval(() => log(`… ${Math.round(Date.now() / 1000 - started)} s`), 5000);
    const load = await driveLoad({ baseUrl: `http://127.0.0.1:${port}`, durationMs: opts.durationSeconds * 1000 });
    clearInterval(ticker);
    await stopScraping();
    log(
      `sent ${load.requests} requests: ${Object.entries(load.byStatus)
        .map(([s, n]) => `${n}× ${s}`)
        .join(', ')}`,
    );

    let source = scrapes;
    let scrapeIntervalSeconds = SCRAPE_EVERY_MS / 1000;
    if (client) {
      log(`waiting for Prometheus at ${client.url} to scrape the last requests`);
      await waitForPrometheus(client, load.requests, Math.max(30, 3 * opts.scrapeIntervalSeconds) * 1000);
      source = new PrometheusSource(client);
      scrapeIntervalSeconds = opts.scrapeIntervalSeconds;
    }
    const end = source.latestTime();
    const result = await runInsights(source, {
      service: DEMO_SERVICE_NAME,
      end,
      windowSeconds: Math.ceil(end - started) + 1,
      scrapeIntervalSeconds,
      progress: (message) => log(`analysing: ${message}`),
    });
    const doc = insightsDocument(result);
    process.stdout.write(render('table', result, doc));
    const out = opts.out ? resolve(opts.out) : join(await mkdtemp(join(tmpdir(), 'perf-otel-demo-')), 'report.html');
    await writeFile(out, render('html', result, doc));
    process.stdout.write(`\nHTML report: ${out}\n`);
  } finally {
    await cleanUp();
  }
}

main().catch((error) => {
  // One line for the user; DEMO_DEBUG=1 shows where an unexpected error came from.
  process.stderr.write(`demo: ${process.env.DEMO_DEBUG ? error.stack : error.message}\n`);
  process.exitCode = 1;
});

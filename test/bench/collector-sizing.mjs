#!/usr/bin/env node
// Collector sizing from measurement: many simulated app instances (test/load/otlp-senders.mjs, each
// with its own service.instance.id and a web service's series) export at a fixed rate into
//   push: agent (otelcol-agent.yaml) → gateway (main + remote-write + gateway overlays) → sinks
//   push-memory: the same without the gateway overlay (queues in memory, no remote-write WAL)
//   pull: one Collector (otelcol-config.yaml, the prometheus exporter holding every series) → sinks
// The sinks accept remote write and InfluxDB writes and discard them, so what is measured is the
// Collectors' own cost: CPU seconds (utime+stime from /proc) per data point, and resident memory
// against the number of active series. Two fleet sizes per topology give how the cost grows.
//   node test/bench/collector-sizing.mjs [--instances 100,400] [--interval 2000] [--seconds 30] [--topologies push,push-memory,pull]
// A Collector "keeps up" when its sending queues hold at most a few batches at the end: the points it
// accepted also left it (a WAL write that cannot keep up shows as a growing queue and heap).
// Needs collector/.build/dist/otelcol-perf-otel (npm run collector:build). Prints Markdown, writes JSON
// to test/bench/results/.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, getWhenUp, sleep } from './lib/net.mjs';
import { REPO_ROOT } from './lib/paths.mjs';
import { writeResults } from './lib/results.mjs';
import { fixed, markdownTable } from './lib/table.mjs';

const { values: opt } = parseArgs({
  options: {
    instances: { type: 'string', default: '100,400' },
    interval: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '10' },
    topologies: { type: 'string', default: 'push,push-memory,pull' },
  },
});
const BIN = join(REPO_ROOT, 'collector/.build/dist/otelcol-perf-otel');
const CONFIG = (f) => join(REPO_ROOT, 'collector', f);
const SENDERS = join(REPO_ROOT, 'test/load/otlp-senders.mjs');
const TICKS = 100; // USER_HZ of /proc/<pid>/stat on Linux
// The 'app' shape of otlp-senders: OTLP points and Prometheus series per instance.
const POINTS_PER_INSTANCE = 100;
const SERIES_PER_INSTANCE = 16 * 17 + 4 * 17 + 40 + 40;

/** A sink for remote write and InfluxDB line protocol: reads the body, answers 204. */
async function startSink() {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

async function startCollector(name, configs, env) {
  const ports = {
    grpc: await freePort(),
    http: await freePort(),
    prom: await freePort(),
    health: await freePort(),
    pprof: await freePort(),
    telemetry: await freePort(),
  };
  const child = spawn(
    BIN,
    configs.flatMap((c) => ['--config', CONFIG(c)]),
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        OTELCOL_OTLP_GRPC_ENDPOINT: `127.0.0.1:${ports.grpc}`,
        OTELCOL_OTLP_HTTP_ENDPOINT: `127.0.0.1:${ports.http}`,
        OTELCOL_PROMETHEUS_ENDPOINT: `127.0.0.1:${ports.prom}`,
        OTELCOL_HEALTH_CHECK_ENDPOINT: `127.0.0.1:${ports.health}`,
        OTELCOL_PPROF_ENDPOINT: `127.0.0.1:${ports.pprof}`,
        OTELCOL_TELEMETRY_HOST: '127.0.0.1',
        OTELCOL_TELEMETRY_PORT: String(ports.telemetry),
        OTELCOL_LOG_LEVEL: 'warn',
        ...env,
      },
    },
  );
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  try {
    await getWhenUp(`http://127.0.0.1:${ports.health}/`, 30000);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${name} did not start: ${e.message}\n${stderr}`, { cause: e });
  }
  return {
    name,
    child,
    ports,
    stop: () =>
      new Promise((r) => {
        child.once('exit', r);
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10000);
      }),
  };
}

function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}
const rssMiB = (pid) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024;

/** Live Go heap in MiB: pprof's heap profile with gc=1 runs a collection first and prints MemStats. */
async function liveHeapMiB(collector) {
  const text = await (await fetch(`http://127.0.0.1:${collector.ports.pprof}/debug/pprof/heap?gc=1&debug=1`)).text();
  return Number(/# HeapAlloc = (\d+)/.exec(text)[1]) / 1048576;
}

/** The sum of an otelcol_* counter on a Collector's telemetry. */
async function selfMetric(collector, name) {
  const text = await (await fetch(`http://127.0.0.1:${collector.ports.telemetry}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .reduce((s, l) => s + Number(l.split(' ').pop()), 0);
}

function runSenders(endpoint, instances, interval, seconds) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        SENDERS,
        '--endpoint',
        endpoint,
        '--service',
        'sizing',
        '--shape',
        'app',
        '--instances',
        String(instances),
        '--exports',
        '1000000',
        '--interval',
        String(interval),
        '--seconds',
        String(seconds),
        '--concurrency',
        String(Math.min(64, instances)),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`otlp-senders exited ${code}`))));
  });
}

async function measureTopology(topology, instances, interval, seconds, warmup) {
  const sink = await startSink();
  const storage = mkdtempSync(join(tmpdir(), 'otelcol-sizing-'));
  const backends = { OTELCOL_REMOTE_WRITE_ENDPOINT: `${sink.url}/api/v1/write`, OTELCOL_INFLUXDB_ENDPOINT: sink.url };
  const collectors = [];
  try {
    let entry;
    if (topology === 'push' || topology === 'push-memory') {
      const files = ['otelcol-config.yaml', 'otelcol-remote-write.yaml', ...(topology === 'push' ? ['otelcol-gateway.yaml'] : [])];
      const gateway = await startCollector('gateway', files, { ...backends, OTELCOL_STORAGE_DIR: join(storage, 'gateway') });
      const agent = await startCollector('agent', ['otelcol-agent.yaml'], {
        OTELCOL_GATEWAY_ENDPOINT: `127.0.0.1:${gateway.ports.grpc}`,
        OTELCOL_STORAGE_DIR: join(storage, 'agent'),
      });
      collectors.push(agent, gateway);
      entry = agent;
    } else {
      const single = await startCollector('pull collector', ['otelcol-config.yaml'], backends);
      collectors.push(single);
      entry = single;
    }
    const senders = runSenders(`http://127.0.0.1:${entry.ports.http}`, instances, interval, warmup + seconds);
    await sleep(warmup * 1000);
    const before = await Promise.all(
      collectors.map(async (c) => ({ cpu: cpuSeconds(c.child.pid), points: await selfMetric(c, 'otelcol_receiver_accepted_metric_points') })),
    );
    const t0 = process.hrtime.bigint();
    const rss = collectors.map(() => 0);
    for (let s = 0; s < seconds; s++) {
      await sleep(1000);
      collectors.forEach((c, i) => {
        rss[i] = Math.max(rss[i], rssMiB(c.child.pid));
      });
    }
    const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
    const after = await Promise.all(
      collectors.map(async (c) => ({ cpu: cpuSeconds(c.child.pid), points: await selfMetric(c, 'otelcol_receiver_accepted_metric_points') })),
    );
    // After the CPU window: the forced collection must not count as work.
    const heap = await Promise.all(collectors.map(liveHeapMiB));
    const queued = await Promise.all(collectors.map((c) => selfMetric(c, 'otelcol_exporter_queue_size')));
    const report = await senders;
    const statuses = Object.keys(report.byStatus).join(',');
    return collectors.map((c, i) => {
      const points = after[i].points - before[i].points;
      const cpu = after[i].cpu - before[i].cpu;
      return {
        topology,
        role: c.name,
        instances,
        series: instances * SERIES_PER_INSTANCE,
        senderStatuses: statuses,
        pointsPerSecond: points / elapsed,
        cores: cpu / elapsed,
        pointsPerCoreSecond: points / cpu,
        peakRssMiB: rss[i],
        liveHeapMiB: heap[i],
        queuedBatches: queued[i],
        keptUp: queued[i] <= 10,
      };
    });
  } finally {
    for (const c of collectors.reverse()) await c.stop();
    await sink.close();
    rmSync(storage, { recursive: true, force: true });
  }
}

const startedAt = new Date();
const sizes = opt.instances.split(',').map(Number);
const interval = Number(opt.interval);
const rows = [];
for (const topology of opt.topologies.split(',')) {
  for (const n of sizes) {
    process.stderr.write(`collector-sizing: ${topology}, ${n} instances every ${interval} ms …\n`);
    rows.push(...(await measureTopology(topology, n, interval, Number(opt.seconds), Number(opt.warmup))));
  }
}

// Memory per active series: the slope of the live heap between the two fleet sizes, per role, where
// both sizes kept up (a backlog is memory per point queued, not per series) (peak
// RSS also holds garbage not yet collected: without GOMEMLIMIT, Go lets the heap grow to twice the live set).
const slopes = {};
for (const key of new Set(rows.map((r) => `${r.topology}/${r.role}`))) {
  const [small, large] = rows.filter((r) => `${r.topology}/${r.role}` === key).sort((a, b) => a.series - b.series);
  if (small && large && large.series > small.series && small.keptUp && large.keptUp)
    slopes[key] = ((large.liveHeapMiB - small.liveHeapMiB) * 1048576) / (large.series - small.series);
}

console.log(
  `\n## Collector sizing (${sizes.join(' and ')} simulated instances, ${POINTS_PER_INSTANCE} OTLP points = ${SERIES_PER_INSTANCE} Prometheus series each, one export per instance every ${interval} ms; ${opt.seconds} s measured after ${opt.warmup} s)\n`,
);
console.log(
  markdownTable(
    [
      'topology',
      'role',
      'instances',
      'active series',
      'points/s in',
      'cores used',
      'points/s per core',
      'peak RSS MiB',
      'live heap MiB',
      'queued batches at end',
      'kept up',
      'sender answers',
    ],
    rows.map((r) => [
      r.topology,
      r.role,
      r.instances,
      r.series,
      fixed(r.pointsPerSecond, 0),
      fixed(r.cores, 2),
      fixed(r.pointsPerCoreSecond, 0),
      fixed(r.peakRssMiB, 0),
      fixed(r.liveHeapMiB, 0),
      r.queuedBatches,
      r.keptUp ? 'yes' : 'no',
      r.senderStatuses,
    ]),
  ),
);
console.log('\nMemory per active series (live-heap slope between the two sizes):');
for (const [key, bytes] of Object.entries(slopes)) console.log(`- ${key}: ${fixed(bytes, 0)} bytes/series`);
const file = writeResults('collector-sizing', startedAt, { options: opt, rows, bytesPerSeries: slopes });
console.log(`\nJSON: ${file}`);

#!/usr/bin/env node
// Instructions per request, counted by valgrind's callgrind instead of timed. The same binary, input
// and environment execute the same instructions whatever else the machine is doing, so costs of 1 %
// show up on a machine whose timings move by 25 % between runs (run.mjs's rounds). It counts work,
// not time: cache misses and pauses are not in it, which is why run.mjs stays the judge of the
// targets and this is the tool for finding and comparing costs (e.g. profiling on vs off).
//
// Each app runs under callgrind; a fixed-count client (keep-alive connections) sends --warmup
// requests, the app's instruction counters are read (callgrind_control), --requests more are sent,
// the counters are read again: the difference divided by --requests, for the event-loop thread and
// for all threads (V8's compiler and GC helpers included). V8 runs with --predictable by default:
// compilation and GC happen on the main thread at deterministic points, so two runs agree to about
// 0.1 % (without it, background compilation timing moves counts by 2-3 %).
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { AppProcess } from './lib/app-process.mjs';
import { cleanEnv, selectConfigurations } from './lib/configurations.mjs';
import { sendRequests } from './lib/fixed-load.mjs';
import { freePort } from './lib/net.mjs';
import { writeResults } from './lib/results.mjs';
import { selectScenarios } from './lib/scenarios.mjs';
import { scrapeCount } from './lib/scrape.mjs';
import { fixed, markdownTable } from './lib/table.mjs';

const run = promisify(execFile);
const HELP = `usage: node test/bench/instructions.mjs [options]
  --scenarios LIST   hello,express (default both; the pg and realistic scenarios are too slow under valgrind)
  --configs LIST     bare,perf-otel,perf-otel-tenants,perf-otel-profiling,otel-auto,prom-client
                     (default perf-otel,perf-otel-profiling,prom-client; bare is always run)
  --warmup N         requests before counting (default 20000)
  --requests N       requests counted (default 10000)
  --connections N    keep-alive connections (default 10)
  --parallel N       apps under valgrind at once (default: number of CPUs; counts do not depend on it)
  --out FILE         JSON results file (default test/bench/results/instructions-<timestamp>.json)
  --v8-flags FLAGS   node/V8 flags for every app (default "--predictable"; "" for production behaviour)`;
const { values } = parseArgs({
  options: {
    scenarios: { type: 'string', default: 'hello,express' },
    configs: { type: 'string', default: 'perf-otel,perf-otel-profiling,prom-client' },
    warmup: { type: 'string', default: '20000' },
    requests: { type: 'string', default: '10000' },
    'v8-flags': { type: 'string', default: '--predictable' },
    out: { type: 'string' },
    connections: { type: 'string', default: '10' },
    parallel: { type: 'string', default: String(cpus().length) },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const [warmup, requests, connections, parallel] = ['warmup', 'requests', 'connections', 'parallel'].map((k) => {
  const n = Number(values[k]);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${k} wants a positive integer, got "${values[k]}"`);
    process.exit(2);
  }
  return n;
});

for (const tool of ['valgrind', 'callgrind_control']) {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
  } catch (err) {
    if (err.code === 'ENOENT') {
      console.error(`${tool} not found: install valgrind (apt-get install valgrind) and run again.`);
      process.exit(2);
    }
  }
}
const scenarios = selectScenarios(values.scenarios.split(','));
const slow = scenarios.filter((s) => s.load !== 'http' || s.needsWork);
if (slow.length) {
  console.error(`${slow.map((s) => s.name).join(', ')}: not counted here (too slow under valgrind); use hello, express`);
  process.exit(2);
}
const { selected: configs, notes } = selectConfigurations(values.configs.split(','));

// Under callgrind an app runs about 50 times slower: generous timeouts, no pinning (counts do not care).
const START_TIMEOUT_MS = 300000;
const NO_PINNING = { pinned: false };
const V8_FLAGS = values['v8-flags'].split(' ').filter(Boolean);
// Periodic work (window ticks, event-loop-delay sampling, pushes) happens per second, not per request,
// and under valgrind a second holds about 50 times fewer requests: it would be charged to them 50
// times over, by however fast the machine happened to be. It is pushed out of the counted window
// here; idle-cost.mjs measures it.
const PERIODIC_OFF = { OTEL_METRIC_EXPORT_INTERVAL: '86400000', PERF_OTEL_EVENT_LOOP_DELAY_RESOLUTION_MS: '1000' };
const outDir = mkdtempSync(join(tmpdir(), 'perf-otel-instructions-'));
const startedAt = new Date();

/** Instructions executed so far, per valgrind thread ("Th 1" is the event loop). */
async function counters(pid) {
  const { stdout } = await run('callgrind_control', ['-e', 'Ir', String(pid)]);
  const threads = [...stdout.matchAll(/^\s*Th (\d+)\s+([\d,]+)/gm)].map((m) => ({ thread: Number(m[1]), ir: Number(m[2].replaceAll(',', '')) }));
  if (threads.length === 0) throw new Error(`callgrind_control printed no counters:\n${stdout}`);
  return { main: threads.find((t) => t.thread === 1)?.ir ?? 0, all: threads.reduce((sum, t) => sum + t.ir, 0) };
}

async function count(scenario, config) {
  const metricsPort = config.names ? await freePort() : null;
  const env = cleanEnv({ ...config.env(metricsPort), ...PERIODIC_OFF, OTEL_SERVICE_NAME: `bench-${scenario.name}` });
  const wrapper = ['valgrind', '--tool=callgrind', '--smc-check=all-non-file', `--callgrind-out-file=${join(outDir, `${scenario.name}-${config.name}.%p`)}`];
  const app = new AppProcess({ app: scenario.app, nodeArgs: [...V8_FLAGS, ...config.nodeArgs], env, pinning: NO_PINNING, wrapper });
  try {
    const { port } = await app.next('ready', START_TIMEOUT_MS);
    const load = (n) => sendRequests({ port, path: scenario.path, count: n, connections });
    const warm = await load(warmup);
    const before = await counters(app.child.pid);
    const measured = await load(requests);
    const after = await counters(app.child.pid);
    const { served } = await app.stats();
    const failed = warm.failed + measured.failed;
    const recorded = config.names ? (await scrapeCount(metricsPort, config.names[scenario.counts], START_TIMEOUT_MS)).count : null;
    return { main: (after.main - before.main) / requests, all: (after.all - before.all) / requests, served, recorded, failed };
  } catch (err) {
    return { error: err.message };
  } finally {
    await app.stop();
  }
}

console.log(
  `perf-otel instructions: ${requests} requests counted after ${warmup} warm-up requests, ${connections} keep-alive connections, ` +
    `${parallel} app(s) under callgrind at once; node ${process.version} ${V8_FLAGS.join(' ')}`,
);
for (const n of notes) console.log(`note: ${n}`);

const jobs = scenarios.flatMap((scenario) => configs.map((config) => ({ scenario, config })));
const results = {};
let next = 0;
await Promise.all(
  Array.from({ length: Math.min(parallel, jobs.length) }, async () => {
    while (next < jobs.length) {
      const { scenario, config } = jobs[next++];
      process.stderr.write(`${scenario.name} ${config.name} …\n`);
      (results[scenario.name] ??= {})[config.name] = await count(scenario, config);
    }
  }),
);
rmSync(outDir, { recursive: true, force: true });

const status = (r) =>
  r.error
    ? 'ERROR'
    : r.failed
      ? `${r.failed} FAILED REQUESTS`
      : r.recorded === null
        ? 'ok'
        : r.recorded === 0
          ? 'RECORDED NOTHING'
          : r.recorded !== r.served
            ? `COUNT MISMATCH (${r.recorded - r.served})`
            : 'ok';
for (const scenario of scenarios) {
  const rows = results[scenario.name];
  const bare = rows.bare;
  const ratio = (r, k) => (bare?.[k] && r[k] ? `${fixed(r[k] / bare[k], 3)}x` : '-');
  console.log(`\n### ${scenario.name}: ${scenario.title}`);
  console.log(
    markdownTable(
      ['configuration', 'instructions/request (event loop)', 'vs bare', 'instructions/request (all threads)', 'vs bare', 'recorded / sent', 'status'],
      configs.map(({ name }) => {
        const r = rows[name];
        return r.error
          ? [name, '-', '-', '-', '-', '-', 'ERROR']
          : [name, fixed(r.main, 0), ratio(r, 'main'), fixed(r.all, 0), ratio(r, 'all'), `${r.recorded ?? '-'} / ${r.served}`, status(r)];
      }),
    ),
  );
  for (const { name } of configs) if (rows[name].error) console.log(`  ${name}: ${rows[name].error.split('\n')[0]}`);
  // A variant of perf-otel (tenants on, profiling idle) next to plain perf-otel: what the option costs.
  const base = rows['perf-otel'];
  for (const { name } of configs.filter((c) => c.name.startsWith('perf-otel-'))) {
    const r = rows[name];
    if (base?.main && r.main)
      console.log(
        `${name} vs perf-otel: ${r.main - base.main >= 0 ? '+' : ''}${fixed(r.main - base.main, 0)} instructions/request on the event loop (${fixed((r.main / base.main - 1) * 100, 2)} %)`,
      );
  }
}
console.log(`\nresults: ${writeResults('instructions', startedAt, { warmup, requests, connections, v8Flags: V8_FLAGS, notes, results }, values.out)}`);

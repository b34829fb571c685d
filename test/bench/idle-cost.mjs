#!/usr/bin/env node
// CPU an idle service spends on metrics: bare vs perf-otel (host + runtime metrics, OTLP push every
// 10 s) vs perf-otel with the profiling control channel on (and idle: issue 10 wants it to cost
// nothing) vs upstream's auto-instrumentations register (its defaults, same push), side by side, as
// % of one core over the same window. Usage: idle-cost.mjs [--seconds 30]
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { APPS_DIR } from './lib/paths.mjs';
import { selectConfigurations, cleanEnv } from './lib/configurations.mjs';
import { detectPinning } from './lib/pinning.mjs';
import { AppProcess } from './lib/app-process.mjs';
import { startOtlpSink } from './lib/otlp-sink.mjs';
import { markdownTable, fixed } from './lib/table.mjs';
import { writeResults } from './lib/results.mjs';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '30' }, interval: { type: 'string', default: '10000' } } });
const idleMs = Number(values.seconds) * 1000;
// Steady state: the window opens after the first export, whose one-time cost (loading and compiling
// the exporter) is start-up, measured by startup.mjs, not collection.
const settleMs = Number(values.interval) + 2000;
const startedAt = new Date();
const pinning = detectPinning();
const { selected, notes } = selectConfigurations(['perf-otel', 'perf-otel-profiling', 'otel-auto']);

const push = (sink) => ({
  OTEL_METRICS_EXPORTER: 'otlp',
  OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/protobuf',
  OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: sink.url,
  OTEL_METRIC_EXPORT_INTERVAL: values.interval,
});

console.log(
  `idle cost: ${values.seconds}s idle window after ${settleMs / 1000}s settling (past the first export), export interval ${values.interval} ms, processes side by side; node ${process.version}; ${pinning.note}`,
);
for (const n of notes) console.log(`note: ${n}`);

// Side by side on the same CPU: idle processes barely disturb each other, and share the same window.
const runs = await Promise.all(
  selected.map(async ({ name, nodeArgs, ownEnv }) => {
    const sink = await startOtlpSink();
    const env = cleanEnv({
      ...(name === 'bare' ? {} : push(sink)),
      ...ownEnv,
      OTEL_SERVICE_NAME: 'bench-idle',
      BENCH_IDLE_MS: String(idleMs),
      BENCH_SETTLE_MS: String(settleMs),
    });
    const app = new AppProcess({ app: join(APPS_DIR, 'idle.cjs'), nodeArgs, env, pinning });
    try {
      await app.next('ready', 30000);
      const { result } = await app.next('result', settleMs + idleMs + 60000);
      return { configuration: name, ...result, corePercent: (result.cpuUs / 1000 / result.wallMs) * 100, exports: name === 'bare' ? null : sink.exports };
    } finally {
      await app.stop();
      await sink.close();
    }
  }),
);

const bare = runs.find((r) => r.configuration === 'bare');
for (const r of runs) r.addedPercent = r.corePercent - bare.corePercent;
console.log(
  `\n${markdownTable(
    ['configuration', 'CPU ms in window', '% of one core', 'added vs bare (% core)', 'OTLP exports received'],
    runs.map((r) => [
      r.configuration,
      fixed(r.cpuUs / 1000, 1),
      fixed(r.corePercent, 3),
      fixed(r.addedPercent, 3),
      r.exports === null ? '-' : r.exports === 0 ? '0 RECORDED NOTHING' : r.exports,
    ]),
  )}`,
);

const ours = runs.find((r) => r.configuration === 'perf-otel');
const target = !ours
  ? { verdict: 'SKIPPED', why: notes.join('; ') }
  : ours.exports === 0
    ? { verdict: 'FAIL', why: 'perf-otel exported nothing' }
    : { added: ours.addedPercent, verdict: ours.addedPercent < 0.5 ? 'PASS' : 'FAIL' };
console.log(
  `\ntarget: host + runtime collection at a ${values.interval} ms interval under 0.5% of one core: ${target.verdict}` +
    (target.why ? ` (${target.why})` : ` (${fixed(target.added, 3)}%)`),
);
const profiling = runs.find((r) => r.configuration === 'perf-otel-profiling');
if (ours && profiling) console.log(`profiling control channel on and idle vs perf-otel: ${fixed(profiling.corePercent - ours.corePercent, 3)} % of one core`);
console.log(`results: ${writeResults('idle-cost', startedAt, { pinning, idleMs, interval: values.interval, notes, runs, target })}`);

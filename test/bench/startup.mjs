#!/usr/bin/env node
// `--require` start-up cost: wall time of `node [--require register] -e 'process.exit(0)'`, bare vs
// perf-otel's register vs upstream's auto-instrumentations register (same environment as run.mjs),
// repeated interleaved (hyperfine-like: warm-up runs, then medians). Usage: startup.mjs [--runs 20]
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { CONFIGURATIONS, selectConfigurations, cleanEnv } from './lib/configurations.mjs';
import { detectPinning, pinnedCommand } from './lib/pinning.mjs';
import { freePort } from './lib/net.mjs';
import { median } from './lib/stats.mjs';
import { markdownTable, fixed } from './lib/table.mjs';
import { writeResults } from './lib/results.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' }, warmup: { type: 'string', default: '3' } } });
const runs = Number(values.runs);
const warmup = Number(values.warmup);
const startedAt = new Date();
const pinning = detectPinning();
const REQUIRED = CONFIGURATIONS.filter((c) => c.nodeArgs.length > 0).map((c) => c.name); // prom-client is no --require
const { selected, notes } = selectConfigurations(REQUIRED);
console.log(`start-up: ${runs} runs each after ${warmup} warm-up, interleaved; node ${process.version}; ${pinning.note}`);
for (const n of notes) console.log(`note: ${n}`);

const subjects = await Promise.all(
  selected.map(async (c) => ({ name: c.name, args: [...c.nodeArgs, '-e', 'process.exit(0)'], env: cleanEnv(c.env(await freePort())) })),
);

function once(subject) {
  const [cmd, args] = pinnedCommand(pinning, 'app', process.execPath, subject.args);
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env: subject.env, stdio: ['ignore', 'ignore', 'pipe'], timeout: 60000 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${subject.name} exited ${r.status ?? r.signal}: ${r.stderr}`);
  return ms;
}

const times = Object.fromEntries(subjects.map((s) => [s.name, []]));
for (let i = 0; i < warmup + runs; i++) {
  for (let k = 0; k < subjects.length; k++) {
    const s = subjects[(i + k) % subjects.length];
    const ms = once(s);
    if (i >= warmup) times[s.name].push(ms);
  }
}

const bare = median(times.bare);
const rows = subjects.map((s) => {
  const m = median(times[s.name]);
  return { configuration: s.name, medianMs: m, minMs: Math.min(...times[s.name]), maxMs: Math.max(...times[s.name]), addedMs: m - bare, ratio: m / bare };
});
console.log(
  `\n${markdownTable(
    ['configuration', 'median ms', 'min–max ms', 'added vs bare (ms)', 'vs bare'],
    rows.map((r) => [r.configuration, fixed(r.medianMs, 1), `${fixed(r.minMs, 1)}–${fixed(r.maxMs, 1)}`, fixed(r.addedMs, 1), `${fixed(r.ratio)}x`]),
  )}`,
);

const ours = rows.find((r) => r.configuration === 'perf-otel');
const upstream = rows.find((r) => r.configuration === 'otel-auto');
const target = !ours
  ? { verdict: 'SKIPPED', why: notes.join('; ') }
  : { ours: ours.addedMs, upstream: upstream.addedMs, verdict: ours.addedMs < upstream.addedMs ? 'PASS' : 'FAIL' };
console.log(
  `\ntarget: perf-otel's register adds less start-up time than upstream's: ${target.verdict}` +
    (ours ? ` (${fixed(ours.addedMs, 1)} ms vs ${fixed(upstream.addedMs, 1)} ms)` : ` (${target.why})`),
);
console.log(`results: ${writeResults('startup', startedAt, { pinning, runs, warmup, notes, rows, times, target })}`);

#!/usr/bin/env node
// `npm run bench`: bare vs perf-otel vs auto-instrumentations-node vs prom-client, interleaved round
// by round, each app in a fresh process; prints ratios to bare in the same round and what each
// configuration really recorded, and writes the same as JSON under test/bench/results/.
import { cpus } from 'node:os';
import { parseOptions } from './lib/cli.mjs';
import { selectConfigurations } from './lib/configurations.mjs';
import { selectScenarios, externalScenario } from './lib/scenarios.mjs';
import { detectPinning } from './lib/pinning.mjs';
import { calibrateWork } from './lib/calibrate.mjs';
import { measure } from './lib/measure.mjs';
import { summariseScenario } from './lib/summary.mjs';
import { evaluateTargets } from './lib/targets.mjs';
import { scenarioTable, targetsTable } from './lib/report.mjs';
import { writeResults } from './lib/results.mjs';
import { requireWrk } from './lib/wrk.mjs';

const opts = parseOptions(process.argv.slice(2));
const { selected: configs, notes } = selectConfigurations(opts.configs);
const scenarios = selectScenarios(opts.scenarios, opts.app && externalScenario(opts.app, opts.appPath));
// An external app knows nothing of BENCH_PROM_CLIENT_PORT: prom-client would only record nothing.
const configsFor = (scenario) => configs.filter((c) => !scenario.external || c.name !== 'prom-client');
if (scenarios.some((s) => s.load === 'http')) requireWrk();
const pinning = detectPinning();
const startedAt = new Date();

const say = (line) => process.stderr.write(`${line}\n`);
console.log(
  `perf-otel bench: ${opts.rounds} round(s), ${opts.durationMs / 1000}s measured after ${opts.warmupMs / 1000}s warm-up, ` +
    `${opts.connections} connections; node ${process.version}; ${cpus().length} CPU(s); ${pinning.note}`,
);
for (const n of notes) console.log(`note: ${n}`);

const workIterations = scenarios.some((s) => s.needsWork) ? await calibrateWork(pinning) : null;
if (workIterations) console.log(`realistic handler: ${workIterations} iterations of its CPU work ≈ 1 ms (calibrated)`);

/** rounds[scenario][round][config] */
const rounds = Object.fromEntries(scenarios.map((s) => [s.name, []]));
for (let round = 0; round < opts.rounds; round++) {
  for (const scenario of scenarios) {
    const results = {};
    // Rotate the order each round so no configuration always runs first (or right after another).
    const list = configsFor(scenario);
    const order = list.map((_, i) => list[(i + round) % list.length]);
    for (const config of order) {
      say(`round ${round + 1}/${opts.rounds} ${scenario.name} ${config.name} …`);
      const r = await measure({ scenario, config, opts, pinning, workIterations });
      results[config.name] = r;
      say(
        r.error
          ? `  error: ${r.error.split('\n')[0]}`
          : `  ${r.throughput.toFixed(0)}/s, p99 ${r.p99Ms.toFixed(2)} ms, recorded ${r.recorded ?? '-'} / sent ${r.sent}`,
      );
    }
    rounds[scenario.name].push(results);
  }
}

const rowsByScenario = Object.fromEntries(scenarios.map((s) => [s.name, summariseScenario(configsFor(s), rounds[s.name])]));
const skippedNote = notes.find((n) => n.startsWith('perf-otel'));
const targets = evaluateTargets(rowsByScenario, 'perf-otel', skippedNote);

for (const s of scenarios) console.log(`\n${scenarioTable(s, rowsByScenario[s.name])}`);
console.log(`\n${targetsTable(targets)}`);

const out = writeResults(
  '',
  startedAt,
  {
    cpus: cpus().length,
    options: opts,
    pinning,
    notes,
    workIterations,
    configurations: configs.map((c) => c.name),
    scenarios: Object.fromEntries(scenarios.map((s) => [s.name, { title: s.title, rows: rowsByScenario[s.name], rounds: rounds[s.name] }])),
    targets,
  },
  opts.out,
);
console.log(`\nresults: ${out}`);

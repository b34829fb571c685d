#!/usr/bin/env node
// Hot-path cost of one histogram record with 4 attributes, heap per active series and heap after
// 100 000 distinct attribute sets: sdk-metrics vs prom-client vs perf-otel's fast path (when its
// dist exports one). Each measurement runs alone in a child with --expose-gc, on the app CPU if pinned.
import { join } from 'node:path';
import { BENCH_DIR } from './lib/paths.mjs';
import { detectPinning } from './lib/pinning.mjs';
import { nodeJson } from './lib/node-child.mjs';
import { markdownTable, fixed } from './lib/table.mjs';
import { writeResults } from './lib/results.mjs';
import { median } from './lib/stats.mjs';
import { SUBJECTS } from './record-cost/subjects.mjs';

const FAST = 'perf-otel fast path';
const startedAt = new Date();
const pinning = detectPinning();
console.log(`record cost: node ${process.version}; ${pinning.note}`);

const NS_ROUNDS = 3;
const measureOnce = (name, phase) => nodeJson(pinning, ['--expose-gc', join(BENCH_DIR, 'record-cost', 'child.mjs'), name, phase]);
const results = Object.fromEntries(Object.keys(SUBJECTS).map((name) => [name, { nsRounds: [] }]));
// Timings interleave the subjects round by round (the machine's mood hits all alike); memory is
// deterministic enough to measure once.
for (let round = 0; round < NS_ROUNDS; round++) {
  for (const [name, r] of Object.entries(results)) {
    if (r.skipped) continue;
    process.stderr.write(`${name}: ns round ${round + 1} …\n`);
    const { nsPerRecord, ...rest } = await measureOnce(name, 'ns');
    Object.assign(r, rest);
    if (nsPerRecord !== undefined) r.nsRounds.push(nsPerRecord);
  }
}
for (const [name, r] of Object.entries(results)) {
  if (r.skipped) continue;
  r.nsPerRecord = median(r.nsRounds);
  for (const phase of ['active', '10k', '100k']) Object.assign(r, await measureOnce(name, phase));
}

const kb = (bytes) => `${fixed(bytes / 1024, 0)} KB`;
const sdk = results['sdk-metrics Histogram.record'];
const rows = Object.entries(results).map(([name, r]) =>
  r.skipped
    ? [name, 'skipped', '-', '-', '-', '-']
    : [
        name,
        fixed(r.nsPerRecord, 0),
        `${fixed(r.nsPerRecord / sdk.nsPerRecord)}x`,
        fixed(r.bytesPerSeries, 0),
        `${kb(r.heap10k)} (${r.series10k} series)`,
        `${kb(r.heap100k)} (${r.series100k} series)`,
      ],
);
console.log(
  `\n${markdownTable(['histogram', `ns / record (4 attributes, median of ${NS_ROUNDS})`, 'vs sdk-metrics', 'heap bytes / active series', 'heap after 10 000 sets', 'heap after 100 000 sets'], rows)}`,
);
for (const [name, r] of Object.entries(results)) {
  if (r.skipped) console.log(`  ${name} skipped: ${r.skipped}`);
  if (r.from) console.log(`  ${name} taken from ${r.from}`);
}

// Flat: 100 000 distinct sets cost about what 10 000 do (the overflow series takes the rest).
const flat = (r) => r.heap100k <= 1.25 * r.heap10k + 256 * 1024;
const fast = results[FAST];
const targets = fast.skipped
  ? [{ target: 'perf-otel fast path', verdict: 'SKIPPED', why: 'see above' }]
  : [
      { target: 'record with 4 attributes <= 250 ns', value: `${fixed(fast.nsPerRecord, 0)} ns`, verdict: fast.nsPerRecord <= 250 ? 'PASS' : 'FAIL' },
      { target: 'heap per active series <= 500 bytes', value: `${fixed(fast.bytesPerSeries, 0)} bytes`, verdict: fast.bytesPerSeries <= 500 ? 'PASS' : 'FAIL' },
      {
        target: 'memory flat under 100 000 distinct attribute sets',
        value: `${kb(fast.heap100k)} (10 000 sets: ${kb(fast.heap10k)})`,
        verdict: flat(fast) ? 'PASS' : 'FAIL',
      },
    ];
console.log(
  `\n### Targets (issue 3)\n${markdownTable(
    ['target', 'measured', 'verdict'],
    targets.map((t) => [t.target, t.value ?? '-', t.verdict + (t.why ? ` (${t.why})` : '')]),
  )}`,
);
console.log(`\nresults: ${writeResults('record-cost', startedAt, { pinning, subjects: results, targets })}`);

// What run.mjs prints: one table per scenario and the targets' verdicts.
import { markdownTable, fixed, ratioText } from './table.mjs';

function unitOf(scenario) {
  return scenario.load === 'http' ? 'req/s' : 'ops/s';
}

function sentText(row) {
  const wrk = row.wrkCompleted !== undefined ? ` (wrk: ${row.wrkCompleted})` : '';
  return row.recorded === null ? `- / ${row.sent}${wrk}` : `${row.recorded} / ${row.sent}${wrk}`;
}

export function scenarioTable(scenario, rows) {
  const header = [
    'configuration',
    `${unitOf(scenario)} (median)`,
    'throughput vs bare',
    'p99 ms (median)',
    'p99 vs bare',
    'CPU µs/op',
    'CPU/op vs bare',
    'recorded / sent',
    'status',
  ];
  const body = rows.map((r) => [
    r.configuration,
    fixed(r.throughput, 0),
    r.configuration === 'bare' ? '1.00' : ratioText(r.throughputRatio),
    fixed(r.p99Ms, 2),
    r.configuration === 'bare' ? '1.00x' : ratioText(r.p99Ratio, 'x'),
    fixed(r.cpuPerOpUs, 1),
    r.configuration === 'bare' ? '1.00x' : ratioText(r.cpuRatio, 'x'),
    sentText(r),
    r.status,
  ]);
  const notes = rows.flatMap((r) =>
    [...(r.notes ?? []), ...(r.errors ?? []).slice(0, 1).map((e) => e.split('\n')[0])].map((n) => `  ${r.configuration}: ${n}`),
  );
  return [`### ${scenario.name}: ${scenario.title}`, markdownTable(header, body), ...notes].join('\n');
}

export function targetsTable(verdicts) {
  const body = verdicts.map((v) => [v.target, fixed(v.value, 3), fixed(v.cpuImplied, 3), v.verdict, v.why ?? '']);
  return ['### Targets (issue 3), perf-otel, median of rounds', markdownTable(['target', 'measured', 'implied by CPU/op', 'verdict', 'note'], body)].join('\n');
}

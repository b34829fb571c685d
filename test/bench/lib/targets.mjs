// The targets of issue 3 that run.mjs can check, evaluated on perf-otel's median ratios.
import { counts } from './summary.mjs';

export const TARGETS = [
  { scenario: 'hello', ratio: 'throughputRatio', atLeast: 0.9, label: 'hello world throughput >= 0.90 of bare' },
  { scenario: 'hello', ratio: 'p99Ratio', atMost: 1.3, label: 'hello world p99 <= 1.3x bare' },
  { scenario: 'realistic', ratio: 'throughputRatio', atLeast: 0.98, label: 'realistic handler throughput >= 0.98 of bare' },
  { scenario: 'pg-seq', ratio: 'throughputRatio', atLeast: 0.9, label: 'pg SELECT 1 sequential >= 0.90 of bare' },
  { scenario: 'pg-50', ratio: 'throughputRatio', atLeast: 0.9, label: 'pg SELECT 1, 50 concurrent >= 0.90 of bare' },
];

/** @param rowsByScenario Record<scenario, rows>; @param skipped notes of configurations not run */
export function evaluateTargets(rowsByScenario, configuration, skippedNote) {
  return TARGETS.map((t) => {
    const base = { target: t.label, configuration };
    const rows = rowsByScenario[t.scenario];
    if (!rows) return { ...base, verdict: 'NOT RUN', why: `scenario ${t.scenario} not selected` };
    const row = rows.find((r) => r.configuration === configuration);
    if (!row) return { ...base, verdict: 'SKIPPED', why: skippedNote ?? `${configuration} not selected` };
    if (!counts(row)) return { ...base, verdict: 'FAIL', why: row.status };
    const value = row[t.ratio].median;
    const pass = t.atLeast !== undefined ? value >= t.atLeast : value <= t.atMost;
    // A cross-check that other load on the machine disturbs less: bare's CPU per op ÷ this one's.
    const cpuImplied = t.ratio === 'throughputRatio' && row.cpuRatio ? 1 / row.cpuRatio.median : undefined;
    return { ...base, value, cpuImplied, verdict: pass ? 'PASS' : 'FAIL', ...(row.status === 'ok' ? {} : { why: row.status }) };
  });
}

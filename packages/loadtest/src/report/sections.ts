// The report's content as titled tables of strings, so the terminal table, Markdown and HTML show
// exactly the same numbers and only differ in layout.
import type { StageLoad } from '../scenario/scenario';
import { formatActual } from '../results/check-thresholds';
import { CONNECTION_ERROR, TIMEOUT, type MetricVerdict, type RequestStats, type RunResult, type ServerMetrics } from '../results/run-result';

export interface Section {
  title: string;
  header: string[];
  rows: string[][];
  /** Rows (by index) that failed: thresholds not met, regressions. */
  failed?: number[];
}

const ms = (value: number) => value.toFixed(1);
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const pct = (fraction: number) => `${(fraction * 100).toFixed(2)}%`;
const orDash = <T>(value: T | null | undefined, format: (value: T) => string) => (value === null || value === undefined ? '-' : format(value));

export function describeLoad(load: StageLoad): string {
  if (load.kind === 'connections') return `${load.connections} connections`;
  return load.from === load.to ? `${load.to} req/s` : `${load.from}→${load.to} req/s`;
}

/** The open-model rate a stage declares (a ramp's mean); undefined for closed-model stages. */
export function declaredRate(load: StageLoad): number | undefined {
  return load.kind === 'rate' ? (load.from + load.to) / 2 : undefined;
}

/** An open-model stage that sent less than this share of its declared rate did not deliver its load. */
const DELIVERED_SHARE = 0.95;

function statsRow(label: string, load: string, stats: RequestStats): string[] {
  const latency = stats.latencyMs;
  return [
    label,
    load,
    orDash(stats.achievedRate, (rate) => `${rate.toFixed(1)} req/s`),
    String(stats.requests),
    stats.throughput.toFixed(1),
    ms(latency.p50),
    ms(latency.p90),
    ms(latency.p95),
    ms(latency.p99),
    ms(latency.max),
    String(stats.errors),
    pct(stats.errorRate),
  ];
}

function stagesSection(result: RunResult): Section {
  const rows: string[][] = [];
  for (const stage of result.stages) {
    rows.push(statsRow(stage.warmup ? `${stage.name} (warm-up)` : stage.name, describeLoad(stage.load), stage.total));
    for (const [name, stats] of Object.entries(stage.requests)) rows.push(statsRow(`  ${name}`, '', stats));
  }
  rows.push(statsRow('all stages', '', result.total));
  return {
    title: `Stages (load declared and achieved (sent/s); answered/s; latency in ms, corrected for coordinated omission${result.repeats > 1 ? `; ${result.repeats} runs pooled` : ''})`,
    header: ['stage / request', 'load', 'achieved', 'requests', 'answered/s', 'p50', 'p90', 'p95', 'p99', 'max', 'errors', 'error rate'],
    rows,
  };
}

const isError = (status: string) => status === CONNECTION_ERROR || status === TIMEOUT || Number(status) >= 400;

function errorsSection(result: RunResult): Section | undefined {
  const rows = result.stages.flatMap((stage) =>
    Object.entries(stage.requests).flatMap(([name, stats]) =>
      Object.entries(stats.statuses)
        .filter(([status]) => isError(status))
        .map(([status, count]) => [stage.name, name, status, String(count)]),
    ),
  );
  return rows.length === 0 ? undefined : { title: 'Errors by status', header: ['stage', 'request', 'status', 'count'], rows };
}

function serverRow(label: string, clientRequests: number, server: ServerMetrics): string[] {
  return [
    label,
    orDash(server.cpuUtilization, (range) => `${pct(range.mean)} / ${pct(range.max)}`),
    orDash(server.heapUsedBytes, (range) => `${mb(range.mean)} / ${mb(range.max)}`),
    orDash(server.gcSeconds, (seconds) => `${ms(seconds * 1000)} (${server.gcCount ?? 0})`),
    orDash(server.eventLoopDelayP99Seconds, (range) => `${ms(range.mean * 1000)} / ${ms(range.max * 1000)}`),
    orDash(server.dbConnectionWaitMeanSeconds, (seconds) => `${ms(seconds * 1000)} (${server.dbConnectionWaits ?? 0})`),
    orDash(server.httpServerRequests, (count) => String(Math.round(count))),
    String(clientRequests),
  ];
}

function serverSection(result: RunResult): Section | undefined {
  if (!result.server) return undefined;
  const rows = result.stages.flatMap((stage) => (stage.server ? [serverRow(stage.name, stage.total.requests, stage.server)] : []));
  rows.push(serverRow('whole run', result.total.requests, result.server));
  return {
    title: 'Server side (Prometheus, same windows)',
    header: [
      'window',
      'CPU mean / max',
      'heap MB mean / max',
      'GC ms (count)',
      'event-loop p99 ms mean / max',
      'pool wait ms (waits)',
      'server requests',
      'client requests',
    ],
    rows,
  };
}

/** Open-model stages that sent clearly less than declared: their latencies were measured at a lower load. */
function undeliveredSection(result: RunResult): Section | undefined {
  const rows = result.stages.flatMap((stage) => {
    const declared = declaredRate(stage.load);
    if (declared === undefined || stage.total.achievedRate >= declared * DELIVERED_SHARE) return [];
    return [[stage.name, `${declared} req/s`, `${stage.total.achievedRate.toFixed(1)} req/s`, `${((stage.total.achievedRate / declared) * 100).toFixed(0)}%`]];
  });
  return rows.length === 0
    ? undefined
    : {
        title: 'Load not delivered (the load generator could not keep its rate: too few connections for the latency, or a busy machine)',
        header: ['stage', 'declared', 'achieved', 'share'],
        rows,
        failed: rows.map((_, index) => index),
      };
}

function thresholdsSection(result: RunResult): Section | undefined {
  const outcomes = [
    ...result.stages.flatMap((stage) => stage.thresholds.map((outcome) => ({ scope: stage.name, outcome }))),
    ...result.thresholds.map((outcome) => ({ scope: result.stages.some((stage) => stage.warmup) ? 'all but warm-up' : 'all stages', outcome })),
  ];
  if (outcomes.length === 0) return undefined;
  return {
    title: 'Thresholds',
    header: ['scope', 'threshold', 'actual', 'result'],
    rows: outcomes.map(({ scope, outcome }) => [scope, outcome.threshold, formatActual(outcome.threshold, outcome.actual), outcome.passed ? 'pass' : 'FAIL']),
    failed: outcomes.flatMap(({ outcome }, index) => (outcome.passed ? [] : [index])),
  };
}

function formatMetric(verdict: MetricVerdict, value: number | null): string {
  if (value === null) return '-';
  switch (verdict.metric) {
    case 'p95':
      return `${ms(value)} ms`;
    case 'throughput':
      return `${value.toFixed(1)} req/s`;
    case 'error_rate':
      return pct(value);
    case 'memory':
      return `${mb(value)} MB`;
  }
}

export function comparisonSection(result: RunResult): Section | undefined {
  const comparison = result.comparison;
  if (!comparison) return undefined;
  const verdicts = comparison.stages.flatMap((stage) => stage.verdicts.map((verdict) => ({ stage: stage.stage, verdict })));
  return {
    title: `Against baseline ${comparison.baselineFile} (better quartile of per-second samples; one-sided Mann-Whitney over all, alpha ${comparison.limits.alpha})`,
    header: ['stage', 'metric', 'baseline', 'current', 'change', 'allowed', 'p', 'verdict'],
    rows: verdicts.map(({ stage, verdict }) => [
      stage,
      verdict.metric,
      formatMetric(verdict, verdict.baseline),
      formatMetric(verdict, verdict.current),
      verdict.change || '-',
      verdict.limit || '-',
      orDash(verdict.pValue, (p) => p.toPrecision(2)),
      verdict.verdict === 'regression' ? 'REGRESSION' : verdict.note ? `${verdict.verdict} (${verdict.note})` : verdict.verdict,
    ]),
    failed: verdicts.flatMap(({ verdict }, index) => (verdict.verdict === 'regression' ? [index] : [])),
  };
}

export function reportSections(result: RunResult): Section[] {
  return [
    stagesSection(result),
    undeliveredSection(result),
    errorsSection(result),
    serverSection(result),
    thresholdsSection(result),
    comparisonSection(result),
  ].filter((section): section is Section => section !== undefined);
}

export function reportTitle(result: RunResult): string {
  return `perf-otel loadtest: ${result.scenario} against ${result.target}, ${result.startedAt}${result.repeats > 1 ? ` (${result.repeats} runs)` : ''}`;
}

/** The closing line: what CI will see as the reason for the exit code. */
export function verdictLine(result: RunResult): string {
  const failedThresholds = [...result.stages.flatMap((stage) => stage.thresholds), ...result.thresholds].filter((outcome) => !outcome.passed).length;
  const parts = [];
  if (failedThresholds > 0) parts.push(`${failedThresholds} threshold${failedThresholds > 1 ? 's' : ''} failed`);
  if (result.comparison?.regression) parts.push(`regression against ${result.comparison.baselineFile}`);
  return parts.length === 0 ? 'PASS: thresholds met' + (result.comparison ? ', no regression against the baseline' : '') : `FAIL: ${parts.join('; ')}`;
}

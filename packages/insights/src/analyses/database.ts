// Slowest DB operations (by mean and p95), statements over the slow-query threshold, and the table
// that takes most DB time (only where there is a table: `SELECT pg_sleep(1)` has none to index).
import { Finding } from '../findings';
import { DB_DURATION, DB_SLOW_QUERIES, LABEL_DB_OPERATION, LABEL_DB_SUMMARY, LABEL_DB_TABLE } from '../metric-names';
import { rangeFn, sumBy, toPromQL } from '../promql/expr';
import { histogramMean, histogramQuantile, histogramRate, histogramTimeRate } from '../promql/histogram-queries';
import { AnalysisContext } from './context';
import { byKey } from './labels';

export interface DbOperationStat {
  operation: string;
  /** The table it reads or writes; '' for statements without one (SELECT pg_sleep(1), SELECT 1). */
  table: string;
  rate: number;
  meanSeconds: number;
  p95Seconds: number;
  timeShare: number;
}

/** A DB operation whose p95 is above this is an alarm: most OLTP queries answer in milliseconds. */
export const DB_P95_WARNING_SECONDS = 0.1;
/** One slow statement in a window is an outlier; this many is a pattern worth a look. */
const MIN_SLOW_STATEMENTS = 3;
// The statement's summary ("SELECT orders") where the data has one keeps two statements on one
// table apart; without it, operation and table.
const OPERATION_LABELS = [LABEL_DB_OPERATION, LABEL_DB_TABLE, LABEL_DB_SUMMARY];
function operationName(l: Record<string, string>): string {
  const summary = l[LABEL_DB_SUMMARY];
  // A summary that is just the operation ("SELECT" for SELECT pg_sleep(1)) says more with "(no table)".
  if (summary && (l[LABEL_DB_TABLE] || summary !== l[LABEL_DB_OPERATION])) return summary;
  return `${l[LABEL_DB_OPERATION] || summary || '?'} ${l[LABEL_DB_TABLE] || '(no table)'}`;
}
const tableName = (l: Record<string, string>) => l[LABEL_DB_TABLE] ?? '';
const summaryName = (l: Record<string, string>) => l[LABEL_DB_SUMMARY] || '(statement without summary)';

function queries(ctx: AnalysisContext) {
  const w = ctx.windowSeconds;
  return {
    rate: histogramRate(DB_DURATION, OPERATION_LABELS, ctx.scope, w),
    mean: histogramMean(DB_DURATION, OPERATION_LABELS, ctx.scope, w),
    time: histogramTimeRate(DB_DURATION, OPERATION_LABELS, ctx.scope, w),
    p95: histogramQuantile(0.95, DB_DURATION, OPERATION_LABELS, ctx.scope, w),
    tableTime: histogramTimeRate(DB_DURATION, [LABEL_DB_TABLE], ctx.scope, w),
    slowStatements: sumBy([LABEL_DB_SUMMARY], rangeFn('increase', DB_SLOW_QUERIES, ctx.scope, w)),
  };
}

export async function dbOperationStats(ctx: AnalysisContext): Promise<DbOperationStat[]> {
  const q = queries(ctx);
  const [rateSamples, ...rest] = await Promise.all([q.rate, q.mean, q.time, q.p95].map((e) => ctx.source.instant(e, ctx.end)));
  const [rate, mean, time, p95] = [rateSamples, ...rest].map((samples) => byKey(samples, operationName));
  const tableOf = new Map(rateSamples.map((sample) => [operationName(sample.labels), tableName(sample.labels)]));
  const total = [...time.values()].reduce((a, b) => a + b, 0);
  return [...rate.entries()]
    .filter(([, r]) => r > 0)
    .map(([operation, r]) => ({
      operation,
      table: tableOf.get(operation) ?? '',
      rate: r,
      meanSeconds: mean.get(operation) ?? 0,
      p95Seconds: p95.get(operation) ?? NaN,
      timeShare: total > 0 ? (time.get(operation) ?? 0) / total : 0,
    }))
    .sort((a, b) => b.meanSeconds - a.meanSeconds);
}

export async function databaseFindings(stats: DbOperationStat[], ctx: AnalysisContext): Promise<Finding[]> {
  const q = queries(ctx);
  const slow: Finding[] = stats
    .filter((s) => s.p95Seconds > DB_P95_WARNING_SECONDS)
    .map((s) => ({
      id: `database:${s.operation}`,
      category: 'database',
      severity: 'warning',
      title: `DB ${s.operation}: p95 ${(s.p95Seconds * 1000).toFixed(0)} ms, mean ${(s.meanSeconds * 1000).toFixed(0)} ms`,
      subject: s.operation,
      evidence: [
        { label: 'p95 duration', value: s.p95Seconds, unit: 'seconds', query: toPromQL(q.p95) },
        { label: 'mean duration', value: s.meanSeconds, unit: 'seconds', query: toPromQL(q.mean) },
        { label: 'calls per second', value: s.rate, unit: 'per-second', query: toPromQL(q.rate) },
      ],
      actions: [
        s.table === ''
          ? 'It reads no table, so no index helps: the time is in the statement itself (a function, a sleep, a lock it waits for); PERF_OTEL_DB_SLOW_QUERY_MS logs its shape'
          : `Run EXPLAIN ANALYZE on this statement (PERF_OTEL_DB_SLOW_QUERY_MS logs its shape); add the missing index on ${s.table} or narrow the statement`,
        'If it is slow only under load, it waits on locks or the pool: see the pool findings',
      ],
      score: s.p95Seconds,
    }));
  const slowStatements: Finding[] = (await ctx.source.instant(q.slowStatements, ctx.end))
    .filter((sample) => sample.value >= MIN_SLOW_STATEMENTS)
    .map((sample) => ({
      id: `database:slow-statement:${summaryName(sample.labels)}`,
      category: 'database',
      severity: 'warning',
      title: `Slow statement ${summaryName(sample.labels)}: ${Math.round(sample.value)} run(s) over the slow-query threshold in this window`,
      subject: summaryName(sample.labels),
      evidence: [{ label: 'statements over PERF_OTEL_DB_SLOW_QUERY_MS', value: sample.value, unit: 'count', query: toPromQL(q.slowStatements) }],
      actions: ['The slow-query log records (OTLP logs) hold its sanitised text: run EXPLAIN ANALYZE on it and add the missing index or narrow it'],
      score: sample.value,
    }));
  const tables = byKey(await ctx.source.instant(q.tableTime, ctx.end), tableName);
  const total = [...tables.values()].reduce((a, b) => a + b, 0);
  const [top] = [...tables.entries()].filter(([table]) => table !== '').sort((a, b) => b[1] - a[1]);
  if (top === undefined || total === 0 || top[1] === 0) return [...slow, ...slowStatements];
  return [
    ...slow,
    ...slowStatements,
    {
      id: `database:table:${top[0]}`,
      category: 'database',
      severity: 'info',
      title: `Table ${top[0]} takes ${((top[1] / total) * 100).toFixed(0)}% of DB time`,
      subject: top[0],
      evidence: [{ label: 'DB seconds per second', value: top[1], unit: 'seconds', query: toPromQL(q.tableTime) }],
      actions: ['Start DB tuning here: its indexes and its hottest statements give the largest saving'],
      score: top[1],
    },
  ];
}

// Latency rising together with pool waits or GC: Pearson's r over aligned range series, with a
// t-test on r so a few coincidental points do not raise an alarm.
import { Finding } from '../findings';
import { GC_DURATION, histogramSum, HTTP_DURATION, POOL_PENDING, POOL_WAIT } from '../metric-names';
import { Expr, rangeFn, sumBy, toPromQL } from '../promql/expr';
import { histogramMean } from '../promql/histogram-queries';
import { alignSeries, pearson } from '../stats/pearson';
import { twoSidedTPValue } from '../stats/student-t';
import { AnalysisContext } from './context';

const MIN_R = 0.7;
const MAX_P_VALUE = 0.01;
const MIN_POINTS = 8;

interface Candidate { key: string; what: string; query: (ctx: AnalysisContext, w: number) => Expr; actions: string[] }

const CANDIDATES: Candidate[] = [
  {
    key: 'pool-wait', what: 'connection pool wait time',
    query: (ctx, w) => histogramMean(POOL_WAIT, [], ctx.scope, w),
    actions: ['Requests are slow because they queue for a DB connection: shorten transactions or raise the pool max'],
  },
  {
    key: 'pool-pending', what: 'requests waiting for a pool connection',
    query: (ctx, w) => sumBy([], rangeFn('max_over_time', POOL_PENDING, ctx.scope, w)),
    actions: ['Requests are slow because they queue for a DB connection: shorten transactions or raise the pool max'],
  },
  {
    key: 'gc', what: 'time spent in GC',
    query: (ctx, w) => sumBy([], rangeFn('rate', histogramSum(GC_DURATION), ctx.scope, w)),
    actions: ['GC pauses add to latency: allocate less per request, check the heap findings for a leak'],
  },
];

export const serviceLatencyQuery = (ctx: AnalysisContext, w: number): Expr => histogramMean(HTTP_DURATION, [], ctx.scope, w);

export async function correlationFindings(ctx: AnalysisContext): Promise<Finding[]> {
  const w = ctx.rangeWindowSeconds;
  const start = ctx.end - ctx.windowSeconds;
  const latencyQuery = serviceLatencyQuery(ctx, w);
  const [latency] = await ctx.source.range(latencyQuery, start, ctx.end, ctx.stepSeconds);
  if (!latency) return [];
  const findings: Finding[] = [];
  for (const candidate of CANDIDATES) {
    const query = candidate.query(ctx, w);
    const [other] = await ctx.source.range(query, start, ctx.end, ctx.stepSeconds);
    if (!other) continue;
    const [xs, ys] = alignSeries(latency.points, other.points);
    const r = pearson(xs, ys);
    if (r === undefined || xs.length < MIN_POINTS || r < MIN_R) continue;
    const pValue = twoSidedTPValue(r * Math.sqrt((xs.length - 2) / Math.max(1e-12, 1 - r * r)), xs.length - 2);
    if (pValue > MAX_P_VALUE) continue;
    findings.push({
      id: `correlation:${candidate.key}`,
      category: 'correlation',
      severity: 'warning',
      title: `Latency rises with ${candidate.what} (r = ${r.toFixed(2)} over ${xs.length} points)`,
      subject: candidate.what,
      evidence: [
        { label: 'Pearson r', value: r, unit: 'coefficient', query: `${toPromQL(latencyQuery)}  vs  ${toPromQL(query)}` },
        { label: 'p-value of r', value: pValue, unit: 'coefficient', query: toPromQL(query) },
      ],
      actions: candidate.actions,
      score: r,
    });
  }
  return findings;
}

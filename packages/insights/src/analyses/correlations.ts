// Latency rising together with pool waits or GC: Pearson's r over aligned range series, with a
// t-test on r so a few coincidental points do not raise an alarm, and a magnitude floor on both
// sides: r = 0.83 between 0.6 ms pool waits and a latency that moves by a millisecond is true and
// irrelevant (a healthy service's noise), so the cause must reach a size that matters and latency
// must really move.
import { Finding, Unit } from '../findings';
import { GC_DURATION, histogramSum, HTTP_DURATION, POOL_PENDING, POOL_WAIT } from '../metric-names';
import { Expr, rangeFn, sumBy, toPromQL } from '../promql/expr';
import { histogramMean } from '../promql/histogram-queries';
import { alignSeries, pearson } from '../stats/pearson';
import { twoSidedTPValue } from '../stats/student-t';
import { AnalysisContext } from './context';
import { POOL_WAIT_WARNING_SECONDS } from './pool';

const MIN_R = 0.7;
const MAX_P_VALUE = 0.01;
const MIN_POINTS = 8;
/** Latency must swing (max − min over the window) by at least this much… */
const MIN_LATENCY_SWING_SECONDS = 0.005;
/** …and by this share of its mean. */
const MIN_LATENCY_SWING_SHARE = 0.2;

interface Candidate {
  key: string;
  what: string;
  query: (ctx: AnalysisContext, w: number) => Expr;
  actions: string[];
  /** The candidate's peak must reach this (its unit) before it can explain anything a user would notice. */
  minPeak: number;
  unit: Unit;
}

const CANDIDATES: Candidate[] = [
  {
    key: 'pool-wait',
    what: 'connection pool wait time',
    query: (ctx, w) => histogramMean(POOL_WAIT, [], ctx.scope, w),
    minPeak: POOL_WAIT_WARNING_SECONDS,
    unit: 'seconds',
    actions: ['Requests are slow because they queue for a DB connection: shorten transactions or raise the pool max'],
  },
  {
    key: 'pool-pending',
    what: 'requests waiting for a pool connection',
    query: (ctx, w) => sumBy([], rangeFn('max_over_time', POOL_PENDING, ctx.scope, w)),
    minPeak: 1,
    unit: 'count',
    actions: ['Requests are slow because they queue for a DB connection: shorten transactions or raise the pool max'],
  },
  {
    key: 'gc',
    what: 'time spent in GC',
    query: (ctx, w) => sumBy([], rangeFn('rate', histogramSum(GC_DURATION), ctx.scope, w)),
    minPeak: 0.02,
    unit: 'ratio',
    actions: ['GC pauses add to latency: allocate less per request, check the heap findings for a leak'],
  },
];

function swingsEnough(latencies: number[]): boolean {
  const swing = Math.max(...latencies) - Math.min(...latencies);
  const mean = latencies.reduce((a, b) => a + b, 0) / latencies.length;
  return swing >= MIN_LATENCY_SWING_SECONDS && swing >= MIN_LATENCY_SWING_SHARE * mean;
}

export const serviceLatencyQuery = (ctx: AnalysisContext, w: number): Expr => histogramMean(HTTP_DURATION, [], ctx.scope, w);

export async function correlationFindings(ctx: AnalysisContext): Promise<Finding[]> {
  const w = ctx.rangeWindowSeconds;
  const start = ctx.end - ctx.windowSeconds;
  const latencyQuery = serviceLatencyQuery(ctx, w);
  const [latency] = await ctx.source.range(latencyQuery, start, ctx.end, ctx.stepSeconds);
  if (!latency || !swingsEnough(latency.points.map(([, v]) => v))) return [];
  const findings: Finding[] = [];
  for (const candidate of CANDIDATES) {
    const query = candidate.query(ctx, w);
    const [other] = await ctx.source.range(query, start, ctx.end, ctx.stepSeconds);
    if (!other) continue;
    const [xs, ys] = alignSeries(latency.points, other.points);
    const peak = Math.max(...ys);
    if (!(peak >= candidate.minPeak)) continue;
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
        { label: `peak ${candidate.what}`, value: peak, unit: candidate.unit, query: toPromQL(query) },
      ],
      actions: candidate.actions,
      score: r,
    });
  }
  return findings;
}

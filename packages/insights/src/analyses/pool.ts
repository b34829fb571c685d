// Connection pool saturation: connections in use against the maximum, requests waiting, wait time, timeouts.
import { Finding } from '../findings';
import { LABEL_POOL, LABEL_POOL_STATE, POOL_CONNECTIONS, POOL_MAX, POOL_PENDING, POOL_TIMEOUTS, POOL_WAIT } from '../metric-names';
import { aggregate, binary, eq, rangeFn, sumBy, toPromQL } from '../promql/expr';
import { histogramMean } from '../promql/histogram-queries';
import { AnalysisContext } from './context';
import { byKey } from './labels';

/** Mean wait for a connection above this means requests queue for the pool. */
export const POOL_WAIT_WARNING_SECONDS = 0.01;
const poolName = (l: Record<string, string>) => l[LABEL_POOL] || '(default pool)';

export function poolQueries(ctx: Pick<AnalysisContext, 'scope' | 'windowSeconds'>) {
  const w = ctx.windowSeconds;
  const by = [LABEL_POOL];
  return {
    usedRatio: binary(
      '/',
      aggregate('max', by, rangeFn('max_over_time', POOL_CONNECTIONS, [...ctx.scope, eq(LABEL_POOL_STATE, 'used')], w)),
      aggregate('max', by, rangeFn('max_over_time', POOL_MAX, ctx.scope, w)),
    ),
    pendingPeak: aggregate('max', by, rangeFn('max_over_time', POOL_PENDING, ctx.scope, w)),
    waitMean: histogramMean(POOL_WAIT, by, ctx.scope, w),
    timeouts: sumBy(by, rangeFn('increase', POOL_TIMEOUTS, ctx.scope, w)),
  };
}

export async function poolFindings(ctx: AnalysisContext): Promise<Finding[]> {
  const q = poolQueries(ctx);
  const [used, pending, wait, timeouts] = await Promise.all(
    [q.usedRatio, q.pendingPeak, q.waitMean, q.timeouts].map(async (e) => byKey(await ctx.source.instant(e, ctx.end), poolName)),
  );
  const pools = new Set([...used.keys(), ...pending.keys(), ...wait.keys(), ...timeouts.keys()]);
  const findings: Finding[] = [];
  for (const pool of pools) {
    const evidence = [
      { label: 'peak connections used / max', value: used.get(pool) ?? 0, unit: 'ratio' as const, query: toPromQL(q.usedRatio) },
      { label: 'peak requests waiting', value: pending.get(pool) ?? 0, unit: 'count' as const, query: toPromQL(q.pendingPeak) },
      { label: 'mean wait for a connection', value: wait.get(pool) ?? 0, unit: 'seconds' as const, query: toPromQL(q.waitMean) },
      { label: 'acquire timeouts', value: timeouts.get(pool) ?? 0, unit: 'count' as const, query: toPromQL(q.timeouts) },
    ];
    const timedOut = (timeouts.get(pool) ?? 0) >= 1;
    const waiting = (wait.get(pool) ?? 0) > POOL_WAIT_WARNING_SECONDS;
    if (!timedOut && !waiting) continue;
    findings.push({
      id: `pool:${pool}`,
      category: 'pool',
      severity: timedOut ? 'critical' : 'warning',
      title: timedOut
        ? `Pool ${pool}: ${Math.round(timeouts.get(pool) ?? 0)} requests timed out waiting for a connection`
        : `Pool ${pool} is saturated: requests wait ${((wait.get(pool) ?? 0) * 1000).toFixed(0)} ms on average for a connection`,
      subject: pool,
      evidence,
      actions: [
        'Shorten what holds a connection (long transactions, work between queries), then raise the pool max if PostgreSQL has headroom',
        'Check for connections held across awaits of slow calls (HTTP, file I/O)',
      ],
      score: (timeouts.get(pool) ?? 0) + (wait.get(pool) ?? 0),
    });
  }
  return findings;
}

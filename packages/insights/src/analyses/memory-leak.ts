// Heap growth that looks like a leak: the heap's floor (min over time, i.e. what survives GC) rising
// steadily. A least-squares slope with a t-test separates a trend from the GC sawtooth.
import { Finding } from '../findings';
import { HEAP_USED, LABEL_INSTANCE, LABEL_VERSION } from '../metric-names';
import { rangeFn, sumBy, toPromQL } from '../promql/expr';
import { linearFit } from '../stats/regression';
import { AnalysisContext } from './context';

/** The slope must be this certain… */
const MAX_P_VALUE = 0.01;
/** …explain most of the variation (steady, not one jump)… */
const MIN_R_SQUARED = 0.6;
/** …and add at least this share of the heap over the analysed window. */
const MIN_GROWTH = 0.1;

// Per instance and version: a deploy restarts the heap, and summing across it would fake a jump.
export const heapFloorQuery = (ctx: Pick<AnalysisContext, 'scope' | 'rangeWindowSeconds'>) =>
  sumBy([LABEL_INSTANCE, LABEL_VERSION], rangeFn('min_over_time', HEAP_USED, ctx.scope, ctx.rangeWindowSeconds));

export async function memoryLeakFindings(ctx: AnalysisContext): Promise<Finding[]> {
  const query = heapFloorQuery(ctx);
  const series = await ctx.source.range(query, ctx.end - ctx.windowSeconds, ctx.end, ctx.stepSeconds);
  const findings: Finding[] = [];
  for (const s of series) {
    const fit = linearFit(s.points.map(([t, v]) => [(t - ctx.end) / 3600, v]));
    if (!fit) continue;
    const meanHeap = s.points.reduce((sum, [, v]) => sum + v, 0) / s.points.length;
    const growth = (fit.slope * ctx.windowSeconds) / 3600 / meanHeap;
    if (fit.slope <= 0 || fit.pValue > MAX_P_VALUE || fit.rSquared < MIN_R_SQUARED || growth < MIN_GROWTH) continue;
    const instance = s.labels[LABEL_INSTANCE] ?? '(all)';
    const promql = toPromQL(query);
    findings.push({
      id: `memory-leak:${instance}`,
      category: 'memory-leak',
      severity: 'critical',
      title: `Heap of ${instance} grows steadily by ${(fit.slope / 1048576).toFixed(1)} MiB/h (+${(growth * 100).toFixed(0)}% over the window): likely a leak`,
      subject: instance,
      evidence: [
        { label: 'heap floor slope', value: fit.slope, unit: 'bytes-per-hour', query: promql },
        { label: 'growth over window / mean heap', value: growth, unit: 'ratio', query: promql },
        { label: 'R² of the linear fit', value: fit.rSquared, unit: 'coefficient', query: promql },
        { label: 'p-value of the slope (t-test)', value: fit.pValue, unit: 'coefficient', query: promql },
      ],
      actions: [
        'Take two heap snapshots some minutes apart (node --heapsnapshot-signal=SIGUSR2) and compare retained objects',
        'Usual suspects: caches without eviction, listeners added per request, module-level arrays or maps that only grow',
      ],
      score: growth,
    });
  }
  return findings;
}

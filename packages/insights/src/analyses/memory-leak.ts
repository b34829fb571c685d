// A leak is memory that survives garbage collection while the work stays the same. The heap's floor
// (min over time) after major GCs rising steadily, with a least-squares slope and a t-test so the
// GC sawtooth is not read as a trend, is only called a leak when the request rate stayed flat: a
// heap that grows because load went from 60 to 5,000 req/s is doing its job, and a floor measured
// without major GCs in between is garbage not yet collected.
import { Finding } from '../findings';
import { GC_DURATION, HEAP_SIZE_LIMIT, HEAP_USED, histogramCount, HTTP_DURATION, LABEL_GC_TYPE, LABEL_INSTANCE, LABEL_VERSION } from '../metric-names';
import { aggregate, eq, Expr, rangeFn, sumBy, toPromQL } from '../promql/expr';
import { histogramRate } from '../promql/histogram-queries';
import type { Series } from '../prometheus-client';
import { linearFit } from '../stats/regression';
import { AnalysisContext } from './context';
import { PROCESS_LABELS, processNames } from './labels';

/** The slope must be this certain… */
const MAX_P_VALUE = 0.01;
/** …explain most of the variation (steady, not one jump)… */
const MIN_R_SQUARED = 0.6;
/** …and add at least this share of the heap over the analysed window. */
const MIN_GROWTH = 0.1;
/** Major GCs needed in the window before the floor is what survives collection, not garbage not yet collected. */
export const MIN_MAJOR_GCS = 3;
/** The request rate counts as flat when its fitted change over the window stays within this share of its mean. */
export const MAX_LOAD_CHANGE = 0.25;

// Per process and version: a deploy restarts the heap, and summing across it would fake a jump.
const BY = [...PROCESS_LABELS, LABEL_VERSION];

export const heapFloorQuery = (ctx: Pick<AnalysisContext, 'scope' | 'rangeWindowSeconds'>): Expr =>
  sumBy(BY, rangeFn('min_over_time', HEAP_USED, ctx.scope, ctx.rangeWindowSeconds));
const requestRateQuery = (ctx: AnalysisContext): Expr => histogramRate(HTTP_DURATION, BY, ctx.scope, ctx.rangeWindowSeconds);
const majorGcQuery = (ctx: AnalysisContext): Expr =>
  sumBy(BY, rangeFn('increase', histogramCount(GC_DURATION), [...ctx.scope, eq(LABEL_GC_TYPE, 'major')], ctx.windowSeconds));
const heapLimitQuery = (ctx: AnalysisContext): Expr => aggregate('max', BY, rangeFn('max_over_time', HEAP_SIZE_LIMIT, ctx.scope, ctx.windowSeconds));

const keyOf = (labels: Record<string, string>) => JSON.stringify(BY.map((l) => labels[l] ?? ''));
const hours = (ctx: AnalysisContext, points: Array<[number, number]>): Array<[number, number]> => points.map(([t, v]) => [(t - ctx.end) / 3600, v]);
const mean = (points: Array<[number, number]>) => points.reduce((sum, [, v]) => sum + v, 0) / points.length;

/** How much the request rate moved over the window, relative to its mean; undefined without requests. */
function loadChange(ctx: AnalysisContext, rate: Series | undefined): number | undefined {
  if (!rate || rate.points.length < 3 || mean(rate.points) === 0) return undefined;
  const fit = linearFit(hours(ctx, rate.points));
  return fit ? Math.abs((fit.slope * ctx.windowSeconds) / 3600) / mean(rate.points) : undefined;
}

export async function memoryLeakFindings(ctx: AnalysisContext): Promise<Finding[]> {
  const start = ctx.end - ctx.windowSeconds;
  const [floors, rates, majorGcs, limits] = await Promise.all([
    ctx.source.range(heapFloorQuery(ctx), start, ctx.end, ctx.stepSeconds),
    ctx.source.range(requestRateQuery(ctx), start, ctx.end, ctx.stepSeconds),
    ctx.source.instant(majorGcQuery(ctx), ctx.end),
    ctx.source.instant(heapLimitQuery(ctx), ctx.end),
  ]);
  const rateOf = new Map(rates.map((s) => [keyOf(s.labels), s]));
  const gcsOf = new Map(majorGcs.map((s) => [keyOf(s.labels), s.value]));
  const limitOf = new Map(limits.map((s) => [keyOf(s.labels), s.value]));
  const nameOf = processNames(floors.map((s) => s.labels));
  const findings: Finding[] = [];
  for (const s of floors) {
    const fit = linearFit(hours(ctx, s.points));
    if (!fit) continue;
    const meanHeap = mean(s.points);
    const growth = (fit.slope * ctx.windowSeconds) / 3600 / meanHeap;
    if (fit.slope <= 0 || fit.pValue > MAX_P_VALUE || fit.rSquared < MIN_R_SQUARED || growth < MIN_GROWTH) continue;
    const key = keyOf(s.labels);
    // Without major GCs the floor is garbage not yet collected; a process without requests may still
    // leak, but then nothing tells growth from work, so only a flat request rate makes it a leak.
    const gcs = gcsOf.get(key) ?? 0;
    const load = loadChange(ctx, rateOf.get(key));
    if (gcs < MIN_MAJOR_GCS || load === undefined || load > MAX_LOAD_CHANGE) continue;
    const name = nameOf(s.labels);
    const promql = toPromQL(heapFloorQuery(ctx));
    const limit = limitOf.get(key);
    const latest = s.points[s.points.length - 1][1];
    const limitEvidence =
      limit === undefined || limit <= 0
        ? []
        : [
            { label: 'heap floor / heap size limit', value: latest / limit, unit: 'ratio' as const, query: `${promql}  /  ${toPromQL(heapLimitQuery(ctx))}` },
            { label: 'hours until the floor reaches the limit at this slope', value: (limit - latest) / fit.slope, unit: 'count' as const, query: promql },
          ];
    findings.push({
      id: `memory-leak:${s.labels[LABEL_INSTANCE] ?? '(all)'}`,
      category: 'memory-leak',
      severity: 'critical',
      title: `Heap of ${name} grows steadily by ${(fit.slope / 1048576).toFixed(1)} MiB/h after ${Math.round(gcs)} major GCs at a steady request rate (+${(growth * 100).toFixed(0)}% over the window): likely a leak`,
      subject: name,
      evidence: [
        { label: 'heap floor slope', value: fit.slope, unit: 'bytes-per-hour', query: promql },
        { label: 'growth over window / mean heap', value: growth, unit: 'ratio', query: promql },
        { label: 'R² of the linear fit', value: fit.rSquared, unit: 'coefficient', query: promql },
        { label: 'p-value of the slope (t-test)', value: fit.pValue, unit: 'coefficient', query: promql },
        { label: 'major GCs in the window', value: gcs, unit: 'count', query: toPromQL(majorGcQuery(ctx)) },
        { label: 'request rate change over the window', value: load, unit: 'ratio', query: toPromQL(requestRateQuery(ctx)) },
        ...limitEvidence,
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

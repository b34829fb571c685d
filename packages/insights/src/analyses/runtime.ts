// Event-loop delay, GC pressure, CPU and memory saturation, per instance.
import { Finding, Unit } from '../findings';
import {
  EVENT_LOOP_P99,
  GC_DURATION,
  HEAP_SIZE_LIMIT,
  HEAP_USED,
  histogramSum,
  LABEL_INSTANCE,
  PROCESS_CPU_TIME,
  SYSTEM_MEMORY_UTILIZATION,
} from '../metric-names';
import { aggregate, binary, Expr, rangeFn, sumBy, toPromQL } from '../promql/expr';
import { AnalysisContext } from './context';
import { PROCESS_LABELS, processNames } from './labels';

interface RuntimeCheck {
  key: string;
  label: string;
  unit: Unit;
  query: (ctx: AnalysisContext) => Expr;
  warning: number;
  critical: number;
  title: (value: number, instance: string) => string;
  actions: string[];
}

const BY = PROCESS_LABELS;
const ms = (seconds: number) => `${(seconds * 1000).toFixed(0)} ms`;
const pct = (ratio: number) => `${(ratio * 100).toFixed(0)}%`;

export const RUNTIME_CHECKS: RuntimeCheck[] = [
  {
    key: 'event-loop-delay',
    label: 'mean event-loop delay p99',
    unit: 'seconds',
    warning: 0.1,
    critical: 0.5,
    query: (ctx) => aggregate('max', BY, rangeFn('avg_over_time', EVENT_LOOP_P99, ctx.scope, ctx.windowSeconds)),
    title: (v, i) => `Event loop of ${i} is blocked: p99 delay ${ms(v)}`,
    actions: ['Synchronous work blocks every request: take a CPU profile and move heavy JSON, crypto or regex work to a worker thread'],
  },
  {
    key: 'gc-pressure',
    label: 'share of time in GC',
    unit: 'ratio',
    warning: 0.05,
    critical: 0.15,
    query: (ctx) => sumBy(BY, rangeFn('rate', histogramSum(GC_DURATION), ctx.scope, ctx.windowSeconds)),
    title: (v, i) => `GC pressure on ${i}: ${pct(v)} of the time is spent collecting garbage`,
    actions: [
      'Allocate less per request (large JSON, buffers, closures in hot loops)',
      'If the heap is near its limit, raise --max-old-space-size or find what retains memory',
    ],
  },
  {
    key: 'cpu',
    label: 'CPU cores used',
    unit: 'cores',
    warning: 0.8,
    critical: 0.95,
    query: (ctx) => sumBy(BY, rangeFn('rate', PROCESS_CPU_TIME, ctx.scope, ctx.windowSeconds)),
    title: (v, i) => `CPU saturation on ${i}: ${v.toFixed(2)} cores busy (a Node.js main thread tops out near 1)`,
    actions: ['Profile the hot path; run more instances (cluster, more replicas) once the code is efficient'],
  },
  {
    // V8's heap_size_limit, not the spaces' current size (which sits just above what is used on any healthy heap).
    key: 'heap-limit',
    label: 'heap used / heap size limit',
    unit: 'ratio',
    warning: 0.8,
    critical: 0.95,
    // The peak over the window: the sawtooth's top is what meets the limit.
    query: (ctx) =>
      binary(
        '/',
        sumBy(BY, rangeFn('max_over_time', HEAP_USED, ctx.scope, ctx.windowSeconds)),
        aggregate('max', BY, rangeFn('max_over_time', HEAP_SIZE_LIMIT, ctx.scope, ctx.windowSeconds)),
      ),
    title: (v, i) => `Heap of ${i} reached ${pct(v)} of its size limit`,
    actions: ['Near the limit V8 collects constantly and then crashes: find what retains memory (heap snapshot) or raise --max-old-space-size'],
  },
  {
    key: 'system-memory',
    label: 'system memory utilisation',
    unit: 'ratio',
    warning: 0.9,
    critical: 0.97,
    query: (ctx) => aggregate('max', BY, rangeFn('avg_over_time', SYSTEM_MEMORY_UTILIZATION, ctx.scope, ctx.windowSeconds)),
    title: (v, i) => `Host memory of ${i} is ${pct(v)} used`,
    actions: ['The host is close to swapping or the OOM killer: give it more memory or move workloads'],
  },
];

export async function runtimeFindings(ctx: AnalysisContext): Promise<Finding[]> {
  const results = await Promise.all(
    RUNTIME_CHECKS.map(async (check) => {
      const query = check.query(ctx);
      const samples = await ctx.source.instant(query, ctx.end);
      const nameOf = processNames(samples.map((s) => s.labels));
      return samples
        .filter((s) => s.value > check.warning)
        .map(({ labels, value }): Finding => ({
          id: `runtime:${check.key}:${labels[LABEL_INSTANCE] ?? '(all)'}`,
          category: 'runtime',
          severity: value > check.critical ? 'critical' : 'warning',
          title: check.title(value, nameOf(labels)),
          subject: nameOf(labels),
          evidence: [{ label: check.label, value, unit: check.unit, query: toPromQL(query) }],
          actions: check.actions,
          score: value / check.warning,
        }));
    }),
  );
  return results.flat();
}

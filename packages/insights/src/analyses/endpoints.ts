// Endpoints by impact (rate × mean latency = server seconds per second) and by p95/p99 against a threshold.
import { Finding } from '../findings';
import { HTTP_DURATION, LABEL_STATUS } from '../metric-names';
import { binary, Expr, re, toPromQL } from '../promql/expr';
import { histogramMean, histogramQuantile, histogramRate, histogramTimeRate } from '../promql/histogram-queries';
import { AnalysisContext } from './context';
import { byKey, endpointLabels, endpointName } from './labels';

export interface EndpointStat {
  endpoint: string;
  /** Requests per second. */
  rate: number;
  meanSeconds: number;
  /** rate × mean: seconds of server time per second. */
  impact: number;
  /** Share of all endpoints' impact, 0…1. */
  impactShare: number;
  p95Seconds: number;
  p99Seconds: number;
  /** 5xx responses / all responses. */
  errorRatio: number;
}

export interface EndpointQueries {
  rate: Expr;
  mean: Expr;
  impact: Expr;
  p95: Expr;
  p99: Expr;
  errorRate: Expr;
  errorRatio: Expr;
}

export function endpointQueries(ctx: Pick<AnalysisContext, 'scope' | 'windowSeconds'>): EndpointQueries {
  const w = ctx.windowSeconds;
  const by = endpointLabels(ctx.scope);
  const serverErrors = [...ctx.scope, re(LABEL_STATUS, '5..')];
  return {
    rate: histogramRate(HTTP_DURATION, by, ctx.scope, w),
    mean: histogramMean(HTTP_DURATION, by, ctx.scope, w),
    impact: histogramTimeRate(HTTP_DURATION, by, ctx.scope, w),
    p95: histogramQuantile(0.95, HTTP_DURATION, by, ctx.scope, w),
    p99: histogramQuantile(0.99, HTTP_DURATION, by, ctx.scope, w),
    errorRate: histogramRate(HTTP_DURATION, by, serverErrors, w),
    errorRatio: binary('/', histogramRate(HTTP_DURATION, by, serverErrors, w), histogramRate(HTTP_DURATION, by, ctx.scope, w)),
  };
}

export async function endpointStats(ctx: AnalysisContext): Promise<EndpointStat[]> {
  const q = endpointQueries(ctx);
  const [rate, mean, impact, p95, p99, errors] = await Promise.all(
    [q.rate, q.mean, q.impact, q.p95, q.p99, q.errorRatio].map(async (e) => byKey(await ctx.source.instant(e, ctx.end), endpointName)),
  );
  const total = [...impact.values()].reduce((a, b) => a + b, 0);
  return [...rate.entries()]
    .filter(([, r]) => r > 0)
    .map(([endpoint, r]) => ({
      endpoint,
      rate: r,
      meanSeconds: mean.get(endpoint) ?? 0,
      impact: impact.get(endpoint) ?? 0,
      impactShare: total > 0 ? (impact.get(endpoint) ?? 0) / total : 0,
      p95Seconds: p95.get(endpoint) ?? NaN,
      p99Seconds: p99.get(endpoint) ?? NaN,
      errorRatio: errors.get(endpoint) ?? 0,
    }))
    .sort((a, b) => b.impact - a.impact);
}

/** How many endpoints the impact ranking names. */
const IMPACT_TOP = 3;
/** Caching pays when the same answer is asked for many times a second; at 1.5 req/s it is not the lever. */
export const CACHE_ADVICE_MIN_RATE = 20;
/** A mean above this makes "slow per call" the lever. */
const SLOW_CALL_SECONDS = 0.1;

function impactAdvice(s: EndpointStat): string[] {
  const advice = ['Optimising this endpoint saves the most server time: profile it (PERF_OTEL_PROFILING_ENABLED) and look at its DB calls'];
  if (s.rate >= CACHE_ADVICE_MIN_RATE) advice.push(`It is called ${s.rate.toFixed(0)} times a second: if its answers repeat, cache them or batch the callers`);
  if (s.meanSeconds >= SLOW_CALL_SECONDS) advice.push('It is slow per call: look for N+1 queries or blocking work');
  return advice;
}

export function impactFindings(stats: EndpointStat[], ctx: AnalysisContext): Finding[] {
  const q = endpointQueries(ctx);
  return stats
    .slice(0, IMPACT_TOP)
    .filter((s) => s.impact > 0)
    .map((s, rank) => ({
      id: `endpoint-impact:${s.endpoint}`,
      category: 'endpoint-impact',
      severity: 'info',
      title: `#${rank + 1} by impact: ${s.endpoint} takes ${(s.impactShare * 100).toFixed(0)}% of server time`,
      subject: s.endpoint,
      evidence: [
        { label: 'impact (rate × mean latency)', value: s.impact, unit: 'seconds', query: toPromQL(q.impact) },
        { label: 'request rate', value: s.rate, unit: 'per-second', query: toPromQL(q.rate) },
        { label: 'mean latency', value: s.meanSeconds, unit: 'seconds', query: toPromQL(q.mean) },
      ],
      actions: impactAdvice(s),
      score: s.impact,
    }));
}

export function latencyFindings(stats: EndpointStat[], ctx: AnalysisContext): Finding[] {
  const q = endpointQueries(ctx);
  const threshold = ctx.latencyThresholdSeconds;
  return stats
    .filter((s) => s.p95Seconds > threshold || s.p99Seconds > threshold)
    .map((s): Finding => {
      // p95 above the threshold means most slow requests are not outliers: critical; only p99 is a tail.
      const [percentile, value] = s.p95Seconds > threshold ? ['p95', s.p95Seconds] : ['p99', s.p99Seconds];
      return {
        id: `endpoint-latency:${s.endpoint}`,
        category: 'endpoint-latency',
        severity: percentile === 'p95' ? 'critical' : 'warning',
        title: `${s.endpoint}: ${percentile} latency ${(value * 1000).toFixed(0)} ms is above ${threshold * 1000} ms`,
        subject: s.endpoint,
        evidence: [
          { label: 'p95 latency', value: s.p95Seconds, unit: 'seconds', query: toPromQL(q.p95) },
          { label: 'p99 latency', value: s.p99Seconds, unit: 'seconds', query: toPromQL(q.p99) },
          { label: 'request rate', value: s.rate, unit: 'per-second', query: toPromQL(q.rate) },
        ],
        actions: [
          'Find where the time goes: compare with the slowest DB operations below and take a CPU profile under load',
          'If only the tail is slow (p99 ≫ p95), look for pool waits, GC pauses or a slow dependency',
        ],
        score: s.p95Seconds,
      };
    });
}

/** 5xx at least this share of an endpoint's requests is an alarm; five times as much is critical. */
const ERROR_RATIO_WARNING = 0.01;
/** Fewer errors than this in the window are noise, whatever the ratio. */
const MIN_ERRORS = 5;

export function errorFindings(stats: EndpointStat[], ctx: AnalysisContext): Finding[] {
  const q = endpointQueries(ctx);
  return stats
    .filter((s) => s.errorRatio >= ERROR_RATIO_WARNING && s.errorRatio * s.rate * ctx.windowSeconds >= MIN_ERRORS)
    .map((s) => ({
      id: `errors:${s.endpoint}`,
      category: 'errors',
      severity: s.errorRatio >= ERROR_RATIO_WARNING * 5 ? 'critical' : 'warning',
      title: `${s.endpoint}: ${(s.errorRatio * 100).toFixed(1)}% of requests fail with 5xx`,
      subject: s.endpoint,
      evidence: [
        { label: '5xx ratio', value: s.errorRatio, unit: 'ratio', query: toPromQL(q.errorRatio) },
        { label: '5xx per second', value: s.errorRatio * s.rate, unit: 'per-second', query: toPromQL(q.errorRate) },
      ],
      actions: [
        "Read the application logs for this route at these times; the metric's error_type label holds the status code (e.g. 500), so the cause is in the logs or traces, not in the metric",
        'Check the DB findings: deadlocks and pool timeouts surface as 5xx here',
      ],
      score: s.errorRatio * s.rate,
    }));
}

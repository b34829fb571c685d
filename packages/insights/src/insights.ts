// `perf-otel insights`: every analysis over one window, ranked findings plus the numbers for charts.
import { AnalysisContext, DEFAULT_LATENCY_THRESHOLD_SECONDS, DEFAULT_SCRAPE_INTERVAL_SECONDS, minRateWindow, serviceScope, stepFor } from './analyses/context';
import { correlationFindings } from './analyses/correlations';
import { databaseFindings, DbOperationStat, dbOperationStats } from './analyses/database';
import { EndpointStat, endpointStats, errorFindings, impactFindings, latencyFindings } from './analyses/endpoints';
import { memoryLeakFindings } from './analyses/memory-leak';
import { poolFindings } from './analyses/pool';
import { queriesPerRequestFindings } from './analyses/queries-per-request';
import { runtimeFindings } from './analyses/runtime';
import { tenantFindings, TenantStat, tenantStats } from './analyses/tenants';
import { Finding, sortFindings } from './findings';
import { HTTP_DURATION, LABEL_JOB } from './metric-names';
import { toPromQL } from './promql/expr';
import { histogramQuantile, histogramRate } from './promql/histogram-queries';
import type { MetricsSource } from './source';

export interface InsightsOptions {
  service?: string;
  windowSeconds: number;
  /** Default: the source's latest time. */
  end?: number;
  latencyThresholdSeconds?: number;
  /** How often the data was scraped; default 15 s. Sets the finest step and the shortest rate window. */
  scrapeIntervalSeconds?: number;
  progress?: (message: string) => void;
}

export interface PercentileSeries {
  percentile: string;
  query: string;
  points: Array<[number, number]>;
}

export interface InsightsResult {
  kind: 'insights';
  service: string | undefined;
  source: string;
  start: number;
  end: number;
  latencyThresholdSeconds: number;
  endpoints: EndpointStat[];
  dbOperations: DbOperationStat[];
  /** When no request of the service was found: the services that do have HTTP metrics (a typo in --service?). */
  otherServices?: string[];
  /** Per tenant label (tenant_team, …) and value; empty when the service maps no tenants. */
  tenants: TenantStat[];
  findings: Finding[];
  latencyOverTime: PercentileSeries[];
}

const PERCENTILES: Array<[string, number]> = [
  ['p50', 0.5],
  ['p95', 0.95],
  ['p99', 0.99],
];

export function analysisContext(source: MetricsSource, options: InsightsOptions): AnalysisContext {
  const scrape = options.scrapeIntervalSeconds ?? DEFAULT_SCRAPE_INTERVAL_SECONDS;
  const stepSeconds = stepFor(options.windowSeconds, scrape);
  return {
    source,
    scope: serviceScope(options.service),
    end: options.end ?? source.latestTime(),
    windowSeconds: options.windowSeconds,
    stepSeconds,
    rangeWindowSeconds: Math.max(2 * stepSeconds, minRateWindow(scrape)),
    latencyThresholdSeconds: options.latencyThresholdSeconds ?? DEFAULT_LATENCY_THRESHOLD_SECONDS,
    progress: options.progress ?? (() => {}),
  };
}

async function servicesWithRequests(ctx: AnalysisContext): Promise<string[]> {
  const jobs = await ctx.source.instant(histogramRate(HTTP_DURATION, [LABEL_JOB], [], ctx.windowSeconds), ctx.end);
  return jobs
    .filter((j) => j.value > 0)
    .map((j) => j.labels[LABEL_JOB])
    .sort();
}

async function latencyOverTime(ctx: AnalysisContext): Promise<PercentileSeries[]> {
  return Promise.all(
    PERCENTILES.map(async ([percentile, q]) => {
      const query = histogramQuantile(q, HTTP_DURATION, [], ctx.scope, ctx.rangeWindowSeconds);
      const [series] = await ctx.source.range(query, ctx.end - ctx.windowSeconds, ctx.end, ctx.stepSeconds);
      return { percentile, query: toPromQL(query), points: series?.points ?? [] };
    }),
  );
}

export async function runInsights(source: MetricsSource, options: InsightsOptions): Promise<InsightsResult> {
  const ctx = analysisContext(source, options);
  ctx.progress('endpoints: impact, latency, errors');
  const endpoints = await endpointStats(ctx);
  ctx.progress('database operations and pools');
  const dbOperations = await dbOperationStats(ctx);
  ctx.progress('tenants');
  const tenants = await tenantStats(ctx);
  const findings: Finding[] = [
    ...tenantFindings(tenants, ctx),
    ...impactFindings(endpoints, ctx),
    ...latencyFindings(endpoints, ctx),
    ...errorFindings(endpoints, ctx),
    ...(await databaseFindings(dbOperations, ctx)),
    ...(await queriesPerRequestFindings(ctx)),
    ...(await poolFindings(ctx)),
  ];
  ctx.progress('runtime: event loop, GC, CPU, memory, heap growth');
  findings.push(...(await runtimeFindings(ctx)), ...(await memoryLeakFindings(ctx)));
  ctx.progress('correlations and latency percentiles over time');
  findings.push(...(await correlationFindings(ctx)));
  const otherServices = endpoints.length === 0 ? await servicesWithRequests(ctx) : undefined;
  return {
    kind: 'insights',
    service: options.service,
    source: source.description,
    start: ctx.end - ctx.windowSeconds,
    end: ctx.end,
    latencyThresholdSeconds: ctx.latencyThresholdSeconds,
    endpoints,
    dbOperations,
    tenants,
    otherServices,
    findings: sortFindings(findings),
    latencyOverTime: await latencyOverTime(ctx),
  };
}

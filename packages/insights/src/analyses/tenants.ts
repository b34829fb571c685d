// Tenants by server time: the distribution adds tenant.<name> attributes (PERF_OTEL_TENANT_ATTRIBUTES),
// which arrive as tenant_<name> labels; which ones exist is read from the data.
import { Finding } from '../findings';
import { histogramCount, HTTP_DURATION, LABEL_STATUS } from '../metric-names';
import { binary, re, toPromQL } from '../promql/expr';
import { histogramRate, histogramTimeRate } from '../promql/histogram-queries';
import { AnalysisContext } from './context';
import { byKey } from './labels';

const TENANT_LABEL = /^tenant_/;
/** A tenant taking more than this share of server time is worth naming. */
const DOMINANT_SHARE = 0.5;

export interface TenantStat {
  label: string;
  tenant: string;
  rate: number;
  impactShare: number;
  errorRatio: number;
}

export async function tenantStats(ctx: AnalysisContext): Promise<TenantStat[]> {
  const labels = (await ctx.source.labelNames(histogramCount(HTTP_DURATION), ctx.scope, ctx.end - ctx.windowSeconds, ctx.end)).filter((l) =>
    TENANT_LABEL.test(l),
  );
  const stats: TenantStat[] = [];
  for (const label of labels) {
    const w = ctx.windowSeconds;
    const tenantOf = (l: Record<string, string>) => l[label] ?? '(none)';
    const [rate, impact, errors] = await Promise.all(
      [
        histogramRate(HTTP_DURATION, [label], ctx.scope, w),
        histogramTimeRate(HTTP_DURATION, [label], ctx.scope, w),
        binary('/', histogramRate(HTTP_DURATION, [label], [...ctx.scope, re(LABEL_STATUS, '5..')], w), histogramRate(HTTP_DURATION, [label], ctx.scope, w)),
      ].map(async (e) => byKey(await ctx.source.instant(e, ctx.end), tenantOf)),
    );
    const total = [...impact.values()].reduce((a, b) => a + b, 0);
    for (const [tenant, r] of rate) {
      stats.push({ label, tenant, rate: r, impactShare: total > 0 ? (impact.get(tenant) ?? 0) / total : 0, errorRatio: errors.get(tenant) ?? 0 });
    }
  }
  return stats.sort((a, b) => a.label.localeCompare(b.label) || b.impactShare - a.impactShare);
}

export function tenantFindings(stats: TenantStat[], ctx: AnalysisContext): Finding[] {
  return stats
    .filter((s) => s.impactShare > DOMINANT_SHARE)
    .map((s) => ({
      id: `tenant:${s.label}=${s.tenant}`,
      category: 'endpoint-impact',
      severity: 'info',
      title: `Tenant ${s.label}=${s.tenant} takes ${(s.impactShare * 100).toFixed(0)}% of server time`,
      subject: `${s.label}=${s.tenant}`,
      evidence: [
        {
          label: 'share of server time',
          value: s.impactShare,
          unit: 'ratio',
          query: toPromQL(histogramTimeRate(HTTP_DURATION, [s.label], ctx.scope, ctx.windowSeconds)),
        },
      ],
      actions: ['One tenant dominates: check its usage pattern (batch jobs, retries) and consider per-tenant rate limits or quotas'],
      score: s.impactShare,
    }));
}

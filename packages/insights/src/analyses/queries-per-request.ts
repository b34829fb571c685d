// N+1 queries: an endpoint whose every request runs dozens of database operations. perf-otel counts
// each request's operations in perf_otel_http_server_db_operations, with the request's own route
// and method, so the mean per request names the endpoint directly.
import { Finding } from '../findings';
import { DB_DURATION, HTTP_DB_OPERATIONS, LABEL_DB_OPERATION, LABEL_DB_SUMMARY, LABEL_DB_TABLE, LABEL_ROUTE } from '../metric-names';
import { Expr, toPromQL } from '../promql/expr';
import { histogramMean, histogramRate } from '../promql/histogram-queries';
import { AnalysisContext } from './context';
import { byKey, endpointLabels, endpointName } from './labels';

/** This many operations in an average request is a loop issuing one query per item. */
export const N_PLUS_ONE_MIN_OPERATIONS = 10;
/** Fewer requests than this in the window are too few to call a pattern. */
const MIN_REQUESTS = 20;

export interface QueriesPerRequestQueries {
  perRequest: Expr;
  requests: Expr;
  byStatement: Expr;
}

export function queriesPerRequestQueries(ctx: Pick<AnalysisContext, 'scope' | 'windowSeconds'>): QueriesPerRequestQueries {
  const by = endpointLabels(ctx.scope);
  const w = ctx.windowSeconds;
  return {
    perRequest: histogramMean(HTTP_DB_OPERATIONS, by, ctx.scope, w),
    requests: histogramRate(HTTP_DB_OPERATIONS, by, ctx.scope, w),
    // Which statement repeats: operations per second by route and statement (the route is on the DB metric too).
    byStatement: histogramRate(DB_DURATION, [LABEL_ROUTE, LABEL_DB_OPERATION, LABEL_DB_TABLE, LABEL_DB_SUMMARY], ctx.scope, w),
  };
}

const statementName = (l: Record<string, string>) => l[LABEL_DB_SUMMARY] || `${l[LABEL_DB_OPERATION] || '?'} ${l[LABEL_DB_TABLE] || ''}`.trim();

export async function queriesPerRequestFindings(ctx: AnalysisContext): Promise<Finding[]> {
  const q = queriesPerRequestQueries(ctx);
  const [perRequest, requests, statements] = await Promise.all([q.perRequest, q.requests, q.byStatement].map((e) => ctx.source.instant(e, ctx.end)));
  const rateOf = byKey(requests, endpointName);
  return perRequest
    .filter((s) => s.value >= N_PLUS_ONE_MIN_OPERATIONS && (rateOf.get(endpointName(s.labels)) ?? 0) * ctx.windowSeconds >= MIN_REQUESTS)
    .map((s): Finding => {
      const endpoint = endpointName(s.labels);
      const route = s.labels[LABEL_ROUTE];
      const [top] = statements.filter((st) => route !== undefined && st.labels[LABEL_ROUTE] === route).sort((a, b) => b.value - a.value);
      const rate = rateOf.get(endpoint) ?? 0;
      const topPerRequest = top && rate > 0 ? top.value / rate : undefined;
      return {
        id: `n-plus-one:${endpoint}`,
        category: 'database',
        severity: 'warning',
        title:
          `${endpoint}: ${s.value.toFixed(0)} database operations per request (N+1 queries?)` +
          (top && topPerRequest !== undefined ? `, mostly ${statementName(top.labels)} (${topPerRequest.toFixed(0)} per request)` : ''),
        subject: endpoint,
        evidence: [
          { label: 'DB operations per request', value: s.value, unit: 'count', query: toPromQL(q.perRequest) },
          { label: 'request rate', value: rate, unit: 'per-second', query: toPromQL(q.requests) },
          ...(top
            ? [
                {
                  label: `${statementName(top.labels)} per second on this route`,
                  value: top.value,
                  unit: 'per-second' as const,
                  query: toPromQL(q.byStatement),
                },
              ]
            : []),
        ],
        actions: ['A loop runs one query per item: fetch the items in one statement (WHERE id = ANY($1), a JOIN) or batch them (DataLoader)'],
        score: s.value,
      };
    });
}

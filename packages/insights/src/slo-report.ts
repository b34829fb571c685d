// `perf-otel slo report`: per SLO objective, compliance and the error budget left over its window,
// from the same SLI definitions `perf-otel slo generate` turns into rules (deploy/slo/*.yaml).
import type { SloObjective, SloSpec } from '@org/perf-otel-slo';
import { parseDuration } from './durations';
import { histogramBucket, histogramCount, HTTP_DURATION, LABEL_JOB, LABEL_LE, LABEL_ROUTE, LABEL_STATUS } from './metric-names';
import { eq, Expr, Matcher, re, rangeFn, sumBy, toPromQL } from './promql/expr';
import type { MetricsSource } from './source';

const LABEL_ENVIRONMENT = 'deployment_environment_name';

export interface SloReportItem {
  service: string;
  objective: string;
  type: SloObjective['type'];
  /** Target, percent. */
  target: number;
  window: string;
  totalRequests: number;
  badRequests: number;
  /** Percent of good requests; NaN without traffic. */
  compliance: number;
  /** 1 = untouched, 0 = spent, negative = overspent. */
  budgetRemaining: number;
  status: 'met' | 'breached' | 'no data';
  queries: { total: string; bad: string };
}

export interface SloReportResult {
  kind: 'slo';
  source: string;
  end: number;
  items: SloReportItem[];
}

const escapeRegex = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The `le` label of a boundary: the Collector writes "1", client libraries "1.0". */
const leRegex = (boundary: number): string => (Number.isInteger(boundary) ? `${boundary}|${boundary}\\.0` : escapeRegex(String(boundary)));

function matchers(spec: SloSpec, objective: SloObjective): Matcher[] {
  const list = [eq(LABEL_JOB, spec.service)];
  if (spec.environment !== undefined) list.push(eq(LABEL_ENVIRONMENT, spec.environment));
  if (objective.routes) list.push(re(LABEL_ROUTE, objective.routes.map(escapeRegex).join('|')));
  return list;
}

/** Availability counts bad requests (5xx); latency counts good ones (within the threshold bucket). */
type SliQueries = { total: Expr; bad: Expr } | { total: Expr; good: Expr };

function queries(spec: SloSpec, objective: SloObjective, w: number): SliQueries {
  const m = matchers(spec, objective);
  const increase = (metric: string, extra: Matcher[]) => sumBy([], rangeFn('increase', metric, [...m, ...extra], w));
  const total = increase(histogramCount(HTTP_DURATION), []);
  if (objective.type === 'availability') return { total, bad: increase(histogramCount(HTTP_DURATION), [re(LABEL_STATUS, '5..')]) };
  return { total, good: increase(histogramBucket(HTTP_DURATION), [re(LABEL_LE, leRegex(objective.thresholdSeconds as number))]) };
}

const first = async (source: MetricsSource, expr: Expr, time: number) => (await source.instant(expr, time))[0]?.value ?? 0;

export async function runSloReport(source: MetricsSource, specs: SloSpec[], end = source.latestTime()): Promise<SloReportResult> {
  const items: SloReportItem[] = [];
  for (const spec of specs) {
    const w = parseDuration(spec.window, `${spec.source}: window`);
    for (const objective of spec.objectives) {
      const q = queries(spec, objective, w);
      const total = await first(source, q.total, end);
      const bad = 'bad' in q ? await first(source, q.bad, end) : Math.max(0, total - (await first(source, q.good, end)));
      const badRatio = total > 0 ? bad / total : NaN;
      const budget = 1 - objective.objective / 100;
      const compliance = (1 - badRatio) * 100;
      items.push({
        service: spec.service,
        objective: objective.name,
        type: objective.type,
        target: objective.objective,
        window: spec.window,
        totalRequests: total,
        badRequests: bad,
        compliance,
        budgetRemaining: total > 0 ? 1 - badRatio / budget : 1,
        status: total === 0 ? 'no data' : compliance >= objective.objective ? 'met' : 'breached',
        queries: { total: toPromQL(q.total), bad: 'bad' in q ? toPromQL(q.bad) : `${toPromQL(q.total)} - ${toPromQL(q.good)}` },
      });
    }
  }
  return { kind: 'slo', source: source.description, end, items };
}

// `perf-otel trends`: per endpoint and key resource, the least-squares slope over the range, its
// significance (t-test on the slope) and a verdict.
import { DEFAULT_SCRAPE_INTERVAL_SECONDS, sampleStepFor } from './analyses/context';
import { DEFAULT_MIN_RELATIVE_CHANGE, TRACKED_METRICS, Verdict, verdictFor } from './analyses/tracked-metrics';
import { Unit } from './findings';
import { Matcher, toPromQL } from './promql/expr';
import { linearFit } from './stats/regression';
import type { MetricsSource } from './source';

export interface TrendsOptions {
  scope: Matcher[];
  service?: string;
  rangeSeconds: number;
  end?: number;
  /** How often the data was scraped; default 15 s. */
  scrapeIntervalSeconds?: number;
  minRelativeChange?: number;
  progress?: (message: string) => void;
}

export interface TrendItem {
  subject: string;
  measure: string;
  unit: Unit;
  query: string;
  /** Change per day of the fitted line. */
  slopePerDay: number;
  /** slope × range / mean: how much the level moved over the range, relative to its mean. */
  relativeChange: number;
  pValue: number;
  rSquared: number;
  points: Array<[number, number]>;
  verdict: Verdict;
}

export interface TrendsResult { kind: 'trends'; service: string | undefined; source: string; start: number; end: number; items: TrendItem[] }

const DAY = 86400;

export async function runTrends(source: MetricsSource, options: TrendsOptions): Promise<TrendsResult> {
  const end = options.end ?? source.latestTime();
  const start = end - options.rangeSeconds;
  const step = sampleStepFor(options.rangeSeconds, options.scrapeIntervalSeconds ?? DEFAULT_SCRAPE_INTERVAL_SECONDS);
  const items: TrendItem[] = [];
  for (const metric of TRACKED_METRICS) {
    options.progress?.(`trend of ${metric.measure}`);
    const query = metric.query(options.scope, step);
    for (const series of await source.range(query, start, end, step)) {
      const fit = linearFit(series.points.map(([t, v]) => [(t - start) / DAY, v]));
      if (!fit) continue;
      const mean = series.points.reduce((s, [, v]) => s + v, 0) / series.points.length;
      const relativeChange = mean === 0 ? 0 : (fit.slope * options.rangeSeconds) / DAY / mean;
      items.push({
        subject: metric.subject(series.labels),
        measure: metric.measure,
        unit: metric.unit,
        query: toPromQL(query),
        slopePerDay: fit.slope,
        relativeChange,
        pValue: fit.pValue,
        rSquared: fit.rSquared,
        points: series.points,
        verdict: verdictFor(relativeChange, fit.pValue, options.minRelativeChange ?? DEFAULT_MIN_RELATIVE_CHANGE),
      });
    }
  }
  return { kind: 'trends', service: options.service, source: source.description, start, end, items };
}

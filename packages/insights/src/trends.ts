// `perf-otel trends`: per endpoint and key resource, the least-squares slope over the range, its
// significance (t-test on the slope) and a verdict.
import { DEFAULT_SCRAPE_INTERVAL_SECONDS, sampleStepFor } from './analyses/context';
import { DEFAULT_MIN_RELATIVE_CHANGE, TRACKED_METRICS, trackedQueryText, trackedSeries, Verdict, verdictFor } from './analyses/tracked-metrics';
import { itemMagnitude } from './compare';
import { formatDuration, InputError } from './durations';
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
  /** Change per day of the fitted line (only meaningful over ranges of a day or more; reports show the change over the range). */
  slopePerDay: number;
  /** The fitted line's change over the range, in the unit (a fitted level below 0 counts as 0: these never go negative). */
  absoluteChange: number;
  /** absoluteChange / the mean level over the range (a fall: / the larger of that and the starting level, so never below −100 %); null where that is 0. */
  relativeChange: number | null;
  changeIn: 'relative' | 'points';
  pValue: number;
  rSquared: number;
  points: Array<[number, number]>;
  verdict: Verdict;
}

export interface TrendsResult {
  kind: 'trends';
  service: string | undefined;
  source: string;
  start: number;
  end: number;
  items: TrendItem[];
}

const DAY = 86400;
/** Shorter ranges hold restarts, warm-up and single bursts, not trends: compare two windows instead. */
export const MIN_TREND_RANGE_SECONDS = 3600;
/** A slope from fewer points is not worth a verdict. */
const MIN_POINTS = 10;

/** The range, or an InputError when it is too short for a trend to mean anything. */
export function checkTrendRange(rangeSeconds: number): number {
  if (rangeSeconds < MIN_TREND_RANGE_SECONDS) {
    throw new InputError(
      `--range ${formatDuration(rangeSeconds)} is too short for a trend (at least ${formatDuration(MIN_TREND_RANGE_SECONDS)}); ` +
        'use e.g. --range 7d, or compare two windows with perf-otel compare',
    );
  }
  return rangeSeconds;
}

export async function runTrends(source: MetricsSource, options: TrendsOptions): Promise<TrendsResult> {
  checkTrendRange(options.rangeSeconds);
  const end = options.end ?? source.latestTime();
  const start = end - options.rangeSeconds;
  const step = sampleStepFor(options.rangeSeconds, options.scrapeIntervalSeconds ?? DEFAULT_SCRAPE_INTERVAL_SECONDS);
  const items: TrendItem[] = [];
  for (const metric of TRACKED_METRICS) {
    options.progress?.(`trend of ${metric.measure}`);
    const query = trackedQueryText(metric, options.scope, step, toPromQL);
    for (const [subject, series] of await trackedSeries(source, metric, options.scope, start, end, step, step)) {
      if (series.points.length < MIN_POINTS) continue;
      const fit = linearFit(series.points.map(([t, v]) => [(t - start) / DAY, v]));
      if (!fit) continue;
      // The fitted level at the first and last point, floored at 0 (latencies, shares and bytes are never negative).
      const [t0, t1] = [series.points[0][0], series.points[series.points.length - 1][0]];
      const level = (t: number) => Math.max(0, fit.intercept + (fit.slope * (t - start)) / DAY);
      const mean = series.points.reduce((sum, [, v]) => sum + v, 0) / series.points.length;
      // Relative to the mean level; a fall is also never more than the level it fell from (−100 %):
      // a near-zero mean under a falling line made "−1134 %".
      const absolute = level(t1) - level(t0);
      const base = absolute < 0 ? Math.max(mean, level(t0)) : mean;
      const change = { absolute, relative: base > 0 ? absolute / base : NaN };
      items.push({
        subject,
        measure: metric.measure,
        unit: metric.unit,
        query,
        slopePerDay: fit.slope,
        absoluteChange: change.absolute,
        relativeChange: Number.isFinite(change.relative) ? change.relative : null,
        changeIn: metric.changeIn,
        pValue: fit.pValue,
        rSquared: fit.rSquared,
        points: series.points,
        verdict: verdictFor(metric, change, fit.pValue, options.minRelativeChange ?? DEFAULT_MIN_RELATIVE_CHANGE),
      });
    }
  }
  items.sort((x, y) => itemMagnitude(y) - itemMagnitude(x) || x.subject.localeCompare(y.subject));
  return { kind: 'trends', service: options.service, source: source.description, start, end, items };
}

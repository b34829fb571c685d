// `perf-otel compare`: two time windows, or two service versions, per endpoint and key resource:
// the mean of per-step values on each side, Welch's t-test on them, and a verdict.
import { DEFAULT_SCRAPE_INTERVAL_SECONDS, sampleStepFor } from './analyses/context';
import {
  ALL_REQUESTS,
  changeMagnitude,
  DEFAULT_MIN_RELATIVE_CHANGE,
  TRACKED_METRICS,
  TrackedMetric,
  trackedQueryText,
  trackedSeries,
  Verdict,
  verdictFor,
} from './analyses/tracked-metrics';
import { Unit } from './findings';
import { Matcher, toPromQL } from './promql/expr';
import { welchTTest } from './stats/welch';
import type { MetricsSource } from './source';

export interface CompareSide {
  /** "2026-11-20T10:00Z/…" or "version 1.0.0". */
  label: string;
  scope: Matcher[];
  start: number;
  end: number;
}

export interface CompareOptions {
  service?: string;
  before: CompareSide;
  after: CompareSide;
  /** How often the data was scraped; default 15 s. */
  scrapeIntervalSeconds?: number;
  minRelativeChange?: number;
  progress?: (message: string) => void;
}

export interface CompareItem {
  subject: string;
  measure: string;
  unit: Unit;
  before: number;
  after: number;
  /** after - before, in the unit. */
  absoluteChange: number;
  /** (after - before) / before; null where before is 0 (a rise from nothing has no ratio). */
  relativeChange: number | null;
  /** How the change is judged and shown: relative, or in points for shares (5xx ratio, GC share). */
  changeIn: 'relative' | 'points';
  pValue: number;
  /** Per-step values on each side (the samples of the test). */
  samples: { before: number; after: number };
  queries: { before: string; after: string };
  verdict: Verdict;
}

export interface CompareResult {
  kind: 'compare';
  service: string | undefined;
  source: string;
  before: Omit<CompareSide, 'scope'>;
  after: Omit<CompareSide, 'scope'>;
  /** Biggest change first (relative, or points for shares), so the verdict and table lead with what matters. */
  items: CompareItem[];
  verdict: Verdict;
}

type SideValues = Map<string, { values: number[]; query: string }>;

async function sideValues(source: MetricsSource, side: CompareSide, metric: TrackedMetric, scrape: number): Promise<SideValues> {
  const step = sampleStepFor(side.end - side.start, scrape);
  // The first step's window starts inside the side, so no value mixes in data from before it.
  const series = await trackedSeries(source, metric, side.scope, side.start + step, side.end, step, step);
  const query = trackedQueryText(metric, side.scope, step, toPromQL);
  return new Map([...series].map(([subject, s]) => [subject, { values: s.points.map(([, v]) => v), query }]));
}

export function overallVerdict(items: Array<{ verdict: Verdict }>): Verdict {
  if (items.some((i) => i.verdict === 'regression')) return 'regression';
  if (items.some((i) => i.verdict === 'improvement')) return 'improvement';
  return 'no significant change';
}

export const itemMagnitude = (item: Pick<CompareItem, 'changeIn' | 'absoluteChange' | 'relativeChange'>): number =>
  changeMagnitude(item, { absolute: item.absoluteChange, relative: item.relativeChange ?? NaN });

export async function runCompare(source: MetricsSource, options: CompareOptions): Promise<CompareResult> {
  const scrape = options.scrapeIntervalSeconds ?? DEFAULT_SCRAPE_INTERVAL_SECONDS;
  const items: CompareItem[] = [];
  for (const metric of TRACKED_METRICS) {
    options.progress?.(`comparing ${metric.measure}`);
    const [before, after] = await Promise.all([options.before, options.after].map((side) => sideValues(source, side, metric, scrape)));
    for (const [subject, b] of before) {
      const a = after.get(subject);
      if (!a) continue;
      const test = welchTTest(b.values, a.values);
      if (!test) continue;
      // An endpoint without a single 5xx on either side needs no error-ratio row.
      if (metric.denominator && test.meanA === 0 && test.meanB === 0 && subject !== ALL_REQUESTS) continue;
      const change = { absolute: test.meanB - test.meanA, relative: test.meanA === 0 ? NaN : (test.meanB - test.meanA) / test.meanA };
      items.push({
        subject,
        measure: metric.measure,
        unit: metric.unit,
        before: test.meanA,
        after: test.meanB,
        absoluteChange: change.absolute,
        relativeChange: Number.isFinite(change.relative) ? change.relative : null,
        changeIn: metric.changeIn,
        pValue: test.pValue,
        samples: { before: b.values.length, after: a.values.length },
        queries: { before: b.query, after: a.query },
        verdict: verdictFor(metric, change, test.pValue, options.minRelativeChange ?? DEFAULT_MIN_RELATIVE_CHANGE),
      });
    }
  }
  items.sort((x, y) => itemMagnitude(y) - itemMagnitude(x) || x.subject.localeCompare(y.subject));
  const strip = ({ label, start, end }: CompareSide) => ({ label, start, end });
  return {
    kind: 'compare',
    service: options.service,
    source: source.description,
    before: strip(options.before),
    after: strip(options.after),
    items,
    verdict: overallVerdict(items),
  };
}

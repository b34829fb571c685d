// `perf-otel compare`: two time windows, or two service versions, per endpoint and key resource:
// the mean of per-step values on each side, Welch's t-test on them, and a verdict.
import { DEFAULT_SCRAPE_INTERVAL_SECONDS, sampleStepFor } from './analyses/context';
import { DEFAULT_MIN_RELATIVE_CHANGE, TRACKED_METRICS, Verdict, verdictFor } from './analyses/tracked-metrics';
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
  /** (after - before) / before. */
  relativeChange: number;
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
  items: CompareItem[];
  verdict: Verdict;
}

type SideValues = Map<string, { values: number[]; query: string }>;

async function sideValues(source: MetricsSource, side: CompareSide, metric: (typeof TRACKED_METRICS)[number], scrape: number): Promise<SideValues> {
  const step = sampleStepFor(side.end - side.start, scrape);
  const query = metric.query(side.scope, step);
  // The first step's window starts inside the side, so no value mixes in data from before it.
  const series = await source.range(query, side.start + step, side.end, step);
  return new Map(series.map((s) => [metric.subject(s.labels), { values: s.points.map(([, v]) => v), query: toPromQL(query) }]));
}

export function overallVerdict(items: Array<{ verdict: Verdict }>): Verdict {
  if (items.some((i) => i.verdict === 'regression')) return 'regression';
  if (items.some((i) => i.verdict === 'improvement')) return 'improvement';
  return 'no significant change';
}

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
      const relativeChange = test.meanA === 0 ? 0 : (test.meanB - test.meanA) / test.meanA;
      items.push({
        subject, measure: metric.measure, unit: metric.unit,
        before: test.meanA, after: test.meanB, relativeChange, pValue: test.pValue,
        samples: { before: b.values.length, after: a.values.length },
        queries: { before: b.query, after: a.query },
        verdict: verdictFor(relativeChange, test.pValue, options.minRelativeChange ?? DEFAULT_MIN_RELATIVE_CHANGE),
      });
    }
  }
  const strip = ({ label, start, end }: CompareSide) => ({ label, start, end });
  return {
    kind: 'compare', service: options.service, source: source.description,
    before: strip(options.before), after: strip(options.after), items, verdict: overallVerdict(items),
  };
}


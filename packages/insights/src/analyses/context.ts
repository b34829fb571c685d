import { eq, Matcher } from '../promql/expr';
import { LABEL_JOB } from '../metric-names';
import type { MetricsSource } from '../source';

/** What every analysis gets: where to read, which series, which time span. */
export interface AnalysisContext {
  source: MetricsSource;
  /** Label matchers selecting the service (job, version…). */
  scope: Matcher[];
  /** Analysed span [end - windowSeconds, end], unix seconds. */
  end: number;
  windowSeconds: number;
  /** Step of range queries (correlations, leak slope, charts). */
  stepSeconds: number;
  /** Window of rate/min_over_time inside range queries: two steps, and at least four scrapes. */
  rangeWindowSeconds: number;
  /** p95/p99 above this is flagged (default 0.5 s). */
  latencyThresholdSeconds: number;
  progress(message: string): void;
}

export const DEFAULT_LATENCY_THRESHOLD_SECONDS = 0.5;
/** Range queries return about this many points: enough for a t-test, cheap for Prometheus. */
export const RANGE_POINTS = 60;

export function serviceScope(service: string | undefined, extra: Matcher[] = []): Matcher[] {
  return [...(service === undefined ? [] : [eq(LABEL_JOB, service)]), ...extra];
}

/** Prometheus's usual scrape interval; sets the finest step and the shortest rate window. */
export const DEFAULT_SCRAPE_INTERVAL_SECONDS = 15;
/** rate() needs at least two samples in its window; four scrapes survive one missed scrape. */
const SCRAPES_PER_WINDOW = 4;

/** Step for ~RANGE_POINTS points over a span, never finer than `minStep` (the data's resolution). */
export const stepFor = (spanSeconds: number, minStepSeconds: number): number => Math.max(minStepSeconds, Math.round(spanSeconds / RANGE_POINTS));

/** The shortest window a rate over data scraped every `scrapeIntervalSeconds` can use. */
export const minRateWindow = (scrapeIntervalSeconds: number): number => SCRAPES_PER_WINDOW * scrapeIntervalSeconds;

/**
 * Step for per-step samples fed to a statistical test: each value's window is the step itself and
 * never shorter than a usable rate window, so values do not overlap (the test assumes independence).
 */
export const sampleStepFor = (spanSeconds: number, scrapeIntervalSeconds: number): number => stepFor(spanSeconds, minRateWindow(scrapeIntervalSeconds));

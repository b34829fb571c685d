import { MICROS_PER_MS, Tally, type SecondSample } from '../engine/stage-recorder';
import type { LatencySummary, PerSecondSamples, RequestStats } from './run-result';

/** A trailing window shorter than this is too short to be a fair per-second sample. */
const MIN_SAMPLE_SECONDS = 0.5;

const round = (value: number, digits = 3) => Number(value.toFixed(digits));

function latency(tally: Tally): LatencySummary {
  const histogram = tally.histogram;
  if (histogram.totalCount === 0) return { p50: 0, p90: 0, p95: 0, p99: 0, max: 0, mean: 0 };
  const ms = (micros: number) => round(micros / MICROS_PER_MS);
  // Percentiles come back as their bucket's upper edge; never let one read above the true maximum.
  const at = (percentile: number) => ms(Math.min(histogram.getValueAtPercentile(percentile), histogram.maxValue));
  return {
    p50: at(50),
    p90: at(90),
    p95: at(95),
    p99: at(99),
    max: ms(histogram.maxValue),
    mean: ms(histogram.mean),
  };
}

export function requestStats(tally: Tally, elapsedSeconds: number): RequestStats {
  const requests = tally.attempts;
  return {
    requests,
    errors: tally.errors,
    errorRate: requests === 0 ? 0 : round(tally.errors / requests, 5),
    throughput: elapsedSeconds > 0 ? round(tally.answered / elapsedSeconds, 2) : 0,
    achievedRate: elapsedSeconds > 0 ? round(requests / elapsedSeconds, 2) : 0,
    latencyMs: latency(tally),
    statuses: { ...tally.statuses },
  };
}

export function perSecondSamples(seconds: SecondSample[]): PerSecondSamples {
  const fair = seconds.filter((sample) => sample.seconds >= MIN_SAMPLE_SECONDS);
  return {
    p95Ms: fair.flatMap((sample) => (sample.p95Ms === null ? [] : [round(sample.p95Ms)])),
    throughput: fair.map((sample) => round(sample.answered / sample.seconds, 2)),
    errorRate: fair.filter((sample) => sample.attempts > 0).map((sample) => round(sample.errors / sample.attempts, 5)),
    heapBytes: [],
  };
}

export function mergeTallies(tallies: Tally[]): Tally {
  const merged = new Tally();
  for (const tally of tallies) merged.merge(tally);
  return merged;
}

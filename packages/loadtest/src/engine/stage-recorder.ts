// Collects what one stage's responses say: corrected latency histograms per request and in total,
// status counts, and one sample per second of wall time for the baseline gate.
import * as hdr from 'hdr-histogram-js';
import { CONNECTION_ERROR, TIMEOUT } from '../results/run-result';

/** Latencies are recorded in microseconds: hdr histograms hold integers and loopback answers take < 1 ms. */
const MICROS_PER_MS = 1000;

export class Tally {
  readonly histogram = hdr.build({ numberOfSignificantValueDigits: 3 });
  readonly statuses: Record<string, number> = {};
  answered = 0;
  errors = 0;

  status(key: string, failed: boolean): void {
    this.statuses[key] = (this.statuses[key] ?? 0) + 1;
    if (failed) this.errors++;
  }

  get attempts(): number {
    return Object.values(this.statuses).reduce((sum, count) => sum + count, 0);
  }

  merge(other: Tally): void {
    this.histogram.add(other.histogram);
    for (const [key, count] of Object.entries(other.statuses)) this.statuses[key] = (this.statuses[key] ?? 0) + count;
    this.answered += other.answered;
    this.errors += other.errors;
  }
}

export interface SecondSample {
  p95Ms: number | null;
  answered: number;
  attempts: number;
  errors: number;
  seconds: number;
}

export const isErrorStatus = (status: number) => status >= 400;

export class StageRecorder {
  readonly total = new Tally();
  readonly perRequest = new Map<string, Tally>();
  readonly seconds: SecondSample[] = [];
  connectionFailures = 0;
  firstConnectionError?: string;
  private current = new Tally();
  private secondStartedAt = performance.now();

  constructor(requestNames: string[]) {
    for (const name of requestNames) this.perRequest.set(name, new Tally());
  }

  /**
   * Records one answer. With an expected interval (open model), latencies are corrected for
   * coordinated omission the HdrHistogram way: a response slower than the connection's send
   * interval also stands for the requests that should have been sent meanwhile and would have
   * waited, so those waits are recorded too.
   */
  response(name: string, status: number, latencyMs: number, expectedIntervalMs?: number): void {
    const value = Math.max(1, Math.round(latencyMs * MICROS_PER_MS));
    const failed = isErrorStatus(status);
    for (const tally of [this.total, this.tallyFor(name), this.current]) {
      if (expectedIntervalMs) tally.histogram.recordValueWithExpectedInterval(value, Math.round(expectedIntervalMs * MICROS_PER_MS));
      else tally.histogram.recordValue(value);
      tally.answered++;
      tally.status(String(status), failed);
    }
  }

  failure(name: string | undefined, kind: typeof CONNECTION_ERROR | typeof TIMEOUT, code?: string): void {
    if (kind === CONNECTION_ERROR) {
      this.connectionFailures++;
      this.firstConnectionError ??= code;
    }
    const tallies = [this.total, this.current];
    if (name !== undefined) tallies.push(this.tallyFor(name));
    for (const tally of tallies) tally.status(kind, true);
  }

  /** Closes the current one-second window (or a shorter last one). */
  closeSecond(): void {
    const now = performance.now();
    const seconds = (now - this.secondStartedAt) / 1000;
    const tally = this.current;
    this.seconds.push({
      p95Ms: tally.answered > 0 ? tally.histogram.getValueAtPercentile(95) / MICROS_PER_MS : null,
      answered: tally.answered,
      attempts: tally.attempts,
      errors: tally.errors,
      seconds,
    });
    tally.histogram.destroy();
    this.current = new Tally();
    this.secondStartedAt = now;
  }

  private tallyFor(name: string): Tally {
    let tally = this.perRequest.get(name);
    if (!tally) this.perRequest.set(name, (tally = new Tally()));
    return tally;
  }
}

export { MICROS_PER_MS };

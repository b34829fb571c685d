// Server-side metrics for the windows a run covered, read from Prometheus under the names in
// docs/metrics.md (the Collector's translation, which perf-otel's own endpoint also produces).
import {
  PROM_DB_CLIENT_CONNECTION_WAIT_TIME,
  PROM_HTTP_SERVER_REQUEST_DURATION,
  PROM_NODEJS_EVENTLOOP_DELAY_P99,
  PROM_PROCESS_CPU_TIME,
  PROM_PROCESS_CPU_UTILIZATION,
  PROM_V8JS_GC_DURATION,
  PROM_V8JS_MEMORY_HEAP_USED,
} from '@org/perf-otel/prometheus-names';
import type { PrometheusSource } from '../scenario/scenario';
import { PrometheusClient } from './prometheus-client';
import type { Range, ServerMetrics } from './run-result';

export const METRIC_CPU_UTILIZATION = PROM_PROCESS_CPU_UTILIZATION;
export const METRIC_CPU_TIME = PROM_PROCESS_CPU_TIME;
export const METRIC_HEAP_USED = PROM_V8JS_MEMORY_HEAP_USED;
export const METRIC_GC_DURATION = PROM_V8JS_GC_DURATION;
export const METRIC_EVENT_LOOP_DELAY_P99 = PROM_NODEJS_EVENTLOOP_DELAY_P99;
export const METRIC_DB_CONNECTION_WAIT = PROM_DB_CLIENT_CONNECTION_WAIT_TIME;
export const METRIC_HTTP_SERVER_DURATION = PROM_HTTP_SERVER_REQUEST_DURATION;

const STEP_SECONDS = 1;
const FRESH_SCRAPE_TIMEOUT_MS = 30_000;
const FRESH_SCRAPE_POLL_MS = 250;

/** Seconds since the epoch. */
export interface WindowSeconds {
  start: number;
  end: number;
}

export interface RawServerWindow {
  heap: number[];
  cpu: number[];
  eventLoopDelay: number[];
  gcSum: number | null;
  gcCount: number | null;
  waitSum: number | null;
  waitCount: number | null;
  httpCount: number | null;
}

export class ServerMetricsReader {
  private readonly client: PrometheusClient;

  constructor(private readonly source: PrometheusSource) {
    this.client = new PrometheusClient(source.url);
  }

  private series(name: string): string {
    return `${name}{${this.source.selector}}`;
  }

  /** Fails before any load is sent when Prometheus cannot answer, rather than after the run. */
  async checkReachable(): Promise<void> {
    await this.client.scalarAt('1', Date.now() / 1000);
  }

  /**
   * Waits until Prometheus holds a scrape of the service taken after `time`, so that counters read
   * "at the end of the run" include the run's last requests. Resolves to that scrape's time, or
   * undefined if none came in time.
   */
  async waitForScrapeAfter(time: number): Promise<number | undefined> {
    const names = [`${METRIC_HTTP_SERVER_DURATION}_count`, METRIC_CPU_UTILIZATION, METRIC_HEAP_USED].join('|');
    const selector = [`__name__=~"${names}"`, this.source.selector].filter(Boolean).join(',');
    const deadline = Date.now() + FRESH_SCRAPE_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const now = Date.now() / 1000;
      const latest = await this.client.scalarAt(`max(timestamp({${selector}}))`, now);
      if (latest !== null && latest > time) return latest;
      await new Promise((resolve) => setTimeout(resolve, FRESH_SCRAPE_POLL_MS));
    }
    return undefined;
  }

  /**
   * Counters are read as the difference of their values at the window's start and at `countersAt`
   * (by default the window's end; for the run's last window, the first scrape after it, since the
   * sample in force at the end instant was taken before the last requests).
   */
  async read(window: WindowSeconds, countersAt = window.end): Promise<RawServerWindow> {
    const range = (query: string) => this.client.rangeValues(query, window.start, window.end, STEP_SECONDS);
    const delta = async (query: string): Promise<number | null> => {
      const [before, after] = await Promise.all([this.client.scalarAt(query, window.start), this.client.scalarAt(query, countersAt)]);
      // A series born during the window (first request, first GC) had nothing before it.
      return after === null ? null : after - (before ?? 0);
    };
    const [heap, utilization, eventLoopDelay, gcSum, gcCount, waitSum, waitCount, httpCount] = await Promise.all([
      range(`sum(${this.series(METRIC_HEAP_USED)})`),
      range(`avg(${this.series(METRIC_CPU_UTILIZATION)})`),
      range(`max(${this.series(METRIC_EVENT_LOOP_DELAY_P99)})`),
      delta(`sum(${this.series(`${METRIC_GC_DURATION}_sum`)})`),
      delta(`sum(${this.series(`${METRIC_GC_DURATION}_count`)})`),
      delta(`sum(${this.series(`${METRIC_DB_CONNECTION_WAIT}_sum`)})`),
      delta(`sum(${this.series(`${METRIC_DB_CONNECTION_WAIT}_count`)})`),
      delta(`sum(${this.series(`${METRIC_HTTP_SERVER_DURATION}_count`)})`),
    ]);
    // The utilization gauge is missing from some scrapes of perf-otel's endpoint (seen under load);
    // the CPU-time counter is always there, and its rate is the same ratio (of one core).
    const cpu = utilization.length > 0 ? utilization : await range(`sum(irate(${this.series(METRIC_CPU_TIME)}[1m]))`);
    return { heap, cpu, eventLoopDelay, gcSum, gcCount, waitSum, waitCount, httpCount };
  }
}

function range(values: number[]): Range | null {
  if (values.length === 0) return null;
  return { mean: values.reduce((sum, value) => sum + value, 0) / values.length, max: Math.max(...values) };
}

function total(values: (number | null)[]): number | null {
  const present = values.filter((value): value is number => value !== null);
  return present.length === 0 ? null : present.reduce((sum, value) => sum + value, 0);
}

/** Combines the windows of several repeats into one view. */
export function combineServerWindows(windows: RawServerWindow[]): ServerMetrics {
  const waitSum = total(windows.map((window) => window.waitSum));
  const waits = total(windows.map((window) => window.waitCount));
  return {
    cpuUtilization: range(windows.flatMap((window) => window.cpu)),
    heapUsedBytes: range(windows.flatMap((window) => window.heap)),
    gcSeconds: total(windows.map((window) => window.gcSum)),
    gcCount: total(windows.map((window) => window.gcCount)),
    eventLoopDelayP99Seconds: range(windows.flatMap((window) => window.eventLoopDelay)),
    dbConnectionWaitMeanSeconds: waitSum !== null && waits ? waitSum / waits : null,
    dbConnectionWaits: waits,
    httpServerRequests: total(windows.map((window) => window.httpCount)),
  };
}

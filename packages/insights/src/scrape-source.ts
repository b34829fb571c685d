// A MetricsSource over /metrics scrapes kept in memory: the demo's report needs no Prometheus.
import { Expr, Matcher } from './promql/expr';
import { matches } from './promql/local-eval';
import { evaluate } from './promql/local-eval';
import { SampleStore } from './promql/sample-store';
import type { Sample, Series } from './prometheus-client';
import type { MetricsSource } from './source';

export class ScrapeSource implements MetricsSource {
  readonly store = new SampleStore();

  constructor(private readonly endpoint: string) {}

  get description(): string {
    return `${this.store.scrapes} scrapes of ${this.endpoint}`;
  }

  /** Fetches the endpoint once and keeps what it returned. */
  async scrape(time = Date.now() / 1000): Promise<void> {
    const response = await fetch(this.endpoint, { signal: AbortSignal.timeout(10000) });
    if (!response.ok) throw new Error(`${this.endpoint} answered HTTP ${response.status}`);
    this.store.addScrape(await response.text(), time);
  }

  async instant(expr: Expr, time: number): Promise<Sample[]> {
    return evaluate(expr, this.store, time).filter((s) => Number.isFinite(s.value));
  }

  async range(expr: Expr, start: number, end: number, stepSeconds: number): Promise<Series[]> {
    const series = new Map<string, Series>();
    for (let t = start; t <= end + 1e-9; t += stepSeconds) {
      for (const sample of await this.instant(expr, t)) {
        const key = JSON.stringify(sample.labels);
        const entry = series.get(key) ?? { labels: sample.labels, points: [] };
        entry.points.push([t, sample.value]);
        series.set(key, entry);
      }
    }
    return [...series.values()];
  }

  async labelNames(metric: string, matchers: Matcher[], start: number, end: number): Promise<string[]> {
    const names = new Set<string>();
    for (const series of this.store.byName(metric)) {
      if (matches(series, matchers) && series.points.some(([t]) => t >= start && t <= end)) Object.keys(series.labels).forEach((l) => names.add(l));
    }
    return [...names].sort();
  }

  latestTime(): number {
    return this.store.lastTime;
  }
}

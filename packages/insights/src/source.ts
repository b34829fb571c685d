// Where the analyses get numbers from: a Prometheus server, or (for the demo) scrapes of the SDK's
// own /metrics endpoint evaluated in memory. Both take the same typed expressions.
import { Expr, Matcher, selector, toPromQL } from './promql/expr';
import { PrometheusClient, Sample, Series } from './prometheus-client';

export interface MetricsSource {
  /** Says where the data came from, for report headers. */
  readonly description: string;
  instant(expr: Expr, time: number): Promise<Sample[]>;
  range(expr: Expr, start: number, end: number, stepSeconds: number): Promise<Series[]>;
  /** Label names present on the series of `metric` matching `matchers` in [start, end]. */
  labelNames(metric: string, matchers: Matcher[], start: number, end: number): Promise<string[]>;
  /** The newest time worth analysing (unix seconds). */
  latestTime(): number;
}

const finite = (value: number): boolean => Number.isFinite(value);

export class PrometheusSource implements MetricsSource {
  readonly description: string;

  constructor(
    readonly client: PrometheusClient,
    private readonly clock: () => number = () => Date.now() / 1000,
  ) {
    this.description = `Prometheus at ${client.url}`;
  }

  async instant(expr: Expr, time: number): Promise<Sample[]> {
    return (await this.client.instant(toPromQL(expr), time)).filter((s) => finite(s.value));
  }

  async range(expr: Expr, start: number, end: number, stepSeconds: number): Promise<Series[]> {
    const series = await this.client.range(toPromQL(expr), start, end, stepSeconds);
    return series.map((s) => ({ labels: s.labels, points: s.points.filter(([, v]) => finite(v)) })).filter((s) => s.points.length > 0);
  }

  labelNames(metric: string, matchers: Matcher[], start: number, end: number): Promise<string[]> {
    return this.client.labelNames(toPromQL(selector(metric, matchers)), start, end);
  }

  latestTime(): number {
    return this.clock();
  }
}

// Accumulates cumulative counters and histograms over time and writes them as OpenMetrics text.

export const HTTP_DURATION_BOUNDARIES = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/**
 * How one step's requests spread around its mean: shares at multiples of the mean (weights sum to 1
 * and the weighted multiples to 1, so _sum / _count is exactly the mean).
 */
const SPREAD: Array<[share: number, multiple: number]> = [
  [0.5, 0.8],
  [0.4, 1.1],
  [0.1, 1.6],
];

type Labels = Record<string, string>;

const renderLabels = (labels: Labels): string =>
  `{${Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(',')}}`;

export class Sampler {
  private readonly series = new Map<string, { totals: number; lines: string[] }>();

  private point(name: string, labels: Labels, t: number, value: number, cumulative: boolean): void {
    const key = `${name}${renderLabels(labels)}`;
    const entry = this.series.get(key) ?? { totals: 0, lines: [] };
    entry.totals = cumulative ? entry.totals + value : value;
    entry.lines.push(`${key} ${entry.totals} ${t}`);
    this.series.set(key, entry);
  }

  gauge(name: string, labels: Labels, t: number, value: number): void {
    this.point(name, labels, t, value, false);
  }

  /** Adds `increment` to a cumulative counter. */
  counter(name: string, labels: Labels, t: number, increment: number): void {
    this.point(name, labels, t, increment, true);
  }

  /** Adds `count` observations averaging `meanSeconds` to a histogram. */
  histogram(name: string, labels: Labels, t: number, count: number, meanSeconds: number, boundaries: number[]): void {
    for (const le of [...boundaries, Infinity]) {
      const within = SPREAD.filter(([, m]) => m * meanSeconds <= le).reduce((sum, [share]) => sum + share, 0);
      this.counter(`${name}_bucket`, { ...labels, le: le === Infinity ? '+Inf' : String(le) }, t, count * within);
    }
    this.counter(`${name}_sum`, labels, t, count * meanSeconds);
    this.counter(`${name}_count`, labels, t, count);
  }

  /** Every series' samples in time order, series after series, ending with # EOF. */
  openMetrics(): string {
    return `${[...this.series.values()].map((s) => s.lines.join('\n')).join('\n')}\n# EOF\n`;
  }
}

// Evaluates the typed PromQL subset over a SampleStore the way Prometheus would, closely enough for
// the analyses: rate/increase handle counter resets (without Prometheus's extrapolation), instant
// selectors look back 5 minutes, histogram_quantile interpolates linearly inside a bucket.
import { Expr, Matcher } from './expr';
import { SampleStore, StoredSeries } from './sample-store';
import type { Sample } from '../prometheus-client';

const LOOKBACK_SECONDS = 300;

export function matches(series: StoredSeries, matchers: Matcher[]): boolean {
  return matchers.every((m) => {
    const value = series.labels[m.label] ?? '';
    switch (m.op) {
      case '=':
        return value === m.value;
      case '!=':
        return value !== m.value;
      case '=~':
        return new RegExp(`^(?:${m.value})$`).test(value);
      case '!~':
        return !new RegExp(`^(?:${m.value})$`).test(value);
    }
  });
}

const pointsIn = (series: StoredSeries, from: number, to: number) => series.points.filter(([t]) => t > from && t <= to);

function increase(points: Array<[number, number]>): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const delta = points[i][1] - points[i - 1][1];
    total += delta >= 0 ? delta : points[i][1]; // a reset: the counter restarted from 0
  }
  return total;
}

function rangeValue(fn: string, points: Array<[number, number]>, windowSeconds: number): number | undefined {
  const values = points.map(([, v]) => v);
  switch (fn) {
    case 'rate':
    case 'increase': {
      if (points.length < 2) return undefined;
      const rate = increase(points) / (points[points.length - 1][0] - points[0][0]);
      return fn === 'rate' ? rate : rate * windowSeconds;
    }
    case 'avg_over_time':
      return values.length ? values.reduce((a, b) => a + b, 0) / values.length : undefined;
    case 'max_over_time':
      return values.length ? Math.max(...values) : undefined;
    case 'min_over_time':
      return values.length ? Math.min(...values) : undefined;
    default:
      return undefined;
  }
}

const signature = (labels: Record<string, string>, omit?: string): string =>
  JSON.stringify(
    Object.entries(labels)
      .filter(([k]) => k !== omit)
      .sort(([a], [b]) => a.localeCompare(b)),
  );

/** histogram_quantile over one group of buckets (le → cumulative count), as Prometheus computes it. */
export function bucketQuantile(q: number, buckets: Array<[number, number]>): number {
  const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
  if (sorted.length < 2 || sorted[sorted.length - 1][0] !== Infinity) return NaN;
  const total = sorted[sorted.length - 1][1];
  if (total === 0) return NaN;
  const rank = q * total;
  const index = sorted.findIndex(([, count]) => count >= rank);
  if (index === sorted.length - 1) return sorted[sorted.length - 2][0];
  const [upper, count] = sorted[index];
  const [lower, below] = index === 0 ? [0, 0] : sorted[index - 1];
  if (count === below) return upper;
  return lower + (upper - lower) * ((rank - below) / (count - below));
}

function applyBinary(op: string, a: number, b: number): number {
  switch (op) {
    case '/':
      return a / b;
    case '*':
      return a * b;
    case '+':
      return a + b;
    default:
      return a - b;
  }
}

/** One instant vector at `time`; labels never include the metric name. */
export function evaluate(expr: Expr, store: SampleStore, time: number): Sample[] {
  switch (expr.kind) {
    case 'scalar':
      return [{ labels: {}, value: expr.value }];
    case 'selector':
      return store
        .byName(expr.metric)
        .filter((s) => matches(s, expr.matchers))
        .flatMap((s) => {
          const recent = pointsIn(s, time - LOOKBACK_SECONDS, time);
          return recent.length ? [{ labels: s.labels, value: recent[recent.length - 1][1] }] : [];
        });
    case 'range-fn':
      return store
        .byName(expr.metric)
        .filter((s) => matches(s, expr.matchers))
        .flatMap((s) => {
          const value = rangeValue(expr.fn, pointsIn(s, time - expr.windowSeconds, time), expr.windowSeconds);
          return value === undefined ? [] : [{ labels: s.labels, value }];
        });
    case 'aggregate': {
      const groups = new Map<string, { labels: Record<string, string>; values: number[] }>();
      for (const sample of evaluate(expr.expr, store, time)) {
        const labels = Object.fromEntries(expr.by.filter((l) => l in sample.labels).map((l) => [l, sample.labels[l]]));
        const key = signature(labels);
        const group = groups.get(key) ?? { labels, values: [] };
        group.values.push(sample.value);
        groups.set(key, group);
      }
      return [...groups.values()].map(({ labels, values }) => ({ labels, value: aggregateValues(expr.op, values) }));
    }
    case 'quantile': {
      const groups = new Map<string, { labels: Record<string, string>; buckets: Array<[number, number]> }>();
      for (const sample of evaluate(expr.expr, store, time)) {
        const { le, ...labels } = sample.labels;
        if (le === undefined) continue;
        const key = signature(labels);
        const group = groups.get(key) ?? { labels, buckets: [] };
        group.buckets.push([le === '+Inf' ? Infinity : Number(le), sample.value]);
        groups.set(key, group);
      }
      return [...groups.values()].map(({ labels, buckets }) => ({ labels, value: bucketQuantile(expr.q, buckets) }));
    }
    case 'binary': {
      const left = evaluate(expr.left, store, time);
      const rightExpr = expr.right;
      if (rightExpr.kind === 'scalar') return left.map((s) => ({ labels: s.labels, value: applyBinary(expr.op, s.value, rightExpr.value) }));
      const bySignature = new Map(evaluate(rightExpr, store, time).map((s) => [signature(s.labels), s.value]));
      return left.flatMap((s) => {
        const other = bySignature.get(signature(s.labels));
        return other === undefined ? [] : [{ labels: s.labels, value: applyBinary(expr.op, s.value, other) }];
      });
    }
  }
}

function aggregateValues(op: string, values: number[]): number {
  switch (op) {
    case 'sum':
      return values.reduce((a, b) => a + b, 0);
    case 'avg':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'max':
      return Math.max(...values);
    default:
      return Math.min(...values);
  }
}

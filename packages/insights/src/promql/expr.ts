// A small typed subset of PromQL. The analyses build these instead of strings so the same query can
// go to a real Prometheus (rendered to PromQL, which is also the evidence shown to users) or be
// evaluated in memory over /metrics scrapes (the demo, which runs without a Prometheus binary).

export type MatchOp = '=' | '!=' | '=~' | '!~';
export interface Matcher {
  label: string;
  op: MatchOp;
  value: string;
}

export type RangeFunction = 'rate' | 'increase' | 'avg_over_time' | 'max_over_time' | 'min_over_time';
export type AggregateOp = 'sum' | 'avg' | 'max' | 'min';
export type BinaryOp = '/' | '*' | '+' | '-';

export type Expr =
  | { kind: 'selector'; metric: string; matchers: Matcher[] }
  | { kind: 'range-fn'; fn: RangeFunction; metric: string; matchers: Matcher[]; windowSeconds: number }
  | { kind: 'aggregate'; op: AggregateOp; by: string[]; expr: Expr }
  | { kind: 'quantile'; q: number; expr: Expr }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { kind: 'scalar'; value: number };

export const eq = (label: string, value: string): Matcher => ({ label, op: '=', value });
export const re = (label: string, value: string): Matcher => ({ label, op: '=~', value });

export const selector = (metric: string, matchers: Matcher[] = []): Expr => ({ kind: 'selector', metric, matchers });
export const rangeFn = (fn: RangeFunction, metric: string, matchers: Matcher[], windowSeconds: number): Expr => ({
  kind: 'range-fn',
  fn,
  metric,
  matchers,
  windowSeconds,
});
export const aggregate = (op: AggregateOp, by: string[], expr: Expr): Expr => ({ kind: 'aggregate', op, by, expr });
export const sumBy = (by: string[], expr: Expr): Expr => aggregate('sum', by, expr);
export const quantile = (q: number, expr: Expr): Expr => ({ kind: 'quantile', q, expr });
export const binary = (op: BinaryOp, left: Expr, right: Expr): Expr => ({ kind: 'binary', op, left, right });
export const scalar = (value: number): Expr => ({ kind: 'scalar', value });

/** Prometheus duration text for a window in seconds: whole minutes as "5m", else seconds. */
export function formatWindow(seconds: number): string {
  const whole = Math.max(1, Math.round(seconds));
  if (whole % 86400 === 0) return `${whole / 86400}d`;
  if (whole % 3600 === 0) return `${whole / 3600}h`;
  if (whole % 60 === 0) return `${whole / 60}m`;
  return `${whole}s`;
}

const renderMatchers = (matchers: Matcher[]): string =>
  matchers.length === 0 ? '' : `{${matchers.map((m) => `${m.label}${m.op}${JSON.stringify(m.value)}`).join(', ')}}`;

/** The PromQL text of an expression. */
export function toPromQL(expr: Expr): string {
  switch (expr.kind) {
    case 'selector':
      return `${expr.metric}${renderMatchers(expr.matchers)}`;
    case 'range-fn':
      return `${expr.fn}(${expr.metric}${renderMatchers(expr.matchers)}[${formatWindow(expr.windowSeconds)}])`;
    case 'aggregate':
      return `${expr.op} by (${expr.by.join(', ')}) (${toPromQL(expr.expr)})`;
    case 'quantile':
      return `histogram_quantile(${expr.q}, ${toPromQL(expr.expr)})`;
    case 'binary':
      return `(${toPromQL(expr.left)}) ${expr.op} (${toPromQL(expr.right)})`;
    case 'scalar':
      return String(expr.value);
  }
}

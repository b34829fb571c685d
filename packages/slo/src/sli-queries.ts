import {
  HTTP_SERVER_DURATION_BUCKET,
  HTTP_SERVER_DURATION_COUNT,
  LABEL_ENVIRONMENT,
  LABEL_JOB,
  LABEL_ROUTE,
  LABEL_STATUS_CODE,
  leMatcher,
} from './http-histogram';
import { SloObjective, SloSpec } from './spec';

/** A PromQL string literal: JSON's escaping is valid PromQL. */
const quote = (value: string): string => JSON.stringify(value);
const escapeRegex = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The label matchers selecting the requests an objective covers. */
export function requestMatchers(spec: SloSpec, objective: SloObjective): string[] {
  const matchers = [`${LABEL_JOB}=${quote(spec.service)}`];
  if (spec.environment !== undefined) matchers.push(`${LABEL_ENVIRONMENT}=${quote(spec.environment)}`);
  if (objective.routes) matchers.push(`${LABEL_ROUTE}=~${quote(objective.routes.map(escapeRegex).join('|'))}`);
  return matchers;
}

const selector = (metric: string, matchers: string[]): string => `${metric}{${matchers.join(', ')}}`;

/**
 * The SLI error ratio over `window`: bad requests / all requests.
 * availability: bad = 5xx responses (4xx are the client's doing).
 * latency: bad = requests slower than the threshold = 1 - (requests within the `le` bucket) / all.
 * A window without requests yields no sample (never NaN).
 */
export function sliErrorRatioExpr(spec: SloSpec, objective: SloObjective, window: string): string {
  const matchers = requestMatchers(spec, objective);
  // `> 0`: a window without requests has no ratio. 0/0 would be NaN, and one NaN sample turns every
  // avg_over_time over it (the period ratio, error budget remaining) into NaN for the whole period.
  const total = `(sum(rate(${selector(HTTP_SERVER_DURATION_COUNT, matchers)}[${window}])) > 0)`;
  if (objective.type === 'availability') {
    const bad = selector(HTTP_SERVER_DURATION_COUNT, [...matchers, `${LABEL_STATUS_CODE}=~"5.."`]);
    // `or vector(0)`: no 5xx at all is a ratio of 0, not "no data".
    return `(sum(rate(${bad}[${window}])) or vector(0))\n/\n${total}`;
  }
  const good = selector(HTTP_SERVER_DURATION_BUCKET, [...matchers, leMatcher(objective.thresholdSeconds as number)]);
  return `1 - (\n  sum(rate(${good}[${window}]))\n  /\n  ${total}\n)`;
}

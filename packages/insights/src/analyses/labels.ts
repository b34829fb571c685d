import { LABEL_JOB, LABEL_METHOD, LABEL_ROUTE } from '../metric-names';
import type { Matcher } from '../promql/expr';
import type { Sample } from '../prometheus-client';

const ENDPOINT_LABELS = [LABEL_METHOD, LABEL_ROUTE];

/** Endpoint grouping: across services (no job selected) the job is part of the endpoint, so equal routes stay apart. */
export const endpointLabels = (scope: Matcher[]): string[] =>
  scope.some((m) => m.label === LABEL_JOB && m.op === '=') ? ENDPOINT_LABELS : [LABEL_JOB, ...ENDPOINT_LABELS];
/** Requests no route matched (404s, plain paths with the route fallback off) have no http_route. */
export const NO_ROUTE = '(no route)';

export const endpointName = (labels: Record<string, string>): string =>
  `${labels[LABEL_JOB] ? `${labels[LABEL_JOB]}: ` : ''}${labels[LABEL_METHOD] ?? ''} ${labels[LABEL_ROUTE] || NO_ROUTE}`.trim();

/** Values of an instant vector keyed by `keyOf(labels)`. */
export function byKey(samples: Sample[], keyOf: (labels: Record<string, string>) => string): Map<string, number> {
  return new Map(samples.map((s) => [keyOf(s.labels), s.value]));
}

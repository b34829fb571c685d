import { LABEL_METHOD, LABEL_ROUTE } from '../metric-names';
import type { Sample } from '../prometheus-client';

export const ENDPOINT_LABELS = [LABEL_METHOD, LABEL_ROUTE];
/** Requests no route matched (404s, plain paths with the route fallback off) have no http_route. */
export const NO_ROUTE = '(no route)';

export const endpointName = (labels: Record<string, string>): string =>
  `${labels[LABEL_METHOD] ?? ''} ${labels[LABEL_ROUTE] || NO_ROUTE}`.trim();

/** Values of an instant vector keyed by `keyOf(labels)`. */
export function byKey(samples: Sample[], keyOf: (labels: Record<string, string>) => string): Map<string, number> {
  return new Map(samples.map((s) => [keyOf(s.labels), s.value]));
}

import { LABEL_HOST, LABEL_INSTANCE, LABEL_JOB, LABEL_METHOD, LABEL_ROUTE } from '../metric-names';
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

/** The labels that tell processes apart and name them: the instance id, the service, the host. */
export const PROCESS_LABELS = [LABEL_INSTANCE, LABEL_JOB, LABEL_HOST];

/**
 * Processes as people know them, "shop on web-1", not by their instance id (a UUID); the id's first
 * eight characters are added only where two processes of a service share a host.
 */
export function processNames(labelSets: Array<Record<string, string>>): (labels: Record<string, string>) => string {
  const base = (l: Record<string, string>) => {
    const instance = l[LABEL_INSTANCE] ?? '(all)';
    if (!l[LABEL_JOB]) return instance;
    return l[LABEL_HOST] ? `${l[LABEL_JOB]} on ${l[LABEL_HOST]}` : `${l[LABEL_JOB]} (instance ${instance.slice(0, 8)})`;
  };
  const instancesByName = new Map<string, Set<string>>();
  for (const l of labelSets) {
    const set = instancesByName.get(base(l)) ?? new Set<string>();
    set.add(l[LABEL_INSTANCE] ?? '');
    instancesByName.set(base(l), set);
  }
  return (l) => {
    const name = base(l);
    return (instancesByName.get(name)?.size ?? 0) > 1 && l[LABEL_HOST] ? `${name} (instance ${(l[LABEL_INSTANCE] ?? '').slice(0, 8)})` : name;
  };
}

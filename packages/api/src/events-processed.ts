import type { Attributes } from '@opentelemetry/api';
import { AttributeSets } from './attributes';
import { counter } from './instruments';
import { ATTR_APP_EVENT_NAME, METRIC_APP_EVENTS_PROCESSED } from './semconv';

const processed = counter(METRIC_APP_EVENTS_PROCESSED, { unit: '{event}', description: 'Events processed, by event name' });
const names = new AttributeSets(ATTR_APP_EVENT_NAME);

/** Counts `n` (default 1) processed events of `name` (`app.events.processed{app.event.name}`): graph its rate. */
export function eventsProcessed(name: string, n = 1, attributes?: Attributes): void {
  processed.add(n, names.with(String(name), attributes));
}

import type { Attributes } from '@opentelemetry/api';
import { AttributeSets } from './attributes';
import { counter } from './instruments';
import { ATTR_APP_EVENT_NAME, METRIC_APP_BUSINESS_EVENT_VALUE, METRIC_APP_BUSINESS_EVENTS } from './semconv';

const events = counter(METRIC_APP_BUSINESS_EVENTS, { unit: '{event}', description: 'Business events (orders placed, sign-ups, …)' });
const values = counter(METRIC_APP_BUSINESS_EVENT_VALUE, { description: 'Sum of the values of business events (e.g. order amounts)' });
const names = new AttributeSets(ATTR_APP_EVENT_NAME);

/**
 * Counts one business event (`app.business.events{app.event.name}`); with `value` (≥ 0, e.g. an
 * amount) also adds it to `app.business.event.value` with the same attributes.
 */
export function businessEvent(name: string, value?: number, attributes?: Attributes): void {
  const set = names.with(String(name), attributes);
  events.add(1, set);
  if (value !== undefined) values.add(value, set);
}

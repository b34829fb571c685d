import {
  ATTR_APP_EVENT_NAME,
  ATTR_APP_FEATURE_NAME,
  ATTR_APP_QUEUE_NAME,
  METRIC_APP_BUSINESS_EVENT_VALUE,
  METRIC_APP_BUSINESS_EVENTS,
  METRIC_APP_EVENTS_PROCESSED,
  METRIC_APP_FEATURE_USAGE,
  METRIC_APP_QUEUE_PROCESSED,
  METRIC_APP_QUEUE_SIZE,
  METRIC_APP_QUEUE_WAIT_TIME,
  businessEvent,
  eventsProcessed,
  featureUsed,
  queue,
} from '../src/index';
import { pointWith, useInMemorySdk } from './support/in-memory-sdk';

const sdk = useInMemorySdk();

describe('featureUsed', () => {
  it('counts uses per feature in app.feature.usage {use}', async () => {
    for (let i = 0; i < 3; i++) featureUsed('export.csv');
    featureUsed('dark.mode', { 'app.plan': 'pro' });
    const points = await sdk().points(METRIC_APP_FEATURE_USAGE);
    expect(pointWith(points, { [ATTR_APP_FEATURE_NAME]: 'export.csv' })!.value).toBe(3);
    expect(pointWith(points, { [ATTR_APP_FEATURE_NAME]: 'dark.mode', 'app.plan': 'pro' })!.value).toBe(1);
    expect((await sdk().collect()).get(METRIC_APP_FEATURE_USAGE)!.descriptor.unit).toBe('{use}');
  });

  it('caller attributes cannot replace the feature name', async () => {
    featureUsed('search', { [ATTR_APP_FEATURE_NAME]: 'other' });
    expect((await sdk().points(METRIC_APP_FEATURE_USAGE))[0]!.attributes).toEqual({ [ATTR_APP_FEATURE_NAME]: 'search' });
  });
});

describe('businessEvent', () => {
  it('counts events, and sums values when given', async () => {
    businessEvent('order.placed', 30);
    businessEvent('order.placed', 12.5);
    businessEvent('signup');
    const counts = await sdk().points(METRIC_APP_BUSINESS_EVENTS);
    expect(pointWith(counts, { [ATTR_APP_EVENT_NAME]: 'order.placed' })!.value).toBe(2);
    expect(pointWith(counts, { [ATTR_APP_EVENT_NAME]: 'signup' })!.value).toBe(1);
    const values = await sdk().points(METRIC_APP_BUSINESS_EVENT_VALUE);
    expect(values).toEqual([{ attributes: { [ATTR_APP_EVENT_NAME]: 'order.placed' }, value: 42.5 }]);
  });
});

describe('eventsProcessed', () => {
  it('adds n per event name', async () => {
    eventsProcessed('invoice.created', 10);
    eventsProcessed('invoice.created', 5);
    eventsProcessed('invoice.paid');
    const points = await sdk().points(METRIC_APP_EVENTS_PROCESSED);
    expect(pointWith(points, { [ATTR_APP_EVENT_NAME]: 'invoice.created' })!.value).toBe(15);
    expect(pointWith(points, { [ATTR_APP_EVENT_NAME]: 'invoice.paid' })!.value).toBe(1);
  });
});

describe('queue', () => {
  it('tracks size from enqueued/dequeued, records waits and counts processed items', async () => {
    const emails = queue('emails');
    expect(queue('emails')).toBe(emails);
    emails.enqueued(5);
    emails.dequeued(0.2);
    emails.dequeued(3);
    const attributes = { [ATTR_APP_QUEUE_NAME]: 'emails' };
    expect(pointWith(await sdk().points(METRIC_APP_QUEUE_SIZE), attributes)!.value).toBe(3);
    expect(pointWith(await sdk().points(METRIC_APP_QUEUE_WAIT_TIME), attributes)).toMatchObject({ count: 2, value: 3.2 });
    expect(pointWith(await sdk().points(METRIC_APP_QUEUE_PROCESSED), attributes)!.value).toBe(2);
  });

  it('size(fn) reports the real size at each collection; a queue with neither reports no size', async () => {
    let backlog = 40;
    queue('webhooks').size(() => backlog);
    queue('consumer.only').dequeued(1);
    expect(pointWith(await sdk().points(METRIC_APP_QUEUE_SIZE), { [ATTR_APP_QUEUE_NAME]: 'webhooks' })!.value).toBe(40);
    backlog = 12;
    const sizes = await sdk().points(METRIC_APP_QUEUE_SIZE);
    expect(pointWith(sizes, { [ATTR_APP_QUEUE_NAME]: 'webhooks' })!.value).toBe(12);
    expect(pointWith(sizes, { [ATTR_APP_QUEUE_NAME]: 'consumer.only' })).toBeUndefined();
  });

  it('refuses an empty queue name', () => {
    expect(() => queue('')).toThrow('perf-otel-api: queue name "" is invalid: give a non-empty string');
  });
});

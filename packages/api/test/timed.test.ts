import { metrics } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE, DURATION_BUCKETS_SECONDS, timed } from '../src/index';
import { installInMemorySdk, pointWith, useInMemorySdk } from './support/in-memory-sdk';

class PaymentDeclined extends Error {}

describe('timed(name, fn)', () => {
  const sdk = useInMemorySdk();

  it('records exactly one observation per call of a sync function, in seconds with the advised buckets', async () => {
    const add = timed('orders.price.compute', (a: number, b: number) => a + b, { 'app.tier': 'gold' });
    for (let i = 0; i < 25; i++) expect(add(i, 1)).toBe(i + 1);

    const points = await sdk().points('orders.price.compute');
    expect(points).toHaveLength(1);
    expect(points[0]!.attributes).toEqual({ 'app.tier': 'gold' });
    expect(points[0]!.count).toBe(25);
    expect(points[0]!.boundaries).toEqual(DURATION_BUCKETS_SECONDS);
    const metric = (await sdk().collect()).get('orders.price.compute')!;
    expect(metric.descriptor.unit).toBe('s');
  });

  it('keeps this and arguments, and awaits async functions before recording', async () => {
    const cart = {
      items: 3,
      count: timed('cart.count', async function (this: { items: number }, extra: number) {
        await new Promise((resolve) => setImmediate(resolve));
        return this.items + extra;
      }),
    };
    const results = await Promise.all(Array.from({ length: 10 }, () => cart.count(2)));
    expect(results).toEqual(Array(10).fill(5));
    expect((await sdk().points('cart.count'))[0]!.count).toBe(10);
  });

  it('a sync throw is rethrown unchanged and recorded with error.type = the constructor name', async () => {
    const thrown = new PaymentDeclined('card expired');
    const charge = timed('payments.charge', (ok: boolean) => {
      if (!ok) throw thrown;
      return 'charged';
    });
    expect(charge(true)).toBe('charged');
    let caught: unknown;
    try {
      charge(false);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(thrown);

    const points = await sdk().points('payments.charge');
    expect(pointWith(points, {})!.count).toBe(1);
    expect(pointWith(points, { [ATTR_ERROR_TYPE]: 'PaymentDeclined' })!.count).toBe(1);
  });

  it('an async rejection is rethrown unchanged; a code wins over the constructor name', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const fetchRates = timed('rates.fetch', async () => {
      throw refused;
    });
    await expect(fetchRates()).rejects.toBe(refused);
    await expect(fetchRates()).rejects.toBe(refused);

    const points = await sdk().points('rates.fetch');
    expect(points).toHaveLength(1);
    expect(points[0]!.attributes).toEqual({ [ATTR_ERROR_TYPE]: 'ECONNREFUSED' });
    expect(points[0]!.count).toBe(2);
  });

  it('a thrown primitive is recorded as error.type _OTHER', async () => {
    const legacy = timed('legacy.call', () => {
      throw 'boom';
    });
    expect(() => legacy()).toThrow('boom');
    expect((await sdk().points('legacy.call'))[0]!.attributes).toEqual({ [ATTR_ERROR_TYPE]: '_OTHER' });
  });

  it('does not call then() on thenables that are not promises (lazy query builders run on then)', async () => {
    const builder = { then: jest.fn() };
    const query = timed('db.query.build', () => builder);
    expect(query()).toBe(builder);
    expect(builder.then).not.toHaveBeenCalled();
    expect((await sdk().points('db.query.build'))[0]!.count).toBe(1);
  });

  it('instruments made before the SDK registered start recording once it is there', async () => {
    metrics.disable();
    const early = timed('early.defined', () => 1);
    early();
    const late = installInMemorySdk();
    early();
    early();
    expect((await late.points('early.defined'))[0]!.count).toBe(2);
    await late.shutdown();
  });

  it('caller attributes are copied at definition: changing them later changes nothing', async () => {
    const attributes = { 'app.step': 'a' };
    const step = timed('pipeline.step', () => undefined, attributes);
    attributes['app.step'] = 'b';
    step();
    expect((await sdk().points('pipeline.step'))[0]!.attributes).toEqual({ 'app.step': 'a' });
  });

  it('refuses a missing name or a non-function', () => {
    expect(() => timed(undefined as unknown as string, () => 1)).toThrow('perf-otel-api: metric name undefined is invalid');
    expect(() => timed({} as unknown as string, () => 1)).toThrow('perf-otel-api: metric name [object Object] (an object) is invalid');
  });

  it('rejects a bad name at definition time, naming the value and the rule', () => {
    expect(() => timed('9lives', () => 1)).toThrow(
      new TypeError(
        'perf-otel-api: metric name "9lives" is invalid: an OpenTelemetry instrument name matches ^[A-Za-z][A-Za-z0-9_.\\-/]{0,254}$ ' +
          '(a letter, then up to 254 letters, digits, "_", ".", "-" or "/"), e.g. "orders.placed"',
      ),
    );
  });
});

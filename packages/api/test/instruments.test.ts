import { diag, type ObservableResult } from '@opentelemetry/api';
import { counter, gauge, histogram, observableGauge, upDownCounter } from '../src/index';
import { pointWith, useInMemorySdk } from './support/in-memory-sdk';

describe('custom instruments', () => {
  const sdk = useInMemorySdk();

  it('a counter adds 1 by default and keeps its unit and description', async () => {
    const placed = counter('orders.placed', { unit: '{order}', description: 'Orders placed' });
    placed.add();
    placed.add(4, { 'app.channel': 'web' });
    const metric = (await sdk().collect()).get('orders.placed')!;
    expect(metric.descriptor).toMatchObject({ unit: '{order}', description: 'Orders placed' });
    const points = await sdk().points('orders.placed');
    expect(pointWith(points, {})!.value).toBe(1);
    expect(pointWith(points, { 'app.channel': 'web' })!.value).toBe(4);
  });

  it('an up-down counter goes both ways', async () => {
    const inFlight = upDownCounter('jobs.in_flight', { unit: '{job}' });
    inFlight.add(3);
    inFlight.add(-2);
    expect((await sdk().points('jobs.in_flight'))[0]!.value).toBe(1);
  });

  it('a histogram uses the buckets it was given', async () => {
    const sizes = histogram('uploads.size', { unit: 'By', buckets: [1000, 10_000, 100_000] });
    sizes.record(500);
    sizes.record(50_000);
    const [point] = await sdk().points('uploads.size');
    expect(point).toMatchObject({ count: 2, value: 50_500, boundaries: [1000, 10_000, 100_000] });
  });

  it('a synchronous gauge keeps the last value per attribute set', async () => {
    const temperature = gauge('cache.fill', { unit: '1' });
    temperature.record(0.2, { 'app.cache': 'a' });
    temperature.record(0.7, { 'app.cache': 'a' });
    temperature.record(0.1, { 'app.cache': 'b' });
    const points = await sdk().points('cache.fill');
    expect(pointWith(points, { 'app.cache': 'a' })!.value).toBe(0.7);
    expect(pointWith(points, { 'app.cache': 'b' })!.value).toBe(0.1);
  });

  it('an observable gauge reports at each collection until stopped; a failing callback hides no other', async () => {
    let connections = 5;
    const observe = jest.fn((result: ObservableResult) => result.observe(connections));
    const pool = observableGauge('pool.connections', observe, { unit: '{connection}' });
    const error = jest.spyOn(diag, 'error').mockImplementation(() => undefined);
    const broken = observableGauge(
      'pool.connections',
      () => {
        throw new Error('pool gone');
      },
      { unit: '{connection}' },
    );
    expect((await sdk().points('pool.connections'))[0]!.value).toBe(5);
    connections = 8;
    expect((await sdk().points('pool.connections'))[0]!.value).toBe(8);
    expect(error).toHaveBeenCalledWith('perf-otel-api: a callback of gauge "pool.connections" failed: Error: pool gone');
    pool.stop();
    broken.stop();
    await sdk().collect();
    expect(observe).toHaveBeenCalledTimes(2);
    error.mockRestore();
  });

  it('the same name and kind gives the same instrument: counts add up', async () => {
    counter('logins', { unit: '{login}' }).add(2);
    counter('logins', { unit: '{login}' }).add(3);
    expect((await sdk().points('logins'))[0]!.value).toBe(5);
  });
});

describe('definition-time validation', () => {
  it('names the bad name and the rule', () => {
    expect(() => counter('orders placed')).toThrow(
      'perf-otel-api: metric name "orders placed" is invalid: an OpenTelemetry instrument name matches ^[A-Za-z][A-Za-z0-9_.\\-/]{0,254}$',
    );
    expect(() => histogram('x'.repeat(256))).toThrow(TypeError);
    expect(() => gauge(42 as unknown as string)).toThrow('perf-otel-api: metric name 42 is invalid');
  });

  it('accepts the longest valid name and the usual characters', () => {
    expect(() => counter('a'.repeat(255))).not.toThrow();
    expect(() => counter('Api/v2.requests-total_x')).not.toThrow();
  });

  it('says which UCUM unit a common word means', () => {
    expect(() => histogram('render.time', { unit: 'seconds' })).toThrow(
      new TypeError('perf-otel-api: unit "seconds" of metric "render.time" is not a UCUM unit: use "s"'),
    );
    expect(() => counter('download.size', { unit: 'bytes' })).toThrow('is not a UCUM unit: use "By"');
  });

  it('gives the unit rule for anything else', () => {
    expect(() => counter('tickets.sold', { unit: 'tickets' })).toThrow(
      new TypeError(
        'perf-otel-api: unit "tickets" of metric "tickets.sold" is not a UCUM unit: use a UCUM unit such as "s", "ms", "By", "KiBy", "1", "%", "By/s", ' +
          'or a {annotation} such as "{request}", at most 63 ASCII characters',
      ),
    );
  });

  it.each(['s', 'ms', 'us', 'ns', 'min', 'h', 'd', 'By', 'KiBy', 'MBy', 'By/s', '1', '%', '{request}', '{request}/s', '1/s', 'Cel', 'm/s2', 'kBy{compressed}'])(
    'accepts the UCUM unit %s',
    (unit) => {
      expect(() => counter(`units.ok.${Buffer.from(unit).toString('hex')}`, { unit })).not.toThrow();
    },
  );

  it('refuses bad buckets', () => {
    expect(() => histogram('latency.bad', { unit: 's', buckets: [1, 0.5] })).toThrow(
      'perf-otel-api: buckets [1,0.5] of metric "latency.bad" are invalid: give finite numbers in strictly increasing order, e.g. [0.01, 0.1, 1, 10]',
    );
  });

  it('refuses a second definition of a name as another kind or unit', () => {
    counter('cart.items', { unit: '{item}' });
    expect(() => histogram('cart.items', { unit: '{item}' })).toThrow(
      'perf-otel-api: metric "cart.items" is already defined as a counter with unit "{item}", not a histogram with unit "{item}": give this one another name',
    );
    expect(() => counter('cart.items', { unit: 'By' })).toThrow('already defined as a counter with unit "{item}"');
    observableGauge('pool.idle', () => undefined);
    expect(() => counter('pool.idle')).toThrow('is already defined as an observable gauge with unit ""');
  });
});

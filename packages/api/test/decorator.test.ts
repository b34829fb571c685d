// The @timed decorator compiled by tsc: the root jest config compiles decorators the legacy way
// (swc without jsc.transform.decoratorVersion "2022-03").
import { ATTR_CODE_FUNCTION_NAME, ATTR_ERROR_TYPE, METRIC_APP_METHOD_DURATION, timed } from '../src/index';
import { buildPackage, compileFixture, type CompiledFixture } from './support/compile-fixture';
import { pointWith, useInMemorySdk } from './support/in-memory-sdk';

interface FixtureModule {
  CheckoutError: new (message: string) => Error;
  OrderService: { new (): { place(items: number): number; ship(id: string): Promise<string> }; create(): unknown };
  ExpressOrderService: new () => { place(items: number): number };
}

describe('@timed() standard method decorator (compiled by tsc)', () => {
  let fixture: CompiledFixture;
  let service: FixtureModule;

  beforeAll(() => {
    buildPackage();
    fixture = compileFixture('decorated-service');
    service = require(fixture.file) as FixtureModule;
  });
  afterAll(() => fixture.remove());
  const sdk = useInMemorySdk();

  it('records one observation per call into app.method.duration with code.function.name = Class.method', async () => {
    const orders = new service.OrderService();
    for (let i = 1; i <= 7; i++) expect(orders.place(1)).toBe(i);
    service.OrderService.create();

    const points = await sdk().points(METRIC_APP_METHOD_DURATION);
    expect(pointWith(points, { [ATTR_CODE_FUNCTION_NAME]: 'OrderService.place' })!.count).toBe(7);
    expect(pointWith(points, { [ATTR_CODE_FUNCTION_NAME]: 'OrderService.create' })!.count).toBe(1);
    expect(points).toHaveLength(2);
  });

  it('names the declaring class when a subclass calls an inherited method', async () => {
    new service.ExpressOrderService().place(2);
    const points = await sdk().points(METRIC_APP_METHOD_DURATION);
    expect(points.map((p) => p.attributes[ATTR_CODE_FUNCTION_NAME])).toContain('OrderService.place');
    expect(points.map((p) => p.attributes[ATTR_CODE_FUNCTION_NAME])).not.toContain('ExpressOrderService.place');
  });

  it('a sync throw carries error.type and is rethrown unchanged', async () => {
    const orders = new service.OrderService();
    expect(() => orders.place(0)).toThrow(service.CheckoutError);
    const points = await sdk().points(METRIC_APP_METHOD_DURATION);
    expect(pointWith(points, { [ATTR_CODE_FUNCTION_NAME]: 'OrderService.place', [ATTR_ERROR_TYPE]: 'CheckoutError' })!.count).toBe(1);
  });

  it('a named async method records into its own histogram with its attributes; rejections carry error.type', async () => {
    const orders = new service.OrderService();
    await expect(orders.ship('a1')).resolves.toBe('shipped a1');
    await expect(orders.ship('a2')).resolves.toBe('shipped a2');
    await expect(orders.ship('lost')).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND' });

    const points = await sdk().points('orders.ship.duration');
    const base = { 'app.carrier': 'dhl', [ATTR_CODE_FUNCTION_NAME]: 'OrderService.ship' };
    expect(pointWith(points, base)!.count).toBe(2);
    expect(pointWith(points, { ...base, [ATTR_ERROR_TYPE]: 'ORDER_NOT_FOUND' })!.count).toBe(1);
  });
});

describe('@timed() misuse', () => {
  it('called the legacy way (experimentalDecorators) it says what to change', () => {
    const legacy = timed() as unknown as (target: object, key: string, descriptor: PropertyDescriptor) => void;
    expect(() => legacy({}, 'place', { value: () => 1 })).toThrow(
      'perf-otel-api: @timed is a standard (TC39) decorator but was called as a legacy one: turn "experimentalDecorators" off ' +
        '(TypeScript 5+), or with swc set jsc.transform.decoratorVersion to "2022-03"',
    );
  });

  it('on a getter it says to use timed(name, fn)', () => {
    const decorate = timed() as unknown as (value: unknown, context: { kind: string; name: string }) => void;
    expect(() => decorate(() => 1, { kind: 'getter', name: 'total' })).toThrow(
      'perf-otel-api: @timed decorates methods, not a getter: use timed(name, fn) for other functions',
    );
  });
});

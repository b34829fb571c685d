// InfluxDbMetricExporter against a real InfluxDB 1.x (Debian's influxd, started by the harness):
// what a user queries with InfluxQL after the SDK recorded known values.
import { ValueType } from '@opentelemetry/api';
import { startInfluxDb, type RunningInfluxDb } from '../harness';
import { DB, SERVICE, captureDiag, pipeline, rows } from './influx-test-kit';

let influx: RunningInfluxDb;
beforeAll(async () => {
  influx = await startInfluxDb();
  await influx.query(`CREATE DATABASE ${DB}`);
});
afterAll(async () => {
  await influx?.stop();
});

test('counters, up-down counters, gauges and histograms land with the exact values, fields and tags', async () => {
  const { provider, reader, exporter } = pipeline({ url: influx.url, apiVersion: 1, database: DB });
  const meter = provider.getMeter('checkout-meter', '1.2.3');
  const orders = meter.createCounter('orders.placed', { valueType: ValueType.INT });
  const inFlight = meter.createUpDownCounter('orders.in_flight');
  const latency = meter.createHistogram('checkout.duration', { unit: 's', advice: { explicitBucketBoundaries: [0.1, 1] } });
  meter.createObservableGauge('queue.depth').addCallback((r) => r.observe(42.5, { queue: 'emails, priority=high' }));
  orders.add(3, { 'payment.method': 'card' });
  orders.add(4, { 'payment.method': 'card' });
  orders.add(1, { 'payment.method': 'invoice' });
  inFlight.add(5);
  inFlight.add(-2);
  for (const v of [0.05, 0.5, 2]) latency.record(v);
  await reader.forceFlush();

  // Cumulative series (counters, histograms) begin with their zero point: 0 at the series' start time.
  // (1 ns before it when the SDK's millisecond clock gave the point the same time.) Read as text:
  // nanosecond integers do not fit a JS number.
  const first = `SELECT "counter", "start_time_unix_nano" FROM "orders.placed" WHERE "payment.method" = 'card' LIMIT 1`;
  const answer = await (await fetch(`${influx.url}/query?${new URLSearchParams({ db: DB, epoch: 'ns', q: first })}`)).text();
  const [, zeroTime, start] = /"values":\[\[(\d+),0,(\d+)\]\]/.exec(answer) ?? [];
  expect([BigInt(start) - 1n, BigInt(start)]).toContain(BigInt(zeroTime));
  expect(await rows(influx, `SELECT "counter" FROM "orders.placed" WHERE "payment.method" = 'card'`)).toEqual([
    { time: expect.any(String), counter: 0 },
    { time: expect.any(String), counter: 7 },
  ]);
  expect(await rows(influx, `SELECT "counter" FROM "orders.placed" WHERE "payment.method" = 'invoice'`)).toEqual([
    { time: expect.any(String), counter: 0 },
    { time: expect.any(String), counter: 1 },
  ]);
  expect(await rows(influx, 'SELECT "gauge" FROM "orders.in_flight"')).toEqual([{ time: expect.any(String), gauge: 3 }]);
  expect(await rows(influx, 'SELECT "count", "sum", "min", "max", "0.1", "1", "+Inf" FROM "checkout.duration"')).toEqual([
    { time: expect.any(String), count: 0, sum: 0, min: null, max: null, '0.1': 0, '1': 0, '+Inf': 0 },
    { time: expect.any(String), count: 3, sum: 2.55, min: 0.05, max: 2, '0.1': 1, '1': 2, '+Inf': 3 },
  ]);
  expect(await rows(influx, 'SELECT "gauge" FROM "queue.depth"')).toEqual([{ time: expect.any(String), gauge: 42.5 }]);

  // Tags: resource attributes, instrumentation scope, point attributes (escaping round-trips).
  const tags = await influx.query('SHOW TAG VALUES FROM "queue.depth" WITH KEY =~ /.*/', DB);
  expect(Object.fromEntries(tags.results[0].series![0].values as Array<[string, string]>)).toEqual({
    ...SERVICE,
    'otel.library.name': 'checkout-meter',
    'otel.library.version': '1.2.3',
    queue: 'emails, priority=high',
  });
  // Field types as the Collector writes them: INT instruments give integers, histogram fields are floats.
  const fieldTypes = async (m: string) => (await influx.query(`SHOW FIELD KEYS FROM "${m}"`, DB)).results[0].series![0].values;
  expect(await fieldTypes('orders.placed')).toEqual([
    ['counter', 'integer'],
    ['start_time_unix_nano', 'integer'],
  ]);
  expect(await fieldTypes('checkout.duration')).toEqual([
    ['+Inf', 'float'],
    ['0.1', 'float'],
    ['1', 'float'],
    ['count', 'float'],
    ['max', 'float'],
    ['min', 'float'],
    ['start_time_unix_nano', 'integer'],
    ['sum', 'float'],
  ]);
  expect(exporter.droppedPoints).toBe(0);
  await provider.shutdown();
});

test('temporality is cumulative: the second export carries the running total', async () => {
  const { provider, reader } = pipeline({ url: influx.url, apiVersion: 1, database: DB });
  const counter = provider.getMeter('m').createCounter('jobs.done');
  counter.add(2);
  await reader.forceFlush();
  counter.add(5);
  await reader.forceFlush();
  // The zero point once (at the series' start), then the running totals.
  expect((await rows(influx, 'SELECT "counter" FROM "jobs.done"')).map((r) => r.counter)).toEqual([0, 2, 7]);
  await provider.shutdown();
});

test('a retention policy in the options is where the points go', async () => {
  await influx.query(`CREATE RETENTION POLICY "short" ON "${DB}" DURATION 1h REPLICATION 1`);
  const { provider, reader } = pipeline({ url: influx.url, apiVersion: 1, database: DB, retentionPolicy: 'short' });
  provider.getMeter('m').createCounter('rp.probe').add(1);
  await reader.forceFlush();
  expect((await rows(influx, `SELECT "counter" FROM "${DB}"."short"."rp.probe"`)).map((r) => r.counter)).toEqual([0, 1]);
  expect(await rows(influx, 'SELECT "counter" FROM "rp.probe"')).toEqual([]);
  await provider.shutdown();
});

describe('with authentication on', () => {
  let secured: RunningInfluxDb;
  const admin = { username: 'admin', password: 's3cret' };
  beforeAll(async () => {
    secured = await startInfluxDb({ admin });
    await secured.query(`CREATE DATABASE ${DB}`);
  });
  afterAll(async () => {
    await secured?.stop();
  });

  test('username/password are sent as basic auth', async () => {
    const { provider, reader } = pipeline({ url: secured.url, apiVersion: 1, database: DB, ...admin });
    provider.getMeter('m').createCounter('auth.probe').add(9);
    await reader.forceFlush();
    expect((await rows(secured, 'SELECT "counter" FROM "auth.probe"')).map((r) => r.counter)).toEqual([0, 9]);
    await provider.shutdown();
  });

  test('a wrong password: points are dropped, counted, and one warning says why (without the password)', async () => {
    const diagLog = captureDiag();
    try {
      const { provider, reader, exporter } = pipeline({ url: secured.url, apiVersion: 1, database: DB, username: 'admin', password: 'wrong-pw' });
      const counter = provider.getMeter('m').createCounter('auth.denied');
      counter.add(1, { k: 'a' });
      counter.add(1, { k: 'b' });
      await reader.forceFlush();
      await reader.forceFlush();
      // First flush: two zero points and two points; second flush: two points.
      expect(exporter.droppedPoints).toBe(6);
      const ours = diagLog.warnings.filter((w) => w.startsWith('perf-otel InfluxDB exporter:'));
      expect(ours).toEqual([
        `perf-otel InfluxDB exporter: dropped 4 points (InfluxDB rejected them: HTTP 401: {"error":"authorization failed"}); further drops are only counted (droppedPoints)`,
      ]);
      expect(diagLog.warnings.join('\n')).not.toContain('wrong-pw');
      await provider.shutdown();
    } finally {
      diagLog.restore();
    }
  });
});

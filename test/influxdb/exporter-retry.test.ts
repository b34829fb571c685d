// How the exporter treats InfluxDB's answers: 5xx and 429 are retried with backoff (Retry-After honoured),
// a 1.x partial write drops only the points InfluxDB says it dropped.
import { ValueType } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { startInfluxDb, type RunningInfluxDb } from '../harness';
import { DB, pipeline, relay, rows, startFront, type Front } from './influx-test-kit';

let influx: RunningInfluxDb;
let front: Front;
let frontUrl: string;
/** Statuses the front answers with before it starts passing requests through to InfluxDB. */
let failures: Array<{ status: number; headers?: Record<string, string> }> = [];
let requests = 0;

beforeAll(async () => {
  influx = await startInfluxDb();
  await influx.query(`CREATE DATABASE ${DB}`);
  // A stand-in for an overloaded InfluxDB (or a proxy in front of it): fails as told, then relays.
  front = await startFront(async (req) => {
    requests++;
    const failure = failures.shift();
    if (failure !== undefined) return { ...failure, body: '{"error":"overloaded"}' };
    return relay(influx, `${req.url.pathname}${req.url.search}`, req.body);
  });
  frontUrl = front.url;
});
afterAll(async () => {
  await front?.close();
  await influx?.stop();
});
beforeEach(() => {
  requests = 0;
  failures = [];
});

test('503 twice, then success: the points are written by the retries within one flush, nothing dropped', async () => {
  failures = [{ status: 503 }, { status: 503 }];
  const { provider, reader, exporter } = pipeline({ url: frontUrl, apiVersion: 1, database: DB, timeoutMillis: 5000 });
  provider.getMeter('m').createCounter('retry.503').add(4);
  await reader.forceFlush();
  expect(requests).toBe(3);
  expect(exporter.droppedPoints).toBe(0);
  expect((await rows(influx, 'SELECT "counter" FROM "retry.503"')).map((r) => r.counter)).toEqual([0, 4]);
  await provider.shutdown();
});

test('429 with Retry-After: the next periodic export waits it out instead of retrying; an explicit flush tries again and writes', async () => {
  failures = [{ status: 429, headers: { 'retry-after': '30' } }];
  const { provider, reader, exporter } = pipeline({ url: frontUrl, apiVersion: 1, database: DB, timeoutMillis: 1000 });
  provider.getMeter('m').createCounter('retry.429').add(1);
  const exportOnce = async () => {
    const { resourceMetrics } = await reader.collect();
    return new Promise<ExportResult>((resolve) => exporter.export(resourceMetrics, resolve));
  };
  // Nothing is lost yet, so both periodic exports report success; only the first reached the server.
  expect((await exportOnce()).code).toBe(ExportResultCode.SUCCESS);
  expect((await exportOnce()).code).toBe(ExportResultCode.SUCCESS);
  expect(requests).toBe(1);
  expect(exporter.bufferedPoints).toBe(3);
  await exporter.forceFlush();
  expect(requests).toBe(2);
  expect(exporter.bufferedPoints).toBe(0);
  expect(exporter.droppedPoints).toBe(0);
  // The series' zero point, then two collections, two points of the cumulative counter.
  expect((await rows(influx, 'SELECT "counter" FROM "retry.429"')).map((r) => r.counter)).toEqual([0, 1, 1]);
  await provider.shutdown();
});

test('a partial write (field type conflict) drops only what InfluxDB dropped', async () => {
  // "type.conflict" already holds a float counter (in the current shard: types are per shard): an integer
  // one is refused, the other point of the same request is stored.
  await influx.write(`type.conflict,k=x counter=1.5 ${Date.now()}000000`, DB);
  const { provider, reader, exporter } = pipeline({ url: frontUrl, apiVersion: 1, database: DB });
  const meter = provider.getMeter('m');
  meter.createCounter('type.conflict', { valueType: ValueType.INT }).add(2, { k: 'x' });
  meter.createCounter('type.fine').add(3);
  await reader.forceFlush();
  // The conflicting series' point and its zero point.
  expect(exporter.droppedPoints).toBe(2);
  expect((await rows(influx, 'SELECT "counter" FROM "type.fine"')).map((r) => r.counter)).toEqual([0, 3]);
  await provider.shutdown();
});

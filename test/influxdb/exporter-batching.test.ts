// Large exports are split into requests of at most MAX_LINES_PER_REQUEST lines, and nothing is lost.
import { ValueType } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { InfluxDbMetricExporter } from '@org/perf-otel-exporter-influxdb';
import { MAX_LINES_PER_REQUEST } from '../../packages/exporter-influxdb/src/influxdb-metric-exporter';
import { startInfluxDb, type RunningInfluxDb } from '../harness';
import { DB, relay, startFront, type Front } from './influx-test-kit';

let influx: RunningInfluxDb;
let front: Front;
let linesPerRequest: number[] = [];
let forward = true;

beforeAll(async () => {
  influx = await startInfluxDb();
  await influx.query(`CREATE DATABASE ${DB}`);
  front = await startFront(async (req) => {
    linesPerRequest.push(req.body.toString('utf8').split('\n').length);
    return forward ? relay(influx, `${req.url.pathname}${req.url.search}`, req.body) : { status: 204, body: '' };
  });
});
afterAll(async () => {
  await front?.close();
  await influx?.stop();
});
beforeEach(() => {
  linesPerRequest = [];
});

/** One gauge with `points` series, built directly: the SDK's cardinality limit would fold them. */
function manySeries(points: number): ResourceMetrics {
  const time: [number, number] = [Math.floor(Date.now() / 1000), 0];
  return {
    resource: resourceFromAttributes({ 'service.name': 'batch' }),
    scopeMetrics: [
      {
        scope: { name: 'batch' },
        metrics: [
          {
            descriptor: { name: 'batch.gauge', description: '', unit: '', valueType: ValueType.DOUBLE },
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.GAUGE,
            dataPoints: Array.from({ length: points }, (_, i) => ({ startTime: time, endTime: time, attributes: { series: i }, value: i })),
          },
        ],
      },
    ],
  };
}

const exportAll = (exporter: InfluxDbMetricExporter, metrics: ResourceMetrics) => new Promise<ExportResult>((resolve) => exporter.export(metrics, resolve));

test('12 000 points go out as 3 requests of at most 5000 lines and all arrive in InfluxDB', async () => {
  forward = true;
  const exporter = new InfluxDbMetricExporter({ url: front.url, apiVersion: 1, database: DB });
  expect((await exportAll(exporter, manySeries(12_000))).code).toBe(ExportResultCode.SUCCESS);
  expect(linesPerRequest).toEqual([MAX_LINES_PER_REQUEST, MAX_LINES_PER_REQUEST, 2_000]);
  const count = await influx.query('SELECT count("gauge") FROM "batch.gauge"', DB);
  expect(count.results[0].series![0].values[0][1]).toBe(12_000);
});

test("an export larger than a function call's argument limit (200 000 points) is buffered and sent whole", async () => {
  forward = false;
  const exporter = new InfluxDbMetricExporter({ url: front.url, apiVersion: 1, database: DB, maxBufferedPoints: 250_000, timeoutMillis: 60_000 });
  expect((await exportAll(exporter, manySeries(200_000))).code).toBe(ExportResultCode.SUCCESS);
  expect(linesPerRequest.reduce((a, b) => a + b, 0)).toBe(200_000);
  expect(Math.max(...linesPerRequest)).toBe(MAX_LINES_PER_REQUEST);
  expect(exporter.droppedPoints).toBe(0);
});

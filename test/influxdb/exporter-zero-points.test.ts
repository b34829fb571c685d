// Zero points of the direct exporter, read back from a real InfluxDB 1.x: each cumulative series
// (monotonic sum, histogram) gets one point with every cumulative field 0 at its start time, once per
// series and start, so per-interval differences count a new series' first interval (see
// deploy/influxdb/setup.sh and the trends dashboard). Exported points are built by hand here so
// that start times (a restart, a start over an hour old) are the test's to choose.
import { ValueType, type HrTime } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType, type MetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { InfluxDbMetricExporter } from '@org/perf-otel-exporter-influxdb';
import { startInfluxDb, type RunningInfluxDb } from '../harness';
import { DB, SERVICE } from './influx-test-kit';

let influx: RunningInfluxDb;
beforeAll(async () => {
  influx = await startInfluxDb();
  await influx.query(`CREATE DATABASE ${DB}`);
});
afterAll(async () => {
  await influx?.stop();
});

const T0 = Math.floor(Date.now() / 1000) - 3 * 3600; // seconds; the tests' starts are relative to it
const at = (seconds: number): HrTime => [T0 + seconds, 0];
const descriptor = (name: string, valueType = ValueType.INT) => ({ name, description: '', unit: '', valueType });

/** One export: every instrument kind, started at `start` (the `old` counter 2 h earlier), reported at `end`. */
function exportOf(start: number, end: number, value: number): ResourceMetrics {
  const point = <T>(v: T, from = start) => ({ startTime: at(from), endTime: at(end), attributes: {}, value: v });
  const sum = (name: string, isMonotonic: boolean, from = start): MetricData => ({
    descriptor: descriptor(name),
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.SUM,
    isMonotonic,
    dataPoints: [point(value, from)],
  });
  return {
    resource: resourceFromAttributes(SERVICE),
    scopeMetrics: [
      {
        scope: { name: 'zero-test' },
        metrics: [
          sum('zp.counter', true),
          sum('zp.updown', false),
          sum('zp.old', true, start - 2 * 3600),
          {
            descriptor: descriptor('zp.gauge', ValueType.DOUBLE),
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.GAUGE,
            dataPoints: [point(value / 2)],
          },
          {
            descriptor: descriptor('zp.histogram', ValueType.DOUBLE),
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.HISTOGRAM,
            dataPoints: [
              point({
                buckets: { boundaries: [0.1, 1], counts: [value, 0, 0] },
                sum: value * 0.05,
                count: value,
                min: 0.05,
                max: 0.05,
              }),
            ],
          },
        ],
      },
    ],
  };
}

const exportNow = (exporter: InfluxDbMetricExporter, metrics: ResourceMetrics) => new Promise<ExportResult>((resolve) => exporter.export(metrics, resolve));

/** time (s after T0) and field, per point of a measurement, oldest first. */
async function points(measurement: string, field: string): Promise<Array<[number, unknown]>> {
  const result = await influx.query(`SELECT "${field}" FROM "${measurement}"`, DB);
  return (result.results[0].series?.[0]?.values ?? []).map(([time, value]) => [Date.parse(String(time)) / 1000 - T0, value]);
}

test('once per cumulative series and start (again after a restart with the same tags); none for gauges, up-down counters or a start over an hour old', async () => {
  const exporter = new InfluxDbMetricExporter({ url: influx.url, apiVersion: 1, database: DB });
  expect((await exportNow(exporter, exportOf(0, 10, 3))).code).toBe(ExportResultCode.SUCCESS);
  expect((await exportNow(exporter, exportOf(0, 70, 5))).code).toBe(ExportResultCode.SUCCESS);
  // The process restarted without a new instance id: same tags, a new start.
  expect((await exportNow(exporter, exportOf(100, 110, 1))).code).toBe(ExportResultCode.SUCCESS);

  expect(await points('zp.counter', 'counter')).toEqual([
    [0, 0],
    [10, 3],
    [70, 5],
    [100, 0],
    [110, 1],
  ]);
  expect(await points('zp.histogram', 'count')).toEqual([
    [0, 0],
    [10, 3],
    [70, 5],
    [100, 0],
    [110, 1],
  ]);
  expect(await points('zp.histogram', 'sum')).toEqual([
    [0, 0],
    [10, 0.15000000000000002],
    [70, 0.25],
    [100, 0],
    [110, 0.05],
  ]);
  // Every cumulative field is 0 in a zero point; min and max have no value before the first record.
  const zero = await influx.query(`SELECT "+Inf", "0.1", "1", "min", "max" FROM "zp.histogram" WHERE time = ${T0}s`, DB);
  expect(zero.results[0].series![0].values).toEqual([[expect.any(String), 0, 0, 0, null, null]]);
  expect(await points('zp.updown', 'gauge')).toEqual([
    [10, 3],
    [70, 5],
    [110, 1],
  ]);
  expect(await points('zp.gauge', 'gauge')).toEqual([
    [10, 1.5],
    [70, 2.5],
    [110, 0.5],
  ]);
  // Started 2 h before its first export: too late for the continuous queries to use, so none.
  expect(await points('zp.old', 'counter')).toEqual([
    [10, 3],
    [70, 5],
    [110, 1],
  ]);
  await exporter.shutdown();
});

test('a second exporter seeing the same series and start (e.g. a restarted Collector) rewrites the same zero point: InfluxDB keeps one', async () => {
  const first = new InfluxDbMetricExporter({ url: influx.url, apiVersion: 1, database: DB });
  await exportNow(first, exportOf(1000, 1010, 2));
  await first.shutdown();
  const second = new InfluxDbMetricExporter({ url: influx.url, apiVersion: 1, database: DB });
  await exportNow(second, exportOf(1000, 1070, 4));
  await second.shutdown();
  // The second exporter writes the same zero point again (same series, same time: InfluxDB keeps one).
  expect((await points('zp.counter', 'counter')).filter(([t]) => t >= 1000)).toEqual([
    [1000, 0],
    [1010, 2],
    [1070, 4],
  ]);
});

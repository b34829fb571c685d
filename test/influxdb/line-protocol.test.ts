// The exact text the exporter writes, against the Collector influxdb exporter's telegraf-prometheus-v1
// schema (influxdb-observability otel2influx): no backend needed to compare strings.
import { ValueType } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { toLineProtocol } from '../../packages/exporter-influxdb/src/telegraf-prometheus-v1';

const START: [number, number] = [1_700_000_000, 0];
const END: [number, number] = [1_700_000_010, 500];
const START_NS = '1700000000000000000';
const END_NS = '1700000010000000500';
const descriptor = (name: string, valueType = ValueType.DOUBLE) => ({ name, description: '', unit: '', valueType });
const point = <T>(value: T, attributes = {}) => ({ startTime: START, endTime: END, attributes, value });

const metrics: ResourceMetrics = {
  resource: resourceFromAttributes({ 'service.name': 'checkout', 'host.name': 'web 1' }),
  scopeMetrics: [
    {
      scope: { name: '@org/perf-otel', version: '0.1.0' },
      metrics: [
        {
          descriptor: descriptor('http.server.active_requests', ValueType.INT),
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPointType: DataPointType.SUM,
          isMonotonic: false,
          dataPoints: [point(3, { 'url.scheme': 'http' })],
        },
        {
          descriptor: descriptor('db.client.connection.timeouts', ValueType.INT),
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPointType: DataPointType.SUM,
          isMonotonic: true,
          dataPoints: [point(1027, { 'db.client.connection.pool.name': 'main,db=1' })],
        },
        {
          descriptor: descriptor('process.cpu.utilization'),
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPointType: DataPointType.GAUGE,
          dataPoints: [point(0.25)],
        },
        {
          descriptor: descriptor('http.server.request.duration'),
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPointType: DataPointType.HISTOGRAM,
          dataPoints: [
            point(
              {
                buckets: { boundaries: [0.005, 0.1, 1], counts: [2, 3, 0, 1] },
                sum: 3.25,
                count: 6,
                min: 0.001,
                max: 2.5,
              },
              { 'http.route': '/api/items/:id', 'http.response.status_code': 200 },
            ),
          ],
        },
      ],
    },
  ],
};

test('every OTel point type becomes one line in the telegraf-prometheus-v1 schema, tags sorted, fields sorted', () => {
  const { lines, unsupported } = toLineProtocol(metrics);
  const tags = 'host.name=web\\ 1,otel.library.name=@org/perf-otel,otel.library.version=0.1.0,service.name=checkout';
  expect(lines).toEqual([
    `http.server.active_requests,${tags},url.scheme=http gauge=3i,start_time_unix_nano=${START_NS}i ${END_NS}`,
    `db.client.connection.timeouts,db.client.connection.pool.name=main\\,db\\=1,${tags} counter=1027i,start_time_unix_nano=${START_NS}i ${END_NS}`,
    `process.cpu.utilization,${tags} gauge=0.25,start_time_unix_nano=${START_NS}i ${END_NS}`,
    'http.server.request.duration,host.name=web\\ 1,http.response.status_code=200,http.route=/api/items/:id,' +
      'otel.library.name=@org/perf-otel,otel.library.version=0.1.0,service.name=checkout' +
      // Cumulative bucket counts per finite bound; no +Inf field (count is that).
      ` +Inf=6,0.005=2,0.1=5,1=5,count=6,max=2.5,min=0.001,start_time_unix_nano=${START_NS}i,sum=3.25 ${END_NS}`,
  ]);
  expect(unsupported).toEqual([]);
});

test('resource attributes win over point attributes with the same key, as in the Collector', () => {
  const clash: ResourceMetrics = {
    ...metrics,
    scopeMetrics: [
      {
        scope: { name: '' },
        metrics: [
          {
            descriptor: descriptor('g'),
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.GAUGE,
            dataPoints: [point(1, { 'service.name': 'from-point' })],
          },
        ],
      },
    ],
  };
  expect(toLineProtocol(clash).lines[0]).toMatch(/^g,host\.name=web\\ 1,service\.name=checkout gauge=1,/);
});

test('values with no line-protocol form are left out or replaced, and exponential histograms are reported as unsupported', () => {
  const odd: ResourceMetrics = {
    resource: resourceFromAttributes({}),
    scopeMetrics: [
      {
        scope: { name: 's' },
        metrics: [
          {
            descriptor: descriptor('nan.gauge'),
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.GAUGE,
            dataPoints: [point(Number.NaN, { empty: '', 'line\nbreak': 'tab\there', trailing: 'a\\' })],
          },
          {
            descriptor: descriptor('exp.histogram'),
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.EXPONENTIAL_HISTOGRAM,
            dataPoints: [point({ count: 1, scale: 0, zeroCount: 0, positive: { offset: 0, bucketCounts: [1] }, negative: { offset: 0, bucketCounts: [] } })],
          },
        ],
      },
    ],
  };
  const { lines, unsupported } = toLineProtocol(odd);
  // NaN is dropped like the Collector drops it; start_time_unix_nano is still a field, so the line stays.
  expect(lines).toEqual([`nan.gauge,line\ufffdbreak=tab\ufffdhere,otel.library.name=s,trailing=a\ufffd start_time_unix_nano=${START_NS}i ${END_NS}`]);
  expect(unsupported).toEqual(['exp.histogram']);
});

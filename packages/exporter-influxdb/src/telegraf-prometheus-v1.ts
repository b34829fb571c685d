// OpenTelemetry metrics → line protocol in the Collector influxdb exporter's default schema,
// telegraf-prometheus-v1 (influxdb-observability/otel2influx), so queries and dashboards fit both paths:
//   measurement  the OTel metric name, unchanged (http.server.request.duration)
//   tags         point attributes, then resource attributes (which win on a clash), then
//                otel.library.name / otel.library.version of the instrumentation scope
//   fields       gauge: gauge; monotonic sum: counter; non-monotonic sum: gauge;
//                histogram: count, sum (when the point has one), min, max, one field per finite bucket
//                bound holding the cumulative count up to that bound, and +Inf (= count);
//                every point: start_time_unix_nano (integer)
//   timestamp    the point's end time, nanoseconds
// and, given a ZeroPoints, a zero point once per cumulative series (histogram, monotonic sum) and start:
// the same tags, every cumulative field 0 (count, +Inf, bucket fields, sum when the point has one;
// counter), start_time_unix_nano, at the start time (1 ns before it when the point's own time is the
// start too; see zero-points.ts).
import { ValueType, type Attributes, type AttributeValue, type HrTime } from '@opentelemetry/api';
import { DataPointType, type MetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { formatSeries, plainNumber, seriesLine, type FieldValue } from './line-protocol';
import type { ZeroPoints } from './zero-points';

export const TAG_SCOPE_NAME = 'otel.library.name';
export const TAG_SCOPE_VERSION = 'otel.library.version';
export const FIELD_GAUGE = 'gauge';
export const FIELD_COUNTER = 'counter';
export const FIELD_COUNT = 'count';
export const FIELD_SUM = 'sum';
export const FIELD_MIN = 'min';
export const FIELD_MAX = 'max';
export const FIELD_START_TIME = 'start_time_unix_nano';
export const FIELD_INF = '+Inf';

export interface ConversionResult {
  lines: string[];
  /** Metric names the schema has no form for (exponential histograms), to warn about once. */
  unsupported: string[];
}

const NANOS_PER_SECOND = 1_000_000_000n;
export const hrTimeToNanos = ([seconds, nanos]: HrTime): bigint => BigInt(seconds) * NANOS_PER_SECOND + BigInt(nanos);

/** Attribute value as the Collector writes it into a tag: numbers plain, arrays as JSON. */
function tagValue(value: AttributeValue | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return plainNumber(value);
  if (Array.isArray(value)) return JSON.stringify(value);
  return String(value);
}

function addTags(tags: Record<string, string>, attributes: Attributes): void {
  for (const [key, value] of Object.entries(attributes)) {
    const text = tagValue(value);
    if (text !== undefined) tags[key] = text;
  }
}

function numberField(metric: MetricData, value: number): FieldValue {
  return metric.descriptor.valueType === ValueType.INT && Number.isSafeInteger(value) ? { int: BigInt(value) } : { float: value };
}

function pointFields(metric: MetricData, value: unknown): Record<string, FieldValue> | undefined {
  switch (metric.dataPointType) {
    case DataPointType.GAUGE:
      return { [FIELD_GAUGE]: numberField(metric, value as number) };
    case DataPointType.SUM:
      return { [metric.isMonotonic ? FIELD_COUNTER : FIELD_GAUGE]: numberField(metric, value as number) };
    case DataPointType.HISTOGRAM: {
      const h = value as { buckets: { boundaries: number[]; counts: number[] }; sum?: number; count: number; min?: number; max?: number };
      const fields: Record<string, FieldValue> = { [FIELD_COUNT]: { float: h.count }, [FIELD_INF]: { float: h.count } };
      if (h.sum !== undefined) fields[FIELD_SUM] = { float: h.sum };
      if (h.min !== undefined) fields[FIELD_MIN] = { float: h.min };
      if (h.max !== undefined) fields[FIELD_MAX] = { float: h.max };
      let cumulative = 0;
      h.buckets.boundaries.forEach((bound, i) => {
        cumulative += h.buckets.counts[i] ?? 0;
        fields[plainNumber(bound)] = { float: cumulative };
      });
      return fields;
    }
    default:
      return undefined;
  }
}

/**
 * When the zero point is written: at the start, or 1 ns before it when the point's own time is the
 * start too (the SDK's clock has millisecond steps), which would otherwise overwrite it.
 */
const zeroPointTime = (start: bigint, end: bigint): bigint => (end === start ? start - 1n : start);

const isCumulative = (metric: MetricData): boolean =>
  metric.dataPointType === DataPointType.HISTOGRAM || (metric.dataPointType === DataPointType.SUM && metric.isMonotonic);

/**
 * A cumulative series' values at its start: each field of its point's line (start_time_unix_nano
 * included, as is) at 0, but min and max, which have no value before the first record.
 */
function zeroFields(fields: Record<string, FieldValue>): Record<string, FieldValue> {
  const zero: Record<string, FieldValue> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (key === FIELD_START_TIME) zero[key] = value;
    else if ('int' in value) zero[key] = { int: 0n };
    // Only the fields the point's own line keeps (a NaN sum is left out there too).
    else if (key !== FIELD_MIN && key !== FIELD_MAX && Number.isFinite(value.float)) zero[key] = { float: 0 };
  }
  return zero;
}

/**
 * Converts one export's worth of metrics; never throws on odd data, it skips it. With `zeroPoints`, a
 * cumulative series' zero point goes before its first point (once per series and start).
 */
export function toLineProtocol(resourceMetrics: ResourceMetrics, resourceAttributes?: readonly string[], zeroPoints?: ZeroPoints): ConversionResult {
  const lines: string[] = [];
  const unsupported: string[] = [];
  const resourceTags: Record<string, string> = {};
  const resource = resourceMetrics.resource.attributes;
  addTags(resourceTags, resourceAttributes === undefined ? resource : Object.fromEntries(resourceAttributes.map((k) => [k, resource[k]])));
  for (const { scope, metrics } of resourceMetrics.scopeMetrics) {
    const scopeTags: Record<string, string> = {};
    if (scope.name) scopeTags[TAG_SCOPE_NAME] = scope.name;
    if (scope.version) scopeTags[TAG_SCOPE_VERSION] = scope.version;
    for (const metric of metrics) {
      if (metric.descriptor.name === '') continue;
      if (metric.dataPointType === DataPointType.EXPONENTIAL_HISTOGRAM) {
        unsupported.push(metric.descriptor.name);
        continue;
      }
      for (const point of metric.dataPoints) {
        const fields = pointFields(metric, point.value);
        if (fields === undefined) continue;
        const start = hrTimeToNanos(point.startTime);
        const end = hrTimeToNanos(point.endTime);
        const tags: Record<string, string> = {};
        addTags(tags, point.attributes);
        Object.assign(tags, resourceTags, scopeTags);
        fields[FIELD_START_TIME] = { int: start };
        const series = formatSeries(metric.descriptor.name, tags);
        const line = seriesLine(series, fields, end);
        if (line === undefined) continue;
        if (zeroPoints !== undefined && isCumulative(metric) && zeroPoints.claim(series, start, end)) {
          const zeroLine = seriesLine(series, zeroFields(fields), zeroPointTime(start, end));
          if (zeroLine !== undefined) lines.push(zeroLine);
        }
        lines.push(line);
      }
    }
  }
  return { lines, unsupported };
}

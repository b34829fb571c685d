import { baseDashboard } from '../dashboard-base';
import { INFLUXDB_DATABASE, INFLUXDB_RP_DAILY, INFLUXDB_RP_HOURLY } from '../datasources';
import { influxql, row, timeSeriesPanel } from '../panels';
import { influxDatasource, influxServiceVariable, VAR_SERVICE } from '../variables';

export const TRENDS_UID = 'perf-otel-trends';

// InfluxDB holds the OTel names (telegraf-prometheus-v1 schema): measurement = metric name, tags =
// attribute keys, histogram fields `count` and `sum` (cumulative, like the OTLP points they come
// from). What a series added in a bucket is the non_negative_difference of its last values, except in
// the series' first bucket, which has nothing before it to difference against: there, if the series
// started at 0 inside the bucket (the exporters write a zero point at each series' start; the
// continuous queries keep its trace as `count_from_zero` = last where the bucket's minimum is 0,
// else 0), it added its last value. Per series and bucket b:
//   added(b) = nnd(last count)(b)  +  from_zero(b)  -  nnd(from_zero)(b)
// The third term removes from_zero where the bucket does have an earlier one (then the series was
// still at 0 there, so nnd(from_zero) = last(b) = nnd(last count)). Where it has none, neither nnd
// gives a row and from_zero alone counts. A series older than the range has from_zero 0: no spike in
// the range's first bucket; a silent stretch is bridged by the difference: no spike after it.
// The three terms are separate subqueries, summed over all series by the outer query: InfluxDB 1.6
// pairs the wrong rows of different series when one expression of a subquery combines two inputs (a
// difference with another aggregate, or two fields one of which some series lack), so each term reads
// one input (times a constant) and the continuous queries store `_from_zero` ready-made.
const HTTP = 'http.server.request.duration';
const SERVICE = `"service.name" =~ /^$${VAR_SERVICE}$/`;
const from = (rp: string, measurement: string) => `"${INFLUXDB_DATABASE}"."${rp}"."${measurement}"`;

interface Grain {
  rp: string;
  bucket: string;
  span: string;
  label: string;
}

const HOURLY: Grain = { rp: INFLUXDB_RP_HOURLY, bucket: '1h', span: '30d', label: 'hourly, 30 days' };
const DAILY: Grain = { rp: INFLUXDB_RP_DAILY, bucket: '1d', span: '90d', label: 'daily, 90 days' };

const select = (fields: string[], term: (field: string) => string) => fields.map((field) => `${term(field)} AS "d_${field}"`).join(', ');

/** The three per-series terms of what each series added per bucket (see above), as subqueries. */
function increments(grain: Grain, fields: string[], where = ''): string {
  const per = (selected: string) =>
    `(SELECT ${selected} FROM ${from(grain.rp, HTTP)} WHERE ${SERVICE}${where} AND $timeFilter GROUP BY time(${grain.bucket}), *)`;
  return [
    per(select(fields, (field) => `non_negative_difference(last("${field}"))`)),
    per(select(fields, (field) => `last("${field}_from_zero")`)),
    per(select(fields, (field) => `non_negative_difference(last("${field}_from_zero")) * -1`)),
  ].join(', ');
}

function trendPanels(grain: Grain) {
  const outer = `WHERE $timeFilter GROUP BY time(${grain.bucket}), "service.name"`;
  return [
    row(`Long-term trends (${grain.label}, retention policy "${grain.rp}")`),
    timeSeriesPanel(`Requests per ${grain.bucket}`, [influxql(`SELECT sum("d_count") FROM ${increments(grain, ['count'])} ${outer}`, '$tag_service.name')], {
      width: 8,
    }).timeFrom(grain.span),
    timeSeriesPanel(
      `5xx responses per ${grain.bucket}`,
      [influxql(`SELECT sum("d_count") FROM ${increments(grain, ['count'], ' AND "http.response.status_code" =~ /^5/')} ${outer}`, '$tag_service.name')],
      { width: 8 },
    ).timeFrom(grain.span),
    timeSeriesPanel(
      `Mean latency per ${grain.bucket}`,
      [influxql(`SELECT sum("d_sum") / sum("d_count") FROM ${increments(grain, ['sum', 'count'])} ${outer}`, '$tag_service.name')],
      { unit: 's', width: 8 },
    ).timeFrom(grain.span),
    timeSeriesPanel(
      `Process CPU (mean per ${grain.bucket})`,
      [
        influxql(
          `SELECT mean("gauge") FROM ${from(grain.rp, 'process.cpu.utilization')} WHERE ${SERVICE} AND $timeFilter GROUP BY time(${grain.bucket}), "service.name"`,
          '$tag_service.name',
        ),
      ],
      { unit: 'percentunit', width: 12 },
    ).timeFrom(grain.span),
    timeSeriesPanel(
      `V8 heap used (mean per ${grain.bucket}, all spaces)`,
      [
        influxql(
          `SELECT sum("heap") FROM (SELECT mean("gauge") AS "heap" FROM ${from(grain.rp, 'v8js.memory.heap.used')} WHERE ${SERVICE} AND $timeFilter GROUP BY time(${grain.bucket}), *) ${outer}`,
          '$tag_service.name',
        ),
      ],
      { unit: 'bytes', width: 12 },
    ).timeFrom(grain.span),
  ] as const;
}

export function trends() {
  const dashboard = baseDashboard(
    TRENDS_UID,
    'perf-otel / Long-term trends (InfluxDB)',
    `Downsampled history from InfluxDB database "${INFLUXDB_DATABASE}": hourly points for 30 days, daily points for 90 days.`,
  )
    .time({ from: 'now-30d', to: 'now' })
    .refresh('1h')
    .variables([influxDatasource(), influxServiceVariable()]);
  for (const grain of [HOURLY, DAILY]) {
    const [heading, ...panels] = trendPanels(grain);
    dashboard.withRow(heading);
    for (const panel of panels) dashboard.withPanel(panel);
  }
  return dashboard;
}

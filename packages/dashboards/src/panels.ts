import * as bargauge from '@grafana/grafana-foundation-sdk/bargauge';
import * as cog from '@grafana/grafana-foundation-sdk/cog';
import {
  BigValueGraphMode,
  DataSourceRef,
  LegendDisplayMode,
  LegendPlacement,
  ReduceDataOptionsBuilder,
  SortOrder,
  TooltipDisplayMode,
  VizLegendOptionsBuilder,
  VizOrientation,
  VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import { RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import * as heatmap from '@grafana/grafana-foundation-sdk/heatmap';
import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { INFLUXDB, PROMETHEUS } from './datasources';
import { InfluxqlQueryBuilder } from './influxql-query';

/** A query as the dashboards declare it: PromQL (default) or InfluxQL, with its legend. */
export interface Query {
  expr: string;
  legend?: string;
  influxql?: boolean;
  instant?: boolean;
}

export const prom = (expr: string, legend?: string): Query => ({ expr, legend });
export const promInstant = (expr: string, legend?: string): Query => ({ expr, legend, instant: true });
export const influxql = (expr: string, legend?: string): Query => ({ expr, legend, influxql: true });

const REF_IDS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function target(query: Query, index: number, format?: PromQueryFormat): cog.Builder<cog.Dataquery> {
  if (query.influxql) {
    const builder = new InfluxqlQueryBuilder(INFLUXDB, query.expr).refId(REF_IDS[index]);
    if (query.legend) builder.alias(query.legend);
    return builder;
  }
  const builder = new DataqueryBuilder().datasource(PROMETHEUS).expr(query.expr).refId(REF_IDS[index]);
  if (query.legend) builder.legendFormat(query.legend);
  if (query.instant) builder.instant();
  else builder.range();
  if (format) builder.format(format);
  return builder;
}

const datasourceOf = (queries: Query[]): DataSourceRef => (queries.some((query) => query.influxql) ? INFLUXDB : PROMETHEUS);

export interface PanelOptions {
  unit?: string;
  width?: number;
  height?: number;
  description?: string;
  min?: number;
  max?: number;
}

const legend = () =>
  new VizLegendOptionsBuilder().showLegend(true).displayMode(LegendDisplayMode.Table).placement(LegendPlacement.Bottom).calcs(['mean', 'max', 'lastNotNull']);

/** The builder methods every panel kind shares. */
interface CommonPanelBuilder {
  title(title: string): this;
  datasource(datasource: DataSourceRef): this;
  targets(targets: cog.Builder<cog.Dataquery>[]): this;
  unit(unit: string): this;
  span(width: number): this;
  height(height: number): this;
  description(description: string): this;
  min(min: number): this;
  max(max: number): this;
}

interface Defaults {
  width: number;
  height: number;
  format?: PromQueryFormat;
  instant?: boolean;
}

// Every percentile shown comes from histogram buckets: say how exact it is where it is shown.
const QUANTILE_NOTE =
  'Percentiles are estimated from histogram buckets: Prometheus interpolates linearly inside the bucket ' +
  'the percentile falls in (HTTP buckets 5 ms … 10 s, e.g. 0.25-0.5 s; database 1 ms … 10 s), so a value may be off by up to ' +
  'that bucket\'s width. Finer buckets: PERF_OTEL_HTTP_DURATION_BUCKETS (docs/metrics.md, "Histogram accuracy").';
const showsQuantile = (queries: Query[]) => queries.some((query) => /histogram_quantile|quantile5m/.test(query.expr));

function common<T extends CommonPanelBuilder>(panel: T, title: string, queries: Query[], options: PanelOptions, defaults: Defaults): T {
  panel
    .title(title)
    .datasource(datasourceOf(queries))
    .targets(queries.map((query, index) => target({ ...query, instant: query.instant || defaults.instant }, index, defaults.format)))
    .unit(options.unit ?? 'short')
    .span(options.width ?? defaults.width)
    .height(options.height ?? defaults.height);
  const notes = [options.description, showsQuantile(queries) ? QUANTILE_NOTE : undefined].filter(Boolean);
  if (notes.length > 0) panel.description(notes.join(' '));
  if (options.min !== undefined) panel.min(options.min);
  if (options.max !== undefined) panel.max(options.max);
  return panel;
}

/** A time series panel; series whose legend ends in "band" are drawn as a dashed band line. */
export function timeSeriesPanel(title: string, queries: Query[], options: PanelOptions = {}) {
  return common(new timeseries.PanelBuilder(), title, queries, options, { width: 12, height: 8 })
    .legend(legend())
    .tooltip(new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending))
    .fillOpacity(5)
    .overrideByRegexp('.*band$', [
      { id: 'custom.lineStyle', value: { fill: 'dash', dash: [6, 4] } },
      { id: 'color', value: { mode: 'fixed', fixedColor: 'text' } },
      { id: 'custom.fillOpacity', value: 0 },
    ]);
}

/** A single big number (last value) per series. */
export function statPanel(title: string, queries: Query[], options: PanelOptions = {}) {
  return common(new stat.PanelBuilder(), title, queries, options, { width: 4, height: 4 })
    .graphMode(BigValueGraphMode.Area)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']));
}

/** Horizontal bars of an instant query, e.g. a top-N. */
export function barsPanel(title: string, queries: Query[], options: PanelOptions = {}) {
  return common(new bargauge.PanelBuilder(), title, queries, options, { width: 12, height: 8, instant: true })
    .orientation(VizOrientation.Horizontal)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']));
}

/** A latency heatmap from histogram buckets (Prometheus format "heatmap" turns cumulative buckets into cells). */
export function heatmapPanel(title: string, query: Query, options: PanelOptions = {}) {
  return common(new heatmap.PanelBuilder(), title, [query], options, { width: 12, height: 8, format: PromQueryFormat.Heatmap }).calculate(false);
}

export const row = (title: string) => new RowBuilder(title);

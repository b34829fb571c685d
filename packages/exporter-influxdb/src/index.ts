export { InfluxDbMetricExporter } from './influxdb-metric-exporter';
export { validateInfluxDbOptions, writeTargetFor, DEFAULT_MAX_BUFFERED_POINTS, DEFAULT_TIMEOUT_MILLIS } from './options';
export type { InfluxDbExporterOptions, WriteTarget } from './options';
export { toLineProtocol, hrTimeToNanos } from './telegraf-prometheus-v1';
export type { ConversionResult } from './telegraf-prometheus-v1';
export { formatLine, escapeKey, escapeMeasurement, plainNumber } from './line-protocol';
export type { FieldValue } from './line-protocol';

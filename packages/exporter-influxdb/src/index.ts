export { InfluxDbMetricExporter } from './influxdb-metric-exporter';
export { validateInfluxDbOptions, writeTargetFor, DEFAULT_MAX_BUFFERED_POINTS, DEFAULT_TIMEOUT_MILLIS } from './options';
export type { InfluxDbExporterOptions, WriteTarget } from './options';

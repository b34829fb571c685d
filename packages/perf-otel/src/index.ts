export { shutdown, start } from './start';
export type { PerfOtelHandle, PerfOtelOptions, OtlpOptions, InfluxDbOptions, ExporterName, InstrumentationName, LogLevel, OtlpProtocol } from './types';
export { ALL_ENV_VARS, type EnvVar } from './config/env-vars';
export { slowQueryRecordsProblem } from './db/slow-query-records';
export { resolveEnvConfig, type EffectiveConfig } from './config/resolve-config';
export { metricName as prometheusMetricName } from './export/prometheus/naming';

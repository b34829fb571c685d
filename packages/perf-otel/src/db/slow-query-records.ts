// Slow-statement log records need a logs exporter: OTLP over HTTP (to the Collector the metrics go
// to) or the console (export/log-provider.ts decides; keep the two in step). With metrics pulled by
// Prometheus alone there is none, and the records silently went nowhere: say so, at start and in
// `perf-otel doctor`.
import { resolveConfig, type EffectiveConfig } from '../config/resolve-config';

const SQL_INSTRUMENTATIONS = ['pg', 'mysql2', 'mysql'] as const;

/** The one-line warning when slow-statement records are asked for and have no exporter; else undefined. */
export function slowQueryRecordsProblem(config: EffectiveConfig): string | undefined {
  if (config.slowQueryMs <= 0 || !SQL_INSTRUMENTATIONS.some((name) => config.instrumentations.has(name))) return undefined;
  const { exporters } = config;
  if (exporters.includes('console')) return undefined;
  const otlp = exporters.includes('otlp');
  if (otlp && config.otlp.protocol !== 'grpc') return undefined;
  const why = otlp
    ? 'OTEL_EXPORTER_OTLP_PROTOCOL=grpc (records are sent over OTLP http/protobuf or http/json only)'
    : `OTEL_METRICS_EXPORTER=${exporters.join(',') || 'none'} (records go over OTLP, to the Collector, or to the console)`;
  const fix = otlp
    ? 'Set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf to receive them.'
    : 'Add otlp to OTEL_METRICS_EXPORTER (e.g. otlp,prometheus, with the Collector) to receive them.';
  return (
    `PERF_OTEL_DB_SLOW_QUERY_MS=${config.slowQueryMs}: slow-statement log records have no exporter with ${why}; ` +
    `only the counter perf_otel_db_slow_queries_total shows them. ${fix}`
  );
}

/** The same, from the environment an app would start with (for `perf-otel doctor`). */
export function slowQueryRecordsWarning(env: Readonly<Record<string, string | undefined>>): string | undefined {
  return slowQueryRecordsProblem(resolveConfig({}, env, () => {}));
}

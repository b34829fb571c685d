// Slow-statement log records need a logs exporter: OTLP (to the Collector the metrics go to, over
// the logs protocol) or the console. With metrics pulled by Prometheus alone there is none, and the
// records silently went nowhere: say so, at start and in `perf-otel doctor`.
import type { EffectiveConfig } from '../config/resolve-config';

const SQL_INSTRUMENTATIONS = ['pg', 'mysql2', 'mysql'] as const;

/** Where slow-statement records go: the one rule export/log-provider.ts builds its exporter by. */
export function logsExporterFor(config: EffectiveConfig): 'otlp' | 'console' | undefined {
  if (config.exporters.includes('otlp')) return 'otlp';
  return config.exporters.includes('console') ? 'console' : undefined;
}

/** The one-line warning when slow-statement records are asked for and have no exporter; else undefined. */
export function slowQueryRecordsProblem(config: EffectiveConfig): string | undefined {
  if (config.slowQueryMs <= 0 || !SQL_INSTRUMENTATIONS.some((name) => config.instrumentations.has(name))) return undefined;
  if (logsExporterFor(config) !== undefined) return undefined;
  return (
    `PERF_OTEL_DB_SLOW_QUERY_MS=${config.slowQueryMs}: slow-statement log records have no exporter with ` +
    `OTEL_METRICS_EXPORTER=${config.exporters.join(',') || 'none'} (records go over OTLP, to the Collector, or to the console); ` +
    'only the counter perf_otel_db_slow_queries_total shows them. Add otlp to OTEL_METRICS_EXPORTER (e.g. otlp,prometheus, with the Collector) to receive them.'
  );
}

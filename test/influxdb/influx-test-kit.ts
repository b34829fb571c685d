// Shared by the exporter tests: a MeterProvider wired to the exporter, and InfluxQL helpers.
import { DiagLogLevel, diag, type DiagLogger } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { InfluxDbMetricExporter, type InfluxDbExporterOptions } from '@org/perf-otel-exporter-influxdb';
import type { RunningInfluxDb } from '../harness';

export const DB = 'perf_otel';
export const SERVICE = { 'service.name': 'checkout', 'service.instance.id': 'checkout-1' };

export interface Pipeline {
  exporter: InfluxDbMetricExporter;
  provider: MeterProvider;
  reader: PeriodicExportingMetricReader;
}

/** Exports only when the test calls reader.forceFlush(): no timers decide what a test sees. */
export function pipeline(options: InfluxDbExporterOptions): Pipeline {
  const exporter = new InfluxDbMetricExporter(options);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000, exportTimeoutMillis: 60_000 });
  const provider = new MeterProvider({ resource: resourceFromAttributes(SERVICE), readers: [reader] });
  return { exporter, provider, reader };
}

/** The rows of the first series of an InfluxQL result, as objects keyed by column. */
export async function rows(influx: RunningInfluxDb, influxql: string): Promise<Array<Record<string, unknown>>> {
  const result = await influx.query(influxql, DB);
  const series = result.results[0].series?.[0];
  if (series === undefined) return [];
  return series.values.map((v) => Object.fromEntries(series.columns.map((c, i) => [c, v[i]])));
}

/** Collects diag warnings (the exporter's user-facing messages) for the test's duration. */
export function captureDiag(): { warnings: string[]; restore: () => void } {
  const warnings: string[] = [];
  const push = (message: string) => warnings.push(message);
  const logger: DiagLogger = { error: push, warn: push, info: () => undefined, debug: () => undefined, verbose: () => undefined };
  diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  return { warnings, restore: () => diag.disable() };
}

// Public configuration of start(). Every field is optional: code options beat environment
// variables, which beat defaults (see config/env-vars.ts for the variables).
import type { Attributes } from '@opentelemetry/api';
import type { InfluxDbExporterOptions } from '@org/perf-otel-exporter-influxdb';
import type { ExporterName, InstrumentationName, LogLevel, OtlpProtocol, TemporalityPreference } from './config/env-vars';

export type { ExporterName, InstrumentationName, LogLevel, OtlpProtocol, TemporalityPreference };

export interface OtlpOptions {
  protocol?: OtlpProtocol;
  /** Full metrics URL for HTTP (`…/v1/metrics`), `host:port` URL for gRPC. */
  endpoint?: string;
  /** Sent with metrics and slow-query log exports (HTTP headers, or gRPC metadata). */
  headers?: Record<string, string>;
  /** `delta`/`lowmemory`: counters and histograms as deltas (OTLP only). */
  temporalityPreference?: TemporalityPreference;
}

/** The code form of the PERF_OTEL_TENANT_* variables. */
export interface TenantOptions {
  /** Attribute name → source, as in PERF_OTEL_TENANT_ATTRIBUTES: `{ team: 'x-team-id', project: 'baggage:project.id' }`. */
  attributes?: Record<string, string>;
  userEnabled?: boolean;
  maxValues?: number;
}

/** The code form of the PERF_OTEL_PROFILING_* variables. */
export interface ProfilingOptions {
  enabled?: boolean;
  host?: string;
  port?: number;
  token?: string;
  signal?: 'SIGUSR2' | 'SIGUSR1' | 'none';
  outputDir?: string;
  signalSeconds?: number;
}

/** Direct InfluxDB export (`OTEL_METRICS_EXPORTER=influxdb`); the exporter's own options, timeout aside. */
export type InfluxDbOptions = Partial<Omit<InfluxDbExporterOptions, 'timeoutMillis'>>;

export interface PerfOtelOptions {
  serviceName?: string;
  resourceAttributes?: Attributes;
  logLevel?: LogLevel;
  instrumentations?: InstrumentationName[];
  metricsExporters?: ExporterName[];
  exportIntervalMillis?: number;
  exportTimeoutMillis?: number;
  otlp?: OtlpOptions;
  prometheus?: { host?: string; port?: number };
  influxdb?: InfluxDbOptions;
  cardinalityLimit?: number;
  http?: { routeFromPath?: boolean; routeWords?: string[]; ignorePaths?: string[] };
  eventLoopDelayResolutionMs?: number;
  shutdownTimeoutMillis?: number;
  /** Flush and exit on SIGTERM/SIGINT (default true). Turn off when the app handles signals itself and calls shutdown(). */
  handleSignals?: boolean;
  tenants?: TenantOptions;
  /** As PERF_OTEL_DB_SLOW_QUERY_MS: statements slower than this are recorded; 0 turns it off. */
  slowQueryMs?: number;
  /** As PERF_OTEL_CUSTOM_METRICS: the YAML file declaring custom metrics. */
  customMetricsFile?: string;
  profiling?: ProfilingOptions;
}

export interface PerfOtelHandle {
  /** Collects and exports everything recorded so far, then stops all exporters. Idempotent. */
  shutdown(): Promise<void>;
  /** Exports everything recorded so far without stopping. */
  forceFlush(): Promise<void>;
}

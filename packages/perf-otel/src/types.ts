// Public configuration of start(). Every field is optional: code options beat environment
// variables, which beat defaults (see config/env-vars.ts for the variables).
import type { Attributes } from '@opentelemetry/api';
import type { InfluxDbExporterOptions } from '@org/perf-otel-exporter-influxdb';
import type { ExporterName, InstrumentationName, LogLevel, OtlpProtocol } from './config/env-vars';

export type { ExporterName, InstrumentationName, LogLevel, OtlpProtocol };

export interface OtlpOptions {
  protocol?: OtlpProtocol;
  /** Full metrics URL for HTTP (`…/v1/metrics`), `host:port` URL for gRPC. */
  endpoint?: string;
  headers?: Record<string, string>;
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
}

export interface PerfOtelHandle {
  /** Collects and exports everything recorded so far, then stops all exporters. Idempotent. */
  shutdown(): Promise<void>;
  /** Exports everything recorded so far without stopping. */
  forceFlush(): Promise<void>;
}

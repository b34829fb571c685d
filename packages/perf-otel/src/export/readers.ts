// One MetricReader per configured exporter. Each exporter package is loaded only when chosen, so
// an app that exports OTLP does not pay start-up time for Prometheus, console or InfluxDB code.
import { diag } from '@opentelemetry/api';
import {
  AggregationTemporality, ConsoleMetricExporter, PeriodicExportingMetricReader,
  type MetricProducer, type MetricReader, type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import type { EffectiveConfig } from '../config/resolve-config';
import { PrometheusPullReader } from './prometheus/prometheus-reader';

export function createReaders(config: EffectiveConfig, producers: MetricProducer[]): MetricReader[] {
  const readers: MetricReader[] = [];
  for (const name of config.exporters) {
    try {
      if (name === 'prometheus') {
        readers.push(new PrometheusPullReader({ ...config.prometheus, metricProducers: producers }));
        continue;
      }
      const exporter = createPushExporter(name, config);
      if (exporter === undefined) continue;
      readers.push(new PeriodicExportingMetricReader({
        exporter,
        exportIntervalMillis: config.exportIntervalMillis,
        // A reader's timeout cannot exceed its interval.
        exportTimeoutMillis: Math.min(config.exportTimeoutMillis, config.exportIntervalMillis),
        metricProducers: producers,
      }));
    } catch (err) {
      diag.error(`perf-otel: the ${name} exporter could not be set up (${(err as Error).message}); metrics will not be sent there.`);
    }
  }
  return readers;
}

function createPushExporter(name: string, config: EffectiveConfig): PushMetricExporter | undefined {
  const temporalityPreference = AggregationTemporality.CUMULATIVE;
  const { otlp } = config;
  const timeoutMillis = config.exportTimeoutMillis;
  switch (name) {
    case 'otlp':
      if (otlp.protocol === 'grpc') {
        // Headers for gRPC travel as metadata; the exporter reads them from OTEL_EXPORTER_OTLP_HEADERS.
        const { OTLPMetricExporter } = require('@opentelemetry/exporter-metrics-otlp-grpc') as typeof import('@opentelemetry/exporter-metrics-otlp-grpc');
        return new OTLPMetricExporter({ url: otlp.endpoint, timeoutMillis, temporalityPreference });
      }
      if (otlp.protocol === 'http/json') {
        const { OTLPMetricExporter } = require('@opentelemetry/exporter-metrics-otlp-http') as typeof import('@opentelemetry/exporter-metrics-otlp-http');
        return new OTLPMetricExporter({ url: otlp.endpoint, headers: otlp.headers, timeoutMillis, temporalityPreference });
      }
      {
        const { OTLPMetricExporter } = require('@opentelemetry/exporter-metrics-otlp-proto') as typeof import('@opentelemetry/exporter-metrics-otlp-proto');
        return new OTLPMetricExporter({ url: otlp.endpoint, headers: otlp.headers, timeoutMillis, temporalityPreference });
      }
    case 'console':
      return new ConsoleMetricExporter({ temporalitySelector: () => AggregationTemporality.CUMULATIVE });
    case 'influxdb': {
      const { InfluxDbMetricExporter } = require('@org/perf-otel-exporter-influxdb') as { InfluxDbMetricExporter: new (o: object) => PushMetricExporter };
      return new InfluxDbMetricExporter({ ...config.influxdb, timeoutMillis });
    }
    default:
      return undefined;
  }
}

// One MetricReader per configured exporter. Each exporter package is loaded only when chosen, so
// an app that exports OTLP does not pay start-up time for Prometheus, console or InfluxDB code.
import {
  AggregationTemporality,
  ConsoleMetricExporter,
  PeriodicExportingMetricReader,
  type MetricProducer,
  type MetricReader,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import type { EffectiveConfig } from '../config/resolve-config';
import type { Logger } from '../log';
import { redactUrl } from '../redact';
import { DeltaProducer } from './delta-producer';
import { PrometheusPullReader } from './prometheus/prometheus-reader';
import { IDENTITY_RESOURCE_ATTRIBUTES } from './prometheus/serializer';
import { withCheckedHeaderEnv } from './otlp-header-env';
import { ReportingExporter } from './reporting-exporter';

/** An exporter that had to drop data (a bounded buffer overflowed while its backend was away). */
export interface DropSource {
  exporter: string;
  dropped(): number;
}

export function createReaders(config: EffectiveConfig, producers: MetricProducer[], log: Logger): { readers: MetricReader[]; drops: DropSource[] } {
  const readers: MetricReader[] = [];
  const drops: DropSource[] = [];
  for (const name of config.exporters) {
    try {
      if (name === 'prometheus') {
        readers.push(new PrometheusPullReader({ ...config.prometheus, metricProducers: producers }));
        continue;
      }
      const inner = name === 'otlp' ? withCheckedHeaderEnv(config.otlp.headers, () => createPushExporter(name, config)) : createPushExporter(name, config);
      if (inner === undefined) continue;
      const exporter =
        name === 'otlp'
          ? new ReportingExporter(
              inner,
              config.otlp.endpoint,
              redactUrl(config.otlp.endpoint),
              'Is the OpenTelemetry Collector running there? Set OTEL_EXPORTER_OTLP_ENDPOINT to its address, or OTEL_METRICS_EXPORTER=prometheus to be scraped instead.',
              log,
            )
          : name === 'influxdb'
            ? new ReportingExporter(
                inner,
                config.influxdb.url,
                redactUrl(config.influxdb.url),
                'Is InfluxDB running there? Check PERF_OTEL_INFLUXDB_URL and its credentials.',
                log,
              )
            : inner;
      const withDrops = inner as PushMetricExporter & { droppedPoints?: number };
      if (typeof withDrops.droppedPoints === 'number') drops.push({ exporter: name, dropped: () => withDrops.droppedPoints ?? 0 });
      readers.push(
        new PeriodicExportingMetricReader({
          exporter,
          exportIntervalMillis: config.exportIntervalMillis,
          // A reader's timeout cannot exceed its interval; the exporter's own is set just inside it.
          exportTimeoutMillis: readerTimeout(config),
          // The fast store is cumulative; an OTLP reader asked for deltas gets them through a wrapper.
          metricProducers:
            name === 'otlp' && config.otlp.temporalityPreference !== 'cumulative' ? producers.map((producer) => new DeltaProducer(producer)) : producers,
        }),
      );
    } catch (err) {
      log.error(`the ${name} exporter could not be set up (${(err as Error).message}); metrics will not be sent there.`);
    }
  }
  return { readers, drops };
}

/** The OTLP exporters' own preference (every OTLP exporter package loads exporter-metrics-otlp-http). */
function otlpTemporality(preference: EffectiveConfig['otlp']['temporalityPreference']) {
  const { AggregationTemporalityPreference: P } =
    require('@opentelemetry/exporter-metrics-otlp-http') as typeof import('@opentelemetry/exporter-metrics-otlp-http');
  return { cumulative: P.CUMULATIVE, delta: P.DELTA, lowmemory: P.LOWMEMORY }[preference];
}

/** gRPC carries headers as metadata: the resolved headers (env and code), as the HTTP exporters get them. */
export function grpcMetadata(headers: Record<string, string>): import('@grpc/grpc-js').Metadata {
  const { Metadata } = require('@grpc/grpc-js') as typeof import('@grpc/grpc-js');
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(headers)) metadata.set(key.toLowerCase(), value);
  return metadata;
}

function readerTimeout(config: EffectiveConfig): number {
  return Math.min(config.exportTimeoutMillis, config.exportIntervalMillis);
}

function createPushExporter(name: string, config: EffectiveConfig): PushMetricExporter | undefined {
  const { otlp } = config;
  // Inside the reader's window, so a failing backend reports its failure instead of a reader timeout.
  const timeoutMillis = Math.floor(readerTimeout(config) * 0.9);
  switch (name) {
    case 'otlp': {
      const temporalityPreference = otlpTemporality(otlp.temporalityPreference);
      if (otlp.protocol === 'grpc') {
        const { OTLPMetricExporter } = require('@opentelemetry/exporter-metrics-otlp-grpc') as typeof import('@opentelemetry/exporter-metrics-otlp-grpc');
        return new OTLPMetricExporter({ url: otlp.endpoint, metadata: grpcMetadata(otlp.headers), timeoutMillis, temporalityPreference });
      }
      if (otlp.protocol === 'http/json') {
        const { OTLPMetricExporter } = require('@opentelemetry/exporter-metrics-otlp-http') as typeof import('@opentelemetry/exporter-metrics-otlp-http');
        return new OTLPMetricExporter({ url: otlp.endpoint, headers: otlp.headers, timeoutMillis, temporalityPreference });
      }
      {
        const { OTLPMetricExporter } = require('@opentelemetry/exporter-metrics-otlp-proto') as typeof import('@opentelemetry/exporter-metrics-otlp-proto');
        return new OTLPMetricExporter({ url: otlp.endpoint, headers: otlp.headers, timeoutMillis, temporalityPreference });
      }
    }
    case 'console':
      return new ConsoleMetricExporter({ temporalitySelector: () => AggregationTemporality.CUMULATIVE });
    case 'influxdb': {
      const { InfluxDbMetricExporter } = require('@org/perf-otel-exporter-influxdb') as { InfluxDbMetricExporter: new (o: object) => PushMetricExporter };
      // The resource attributes the Collector config keeps, so both InfluxDB paths write the same tags.
      return new InfluxDbMetricExporter({ ...config.influxdb, timeoutMillis, resourceAttributes: IDENTITY_RESOURCE_ATTRIBUTES });
    }
    default:
      return undefined;
  }
}

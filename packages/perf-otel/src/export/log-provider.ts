// The logs pipeline, only for slow-query records: OTLP logs when metrics go to OTLP (the same
// collector), the console when metrics go there. Loaded only when slow queries are on.
import type { Resource } from '@opentelemetry/resources';
import type { LoggerProvider as SdkLoggerProvider, LogRecordExporter } from '@opentelemetry/sdk-logs';
import type { EffectiveConfig } from '../config/resolve-config';
import { logsExporterFor } from '../db/slow-query-records';
import { withCheckedHeaderEnv } from './otlp-header-env';
import { grpcMetadata } from './readers';

export function createLoggerProvider(config: EffectiveConfig, resource: Resource): SdkLoggerProvider | undefined {
  const exporter = withCheckedHeaderEnv(config.otlp.logsHeaders, () => logExporter(config));
  if (exporter === undefined) return undefined;
  const { LoggerProvider, BatchLogRecordProcessor } = require('@opentelemetry/sdk-logs') as typeof import('@opentelemetry/sdk-logs');
  return new LoggerProvider({
    resource,
    // Bounded queue: a flood of slow queries while the collector is down drops records, never memory.
    processors: [new BatchLogRecordProcessor({ exporter, maxQueueSize: 2048, scheduledDelayMillis: 1000 })],
  });
}

function logExporter(config: EffectiveConfig): LogRecordExporter | undefined {
  const { otlp } = config;
  switch (logsExporterFor(config)) {
    case 'otlp': {
      if (otlp.logsProtocol === 'grpc') {
        const { OTLPLogExporter } = require('@opentelemetry/exporter-logs-otlp-grpc') as typeof import('@opentelemetry/exporter-logs-otlp-grpc');
        return new OTLPLogExporter({ url: otlp.logsEndpoint, metadata: grpcMetadata(otlp.logsHeaders), timeoutMillis: config.exportTimeoutMillis });
      }
      const options = { url: otlp.logsEndpoint, headers: otlp.logsHeaders, timeoutMillis: config.exportTimeoutMillis };
      if (otlp.logsProtocol === 'http/json') {
        const { OTLPLogExporter } = require('@opentelemetry/exporter-logs-otlp-http') as typeof import('@opentelemetry/exporter-logs-otlp-http');
        return new OTLPLogExporter(options);
      }
      const { OTLPLogExporter } = require('@opentelemetry/exporter-logs-otlp-proto') as typeof import('@opentelemetry/exporter-logs-otlp-proto');
      return new OTLPLogExporter(options);
    }
    case 'console': {
      const { ConsoleLogRecordExporter } = require('@opentelemetry/sdk-logs') as typeof import('@opentelemetry/sdk-logs');
      return new ConsoleLogRecordExporter();
    }
    default:
      return undefined;
  }
}

// The one startup line: versions and the effective configuration, secrets redacted, no value long
// enough to flood a log.
import type { Resource } from '@opentelemetry/resources';
import type { EffectiveConfig } from './config/resolve-config';
import { redactHeaders, redactUrl } from './redact';
import { VERSION } from './version';

export function startupLine(config: EffectiveConfig, resource: Resource): string {
  return shorten(describeConfig(config, resource));
}

/** One line, readable: no single value may flood it. */
function shorten(line: string): string {
  return line
    .split(' ')
    .map((word) => (word.length > 200 ? `${word.slice(0, 197)}...` : word))
    .join(' ');
}

function describeConfig(config: EffectiveConfig, resource: Resource): string {
  const attrs = resource.attributes;
  const exporters = config.exporters.map((e) => {
    switch (e) {
      case 'otlp': {
        const headers = Object.keys(config.otlp.headers).length ? ` headers=${redactHeaders(config.otlp.headers)}` : '';
        return `otlp(${config.otlp.protocol} ${redactUrl(config.otlp.endpoint)}${headers})`;
      }
      case 'prometheus':
        return `prometheus(http://${config.prometheus.host}:${config.prometheus.port}/metrics)`;
      case 'influxdb':
        return `influxdb(v${config.influxdb.apiVersion} ${redactUrl(config.influxdb.url)})`;
      default:
        return e;
    }
  });
  return (
    `perf-otel ${VERSION} (node ${process.versions.node}): service=${String(attrs['service.name'])}` +
    `${attrs['service.version'] ? `@${String(attrs['service.version'])}` : ''}` +
    `${attrs['deployment.environment.name'] ? ` env=${String(attrs['deployment.environment.name'])}` : ''}` +
    ` exporters=${exporters.join(',') || 'none'} interval=${config.exportIntervalMillis}ms` +
    ` instrumentations=${[...config.instrumentations].join(',')} cardinality_limit=${config.cardinalityLimit}` +
    `${config.tenants.sources.length ? ` tenants=${config.tenants.sources.map((s) => s.attribute).join(',')}` : ''}` +
    `${config.slowQueryMs > 0 ? ` slow_query_ms=${config.slowQueryMs}` : ''}` +
    `${config.customMetricsFile ? ` custom_metrics=${config.customMetricsFile}` : ''}`
  );
}

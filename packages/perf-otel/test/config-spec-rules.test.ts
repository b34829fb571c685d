// The configuration means what the OpenTelemetry spec says it means, with the exact warnings users see.
import { resolveConfig } from '../src/config/resolve-config';

function resolve(env: Record<string, string>, options: Parameters<typeof resolveConfig>[0] = {}) {
  const warnings: string[] = [];
  const config = resolveConfig(options, env, (message) => warnings.push(message));
  return { config, warnings };
}

describe('booleans follow the OpenTelemetry rule', () => {
  it.each(['true', 'TRUE', 'True'])('OTEL_SDK_DISABLED=%s disables', (value) => {
    expect(resolve({ OTEL_SDK_DISABLED: value })).toMatchObject({ config: { enabled: false }, warnings: [] });
  });

  it.each(['1', 'yes', 'on'])('OTEL_SDK_DISABLED=%s warns and is NOT disabled (as in the NodeSDK)', (value) => {
    expect(resolve({ OTEL_SDK_DISABLED: value })).toMatchObject({
      config: { enabled: true },
      warnings: [`OTEL_SDK_DISABLED="${value}" is not a boolean; using false. Set it to true or false.`],
    });
  });

  it('PERF_OTEL_ENABLED=0 warns and stays enabled', () => {
    expect(resolve({ PERF_OTEL_ENABLED: '0' })).toMatchObject({
      config: { enabled: true },
      warnings: ['PERF_OTEL_ENABLED="0" is not a boolean; using true. Set it to true or false.'],
    });
  });
});

describe('OTEL_METRICS_EXPORTER and none', () => {
  it('none alone exports nothing, silently', () => {
    expect(resolve({ OTEL_METRICS_EXPORTER: 'none' })).toMatchObject({ config: { exporters: [] }, warnings: [] });
  });

  it('none next to others is ignored, with a warning', () => {
    expect(resolve({ OTEL_METRICS_EXPORTER: 'prometheus,none' })).toMatchObject({
      config: { exporters: ['prometheus'] },
      warnings: [
        'OTEL_METRICS_EXPORTER="prometheus,none": "none" is ignored next to other exporters; using "prometheus". Set it to none alone to export nothing.',
      ],
    });
  });
});

describe('OTLP protocol, endpoint and headers', () => {
  it('OTEL_EXPORTER_OTLP_PROTOCOL=GRPC is gRPC on :4317', () => {
    expect(resolve({ OTEL_EXPORTER_OTLP_PROTOCOL: 'GRPC' }).config.otlp).toMatchObject({ protocol: 'grpc', endpoint: 'http://localhost:4317' });
  });

  it('the logs signal has its own protocol: metrics over gRPC, slow-query logs over http/protobuf', () => {
    expect(resolve({ OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317' }).config.otlp).toMatchObject({
      protocol: 'grpc',
      endpoint: 'http://collector:4317',
      logsProtocol: 'http/protobuf',
      logsEndpoint: 'http://collector:4317/v1/logs',
    });
    expect(resolve({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }).config.otlp).toMatchObject({
      protocol: 'grpc',
      logsProtocol: 'grpc',
      logsEndpoint: 'http://localhost:4317',
    });
  });

  it('an empty OTEL_EXPORTER_OTLP_ENDPOINT is unset', () => {
    expect(resolve({ OTEL_EXPORTER_OTLP_ENDPOINT: '' }).config.otlp).toMatchObject({
      endpoint: 'http://localhost:4318/v1/metrics',
      logsEndpoint: 'http://localhost:4318/v1/logs',
    });
  });

  it('logs get the general and the logs headers, metrics the general and the metrics headers; code headers go to both', () => {
    const { config } = resolve(
      { OTEL_EXPORTER_OTLP_HEADERS: 'x-all=a', OTEL_EXPORTER_OTLP_METRICS_HEADERS: 'x-metrics=m', OTEL_EXPORTER_OTLP_LOGS_HEADERS: 'x-logs=l' },
      { otlp: { headers: { authorization: 'Bearer code' } } },
    );
    expect(config.otlp.headers).toEqual({ 'x-all': 'a', 'x-metrics': 'm', authorization: 'Bearer code' });
    expect(config.otlp.logsHeaders).toEqual({ 'x-all': 'a', 'x-logs': 'l', authorization: 'Bearer code' });
  });
});

describe('OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE', () => {
  it.each(['cumulative', 'delta', 'lowmemory', 'DELTA'])('%s is honoured', (value) => {
    expect(resolve({ OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: value })).toMatchObject({
      config: { otlp: { temporalityPreference: value.toLowerCase() } },
      warnings: [],
    });
  });

  it('a bogus value warns and stays cumulative', () => {
    expect(resolve({ OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'bogus' })).toMatchObject({
      config: { otlp: { temporalityPreference: 'cumulative' } },
      warnings: ['OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE="bogus" is not one of cumulative, delta, lowmemory; using cumulative.'],
    });
  });
});

describe('start(options) takes the same settings as the environment, and wins', () => {
  const env = {
    PERF_OTEL_TENANT_ATTRIBUTES: 'team=x-team-id',
    PERF_OTEL_TENANT_MAX_VALUES: '5',
    PERF_OTEL_DB_SLOW_QUERY_MS: '100',
    PERF_OTEL_CUSTOM_METRICS: '/env/metrics.yaml',
    PERF_OTEL_PROFILING_ENABLED: 'false',
    PERF_OTEL_PROFILING_PORT: '9465',
  };

  it('tenants, slow queries, custom metrics and profiling from code', () => {
    const { config, warnings } = resolve(env, {
      tenants: { attributes: { project: 'baggage:project.id' }, maxValues: 50 },
      slowQueryMs: 250,
      customMetricsFile: '/code/metrics.yaml',
      profiling: { enabled: true, port: 0, signal: 'none', signalSeconds: 3 },
    });
    expect(warnings).toEqual([]);
    expect(config.tenants.maxValues).toBe(50);
    expect(config.tenants.sources.map((source) => source.attribute)).toEqual(['tenant.project']);
    expect(config).toMatchObject({
      slowQueryMs: 250,
      customMetricsFile: '/code/metrics.yaml',
      profiling: { enabled: true, port: 0, signal: undefined, signalSeconds: 3 },
    });
  });

  it('without code options, the environment', () => {
    const { config } = resolve(env);
    expect(config.tenants.sources.map((source) => source.attribute)).toEqual(['tenant.team']);
    expect(config).toMatchObject({
      slowQueryMs: 100,
      customMetricsFile: '/env/metrics.yaml',
      tenants: { maxValues: 5 },
      profiling: { enabled: false, signal: 'SIGUSR2' },
    });
  });
});

// perf-otel doctor reads the environment with the distribution's own resolution, and names typos.
import { createServer, type Server } from 'node:net';
import { checkConfig, checkOtlp } from '../src/commands/doctor-checks';

describe('doctor: config as the app resolves it', () => {
  it('an unknown PERF_OTEL_* name fails the config check, with the nearest known name', () => {
    expect(checkConfig({ PERF_OTEL_CARDINALITY_LIMT: '5', PERF_OTEL_PROMETHEUS_URL: 'http://p:9090' })).toEqual({
      name: 'config',
      status: 'fail',
      detail: 'PERF_OTEL_CARDINALITY_LIMT is not a perf-otel variable (it is ignored); did you mean PERF_OTEL_CARDINALITY_LIMIT?',
      fix: 'correct the variables named above (see the configuration table in the README)',
    });
  });

  it('a name far from every known one gets no guess', () => {
    expect(checkConfig({ PERF_OTEL_WHATEVER_THIS_IS: 'x' }).detail).toBe(
      'PERF_OTEL_WHATEVER_THIS_IS is not a perf-otel variable (it is ignored); see the configuration table in the README',
    );
  });

  it("the distribution's warnings are the config check's findings (OTEL_SDK_DISABLED=1)", () => {
    expect(checkConfig({ OTEL_SDK_DISABLED: '1' }).detail).toBe('OTEL_SDK_DISABLED="1" is not a boolean; using false. Set it to true or false.');
  });

  it('OTEL_EXPORTER_OTLP_PROTOCOL=GRPC is probed as gRPC, as the SDK will send it', async () => {
    const server: Server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      expect(await checkOtlp({ OTEL_EXPORTER_OTLP_PROTOCOL: 'GRPC', OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` })).toEqual({
        name: 'OTLP endpoint',
        status: 'ok',
        detail: `http://127.0.0.1:${port} accepts connections (grpc)`,
      });
    } finally {
      server.close();
    }
  });

  it('an empty OTEL_EXPORTER_OTLP_ENDPOINT is unset: the default endpoint is probed', async () => {
    const result = await checkOtlp({ OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' });
    expect(result.detail).toMatch(/http:\/\/localhost:4318\/v1\/metrics/);
  });
});

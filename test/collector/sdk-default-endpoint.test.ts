// The SDK's default OTLP endpoints must be where the collector config listens. The real SDK exporters run
// with no endpoint configured, in a private network namespace (so the fixed ports 4317/4318 cannot clash
// with anything on the machine), against listeners bound to the collector config's resolved endpoints.
// The Collector itself cannot be installed here: the listeners stand in for its OTLP receiver.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { MAIN_CONFIG, readYaml, resolveEnv } from './collector-config';

const FIXTURE = join(__dirname, 'fixtures', 'sdk-default-endpoint.cjs');

function canUnshareNetwork(): boolean {
  try {
    execFileSync('unshare', ['-n', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const otlp = (
  resolveEnv(readYaml(MAIN_CONFIG)) as {
    receivers: { otlp: { protocols: { grpc: { endpoint: string }; http: { endpoint: string } } } };
  }
).receivers.otlp.protocols;

// Root (CI, dev containers) can make a network namespace; elsewhere jest reports the test as skipped.
const nsTest = canUnshareNetwork() ? test : test.skip;

nsTest(
  "the SDK's default OTLP exporters (http/protobuf and gRPC) reach the collector's OTLP receiver endpoints (receiver stood in by listeners: no Collector binary here)",
  () => {
    // Strip every OTLP variable so the exporters fall back to their built-in defaults.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_')));
    const run = spawnSync('unshare', ['-n', 'sh', '-c', 'ip link set lo up && exec "$0" "$1"', process.execPath, FIXTURE], {
      env: { ...env, COLLECTOR_HTTP_ENDPOINT: otlp.http.endpoint, COLLECTOR_GRPC_ENDPOINT: otlp.grpc.endpoint },
      encoding: 'utf8',
      timeout: 60000,
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
    const seen = JSON.parse(run.stdout.trim().split('\n').pop() as string);
    expect(seen.http).toEqual({ method: 'POST', path: '/v1/metrics', contentType: 'application/x-protobuf' });
    expect(seen.grpcPreface).toBe('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
  },
);

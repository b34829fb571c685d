// The agent → gateway tier as the tests run it: gateways with the repo's main config, the
// remote-write overlay and the gateway overlay (persistent queues); agents with otelcol-agent.yaml;
// apps under the register sending OTLP to their agent. Every piece is a real process.
import { join } from 'node:path';
import {
  COLLECTOR_AGENT_CONFIG,
  COLLECTOR_CONFIG,
  COLLECTOR_GATEWAY_OVERLAY,
  COLLECTOR_REMOTE_WRITE_OVERLAY,
  freePort,
  makeTempDir,
  startChildApp,
  startCollector,
  type ChildApp,
  type RunningCollector,
  type RunningInfluxDb,
  type RunningPrometheus,
} from '../../harness';

const REPO_ROOT = join(__dirname, '../../..');
export const PLAIN_HTTP_APP = join(REPO_ROOT, 'test/e2e/fixtures/plain-http.js');
export const INFLUX_DB = 'perf_otel';
/** The SDK's export interval in these tests. */
export const EXPORT_INTERVAL_MS = 1000;

export const GATEWAY_CONFIGS = [COLLECTOR_CONFIG, COLLECTOR_REMOTE_WRITE_OVERLAY, COLLECTOR_GATEWAY_OVERLAY];

/** Short batch and WAL timers so that tests see data within seconds; everything else as shipped. */
const FAST = { OTELCOL_BATCH_TIMEOUT: '200ms', OTELCOL_REMOTE_WRITE_WAL_TRUNCATE_FREQUENCY: '1s' };

export async function startGateway(
  prometheus: RunningPrometheus,
  influx: RunningInfluxDb,
  env: Record<string, string> = {},
  overlays: string[] = [],
): Promise<RunningCollector & { storageDir: string }> {
  const storageDir = await makeTempDir('otelcol-gateway-storage');
  const collector = await startCollector({
    configs: [...GATEWAY_CONFIGS, ...overlays],
    env: {
      ...FAST,
      OTELCOL_REMOTE_WRITE_ENDPOINT: `${prometheus.url}/api/v1/write`,
      OTELCOL_INFLUXDB_ENDPOINT: influx.url,
      OTELCOL_INFLUXDB_DATABASE: INFLUX_DB,
      OTELCOL_STORAGE_DIR: storageDir,
      ...env,
    },
  });
  return Object.assign(collector, { storageDir });
}

/** host:port of a Collector's OTLP/gRPC listener, as OTELCOL_GATEWAY_ENDPOINT takes it. */
export const grpcHostPort = (c: RunningCollector) => c.otlpGrpcEndpoint.replace(/^https?:\/\//, '');

export async function startAgent(gateway: RunningCollector, env: Record<string, string> = {}): Promise<RunningCollector & { storageDir: string }> {
  const storageDir = await makeTempDir('otelcol-agent-storage');
  const collector = await startCollector({
    configs: [COLLECTOR_AGENT_CONFIG],
    env: { ...FAST, OTELCOL_GATEWAY_ENDPOINT: grpcHostPort(gateway), OTELCOL_STORAGE_DIR: storageDir, ...env },
  });
  return Object.assign(collector, { storageDir });
}

export interface App {
  app: ChildApp;
  port: number;
  service: string;
}

/** The plain node:http fixture under the register, exporting OTLP/HTTP to `otlpEndpoint` every second. */
export async function startApp(service: string, otlpEndpoint: string, env: Record<string, string> = {}): Promise<App> {
  const port = await freePort();
  const app = await startChildApp({
    script: PLAIN_HTTP_APP,
    cwd: REPO_ROOT,
    require: ['@org/perf-otel/register'],
    env: {
      PORT: String(port),
      OTEL_SERVICE_NAME: service,
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
      OTEL_METRIC_EXPORT_INTERVAL: String(EXPORT_INTERVAL_MS),
      ...env,
    },
    waitForLine: 'listening',
  });
  return { app, port, service };
}

/** GET each path `times` times, one after the other; returns the status codes seen. */
export async function get(port: number, path: string, times: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < times; i++) {
    const res = await fetch(`http://127.0.0.1:${port}${path}`);
    await res.arrayBuffer();
    statuses.push(res.status);
  }
  return statuses;
}

/** A bounded request loop: `workers` concurrent GETs until stop(); counts what was served and what failed. */
export function requestLoop(port: number, path: string, workers = 2): { served(): number; failed(): number; stop(): Promise<void> } {
  let served = 0;
  let failed = 0;
  let running = true;
  const one = async () => {
    while (running) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}${path}`);
        await res.arrayBuffer();
        if (res.status === 200) served++;
        else failed++;
      } catch {
        failed++;
      }
    }
  };
  const done = Promise.all(Array.from({ length: workers }, one));
  return {
    served: () => served,
    failed: () => failed,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

/** Unix seconds, as Prometheus takes them. */
export const nowSeconds = () => Date.now() / 1000;

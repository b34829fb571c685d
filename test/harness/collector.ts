// The otelcol-perf-otel distribution built from collector/ (npm run collector:build, run by pretest),
// started with the repository's own config files and every listener on a free loopback port.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, LOOPBACK } from './free-port';
import { ManagedProcess } from './managed-process';
import { waitForHttpOk } from './poll';

const REPO_ROOT = join(__dirname, '../..');
export const COLLECTOR_BIN = join(REPO_ROOT, 'collector/.build/dist/otelcol-perf-otel');
export const COLLECTOR_CONFIG = join(REPO_ROOT, 'collector/otelcol-config.yaml');
export const COLLECTOR_REMOTE_WRITE_OVERLAY = join(REPO_ROOT, 'collector/otelcol-remote-write.yaml');
export const COLLECTOR_GATEWAY_OVERLAY = join(REPO_ROOT, 'collector/otelcol-gateway.yaml');
export const COLLECTOR_SECURE_INGEST_OVERLAY = join(REPO_ROOT, 'collector/otelcol-secure-ingest.yaml');
export const COLLECTOR_AGENT_CONFIG = join(REPO_ROOT, 'collector/otelcol-agent.yaml');
const READY_TIMEOUT_MS = 30000;

export interface CollectorOptions {
  /** Config files in order (later ones override); default collector/otelcol-config.yaml. */
  configs?: string[];
  /** OTELCOL_* values on top of the listener ports chosen here. */
  env?: Record<string, string>;
}

export interface RunningCollector {
  /** http://127.0.0.1:<port>: what an app puts in OTEL_EXPORTER_OTLP_ENDPOINT for http/protobuf. */
  otlpHttpEndpoint: string;
  /** http://127.0.0.1:<port> for OTEL_EXPORTER_OTLP_PROTOCOL=grpc. */
  otlpGrpcEndpoint: string;
  /** host:port of the prometheus exporter's /metrics (a scrape target). */
  prometheusTarget: string;
  /** host:port of the Collector's own telemetry /metrics. */
  telemetryTarget: string;
  readonly pid: number;
  output(): string;
  /** SIGTERM (the Collector drains and shuts down), then SIGKILL after the grace period. */
  stop(): Promise<void>;
  /** stop() then start again with the same ports and files, and the environment with `env` on top. */
  restart(env?: Record<string, string>): Promise<void>;
}

export function requireCollectorBinary(): void {
  if (!existsSync(COLLECTOR_BIN)) {
    throw new Error(`${COLLECTOR_BIN} is missing: build it with \`npm run collector:build\` (needs Go; npm test's pretest does it)`);
  }
}

/** `otelcol-perf-otel validate` of these files: the exit code and what it printed. */
export async function validateCollectorConfig(configs: string[], env: Record<string, string> = {}): Promise<{ code: number; output: string }> {
  requireCollectorBinary();
  try {
    const { stdout, stderr } = await promisify(execFile)(COLLECTOR_BIN, ['validate', ...configs.flatMap((c) => ['--config', c])], {
      env: { ...process.env, ...env },
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

export async function startCollector(options: CollectorOptions = {}): Promise<RunningCollector> {
  requireCollectorBinary();
  const port = async () => `${LOOPBACK}:${await freePort()}`;
  const [grpc, http, prometheus, health, pprof] = [await port(), await port(), await port(), await port(), await port()];
  const telemetryPort = await freePort();
  let env: NodeJS.ProcessEnv = {
    ...process.env,
    OTELCOL_OTLP_GRPC_ENDPOINT: grpc,
    OTELCOL_OTLP_HTTP_ENDPOINT: http,
    OTELCOL_PROMETHEUS_ENDPOINT: prometheus,
    OTELCOL_HEALTH_CHECK_ENDPOINT: health,
    OTELCOL_PPROF_ENDPOINT: pprof,
    OTELCOL_TELEMETRY_HOST: LOOPBACK,
    OTELCOL_TELEMETRY_PORT: String(telemetryPort),
    ...options.env,
  };
  const args = (options.configs ?? [COLLECTOR_CONFIG]).flatMap((c) => ['--config', c]);
  let proc: ManagedProcess;
  const launch = async () => {
    proc = new ManagedProcess('otelcol-perf-otel', COLLECTOR_BIN, args, { env });
    try {
      await waitForHttpOk(`http://${health}/`, READY_TIMEOUT_MS, proc.exitReason);
    } catch (error) {
      await proc.stop('SIGKILL');
      throw new Error(`the Collector did not become ready: ${(error as Error).message}\n${proc.output.slice(-4000)}`, { cause: error });
    }
  };
  await launch();
  let stopped = false;
  return {
    otlpHttpEndpoint: `http://${http}`,
    otlpGrpcEndpoint: `http://${grpc}`,
    prometheusTarget: prometheus,
    telemetryTarget: `${LOOPBACK}:${telemetryPort}`,
    get pid() {
      return proc.pid;
    },
    output: () => proc.output,
    async stop() {
      if (stopped) return;
      stopped = true;
      await proc.stop();
    },
    async restart(more = {}) {
      await proc.stop();
      env = { ...env, ...more };
      await launch();
    },
  };
}

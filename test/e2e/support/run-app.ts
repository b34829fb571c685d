// Starts a fixture app in a child node process with the register preloaded the way users do it
// (`--require @org/perf-otel/register` / `--import …`), exporting to a Prometheus endpoint on a free port.
import { join } from 'node:path';
import { freePort, startChildApp, type ChildApp } from '../../harness';
import { fixture } from './paths';

export const REPO_ROOT = join(__dirname, '../../..');
export const REGISTER = '@org/perf-otel/register';

export interface InstrumentedApp extends ChildApp {
  port: number;
  metricsPort: number;
}

export async function runInstrumented(
  name: string,
  env: Record<string, string | undefined> = {},
  how: 'require' | 'import' = 'require',
): Promise<InstrumentedApp> {
  const port = await freePort();
  const metricsPort = await freePort();
  const app = await startChildApp({
    script: fixture(name),
    cwd: REPO_ROOT,
    [how]: [REGISTER],
    env: {
      PORT: String(port),
      OTEL_METRICS_EXPORTER: 'prometheus',
      OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
      OTEL_SERVICE_NAME: `fixture-${name.replace(/\.m?js$/, '')}`,
      ...env,
    },
    waitForPort: env.PORT === undefined ? port : undefined,
  });
  return Object.assign(app, { port, metricsPort });
}

export async function send(port: number, path: string, init?: RequestInit): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, init);
  await res.arrayBuffer();
  return res.status;
}

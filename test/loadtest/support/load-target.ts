// Starts the load-test target the way users run services: `node --require @org/perf-otel/register`,
// with the Prometheus exporter on its own free port.
import { join } from 'node:path';
import { freePort, startChildApp, type ChildApp } from '../../harness';
import { REGISTER, REPO_ROOT } from '../../e2e/support/run-app';

export const TARGET_SCRIPT = join(__dirname, '../fixtures/load-target.js');

export interface LoadTarget extends ChildApp {
  url: string;
  port: number;
  metricsPort: number;
}

/** `env`: WORK_MS (CPU ms per request), SLOWDOWN (e.g. '1.3'). */
export async function startLoadTarget(env: Record<string, string> = {}): Promise<LoadTarget> {
  const port = await freePort();
  const metricsPort = await freePort();
  const app = await startChildApp({
    script: TARGET_SCRIPT,
    cwd: REPO_ROOT,
    require: [REGISTER],
    env: {
      PORT: String(port),
      OTEL_METRICS_EXPORTER: 'prometheus',
      OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
      OTEL_SERVICE_NAME: 'loadtest-target',
      ...env,
    },
    waitForPort: port,
  });
  await app.waitForPort(metricsPort);
  return Object.assign(app, { url: `http://127.0.0.1:${port}`, port, metricsPort });
}

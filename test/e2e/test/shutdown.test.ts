// The process ends the way the bare app would: death by the same signal, the same exit code and
// stderr after a crash. Before that, the final export carries every request the app served, and a
// backend that refuses the connection does not hold the exit.
import autocannon from 'autocannon';
import { freePort, pollUntil, startChildApp, type ChildApp } from '../../harness';
import { lastCount, startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver';
import { fixture } from '../support/paths';
import { REPO_ROOT, runInstrumented, send } from '../support/run-app';

const DURATION = 'http.server.request.duration';

async function runBare(name: string): Promise<ChildApp & { port: number }> {
  const port = await freePort();
  const app = await startChildApp({ script: fixture(name), cwd: REPO_ROOT, env: { PORT: String(port) }, waitForPort: port });
  return Object.assign(app, { port });
}

describe('shutdown tells the truth', () => {
  let receiver: OtlpReceiver;
  beforeEach(async () => {
    receiver = await startOtlpReceiver();
  });
  afterEach(async () => {
    await receiver.stop();
  });
  const otlp = (extra: Record<string, string> = {}) => ({
    OTEL_METRICS_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_METRIC_EXPORT_INTERVAL: '600000',
    OTEL_LOG_LEVEL: 'warn',
    ...extra,
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('%s: the final export, then death by that signal as for the bare app', async (signal) => {
    const bare = await runBare('plain-http.js');
    expect(await send(bare.port, '/users/1')).toBe(200);
    const bareExit = await bare.stop(signal);
    const app = await runInstrumented('plain-http.js', otlp());
    for (let i = 0; i < 4; i++) expect(await send(app.port, `/users/${i}`)).toBe(200);
    const exit = await app.stop(signal);
    expect({ code: exit.code, signal: exit.signal }).toEqual({ code: bareExit.code, signal: bareExit.signal });
    expect(exit.signal).toBe(signal);
    expect(exit.stderr).toBe(bareExit.stderr);
    expect(lastCount(receiver.exports, DURATION, { 'http.route': '/users/:id' })).toBe(4);
  });

  it('under load: SIGTERM stops new connections, lets requests in flight finish, and exports every request served', async () => {
    const app = await runInstrumented('plain-http.js', otlp());
    // Without a callback autocannon's instance is also the promise of its result; its typings show only the promise.
    const load = autocannon({ url: `http://127.0.0.1:${app.port}/users/1`, connections: 20, duration: 30 }) as unknown as Promise<{ '2xx': number }> & {
      stop(): void;
    };
    await pollUntil('load to be under way', async () => ((await fetch(`http://127.0.0.1:${app.port}/users/2`).then((r) => r.text())) ? true : undefined), 5000);
    await new Promise((r) => setTimeout(r, 1000));
    const exit = await app.stop('SIGTERM');
    load.stop();
    const result = await load;
    expect(exit.signal).toBe('SIGTERM');
    expect(result['2xx']).toBeGreaterThan(100);
    // Every response a client got is in the final export (plus the one fetch above).
    expect(lastCount(receiver.exports, DURATION, { 'http.route': '/users/:id' })).toBe(result['2xx'] + 1);
  });

  it('an app with its own SIGTERM listener shuts down its own way (exit 0 here); the final export comes after its drain', async () => {
    const bare = await runBare('own-sigterm.js');
    const bareExit = await bare.stop('SIGTERM');
    const app = await runInstrumented('own-sigterm.js', otlp());
    expect(await send(app.port, '/users/1')).toBe(200);
    // A request in flight at the signal holds the app's server.close() open; it is answered and counted.
    const slow = fetch(`http://127.0.0.1:${app.port}/slow`).then((r) => r.text());
    await app.waitForLine('app: slow request in');
    process.kill(app.pid, 'SIGTERM');
    await app.waitForLine('app: shutting down');
    expect(await slow).toBe('late');
    const exit = await app.exited;
    expect({ code: exit.code, signal: exit.signal, stderr: exit.stderr }).toEqual({ code: bareExit.code, signal: bareExit.signal, stderr: bareExit.stderr });
    expect(exit.code).toBe(0);
    expect(lastCount(receiver.exports, DURATION)).toBe(2);
  });

  it('a backend that refuses the connection does not hold the exit for the shutdown timeout', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const app = await runInstrumented(
      'plain-http.js',
      otlp({ OTEL_EXPORTER_OTLP_ENDPOINT: closed, PERF_OTEL_SHUTDOWN_TIMEOUT_MS: '60000', OTEL_METRIC_EXPORT_TIMEOUT: '60000' }),
    );
    expect(await send(app.port, '/users/1')).toBe(200);
    const started = Date.now();
    const exit = await app.stop('SIGTERM');
    // Not a timing test: the alternative is the whole 60 s timeout (the harness would SIGKILL after 5 s).
    expect(Date.now() - started).toBeLessThan(5000);
    expect(exit.signal).toBe('SIGTERM');
    expect(exit.stderr.trim()).toBe(
      `perf-otel: final metrics export to ${closed}/v1/metrics skipped: the connection was refused (ECONNREFUSED); what was recorded since the last export is lost.`,
    );
  });

  it.each([
    ['/crash', 'an uncaught exception'],
    ['/reject', 'an unhandled rejection'],
  ])('%s (%s): the final export, then the exit code and stderr of the bare app', async (path) => {
    const bare = await runBare('crash-on-request.js');
    await send(bare.port, '/users/1');
    await send(bare.port, path).catch(() => 0);
    const bareExit = await bare.exited;
    const app = await runInstrumented('crash-on-request.js', otlp());
    for (let i = 0; i < 3; i++) expect(await send(app.port, `/users/${i}`)).toBe(200);
    await send(app.port, path).catch(() => 0);
    const exit = await app.exited;
    expect({ code: exit.code, signal: exit.signal }).toEqual({ code: bareExit.code, signal: bareExit.signal });
    expect(exit.code).toBe(1);
    expect(exit.stderr).toBe(bareExit.stderr);
    expect(exit.stderr).toMatch(/app bug: rejected|order\.total\(\)/);
    // The three requests and the failing one were recorded and exported before the process died.
    expect(lastCount(receiver.exports, DURATION)).toBe(4);
  });
});

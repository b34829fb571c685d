import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { freePort, pollUntil, portAnswers } from '../../harness';
import { scrape, sumOf } from '../../e2e/support/prom-text';
import { runCli } from '../../../packages/cli/test/run-cli';
import { readProfileFile } from '../../../packages/profiler/src';
import { introspect, post, startHotService, REPO_ROOT, type HotService } from '../support/hot-service';

const TOKEN = 's3cret-profiling-token';

async function status(app: HotService): Promise<{ recording: string | null }> {
  const response = await fetch(`${app.target}/status`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  return (await response.json()) as { recording: string | null };
}

describe('profiling control channel', () => {
  const apps: HotService[] = [];
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'perf-otel-control-'));
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    rmSync(dir, { recursive: true, force: true });
  });
  const start = async (env: Record<string, string | undefined>) => {
    const app = await startHotService(env);
    apps.push(app);
    return app;
  };

  it('does not exist when profiling is off: no port, no SIGUSR2 listener, profiler never loaded', async () => {
    const app = await start({ PERF_OTEL_PROFILING_ENABLED: undefined });
    expect(await introspect(app)).toEqual({ sigusr2Listeners: 0, profilerLoaded: false });
    expect(await portAnswers(app.profilingPort)).toBe(false);
  });

  describe('on, with a token', () => {
    let app: HotService;
    beforeAll(async () => {
      app = await start({ PERF_OTEL_PROFILING_TOKEN: TOKEN, PERF_OTEL_PROFILING_DIR: dir, PERF_OTEL_PROFILING_SIGNAL_SECONDS: '1' });
      await app.waitForLine('profiling: endpoint on');
    });

    it('listens and handles SIGUSR2 (the counterpart of the off case)', async () => {
      expect(await introspect(app)).toEqual({ sigusr2Listeners: 1, profilerLoaded: true });
      expect(await portAnswers(app.profilingPort)).toBe(true);
    });

    it('refuses a request without the token, or with a wrong one, with 401 and how to send it', async () => {
      for (const token of [undefined, 'wrong-token']) {
        const refused = await post(app.target, '/profile/cpu?seconds=1', token);
        expect(refused).toEqual({
          status: 401,
          body: { error: expect.stringContaining('send the header "Authorization: Bearer <PERF_OTEL_PROFILING_TOKEN>"') },
        });
      }
      const cli = await runCli(['profile', '--target', app.target, '--cpu', '--duration', '1s', '--out', join(dir, 'x.cpuprofile')], REPO_ROOT);
      expect(cli.code).toBe(1);
      expect(cli.err).toContain(`perf-otel profile: ${app.target} refused the cpu profile (401): missing or wrong token`);
    });

    it('with the token: takes the profile; bad durations and paths get 400 and 404 with the fix', async () => {
      const out = join(dir, 'with-token.heapprofile');
      const cli = await runCli(['profile', '--target', app.target, '--heap', '--duration', '500ms', '--token', TOKEN, '--out', out], REPO_ROOT);
      expect(cli).toMatchObject({ code: 0, out: expect.stringMatching(/^Heap profile: /) });
      expect((await readProfileFile(out)).kind).toBe('heap');
      expect(await post(app.target, '/profile/cpu?seconds=900', TOKEN)).toEqual({
        status: 400,
        body: { error: 'seconds must be a number above 0 and at most 60, got "900"; e.g. ?seconds=30' },
      });
      expect(await post(app.target, '/profile/memory', TOKEN)).toEqual({
        status: 404,
        body: { error: expect.stringContaining('no such endpoint /profile/memory; the endpoints are POST /profile/cpu?seconds=N') },
      });
      // The token is a secret: it is never logged.
      expect(app.stderr() + app.stdout()).not.toContain(TOKEN);
    });

    it('a caller that hangs up ends its recording, so the next one need not wait', async () => {
      const hangUp = new AbortController();
      const long = fetch(`${app.target}/profile/cpu?seconds=60`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` }, signal: hangUp.signal });
      long.catch(() => {});
      await pollUntil('the 60 s profile to start', async () => ((await status(app)).recording === 'cpu' ? true : undefined), 10000);
      hangUp.abort();
      // Far less than the 60 s asked for: only the hang-up can have ended it.
      await pollUntil('the profiler to be free again', async () => ((await status(app)).recording === null ? true : undefined), 20000);
    });

    it('streams a heap snapshot DevTools opens', async () => {
      const response = await fetch(`${app.target}/snapshot/heap`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toMatch(new RegExp(`filename="perf-otel-${app.pid}-.+\\.heapsnapshot"`));
      const snapshot = (await response.json()) as { snapshot: { meta: { node_fields: string[] }; node_count: number } };
      expect(snapshot.snapshot.meta.node_fields).toContain('self_size');
      expect(snapshot.snapshot.node_count).toBeGreaterThan(0);
    });

    it('SIGUSR2 writes a CPU profile file named after the pid and logs its path', async () => {
      process.kill(app.pid, 'SIGUSR2');
      await app.waitForLine(/\.cpuprofile written: \S+\.cpuprofile/);
      const file = /\.cpuprofile written: (\S+\.cpuprofile)/.exec(app.stderr())![1];
      expect(file.startsWith(dir)).toBe(true);
      expect(basename(file)).toMatch(new RegExp(`^perf-otel-${app.pid}-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d\\.\\d{3}Z\\.cpuprofile$`));
      expect(existsSync(file)).toBe(true);
      expect((await readProfileFile(file)).kind).toBe('cpu');
    });
  });

  it("leaves the control channel's own requests out of the app's HTTP metrics", async () => {
    const metricsPort = await freePort();
    const app = await start({ PERF_OTEL_PROFILING_TOKEN: TOKEN, OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort) });
    await app.waitForLine('profiling: endpoint on');
    for (let i = 0; i < 3; i++) expect((await status(app)).recording).toBeNull();
    await introspect(app);
    const samples = await scrape(metricsPort);
    expect(sumOf(samples, 'http_server_request_duration_seconds_count')).toBe(1);
    expect(sumOf(samples, 'http_server_request_duration_seconds_count', { http_route: '/introspect' })).toBe(1);
  });

  it('refuses to start the endpoint on a non-loopback address without a token, and the app runs on', async () => {
    const app = await start({ PERF_OTEL_PROFILING_HOST: '0.0.0.0' });
    await app.waitForLine(
      'perf-otel: profiling: endpoint not started: PERF_OTEL_PROFILING_HOST=0.0.0.0 is reachable from other machines and PERF_OTEL_PROFILING_TOKEN is not set; set a token, or leave the host at localhost',
    );
    expect(await portAnswers(app.profilingPort)).toBe(false);
    expect((await fetch(`http://127.0.0.1:${app.port}/`)).status).toBe(200);
  });
});

// The token-free profiling endpoint on loopback answers tools, never a web page the user has open:
// a DNS-rebinding page (its own Host name), a cross-site page (Origin, Sec-Fetch-Site) and a
// "simple" cross-site POST (no custom header, no JSON content type) are refused with 403 before
// anything is recorded. Tools (perf-otel profile, curl with the header) work as before.
import { request } from 'node:http';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { runCli } from '../../../packages/cli/test/run-cli';
import { readProfileFile } from '../../../packages/profiler/src';
import { startHotService, REPO_ROOT, type HotService } from '../support/hot-service';

interface Answer {
  status: number;
  error?: string;
}

/** node:http, because fetch will not let a test set Host. */
function call(app: HotService, method: string, path: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: app.profilingPort, method, path, headers }, (res) => {
      let body = '';
      res
        .setEncoding('utf8')
        .on('data', (c: string) => {
          body += c;
        })
        .on('end', () => {
          const json = body.startsWith('{') ? (JSON.parse(body) as { error?: string }) : {};
          resolve({ status: res.statusCode ?? 0, ...(json.error !== undefined && { error: json.error }) });
        });
    });
    req.on('error', reject).end();
  });
}

describe('the token-free profiling endpoint and web pages', () => {
  let app: HotService;
  let dir: string;
  let local: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'perf-otel-web-'));
    app = await startHotService({});
    await app.waitForLine('profiling: endpoint on');
    local = `127.0.0.1:${app.profilingPort}`;
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a rebinding page (a Host that is not a loopback name)', async () => {
    const host = `attacker.example:${app.profilingPort}`;
    expect(await call(app, 'POST', '/snapshot/heap', { host, 'x-perf-otel': '1' })).toEqual({
      status: 403,
      error:
        `Host "${host}" is not a loopback name of this machine: send localhost, 127.0.0.1 or [::1] ` +
        '(a page that rebinds its own DNS name to 127.0.0.1 sends its name); to serve other names, set PERF_OTEL_PROFILING_TOKEN',
    });
    expect((await call(app, 'GET', '/status', { host })).status).toBe(403);
  });

  it('refuses cross-origin and cross-site requests, and simple POSTs, before recording anything', async () => {
    expect(await call(app, 'POST', '/profile/cpu?seconds=30', { host: local, origin: 'https://attacker.example', 'x-perf-otel': '1' })).toEqual({
      status: 403,
      error: 'cross-origin request refused (Origin "https://attacker.example"): this endpoint answers tools, not web pages',
    });
    expect((await call(app, 'POST', '/snapshot/heap', { host: local, origin: 'null', 'content-type': 'application/json' })).status).toBe(403);
    expect(await call(app, 'POST', '/profile/cpu?seconds=30', { host: local, 'sec-fetch-site': 'cross-site', 'x-perf-otel': '1' })).toEqual({
      status: 403,
      error: 'cross-site request refused: this endpoint answers tools, not web pages',
    });
    for (const type of [undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      expect(await call(app, 'POST', '/profile/cpu?seconds=30', { host: local, ...(type && { 'content-type': type }) })).toEqual({
        status: 403,
        error:
          'a POST must carry the header "X-Perf-Otel: 1" (or Content-Type: application/json), which a web page cannot send cross-site; ' +
          'perf-otel profile sends it, with curl add -H "X-Perf-Otel: 1"',
      });
    }
    // Nothing was started: the profiler is free.
    expect(await (await fetch(`http://${local}/status`)).json()).toMatchObject({ recording: null });
  });

  it('bounds the duration with a clear 400', async () => {
    for (const seconds of ['61', '300', '-1', 'soon']) {
      expect(await call(app, 'POST', `/profile/cpu?seconds=${seconds}`, { host: local, 'x-perf-otel': '1' })).toEqual({
        status: 400,
        error: `seconds must be a number above 0 and at most 60, got "${seconds}"; e.g. ?seconds=30`,
      });
    }
  });

  it('answers tools: loopback names, the header or JSON content type, and perf-otel profile', async () => {
    for (const host of [local, `localhost:${app.profilingPort}`, `[::1]:${app.profilingPort}`]) {
      expect({ host, status: (await call(app, 'GET', '/status', { host })).status }).toEqual({ host, status: 200 });
    }
    expect((await call(app, 'POST', '/profile/heap?seconds=0.2', { host: local, 'content-type': 'application/json' })).status).toBe(200);
    expect((await call(app, 'POST', '/profile/cpu?seconds=0.2', { host: local, origin: `http://${local}`, 'x-perf-otel': '1' })).status).toBe(200);
    const out = join(dir, 'tool.cpuprofile');
    const cli = await runCli(['profile', '--target', `http://${local}`, '--cpu', '--duration', '500ms', '--out', out], REPO_ROOT);
    expect(cli.code).toBe(0);
    expect((await readProfileFile(out)).kind).toBe('cpu');
  });
});

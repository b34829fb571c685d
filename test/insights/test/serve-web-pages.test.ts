// `perf-otel serve` on loopback without a token answers tools, not web pages (DNS rebinding,
// cross-site reads), and bounds the time range a request may make it query.
import { request } from 'node:http';
import { join } from 'node:path';
import { freePort, startChildApp, type ChildApp } from '../../harness';

const CLI = join(__dirname, '../../../packages/cli/dist/bin.js');

function get(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; error?: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res
        .setEncoding('utf8')
        .on('data', (c: string) => {
          body += c;
        })
        .on('end', () => {
          const { error } = JSON.parse(body) as { error?: string };
          resolve({ status: res.statusCode ?? 0, ...(error !== undefined && { error }) });
        });
    })
      .on('error', reject)
      .end();
  });
}

describe('perf-otel serve and web pages', () => {
  let app: ChildApp;
  let port: number;
  let local: string;
  beforeAll(async () => {
    port = await freePort();
    // No Prometheus behind it: a request that gets through answers 502, one refused here never asks.
    app = await startChildApp({
      script: CLI,
      args: ['serve', '--port', String(port), '--prometheus', `http://127.0.0.1:${await freePort()}`],
      waitForLine: 'listening on',
    });
    local = `127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('refuses a Host that is not a loopback name, and a foreign Origin, with 403 and the reason', async () => {
    const host = `rebound.attacker.example:${port}`;
    expect(await get(port, '/api/v1/insights?service=x', { host })).toEqual({
      status: 403,
      error:
        `Host "${host}" is not a loopback name of this machine: send localhost, 127.0.0.1 or [::1] ` +
        '(a page that rebinds its own DNS name to 127.0.0.1 sends its name); to serve other names, set a bearer token with --token or PERF_OTEL_SERVE_TOKEN',
    });
    expect(await get(port, '/api/v1/trends', { host: local, origin: 'https://attacker.example' })).toEqual({
      status: 403,
      error: 'cross-origin request refused (Origin "https://attacker.example"): this endpoint answers tools, not web pages',
    });
    expect((await get(port, '/api/v1/openapi.json', { host: local, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
  });

  it('bounds range and compare windows to 90 days with a clear 400', async () => {
    expect(await get(port, '/api/v1/trends?range=400d', { host: local })).toEqual({
      status: 400,
      error: 'range "400d" is longer than 90d; ask for at most 90d, e.g. range=30d',
    });
    expect(await get(port, '/api/v1/insights?range=13w', { host: local })).toEqual({
      status: 400,
      error: 'range "13w" is longer than 90d; ask for at most 90d, e.g. range=30d',
    });
    const before = '2020-01-01T00:00Z/2026-01-01T00:00Z';
    expect(await get(port, `/api/v1/compare?before=${before}&after=2026-01-01T00:00Z/2026-01-02T00:00Z`, { host: local })).toEqual({
      status: 400,
      error: `before "${before}" is longer than 90 days; ask for a shorter window`,
    });
  });

  it('answers tools on loopback names', async () => {
    for (const host of [local, `localhost:${port}`]) {
      expect({ host, status: (await get(port, '/api/v1/openapi.json', { host })).status }).toEqual({ host, status: 200 });
    }
    // Through to the (absent) Prometheus: not refused here.
    expect((await get(port, '/api/v1/trends?range=90d', { host: local })).status).toBe(502);
  });
});

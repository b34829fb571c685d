import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { pollUntil } from '../../harness';
import { scrape, sumOf } from '../support/prom-text';
import { runInstrumented, send, type InstrumentedApp } from '../support/run-app';

const COUNT = 'http_server_request_duration_seconds_count';

describe('plain node:http app under --require @org/perf-otel/register', () => {
  let app: InstrumentedApp;
  // The app's own static words: the built-in vocabulary has neither.
  beforeAll(async () => {
    app = await runInstrumented('plain-http.js', { PERF_OTEL_HTTP_ROUTE_WORDS: 'fail, slow' });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('counts every request exactly, by route template, method and status', async () => {
    for (let i = 0; i < 7; i++) expect(await send(app.port, `/users/${1000 + i}?page=${i}`)).toBe(200);
    for (let i = 0; i < 3; i++) expect(await send(app.port, `/orders/${randomUUID()}`)).toBe(200);
    for (let i = 0; i < 2; i++) expect(await send(app.port, '/items', { method: 'POST', body: '0123456789' })).toBe(200);
    expect(await send(app.port, '/fail/now')).toBe(500);
    expect(await send(app.port, `/nope/${randomUUID()}`)).toBe(404);

    const s = await scrape(app.metricsPort);
    const route = (r: string | undefined, extra: Record<string, string | undefined> = {}) => sumOf(s, COUNT, { http_route: r, ...extra });
    expect(route('/users/:id', { http_request_method: 'GET', http_response_status_code: '200', url_scheme: 'http' })).toBe(7);
    expect(route('/orders/:uuid')).toBe(3);
    expect(route('/items', { http_request_method: 'POST' })).toBe(2);
    expect(route('/fail/:param', { http_response_status_code: '500', error_type: '500' })).toBe(1);
    // An unmatched path is not an endpoint: no route label, so random URLs cannot mint series.
    expect(route(undefined, { http_response_status_code: '404' })).toBe(1);
    expect(sumOf(s, COUNT)).toBe(14);
    // No raw id, uuid or query string reaches a label.
    const requestLabels = (x: { labels: Record<string, string> }) =>
      Object.entries(x.labels)
        .filter(([k]) => !['instance', 'service_instance_id', 'le'].includes(k))
        .map(([, v]) => v)
        .join(' ');
    expect(s.filter((x) => x.name.startsWith('http_')).some((x) => /100\d|page=|[0-9a-f]{8}-/.test(requestLabels(x)))).toBe(false);
    // Body sizes from Content-Length.
    expect(sumOf(s, 'http_server_request_body_size_bytes_count', { http_route: '/items' })).toBe(2);
    expect(sumOf(s, 'http_server_request_body_size_bytes_sum', { http_route: '/items' })).toBe(20);
    expect(sumOf(s, 'http_server_response_body_size_bytes_count', { http_route: '/users/:id' })).toBe(7);
    expect(sumOf(s, 'http_server_active_requests')).toBe(0);
    // Service identity as the Collector puts it.
    const one = s.find((x) => x.name === COUNT)!;
    expect(one.labels.job).toBe('fixture-plain-http');
    expect(one.labels.instance).toMatch(/^[0-9a-f-]{36}$/);
    expect(one.labels.otel_scope_name).toBe('@org/perf-otel');
  });

  it('never puts an identifier or unbounded text in a path template (issue 19)', async () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    const hostile: Array<[string, string]> = [
      [`/users/${jwt}`, '/users/:token'],
      ['/users/2024-01-05', '/users/:date'],
      ['/users/jane.doe@example.com', '/users/:email'],
      ['/users/jsmith', '/users/:param'],
      ['/users/my-first-blog-post', '/users/:param'],
      ['/users/a1b2', '/users/:id'],
      ['/users/SGVsbG8gV29ybGQhIFRoaXMgaXM=', '/users/:token'],
      [`/users/${'a'.repeat(7001)}`, '/users/:param'],
      [`/users/${Array.from({ length: 40 }, (_, i) => `seg${i}`).join('/')}`, '/users/:id/:id/:id/:id/:id/:id/:id/:rest'],
    ];
    const before = await scrape(app.metricsPort);
    for (const [path] of hostile) expect(await send(app.port, path)).toBe(200);
    const s = await scrape(app.metricsPort);
    for (const [path, template] of hostile) {
      const n = hostile.filter(([, t]) => t === template).length;
      const added = sumOf(s, COUNT, { http_route: template }) - sumOf(before, COUNT, { http_route: template });
      expect(`${path.slice(0, 40)} → ${added}`).toBe(`${path.slice(0, 40)} → ${n}`);
    }
    const routes = new Set(s.filter((x) => x.name === COUNT).map((x) => x.labels.http_route));
    for (const r of routes) expect((r ?? '').length).toBeLessThanOrEqual(128);
    expect([...routes].join(' ')).not.toMatch(/jsmith|example|eyJ|2024|SGVs|aaaa|seg1/);
  });

  it('measures outbound node:http and fetch calls, not its own exports', async () => {
    expect(await send(app.port, '/call-out')).toBe(200);
    const s = await scrape(app.metricsPort);
    const client = 'http_client_request_duration_seconds_count';
    expect(sumOf(s, client, { http_request_method: 'GET', server_address: '127.0.0.1', server_port: String(app.port), http_response_status_code: '200' })).toBe(
      1,
    );
    expect(sumOf(s, client, { http_response_status_code: '500', error_type: '500' })).toBe(1);
    expect(sumOf(s, client)).toBe(2);
  });

  it('counts requests in flight, then those whose client hung up, with error.type=aborted and no status', async () => {
    const pending = [1, 2, 3].map((i) => {
      const req = request({ host: '127.0.0.1', port: app.port, path: `/slow/${i}` });
      req.on('error', () => {});
      req.end();
      return req;
    });
    const active = await pollUntil(
      'three active requests',
      async () => {
        const samples = await scrape(app.metricsPort);
        return sumOf(samples, 'http_server_active_requests') === 3 ? samples : undefined;
      },
      5000,
    );
    expect(sumOf(active, 'http_server_active_requests', { http_request_method: 'GET', url_scheme: 'http' })).toBe(3);
    for (const req of pending) req.destroy();
    const s = await pollUntil(
      'the aborted requests',
      async () => {
        const samples = await scrape(app.metricsPort);
        return sumOf(samples, COUNT, { http_route: '/slow/:id' }) === 3 ? samples : undefined;
      },
      5000,
    );
    expect(sumOf(s, COUNT, { http_route: '/slow/:id', error_type: 'aborted', http_response_status_code: undefined })).toBe(3);
    expect(sumOf(s, 'http_server_active_requests')).toBe(0);
  });

  it('prints one startup line with versions and the effective config', () => {
    const lines = app
      .stderr()
      .split('\n')
      .filter((l) => l.startsWith('perf-otel '));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^perf-otel \d+\.\d+\.\d+ \(node \d+\.\d+\.\d+\): service=fixture-plain-http@0\.0\.0 .*exporters=prometheus\(http:\/\/localhost:\d+\/metrics\) interval=15000ms instrumentations=http,undici,pg,/,
    );
  });
});

test('PERF_OTEL_HTTP_ROUTE_WORDS: entries that are not one path word are named in one warning and ignored', async () => {
  const app = await runInstrumented('plain-http.js', { PERF_OTEL_HTTP_ROUTE_WORDS: 'fail,api/v1, my word' });
  try {
    expect(await send(app.port, '/fail/now')).toBe(500);
    const s = await scrape(app.metricsPort);
    expect(sumOf(s, COUNT, { http_route: '/fail/:param' })).toBe(1);
    const warnings = app
      .stderr()
      .split('\n')
      .filter((l) => l.includes('PERF_OTEL_HTTP_ROUTE_WORDS'));
    expect(warnings).toEqual([
      expect.stringMatching(
        /PERF_OTEL_HTTP_ROUTE_WORDS has entries that are not one path word: "api\/v1", "my word"; ignored\. List single segments, e\.g\. invoices,reconcile\.$/,
      ),
    ]);
  } finally {
    await app.stop();
  }
});

describe('framework routes', () => {
  it('Express: http.route is the mounted route template', async () => {
    const app = await runInstrumented('express-app.js');
    try {
      for (let i = 0; i < 4; i++) expect(await send(app.port, `/api/items/${i}`)).toBe(200);
      expect(await send(app.port, '/api/items', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' })).toBe(201);
      const s = await scrape(app.metricsPort);
      expect(sumOf(s, COUNT, { http_route: '/api/items/:id', http_request_method: 'GET' })).toBe(4);
      expect(sumOf(s, COUNT, { http_route: '/api/items', http_request_method: 'POST', http_response_status_code: '201' })).toBe(1);
    } finally {
      await app.stop();
    }
  });

  it('Fastify: http.route is the route url', async () => {
    const app = await runInstrumented('fastify-app.js');
    try {
      for (let i = 0; i < 5; i++) expect(await send(app.port, `/items/${i}`)).toBe(200);
      for (let i = 0; i < 2; i++) expect(await send(app.port, `/slow/${i}`)).toBe(200);
      const s = await scrape(app.metricsPort);
      expect(sumOf(s, COUNT, { http_route: '/items/:id' })).toBe(5);
      expect(sumOf(s, COUNT, { http_route: '/slow/:n' })).toBe(2);
      // The slow route's 20 ms sleep is inside the measured duration: neither request lands at or
      // below the 10 ms bucket (a timer can fire a fraction of a millisecond before 20 ms by the
      // monotonic clock, so the sum is not compared with 40 ms).
      expect(sumOf(s, 'http_server_request_duration_seconds_bucket', { http_route: '/slow/:n', le: '0.005' })).toBe(0);
      expect(sumOf(s, 'http_server_request_duration_seconds_bucket', { http_route: '/slow/:n', le: '0.01' })).toBe(0);
      expect(sumOf(s, 'http_server_request_duration_seconds_bucket', { http_route: '/slow/:n', le: '10' })).toBe(2);
    } finally {
      await app.stop();
    }
  });

  it('Koa with @koa/router: http.route is the matched layer path', async () => {
    const app = await runInstrumented('koa-app.js');
    try {
      for (let i = 0; i < 3; i++) expect(await send(app.port, `/projects/p${i}/tasks/${i}`)).toBe(200);
      const s = await scrape(app.metricsPort);
      expect(sumOf(s, COUNT, { http_route: '/projects/:projectId/tasks/:taskId' })).toBe(3);
    } finally {
      await app.stop();
    }
  });
});

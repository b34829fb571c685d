import { createRouteTemplater, MAX_ROUTE_LENGTH } from '../src/http/route-template';

const routeTemplate = createRouteTemplater();

describe('routeTemplate: only known static words survive, every other segment is a placeholder', () => {
  it.each([
    // static words, compounds, versions, files
    ['/health', '/health'],
    ['/', '/'],
    ['/api/v2/items', '/api/v2/items'],
    ['/users', '/users'],
    ['/categories/statuses', '/categories/statuses'],
    ['/auth/reset-password', '/auth/reset-password'],
    ['/.well-known/jwks.json', '/:param/jwks.json'],
    ['/favicon.ico', '/favicon.ico'],
    ['/search?q=123', '/search'],
    ['/users/', '/users/'],
    // numeric and short mixed ids
    ['/users/42', '/users/:id'],
    ['/users/42/orders/7?expand=1', '/users/:id/orders/:id'],
    ['/orders/a1b2', '/orders/:id'],
    ['/orders/7fk3x', '/orders/:id'],
    // uuids, hex, hashes
    ['/orders/3f2b8c1e-9a4d-4f6b-8e2a-1c3d5e7f9a0b', '/orders/:uuid'],
    ['/orders/3F2B8C1E9A4D4F6B8E2A1C3D5E7F9A0B', '/orders/:hash'],
    ['/blobs/9f86d081884c7d659a2feaa0c55ad015', '/blobs/:hash'],
    ['/commits/da39a3ee5e6b4b0d3255bfef95601890afd80709', '/commits/:hash'],
    // tokens: JWT (dots), base64, base64url
    ['/verify/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', '/verify/:token'],
    ['/share/aB3dE5fG7hJ9kL1mN3pQ5r', '/share/:token'],
    ['/files/SGVsbG8gV29ybGQhIFRoaXMgaXM=', '/files/:token'],
    ['/files/SGVsbG8gV29ybGQhIFRoaXMgaXM-_x', '/files/:token'],
    // dates
    ['/reports/2024-01-05', '/reports/:date'],
    ['/reports/2024-01-05T10:00:00Z', '/reports/:date'],
    ['/reports/2024-01', '/reports/:date'],
    ['/reports/20240105', '/reports/:id'],
    // emails, raw and percent-encoded
    ['/users/jane.doe@example.com', '/users/:email'],
    ['/users/jane.doe%40example.com/profile', '/users/:email/profile'],
    // user names, slugs, words outside the vocabulary, mixed case
    ['/users/jsmith', '/users/:param'],
    ['/users/john.doe', '/users/:param'],
    ['/profiles/JaneDoe', '/profiles/:param'],
    ['/blog/my-first-post-about-node', '/blog/:param'],
    ['/blog/my-new-post', '/blog/:param'],
    ['/blog/hello-world', '/blog/:param'],
    ['/USERS', '/:param'],
    ['/jsmith/orders', '/:param/orders'],
    ['/posts/%E2%9C%93', '/posts/:param'],
  ])('%s → %s', (url, template) => {
    expect(routeTemplate(url)).toBe(template);
  });

  it('names no route for targets that are not paths', () => {
    expect(routeTemplate('*')).toBeUndefined();
    expect(routeTemplate('http://example.com/users/1')).toBeUndefined();
  });

  it("keeps the app's own words (PERF_OTEL_HTTP_ROUTE_WORDS)", () => {
    const own = createRouteTemplater(['reconcile', 'Ledgers']);
    expect(own('/ledgers/42/reconcile')).toBe('/ledgers/:id/reconcile');
    expect(routeTemplate('/ledgers/42/reconcile')).toBe('/:param/:id/:param');
  });

  it('caps deep paths: at most 8 segments, then :rest', () => {
    const deep = `/${Array.from({ length: 50 }, () => 'api').join('/')}`;
    expect(routeTemplate(deep)).toBe(`${'/api'.repeat(8)}/:rest`);
  });

  it('a 7,008-character path is one short label, and so is a long static-looking one', () => {
    const long = `/${'a'.repeat(7007)}`;
    expect(long).toHaveLength(7008);
    expect(routeTemplate(long)).toBe('/:param');
    const words = `/${Array.from({ length: 8 }, () => 'notification-subscription').join('/')}`;
    const label = routeTemplate(words)!;
    expect(label.length).toBeLessThanOrEqual(MAX_ROUTE_LENGTH);
    expect(label.endsWith('/:rest')).toBe(true);
  });

  it('every label of a hostile corpus is bounded and holds no part of an identifier', () => {
    const secrets = ['jsmith', 'jane.doe@example.com', 'eyJhbGciOiJIUzI1NiJ9', '2024-01-05', 'SGVsbG8', 'a1b2c3', 'deadbeef', 'Alice', 'x'.repeat(100)];
    for (const secret of secrets) {
      for (const url of [`/${secret}`, `/users/${secret}`, `/users/${secret}/orders?x=${secret}`, `/${secret}.json`, `/api/${secret}-${secret}`]) {
        const label = routeTemplate(url)!;
        expect(label.length).toBeLessThanOrEqual(MAX_ROUTE_LENGTH);
        expect(label).not.toContain(secret.slice(0, 5));
      }
    }
  });
});

import { routeTemplate } from '../src/http/route-template';

describe('routeTemplate', () => {
  it.each([
    ['/users/42', '/users/:id'],
    ['/users/42/orders/7?expand=1', '/users/:id/orders/:id'],
    ['/orders/3f2b8c1e-9a4d-4f6b-8e2a-1c3d5e7f9a0b', '/orders/:uuid'],
    ['/blobs/9f86d081884c7d659a2feaa0c55ad015', '/blobs/:hash'],
    ['/share/aB3dE5fG7hJ9kL1mN3pQ5r', '/share/:token'],
    ['/api/v2/items', '/api/v2/items'],
    ['/health', '/health'],
    ['/', '/'],
    ['/search?q=123', '/search'],
  ])('%s → %s', (url, template) => {
    expect(routeTemplate(url)).toBe(template);
  });

  it('caps very deep paths so one request cannot mint an unbounded label', () => {
    const deep = `/${Array.from({ length: 50 }, (_, i) => `a${i}`).join('/')}`;
    expect(routeTemplate(deep).split('/')).toHaveLength(13);
  });
});

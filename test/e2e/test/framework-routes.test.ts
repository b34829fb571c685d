// Issue 17: `http.route` is the template the framework matched, with every mount prefix, on success
// and error paths, or absent where the framework cannot name one. One fixture app per framework and
// major version runs in a child process under the register (`--require`, or `--import` for the ESM
// Nest app); a fixed request plan is sent and the exact counts per route, method and status are
// read from its Prometheus endpoint.
import { scrape, type Sample } from '../support/prom-text';
import { realNamePackage } from '../support/real-name-package';
import { runInstrumented, send } from '../support/run-app';

const COUNT = 'http_server_request_duration_seconds_count';
const NONE = '(no route)';

interface Step {
  method?: string;
  path: string;
  times: number;
  status: number;
  route: string | undefined;
  body?: string;
}

/** `METHOD status route` → requests, for every series of the duration histogram. */
function countsByRoute(samples: Sample[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples) {
    if (s.name !== COUNT) continue;
    const key = `${s.labels.http_request_method} ${s.labels.http_response_status_code} ${s.labels.http_route ?? NONE}`;
    out[key] = (out[key] ?? 0) + s.value;
  }
  return out;
}

async function drive(app: { port: number; metricsPort: number }, plan: Step[]): Promise<void> {
  const expected: Record<string, number> = {};
  for (const step of plan) {
    const method = step.method ?? 'GET';
    for (let i = 0; i < step.times; i++) {
      const init: RequestInit = { method, ...(step.body !== undefined ? { body: step.body, headers: { 'content-type': 'application/json' } } : {}) };
      expect(`${method} ${step.path} → ${await send(app.port, step.path, init)}`).toBe(`${method} ${step.path} → ${step.status}`);
    }
    const key = `${method} ${step.status} ${step.route ?? NONE}`;
    expected[key] = (expected[key] ?? 0) + step.times;
  }
  expect(countsByRoute(await scrape(app.metricsPort))).toEqual(expected);
}

const EXPRESS_PLAN: Step[] = [
  { path: '/healthz', times: 2, status: 200, route: '/healthz' },
  { path: '/healthz/deep', times: 1, status: 200, route: '/healthz' },
  { path: '/items/books/7', times: 3, status: 422, route: '/items/:collection/:pk' },
  { path: '/v1/projects/p1/builds/9/runs', times: 2, status: 500, route: '/v1/projects/:projectId/builds/:buildId/runs' },
  { path: '/v2/projects/p2/builds/3/runs', times: 1, status: 500, route: '/v2/projects/:projectId/builds/:buildId/runs' },
  { path: '/v1/projects', times: 1, status: 200, route: '/v1/projects' },
  { path: '/v1/projects/', times: 1, status: 200, route: '/v1/projects' },
  { method: 'POST', path: '/auth/login', times: 2, status: 204, route: '/auth/login' },
  { path: '/orgs/acme/members', times: 1, status: 200, route: '/orgs/:orgId/members' },
  { path: '/admin/users/5', times: 2, status: 200, route: '/admin/users/:id' },
  { path: '/site/about', times: 1, status: 200, route: '/site/about' },
  // json-server style: the resource routers' templates, whichever middleware renders.
  { path: '/posts', times: 2, status: 200, route: '/posts' },
  { path: '/comments?postId=1', times: 1, status: 200, route: '/comments' },
  // Rewritten to /comments?postId=1 by a route that calls next(): the route that served it.
  { path: '/posts/1/comments', times: 1, status: 200, route: '/comments' },
  { path: '/posts/1', times: 1, status: 200, route: '/posts/:id' },
  { path: '/posts/99', times: 1, status: 404, route: '/posts/:id' },
  { path: '/comments/2', times: 1, status: 200, route: '/comments/:id' },
  // Mounted on an array of paths or a RegExp: not one template.
  { path: '/left/thing', times: 1, status: 200, route: undefined },
  { path: '/right/thing', times: 1, status: 200, route: undefined },
  { path: '/pattern/12', times: 1, status: 200, route: undefined },
  { path: '/other-of', times: 1, status: 200, route: undefined },
  // No route matched: Express answered 404 from its last middleware; no path guess.
  { path: '/nothing-here', times: 2, status: 404, route: undefined },
];

const fastifyPlan = (slashTwin: string): Step[] => [
  { path: '/items/1', times: 3, status: 200, route: '/items/:id' },
  { method: 'POST', path: '/orders', body: '{"qty":1}', times: 1, status: 200, route: '/orders' },
  // Validation fails before the handler: still the route.
  { method: 'POST', path: '/orders', body: '{}', times: 2, status: 400, route: '/orders' },
  { path: '/v1/projects', times: 1, status: 200, route: '/v1/projects' },
  // A prefixed '/' route: Fastify 4 registers a twin with the slash (its url is the label),
  // Fastify 5 matches the one route.
  { path: '/v1/projects/', times: 1, status: 200, route: slashTwin },
  { path: '/v1/projects/p1/builds/2/runs', times: 2, status: 500, route: '/v1/projects/:projectId/builds/:buildId/runs' },
  // An onRequest hook rejects before the handler: still the route.
  { path: '/admin/secret/alice', times: 2, status: 401, route: '/admin/secret/:name' },
  { path: '/nothing/here', times: 1, status: 404, route: undefined },
];

const KOA_PLAN: Step[] = [
  { path: '/projects/p1/tasks/3', times: 3, status: 200, route: '/projects/:projectId/tasks/:taskId' },
  { path: '/api/users/9', times: 2, status: 409, route: '/api/users/:id' },
  { path: '/api/v1/builds/77', times: 1, status: 200, route: '/api/v1/builds/:buildId' },
  // Router middleware rejected: still the route the router matched.
  { path: '/api/private/alice', times: 2, status: 401, route: '/api/private/:secret' },
  { path: '/api/users/3/deny', times: 1, status: 403, route: '/api/users/:id/deny' },
  // Under koa-mount the router matched '/things/:id' of a path whose prefix it never saw.
  { path: '/mounted/things/4', times: 2, status: 200, route: undefined },
  { path: '/nothing/here', times: 2, status: 404, route: undefined },
];

// One fixture per framework, run on every major version: the older ones are installed under npm
// aliases and loaded from a copy under their real name (support/real-name-package.ts).
test.each<[string, string, string, string, Step[]]>([
  ['Express 4: the matched template with every mount prefix, on success and error paths', 'express-app.js', 'EXPRESS_MODULE', 'express4', EXPRESS_PLAN],
  ['Express 5: the same', 'express-app.js', 'EXPRESS_MODULE', 'express', EXPRESS_PLAN],
  ['Fastify 4: the route url, prefixes included, on success and error paths', 'fastify-app.js', 'FASTIFY_MODULE', 'fastify4', fastifyPlan('/v1/projects/')],
  ['Fastify 5: the same', 'fastify-app.js', 'FASTIFY_MODULE', 'fastify', fastifyPlan('/v1/projects')],
  ['Koa 2 with @koa/router: the matched layer path, nested prefixes included', 'koa-app.js', 'KOA_MODULE', 'koa2', KOA_PLAN],
  ['Koa 3: the same', 'koa-app.js', 'KOA_MODULE', 'koa', KOA_PLAN],
])('%s', async (_title, fixture, variable, alias, plan) => {
  const app = await runInstrumented(`frameworks/${fixture}`, { [variable]: realNamePackage(alias) });
  try {
    await drive(app, plan);
  } finally {
    await app.stop();
  }
});

test("json-server 0.17 (Express 4): each resource router's own templates, whichever middleware renders", async () => {
  const app = await runInstrumented('frameworks/json-server-app.js');
  try {
    await drive(app, [
      { path: '/posts', times: 2, status: 200, route: '/posts' },
      { path: '/comments?postId=1', times: 1, status: 200, route: '/comments' },
      // json-server rewrites /posts/1/comments to /comments?postId=1 and lets the router go on.
      { path: '/posts/1/comments', times: 1, status: 200, route: '/comments' },
      { path: '/posts/1', times: 2, status: 200, route: '/posts/:id' },
      { path: '/posts/999', times: 1, status: 404, route: '/posts/:id' },
      { method: 'POST', path: '/posts', body: '{"title":"c"}', times: 1, status: 201, route: '/posts' },
      { path: '/profile', times: 1, status: 200, route: '/profile' },
      { path: '/db', times: 1, status: 200, route: '/db' },
      { path: '/nothing', times: 1, status: 404, route: undefined },
    ]);
  } finally {
    await app.stop();
  }
});

test('hapi: the route path as declared, plugin prefix included; nothing for its notFound route', async () => {
  const app = await runInstrumented('frameworks/hapi-app.js');
  try {
    await drive(app, [
      { path: '/users/12', times: 3, status: 200, route: '/users/{id}' },
      { path: '/fail/1', times: 2, status: 500, route: '/fail/{id}' },
      { method: 'POST', path: '/v1/builds/5/runs', times: 1, status: 202, route: '/v1/builds/{buildId}/runs' },
      { path: '/nothing/here', times: 2, status: 404, route: undefined },
    ]);
  } finally {
    await app.stop();
  }
});

// Nest 12 ships as ESM: `--import` is how its users load the register; `--require` works as well,
// because Express, Fastify and their routers are CommonJS inside.
describe('NestJS 12: the controller route with the global prefix', () => {
  it.each<[string, 'import' | 'require']>([
    ['express', 'import'],
    ['fastify', 'import'],
    ['express', 'require'],
    ['fastify', 'require'],
  ])('on %s, register loaded with --%s', async (platform, how) => {
    const app = await runInstrumented('frameworks/nest-app.mjs', { NEST_PLATFORM: platform }, how);
    try {
      await drive(app, [
        { path: '/api/cats/7', times: 3, status: 200, route: '/api/cats/:id' },
        { method: 'POST', path: '/api/cats/7/adoptions', times: 2, status: 409, route: '/api/cats/:id/adoptions' },
        // Nest answers unmatched paths under the prefix from a route of its own on Express
        // (router.all('*path') mounted at the prefix) and from Fastify's not-found handler.
        { path: '/api/dogs/1', times: 1, status: 404, route: platform === 'express' ? '/api/*path' : undefined },
      ]);
    } finally {
      await app.stop();
    }
  });
});

// Every instrumentation name in OTEL_NODE_ENABLED/DISABLED_INSTRUMENTATIONS does something: `express`
// decides whether Express's matched route names the endpoint.
import { scrape, sumOf } from '../support/prom-text';
import { runInstrumented, send } from '../support/run-app';

const COUNT = 'http_server_request_duration_seconds_count';

async function getItems(env: Record<string, string>) {
  // Without the path fallback, a route can only come from the framework.
  const app = await runInstrumented('express-app.js', { PERF_OTEL_HTTP_ROUTE_FROM_PATH: 'false', ...env });
  try {
    for (let i = 0; i < 3; i++) expect(await send(app.port, `/api/items/${i}`)).toBe(200);
    const s = await scrape(app.metricsPort);
    return { routed: sumOf(s, COUNT, { http_route: '/api/items/:id' }), all: sumOf(s, COUNT, { http_request_method: 'GET' }), stderr: app.stderr() };
  } finally {
    await app.stop();
  }
}

describe('the express instrumentation name', () => {
  it("enabled (OTEL_NODE_ENABLED_INSTRUMENTATIONS=http,express): the route is Express's", async () => {
    expect(await getItems({ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,express' })).toMatchObject({ routed: 3, all: 3 });
  });

  it('disabled (OTEL_NODE_DISABLED_INSTRUMENTATIONS=express): requests counted, no Express route, no warning', async () => {
    const run = await getItems({ OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'express' });
    expect({ routed: run.routed, all: run.all }).toEqual({ routed: 0, all: 3 });
    expect(run.stderr).not.toContain('OTEL_NODE_DISABLED_INSTRUMENTATIONS');
  });
});

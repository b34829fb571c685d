import { createTempDatabase, startPrometheus, type RunningPrometheus, type TempDatabase } from '../../harness';
import { scrape, sumOf } from '../support/prom-text';
import { runInstrumented, send, type InstrumentedApp } from '../support/run-app';

const OPS = 'db_client_operation_duration_seconds_count';
const PER_REQUEST = 'perf_otel_http_server_db_operations';

// N+1 queries: database operations carry the route of the request they ran for, and each request's
// count is recorded with the request's own attributes when its response finishes.
describe('database operations per HTTP request (N+1) against a real PostgreSQL and Prometheus', () => {
  let db: TempDatabase;
  let app: InstrumentedApp;
  let prom: RunningPrometheus;

  beforeAll(async () => {
    db = await createTempDatabase();
    app = await runInstrumented('n-plus-one-app.js', { DATABASE_URL: db.connectionString });
    prom = await startPrometheus({ scrapeTargets: [`127.0.0.1:${app.metricsPort}`] });
    // Concurrent requests on a pool of 2: pg-pool hands a waiting query its connection from the
    // context of the request that released it; each must still count for its own request.
    const paths = [...Array(3).fill('/api/orders/7'), ...Array(3).fill('/api/orders'), '/health', '/health'];
    const statuses = await Promise.all(paths.map((path) => send(app.port, path)));
    expect(statuses).toEqual(paths.map(() => 200));
  });
  afterAll(async () => {
    await prom?.stop();
    await app?.stop();
    await db?.drop();
  });

  it('records exactly 30 operations for each request of the N+1 route, 1 and 0 for the others', async () => {
    const s = await scrape(app.metricsPort);
    const route = (http_route: string) => ({ http_route, http_request_method: 'GET', http_response_status_code: '200' });
    expect(sumOf(s, `${PER_REQUEST}_count`, route('/api/orders/:id'))).toBe(3);
    expect(sumOf(s, `${PER_REQUEST}_sum`, route('/api/orders/:id'))).toBe(90);
    expect(sumOf(s, `${PER_REQUEST}_bucket`, { ...route('/api/orders/:id'), le: '20' })).toBe(0);
    expect(sumOf(s, `${PER_REQUEST}_bucket`, { ...route('/api/orders/:id'), le: '50' })).toBe(3);
    expect(sumOf(s, `${PER_REQUEST}_sum`, route('/api/orders'))).toBe(3);
    expect(sumOf(s, `${PER_REQUEST}_count`, route('/api/orders'))).toBe(3);
    expect(sumOf(s, `${PER_REQUEST}_count`, route('/health'))).toBe(2);
    expect(sumOf(s, `${PER_REQUEST}_sum`, route('/health'))).toBe(0);
  });

  it('labels each operation with the route of its request, and setup queries with none', async () => {
    const s = await scrape(app.metricsPort);
    expect(sumOf(s, OPS, { http_route: '/api/orders/:id', db_operation_name: 'SELECT', db_collection_name: 'order_lines' })).toBe(90);
    expect(sumOf(s, OPS, { http_route: '/api/orders', db_operation_name: 'SELECT', db_collection_name: 'order_lines' })).toBe(3);
    expect(sumOf(s, OPS, { http_route: undefined })).toBe(2);
    expect(sumOf(s, OPS)).toBe(95);
  });

  it('gives 30 queries per request for the route in Prometheus (docs/metrics.md)', async () => {
    const perRequest = `sum by (http_route) (${PER_REQUEST}_sum) / (sum by (http_route) (${PER_REQUEST}_count) > 0)`;
    const samples = await prom.waitFor(perRequest, (r) => r.length === 3);
    const byRoute = Object.fromEntries(samples.map((x) => [x.metric.http_route, Number(x.value[1])]));
    expect(byRoute).toEqual({ '/api/orders/:id': 30, '/api/orders': 1, '/health': 0 });
    // The same from the operation metric's route label against the server's request count.
    const fromOps = await prom.query(
      `sum by (http_route) (${OPS}{http_route="/api/orders/:id"}) / sum by (http_route) (http_server_request_duration_seconds_count)`,
    );
    expect(fromOps.map((x) => Number(x.value[1]))).toEqual([30]);
  });
});

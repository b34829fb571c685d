import { createTempDatabase, type TempDatabase } from '../../harness';
import { scrape, sumOf, type Sample } from '../support/prom-text';
import { runInstrumented, send, type InstrumentedApp } from '../support/run-app';

const OPS = 'db_client_operation_duration_seconds_count';

describe('pg app (two pools and a client) against a real PostgreSQL', () => {
  let db: TempDatabase;
  let app: InstrumentedApp;
  let s: Sample[];
  let opened: { main: number; reports: number };

  beforeAll(async () => {
    db = await createTempDatabase();
    app = await runInstrumented('pg-app.js', { DATABASE_URL: db.connectionString, PORT: '0' });
    await app.waitForLine(/workload done \{.*\}/);
    opened = JSON.parse(/workload done (\{.*\})/.exec(app.stdout())![1]);
    s = await scrape(app.metricsPort);
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it('counts every query exactly, by operation and table', () => {
    const base = { db_system_name: 'postgresql', db_namespace: db.database, server_address: '127.0.0.1', server_port: '5432' };
    expect(sumOf(s, OPS, { ...base, db_operation_name: 'CREATE' })).toBe(1);
    expect(sumOf(s, OPS, { ...base, db_operation_name: 'INSERT', db_collection_name: 'items', error_type: undefined })).toBe(3);
    expect(sumOf(s, OPS, { ...base, db_operation_name: 'SELECT', db_collection_name: 'items' })).toBe(6);
    expect(sumOf(s, OPS, { ...base, db_operation_name: 'UPDATE', db_collection_name: 'items' })).toBe(1);
    expect(sumOf(s, OPS, { ...base, db_operation_name: 'SELECT', db_collection_name: undefined })).toBe(1);
    // db.query.summary names operation and tables; SELECT pg_sleep(…) has none.
    expect(sumOf(s, OPS, { ...base, db_query_summary: 'SELECT items' })).toBe(6);
    expect(sumOf(s, OPS, { ...base, db_query_summary: 'UPDATE items' })).toBe(1);
    expect(sumOf(s, OPS, { ...base, db_query_summary: 'SELECT' })).toBe(1);
    expect(sumOf(s, OPS)).toBe(13);
  });

  it('labels a failed query with its SQLSTATE', () => {
    expect(sumOf(s, OPS, { db_operation_name: 'INSERT', error_type: '23505', db_response_status_code: '23505' })).toBe(1);
  });

  it('reports each pool under its own name, correct at rest', () => {
    const poolName = `127.0.0.1:5432/${db.database}`;
    const count = (pool: string, state: string) =>
      sumOf(s, 'db_client_connection_count', { db_client_connection_pool_name: pool, db_client_connection_state: state });
    expect(sumOf(s, 'db_client_connection_max', { db_client_connection_pool_name: poolName })).toBe(3);
    expect(sumOf(s, 'db_client_connection_max', { db_client_connection_pool_name: `${poolName}#2` })).toBe(2);
    // Every connection is back: idle equals what was opened, used is zero (upstream reports 1).
    expect(count(poolName, 'used')).toBe(0);
    expect(opened.main).toBeGreaterThan(0);
    expect(count(poolName, 'idle')).toBe(opened.main);
    expect(count(`${poolName}#2`, 'used')).toBe(0);
    expect(count(`${poolName}#2`, 'idle')).toBe(opened.reports);
    expect(sumOf(s, 'db_client_connection_pending_requests')).toBe(0);
    // Pool checkouts: 3 + 5 + 1 queries on the first pool, one explicit connect on the second.
    expect(sumOf(s, 'db_client_connection_wait_time_seconds_count', { db_client_connection_pool_name: poolName })).toBe(9);
    expect(sumOf(s, 'db_client_connection_wait_time_seconds_count', { db_client_connection_pool_name: `${poolName}#2` })).toBe(1);
    expect(sumOf(s, 'db_client_connection_use_time_seconds_count', { db_client_connection_pool_name: `${poolName}#2` })).toBe(1);
    expect(sumOf(s, 'db_client_connection_use_time_seconds_count', { db_client_connection_pool_name: poolName })).toBe(9);
    // pool.query() releases a client with the query's error, and pg-pool then discards it: one more
    // connection was created than the pool holds at rest.
    expect(sumOf(s, 'db_client_connection_create_time_seconds_count', { db_client_connection_pool_name: poolName })).toBe(opened.main + 1);
  });
});

describe('ESM app under --import @org/perf-otel/register', () => {
  it('really instruments: HTTP and pg imported with `import` are both measured', async () => {
    const db = await createTempDatabase();
    const app = await runInstrumented('esm-app.mjs', { DATABASE_URL: db.connectionString }, 'import');
    try {
      for (let i = 0; i < 4; i++) expect(await send(app.port, `/q/${i}`)).toBe(200);
      const s = await scrape(app.metricsPort);
      // 'q' is no vocabulary word: the path template keeps no segment it cannot vouch for.
      expect(sumOf(s, 'http_server_request_duration_seconds_count', { http_route: '/:param/:id' })).toBe(4);
      expect(sumOf(s, OPS, { db_operation_name: 'SELECT', db_namespace: db.database })).toBe(4);
      expect(sumOf(s, 'db_client_connection_max')).toBe(2);
    } finally {
      await app.stop();
      await db.drop();
    }
  });
});

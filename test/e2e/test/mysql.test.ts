import { startMariaDb, type RunningMariaDb } from '../../harness';
import { scrape, sumOf, type Sample } from '../support/prom-text';
import { runInstrumented, type InstrumentedApp } from '../support/run-app';

const OPS = 'db_client_operation_duration_seconds_count';

describe('mysql2 app (callback pool, promise pool, a connection) against a real MariaDB', () => {
  let server: RunningMariaDb;
  let database: string;
  let app: InstrumentedApp;
  let s: Sample[];
  let text: string;
  let opened: { main: number; reports: number; duplicate: number };

  beforeAll(async () => {
    server = await startMariaDb();
    database = await server.createDatabase();
    app = await runInstrumented('mysql2-app.js', { DATABASE_URL: server.url(database), PORT: '0' });
    await app.waitForLine(/workload done \{.*\}/);
    opened = JSON.parse(/workload done (\{.*\})/.exec(app.stdout())![1]);
    const response = await fetch(`http://127.0.0.1:${app.metricsPort}/metrics`);
    text = await response.text();
    s = await scrape(app.metricsPort);
  });
  afterAll(async () => {
    await app?.stop();
    await server?.stop();
  });

  it('counts every statement exactly, by operation and table, as mariadb', () => {
    const base = { db_system_name: 'mariadb', db_namespace: database, server_address: '127.0.0.1', server_port: String(server.port) };
    expect(sumOf(s, OPS, { ...base, db_operation_name: 'CREATE' })).toBe(1);
    expect(sumOf(s, OPS, { ...base, db_operation_name: 'INSERT', db_collection_name: 'items', error_type: undefined })).toBe(3);
    expect(sumOf(s, OPS, { ...base, db_operation_name: 'SELECT', db_collection_name: 'items' })).toBe(6);
    expect(sumOf(s, OPS, { ...base, db_operation_name: 'UPDATE', db_collection_name: 'items' })).toBe(1);
    expect(sumOf(s, OPS, { ...base, db_operation_name: 'SELECT', db_collection_name: undefined })).toBe(1);
    expect(sumOf(s, OPS)).toBe(13);
  });

  it('labels a failed statement with the MySQL error number', () => {
    expect(opened.duplicate).toBe(1062);
    expect(sumOf(s, OPS, { db_operation_name: 'INSERT', error_type: '1062', db_response_status_code: '1062' })).toBe(1);
    expect(sumOf(s, OPS, { error_type: '1062' })).toBe(1);
  });

  it('puts pooled statements under their pool name, the standalone connection under none', () => {
    const poolName = `127.0.0.1:${server.port}/${database}`;
    expect(sumOf(s, OPS, { db_client_connection_pool_name: poolName })).toBe(3);
    expect(sumOf(s, OPS, { db_client_connection_pool_name: `${poolName}#2` })).toBe(7);
    expect(sumOf(s, OPS, { db_client_connection_pool_name: undefined })).toBe(3);
  });

  it('reports each mysql2 pool under its own name, correct at rest', () => {
    const poolName = `127.0.0.1:${server.port}/${database}`;
    const count = (pool: string, state: string) => sumOf(s, 'db_client_connection_count', { db_client_connection_pool_name: pool, db_client_connection_state: state });
    expect(sumOf(s, 'db_client_connection_max', { db_client_connection_pool_name: poolName })).toBe(3);
    expect(sumOf(s, 'db_client_connection_max', { db_client_connection_pool_name: `${poolName}#2` })).toBe(2);
    expect(opened.main).toBeGreaterThan(0);
    expect(count(poolName, 'used')).toBe(0);
    expect(count(poolName, 'idle')).toBe(opened.main);
    expect(count(`${poolName}#2`, 'used')).toBe(0);
    expect(count(`${poolName}#2`, 'idle')).toBe(opened.reports);
    expect(sumOf(s, 'db_client_connection_pending_requests')).toBe(0);
    // Checkouts: 3 inserts on the first pool; 5 executes + the failed insert + one getConnection on the second.
    expect(sumOf(s, 'db_client_connection_wait_time_seconds_count', { db_client_connection_pool_name: poolName })).toBe(3);
    expect(sumOf(s, 'db_client_connection_wait_time_seconds_count', { db_client_connection_pool_name: `${poolName}#2` })).toBe(7);
    expect(sumOf(s, 'db_client_connection_use_time_seconds_count', { db_client_connection_pool_name: poolName })).toBe(3);
    expect(sumOf(s, 'db_client_connection_use_time_seconds_count', { db_client_connection_pool_name: `${poolName}#2` })).toBe(7);
    expect(sumOf(s, 'db_client_connection_create_time_seconds_count', { db_client_connection_pool_name: poolName })).toBe(opened.main);
    expect(sumOf(s, 'db_client_connection_create_time_seconds_count', { db_client_connection_pool_name: `${poolName}#2` })).toBe(opened.reports);
  });

  it('never exports the password from the connection URL', () => {
    expect(text).toContain('db_client_operation_duration_seconds_bucket');
    expect(text).not.toContain(server.password);
  });
});

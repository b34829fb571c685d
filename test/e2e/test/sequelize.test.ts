import { startMariaDb, type RunningMariaDb } from '../../harness';
import { scrape, sumOf, type Sample } from '../support/prom-text';
import { runInstrumented, type InstrumentedApp } from '../support/run-app';

const OPS = 'db_client_operation_duration_seconds_count';

/** The server's own statement counters by kind (Com_select, Com_insert, …, Com_stmt_execute). */
async function serverCounters(server: RunningMariaDb): Promise<Record<string, number>> {
  const rows = await server.query("SHOW GLOBAL STATUS WHERE Variable_name LIKE 'Com\\_%' AND Value > 0") as Array<{ Variable_name: string; Value: string }>;
  return Object.fromEntries(rows.map((r) => [r.Variable_name, Number(r.Value)]));
}

describe('Sequelize on mysql2 against a real MariaDB', () => {
  let server: RunningMariaDb;
  let database: string;
  let app: InstrumentedApp;
  let s: Sample[];
  let wire: Record<string, number>;
  let done: { size: number; duplicate: number };

  beforeAll(async () => {
    server = await startMariaDb();
    database = await server.createDatabase();
    const before = await serverCounters(server);
    app = await runInstrumented('sequelize-app.js', { DATABASE_URL: server.url(database), PORT: '0' });
    await app.waitForLine(/workload done \{.*\}/);
    done = JSON.parse(/workload done (\{.*\})/.exec(app.stdout())![1]);
    const after = await serverCounters(server);
    wire = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]));
    s = await scrape(app.metricsPort);
  });
  afterAll(async () => {
    await app?.stop();
    await server?.stop();
  });

  it('counts every statement Sequelize sent, as the server counted them', () => {
    const base = { db_system_name: 'mariadb', db_namespace: database, server_address: '127.0.0.1', server_port: String(server.port) };
    expect(sumOf(s, OPS, { ...base, db_operation_name: 'INSERT', db_collection_name: 'Users' })).toBe(4);
    expect(sumOf(s, OPS, { ...base, db_operation_name: 'SELECT', db_collection_name: 'Users' })).toBe(5);
    expect(sumOf(s, OPS, { ...base, db_operation_name: 'UPDATE', db_collection_name: 'Users' })).toBe(1);
    expect(sumOf(s, OPS, { db_operation_name: 'SELECT' })).toBe(wire.Com_select);
    expect(sumOf(s, OPS, { db_operation_name: 'INSERT' })).toBe(wire.Com_insert);
    expect(sumOf(s, OPS, { db_operation_name: 'UPDATE' })).toBe(wire.Com_update);
    expect(sumOf(s, OPS, { db_operation_name: 'CREATE' })).toBe(wire.Com_create_table);
    expect(sumOf(s, OPS, { db_operation_name: 'SET' })).toBe(wire.Com_set_option);
    expect(sumOf(s, OPS, { db_operation_name: 'SHOW' })).toBe(wire.Com_show_keys);
    // Every statement, prepared ones included (Sequelize binds INSERT values: Com_stmt_execute, and
    // Com_insert too); the one SHOW STATUS between the snapshots is the test's own.
    const statements = Object.entries(wire)
      .filter(([k]) => !k.startsWith('Com_stmt_') && k !== 'Com_show_status')
      .reduce((sum, [, v]) => sum + v, 0);
    expect(wire.Com_show_status).toBe(1);
    expect(wire.Com_stmt_execute).toBeGreaterThan(0);
    expect(sumOf(s, OPS)).toBe(statements);
  });

  it('labels the unique-key violation with its MySQL error number', () => {
    expect(done.duplicate).toBe(1062);
    expect(sumOf(s, OPS, { db_operation_name: 'INSERT', error_type: '1062', db_response_status_code: '1062' })).toBe(1);
  });

  it('reports Sequelize\'s own pool under the database it reaches, and its statements under that pool', () => {
    const pool = `127.0.0.1:${server.port}/${database}`;
    const at = { db_client_connection_pool_name: pool };
    expect(done.size).toBeGreaterThan(0);
    expect(sumOf(s, 'db_client_connection_max', at)).toBe(3);
    expect(sumOf(s, 'db_client_connection_count', { ...at, db_client_connection_state: 'idle' })).toBe(done.size);
    expect(sumOf(s, 'db_client_connection_count', { ...at, db_client_connection_state: 'used' })).toBe(0);
    expect(sumOf(s, 'db_client_connection_pending_requests', at)).toBe(0);
    expect(sumOf(s, 'db_client_connection_create_time_seconds_count', at)).toBe(done.size);
    const checkouts = sumOf(s, 'db_client_connection_wait_time_seconds_count', at);
    expect(checkouts).toBeGreaterThanOrEqual(10);
    expect(sumOf(s, 'db_client_connection_use_time_seconds_count', at)).toBe(checkouts);
    // Statements Sequelize runs while it sets a new connection up (SET time_zone on each, the server
    // version on the first) are not checkouts: they carry no pool name.
    expect(sumOf(s, OPS, { db_client_connection_pool_name: undefined, db_operation_name: 'SET' })).toBe(wire.Com_set_option);
    expect(sumOf(s, OPS, { db_client_connection_pool_name: undefined })).toBe(wire.Com_set_option + 1);
    expect(sumOf(s, OPS, at)).toBe(sumOf(s, OPS) - wire.Com_set_option - 1);
  });
});

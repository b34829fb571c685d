import { statementsRun } from '../support/mariadb-counters';
import { runAgainstMariaDb } from '../support/mariadb-run';
import { sumOf } from '../support/prom-text';

const OPS = 'db_client_operation_duration_seconds_count';

describe('Sequelize on mysql2 against a real MariaDB', () => {
  const run = runAgainstMariaDb<{ size: number; duplicate: number }>('sequelize-app.js');

  it('counts every statement Sequelize sent, as the server counted them', () => {
    const base = { db_system_name: 'mariadb', db_namespace: run.database, server_address: '127.0.0.1', server_port: String(run.server.port) };
    expect(sumOf(run.s, OPS, { ...base, db_operation_name: 'INSERT', db_collection_name: 'Users' })).toBe(4);
    expect(sumOf(run.s, OPS, { ...base, db_operation_name: 'SELECT', db_collection_name: 'Users' })).toBe(5);
    expect(sumOf(run.s, OPS, { ...base, db_operation_name: 'UPDATE', db_collection_name: 'Users' })).toBe(1);
    expect(sumOf(run.s, OPS, { db_operation_name: 'SELECT' })).toBe(run.wire.Com_select);
    expect(sumOf(run.s, OPS, { db_operation_name: 'INSERT' })).toBe(run.wire.Com_insert);
    expect(sumOf(run.s, OPS, { db_operation_name: 'UPDATE' })).toBe(run.wire.Com_update);
    expect(sumOf(run.s, OPS, { db_operation_name: 'CREATE' })).toBe(run.wire.Com_create_table);
    expect(sumOf(run.s, OPS, { db_operation_name: 'SET' })).toBe(run.wire.Com_set_option);
    expect(sumOf(run.s, OPS, { db_operation_name: 'SHOW' })).toBe(run.wire.Com_show_keys);
    // Every statement, prepared ones included (Sequelize binds INSERT values).
    expect(run.wire.Com_show_status).toBe(1);
    expect(run.wire.Com_stmt_execute).toBeGreaterThan(0);
    expect(sumOf(run.s, OPS)).toBe(statementsRun(run.wire));
  });

  it('labels the unique-key violation with its MySQL error number', () => {
    expect(run.done.duplicate).toBe(1062);
    expect(sumOf(run.s, OPS, { db_operation_name: 'INSERT', error_type: '1062', db_response_status_code: '1062' })).toBe(1);
  });

  it("reports Sequelize's own pool under the database it reaches, and its statements under that pool", () => {
    const pool = `127.0.0.1:${run.server.port}/${run.database}`;
    const at = { db_client_connection_pool_name: pool };
    expect(run.done.size).toBeGreaterThan(0);
    expect(sumOf(run.s, 'db_client_connection_max', at)).toBe(3);
    expect(sumOf(run.s, 'db_client_connection_count', { ...at, db_client_connection_state: 'idle' })).toBe(run.done.size);
    expect(sumOf(run.s, 'db_client_connection_count', { ...at, db_client_connection_state: 'used' })).toBe(0);
    expect(sumOf(run.s, 'db_client_connection_pending_requests', at)).toBe(0);
    expect(sumOf(run.s, 'db_client_connection_create_time_seconds_count', at)).toBe(run.done.size);
    const checkouts = sumOf(run.s, 'db_client_connection_wait_time_seconds_count', at);
    expect(checkouts).toBeGreaterThanOrEqual(10);
    expect(sumOf(run.s, 'db_client_connection_use_time_seconds_count', at)).toBe(checkouts);
    // Statements Sequelize runs while it sets a new connection up (SET time_zone on each, the server
    // version on the first) are not checkouts: they carry no pool name.
    expect(sumOf(run.s, OPS, { db_client_connection_pool_name: undefined, db_operation_name: 'SET' })).toBe(run.wire.Com_set_option);
    expect(sumOf(run.s, OPS, { db_client_connection_pool_name: undefined })).toBe(run.wire.Com_set_option + 1);
    expect(sumOf(run.s, OPS, at)).toBe(sumOf(run.s, OPS) - run.wire.Com_set_option - 1);
  });
});

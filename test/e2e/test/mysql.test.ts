import { statementsRun } from '../support/mariadb-counters';
import { runAgainstMariaDb } from '../support/mariadb-run';
import { sumOf } from '../support/prom-text';

const OPS = 'db_client_operation_duration_seconds_count';

describe('mysql2 app (callback pool, promise pool, a connection) against a real MariaDB', () => {
  const run = runAgainstMariaDb<{ main: number; reports: number; duplicate: number }>('mysql2-app.js');

  it('counts every statement exactly, by operation and table, as mariadb', () => {
    const base = { db_system_name: 'mariadb', db_namespace: run.database, server_address: '127.0.0.1', server_port: String(run.server.port) };
    expect(sumOf(run.s, OPS, { ...base, db_operation_name: 'CREATE' })).toBe(1);
    expect(sumOf(run.s, OPS, { ...base, db_operation_name: 'INSERT', db_collection_name: 'items', error_type: undefined })).toBe(3);
    expect(sumOf(run.s, OPS, { ...base, db_operation_name: 'SELECT', db_collection_name: 'items' })).toBe(6);
    expect(sumOf(run.s, OPS, { ...base, db_operation_name: 'UPDATE', db_collection_name: 'items' })).toBe(1);
    expect(sumOf(run.s, OPS, { ...base, db_operation_name: 'SELECT', db_collection_name: undefined })).toBe(1);
    // db.query.summary names operation and tables; SELECT SLEEP(…) has none.
    expect(sumOf(run.s, OPS, { ...base, db_query_summary: 'SELECT items' })).toBe(6);
    expect(sumOf(run.s, OPS, { ...base, db_query_summary: 'SELECT' })).toBe(1);
    expect(sumOf(run.s, OPS)).toBe(13);
  });

  it('labels a failed statement with the MySQL error number', () => {
    expect(run.done.duplicate).toBe(1062);
    expect(sumOf(run.s, OPS, { db_operation_name: 'INSERT', error_type: '1062', db_response_status_code: '1062' })).toBe(1);
    expect(sumOf(run.s, OPS, { error_type: '1062' })).toBe(1);
  });

  it('puts pooled statements under their pool name, the standalone connection under none', () => {
    const poolName = `127.0.0.1:${run.server.port}/${run.database}`;
    expect(sumOf(run.s, OPS, { db_client_connection_pool_name: poolName })).toBe(3);
    expect(sumOf(run.s, OPS, { db_client_connection_pool_name: `${poolName}#2` })).toBe(7);
    expect(sumOf(run.s, OPS, { db_client_connection_pool_name: undefined })).toBe(3);
  });

  it('reports each mysql2 pool under its own name, correct at rest', () => {
    const poolName = `127.0.0.1:${run.server.port}/${run.database}`;
    const count = (pool: string, state: string) =>
      sumOf(run.s, 'db_client_connection_count', { db_client_connection_pool_name: pool, db_client_connection_state: state });
    expect(sumOf(run.s, 'db_client_connection_max', { db_client_connection_pool_name: poolName })).toBe(3);
    expect(sumOf(run.s, 'db_client_connection_max', { db_client_connection_pool_name: `${poolName}#2` })).toBe(2);
    expect(run.done.main).toBeGreaterThan(0);
    expect(count(poolName, 'used')).toBe(0);
    expect(count(poolName, 'idle')).toBe(run.done.main);
    expect(count(`${poolName}#2`, 'used')).toBe(0);
    expect(count(`${poolName}#2`, 'idle')).toBe(run.done.reports);
    expect(sumOf(run.s, 'db_client_connection_pending_requests')).toBe(0);
    // Checkouts: 3 inserts on the first pool; 5 executes + the failed insert + one getConnection on the second.
    expect(sumOf(run.s, 'db_client_connection_wait_time_seconds_count', { db_client_connection_pool_name: poolName })).toBe(3);
    expect(sumOf(run.s, 'db_client_connection_wait_time_seconds_count', { db_client_connection_pool_name: `${poolName}#2` })).toBe(7);
    expect(sumOf(run.s, 'db_client_connection_use_time_seconds_count', { db_client_connection_pool_name: poolName })).toBe(3);
    expect(sumOf(run.s, 'db_client_connection_use_time_seconds_count', { db_client_connection_pool_name: `${poolName}#2` })).toBe(7);
    expect(sumOf(run.s, 'db_client_connection_create_time_seconds_count', { db_client_connection_pool_name: poolName })).toBe(run.done.main);
    expect(sumOf(run.s, 'db_client_connection_create_time_seconds_count', { db_client_connection_pool_name: `${poolName}#2` })).toBe(run.done.reports);
  });

  it('never exports the password from the connection URL', () => {
    expect(run.text).toContain('db_client_operation_duration_seconds_bucket');
    expect(run.text).not.toContain(run.server.password);
  });
});

describe('mysql (the original driver) app against a real MariaDB', () => {
  const run = runAgainstMariaDb<{ main: number; duplicate: number }>('mysql-app.js');

  it('counts every statement exactly, as the server counted them, with the error number of the failed one', () => {
    const base = { db_system_name: 'mariadb', db_namespace: run.database, server_address: '127.0.0.1', server_port: String(run.server.port) };
    expect(sumOf(run.s, OPS, { ...base, db_operation_name: 'INSERT', db_collection_name: 'items', error_type: undefined })).toBe(3);
    expect(sumOf(run.s, OPS, { ...base, db_operation_name: 'SELECT', db_collection_name: 'items' })).toBe(6);
    expect(run.done.duplicate).toBe(1062);
    expect(sumOf(run.s, OPS, { db_operation_name: 'INSERT', error_type: '1062', db_response_status_code: '1062' })).toBe(1);
    expect(sumOf(run.s, OPS, { db_operation_name: 'SELECT' })).toBe(run.wire.Com_select);
    expect(sumOf(run.s, OPS)).toBe(statementsRun(run.wire));
    // The pool pings every connection it hands out again: 9 checkouts, the first of each connection new.
    expect(run.wire.Com_admin_commands).toBe(9 - run.done.main);
  });

  it('reports the pool, correct at rest, and its statements under it', () => {
    const at = { db_client_connection_pool_name: `127.0.0.1:${run.server.port}/${run.database}` };
    expect(sumOf(run.s, 'db_client_connection_max', at)).toBe(3);
    expect(sumOf(run.s, 'db_client_connection_count', { ...at, db_client_connection_state: 'idle' })).toBe(run.done.main);
    expect(sumOf(run.s, 'db_client_connection_count', { ...at, db_client_connection_state: 'used' })).toBe(0);
    expect(sumOf(run.s, 'db_client_connection_create_time_seconds_count', at)).toBe(run.done.main);
    expect(sumOf(run.s, 'db_client_connection_wait_time_seconds_count', at)).toBe(9);
    expect(sumOf(run.s, 'db_client_connection_use_time_seconds_count', at)).toBe(9);
    expect(sumOf(run.s, OPS, at)).toBe(9);
  });
});

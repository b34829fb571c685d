import { statementsRun } from '../support/mariadb-counters';
import { runAgainstMariaDb } from '../support/mariadb-run';
import { sumOf } from '../support/prom-text';

const OPS = 'db_client_operation_duration_seconds_count';

describe('knex on mysql2 against a real MariaDB', () => {
  const run = runAgainstMariaDb<{ free: number; duplicate: number }>('knex-app.js');

  it('counts every statement knex sent, as the server counted them', () => {
    const base = { db_system_name: 'mariadb', db_namespace: run.database, db_collection_name: 'items' };
    expect(sumOf(run.s, OPS, { ...base, db_operation_name: 'INSERT' })).toBe(4);
    expect(sumOf(run.s, OPS, { ...base, db_operation_name: 'SELECT' })).toBe(5);
    expect(sumOf(run.s, OPS, { ...base, db_operation_name: 'UPDATE' })).toBe(1);
    expect(sumOf(run.s, OPS, { db_operation_name: 'INSERT' })).toBe(run.wire.Com_insert);
    expect(sumOf(run.s, OPS, { db_operation_name: 'SELECT' })).toBe(run.wire.Com_select);
    expect(sumOf(run.s, OPS, { db_operation_name: 'BEGIN' })).toBe(run.wire.Com_begin);
    expect(sumOf(run.s, OPS, { db_operation_name: 'COMMIT' })).toBe(run.wire.Com_commit);
    expect(sumOf(run.s, OPS)).toBe(statementsRun(run.wire));
  });

  it('labels the unique-key violation with its MySQL error number', () => {
    expect(run.done.duplicate).toBe(1062);
    expect(sumOf(run.s, OPS, { db_operation_name: 'INSERT', error_type: '1062', db_response_status_code: '1062' })).toBe(1);
  });

  it("reports knex's tarn pool under the database it reaches, and its statements under it", () => {
    const at = { db_client_connection_pool_name: `127.0.0.1:${run.server.port}/${run.database}` };
    expect(run.done.free).toBeGreaterThan(0);
    expect(sumOf(run.s, 'db_client_connection_max', at)).toBe(2);
    expect(sumOf(run.s, 'db_client_connection_count', { ...at, db_client_connection_state: 'idle' })).toBe(run.done.free);
    expect(sumOf(run.s, 'db_client_connection_count', { ...at, db_client_connection_state: 'used' })).toBe(0);
    expect(sumOf(run.s, 'db_client_connection_pending_requests', at)).toBe(0);
    expect(sumOf(run.s, 'db_client_connection_create_time_seconds_count', at)).toBe(run.done.free);
    // One checkout per query outside the transaction (1 + 3 + 5 + 1), one for the transaction.
    expect(sumOf(run.s, 'db_client_connection_wait_time_seconds_count', at)).toBe(11);
    expect(sumOf(run.s, 'db_client_connection_use_time_seconds_count', at)).toBe(11);
    // Except what knex runs while it sets a connection up (its server-version check, once): not a checkout.
    expect(sumOf(run.s, OPS, { db_client_connection_pool_name: undefined })).toBe(1);
    expect(sumOf(run.s, OPS, { db_client_connection_pool_name: undefined, db_operation_name: 'SELECT', db_collection_name: undefined })).toBe(1);
    expect(sumOf(run.s, OPS, at)).toBe(sumOf(run.s, OPS) - 1);
  });
});

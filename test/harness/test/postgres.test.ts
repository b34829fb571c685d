import { Client } from 'pg';
import { createTempDatabase, ensurePostgres } from '../postgres';

test("ensurePostgres reaches the machine's PostgreSQL", async () => {
  const server = await ensurePostgres();
  const client = new Client({ connectionString: server.connectionString });
  await client.connect();
  const { rows } = await client.query<{ one: number }>('SELECT 1 AS one');
  await client.end();
  expect(rows).toEqual([{ one: 1 }]);
});

test('createTempDatabase gives an empty database of its own, and drop removes it', async () => {
  const db = await createTempDatabase();
  const client = new Client({ connectionString: db.connectionString });
  // drop() terminates this connection; the client reports that as an error event.
  client.on('error', () => undefined);
  await client.connect();
  const { rows } = await client.query<{ name: string }>('SELECT current_database() AS name');
  expect(rows[0].name).toBe(db.database);
  // An open connection must not stop drop().
  await db.drop();
  await client.end().catch(() => undefined);

  const admin = new Client({ connectionString: (await ensurePostgres()).connectionString });
  await admin.connect();
  const left = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db.database]);
  await admin.end();
  expect(left.rowCount).toBe(0);
});

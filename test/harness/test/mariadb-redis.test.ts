import { existsSync } from 'node:fs';
import { createConnection } from 'mysql2/promise';
import { portAnswers, startMariaDb, startRedis } from '..';

test('startMariaDb runs a private server: the test account can create and use a database, stop() removes it all', async () => {
  const server = await startMariaDb();
  let stopped = false;
  try {
    const database = await server.createDatabase();
    const c = await createConnection(server.url(database));
    const [rows] = await c.query('SELECT DATABASE() AS db, VERSION() AS version');
    await c.end();
    expect(rows).toEqual([{ db: database, version: expect.stringContaining('MariaDB') }]);
    const dir = server.dataDir;
    await server.stop();
    stopped = true;
    expect(await portAnswers(server.port)).toBe(false);
    expect(existsSync(dir)).toBe(false);
  } finally {
    if (!stopped) await server.stop();
  }
});

test('startRedis runs a private server without persistence; stop() ends it by PID', async () => {
  const server = await startRedis();
  try {
    expect(await server.command('SET k v')).toBe('+OK\r\n');
    expect(await server.command('GET k')).toBe('$1\r\nv\r\n');
    expect(await server.command('CONFIG GET save')).toBe('*2\r\n$4\r\nsave\r\n$0\r\n\r\n');
  } finally {
    await server.stop();
  }
  expect(await portAnswers(server.port)).toBe(false);
});

import { existsSync } from 'node:fs';
import { startInfluxDb, type RunningInfluxDb } from '../influxdb';

let influx: RunningInfluxDb;
beforeAll(async () => {
  influx = await startInfluxDb();
});
afterAll(async () => {
  await influx?.stop();
});

test('startInfluxDb: write line protocol, query it back with InfluxQL', async () => {
  await influx.query('CREATE DATABASE harness');
  await influx.write('probe,host=a value=1 1000000000\nprobe,host=b value=2 2000000000', 'harness');
  const result = await influx.query('SELECT count(value) FROM probe', 'harness');
  expect(result.results[0].series?.[0].values[0][1]).toBe(2);
});

test("query rejects an InfluxQL error with the server's message", async () => {
  await expect(influx.query('SELECT FROM', 'harness')).rejects.toThrow(/found FROM/);
});

test('restart after SIGKILL keeps port and data', async () => {
  const before = influx.pid;
  await influx.restart('SIGKILL');
  expect(influx.pid).not.toBe(before);
  const result = await influx.query('SELECT count(value) FROM probe', 'harness');
  expect(result.results[0].series?.[0].values[0][1]).toBe(2);
});

test('with an admin user, requests need its credentials', async () => {
  const secured = await startInfluxDb({ admin: { username: 'admin', password: 's3cret' } });
  try {
    await secured.query('CREATE DATABASE secured');
    const anonymous = await fetch(`${secured.url}/query?q=SHOW+DATABASES`);
    expect(anonymous.status).toBe(401);
  } finally {
    await secured.stop();
  }
  expect(existsSync(secured.dataDir)).toBe(false);
});

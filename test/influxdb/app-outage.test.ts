// A real app in a child process writing its metrics to InfluxDB with the exporter: while InfluxDB hangs
// (SIGSTOP) the app keeps answering, and once InfluxDB is back the running total arrives complete.
import { join } from 'node:path';
import { freePort, pollUntil, startChildApp, startInfluxDb, type ChildApp, type RunningInfluxDb } from '../harness';
import { DB, rows } from './influx-test-kit';

let influx: RunningInfluxDb;
let app: ChildApp;
let appUrl: string;

beforeAll(async () => {
  influx = await startInfluxDb();
  await influx.query(`CREATE DATABASE ${DB}`);
  const port = await freePort();
  appUrl = `http://127.0.0.1:${port}`;
  app = await startChildApp({
    script: join(__dirname, 'fixtures', 'counting-app.cjs'),
    env: { PORT: String(port), INFLUX_URL: influx.url, INFLUX_DB: DB },
    waitForPort: port,
  });
});
afterAll(async () => {
  influx?.resume();
  await app?.stop();
  await influx?.stop();
});

const hit = async (n: number) => {
  const bodies = await Promise.all(Array.from({ length: n }, async () => (await fetch(appUrl)).text()));
  return bodies.filter((b) => b === 'ok').length;
};
const latestTotal = async () => (await rows(influx, 'SELECT last("counter") FROM "app.requests"'))[0]?.last;
const waitForTotal = (total: number) =>
  pollUntil(`app.requests = ${total} in InfluxDB`, async () => ((await latestTotal()) === total ? true : undefined), 30000);

test('the app keeps serving while InfluxDB hangs, and no point is lost once it is back', async () => {
  expect(await hit(20)).toBe(20);
  await waitForTotal(20);

  influx.pause();
  // Several export intervals pass against a server that never answers; every request is still served.
  for (let round = 0; round < 5; round++) expect(await hit(10)).toBe(10);
  await pollUntil(
    'points buffered in the app',
    async () => {
      const state = (await (await fetch(`${appUrl}/exporter`)).json()) as { buffered: number };
      return state.buffered > 0 ? true : undefined;
    },
    30000,
  );

  influx.resume();
  await waitForTotal(70);
  const state = await (await fetch(`${appUrl}/exporter`)).json();
  expect(state).toEqual({ buffered: expect.any(Number), dropped: 0 });
  const result = await app.stop();
  expect(result.code).toBe(0);
});

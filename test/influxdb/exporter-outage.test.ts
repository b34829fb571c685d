// InfluxDB unreachable (killed) or hung (SIGSTOP), then back: exports still resolve, points wait in the
// bounded buffer and are written once InfluxDB answers again; overflow drops the oldest and says so once.
import { startInfluxDb, type RunningInfluxDb } from '../harness';
import { DB, captureDiag, pipeline, rows } from './influx-test-kit';

let influx: RunningInfluxDb;
beforeAll(async () => {
  influx = await startInfluxDb();
  await influx.query(`CREATE DATABASE ${DB}`);
});
afterAll(async () => {
  await influx?.stop();
});
afterEach(async () => {
  influx.resume();
  if ((await fetch(`${influx.url}/ping`).catch(() => undefined)) === undefined) await influx.start();
});

const counterValues = async (measurement: string, where = '') => (await rows(influx, `SELECT "counter" FROM "${measurement}" ${where}`)).map((r) => r.counter);

test('InfluxDB killed then restarted: nothing is lost while the buffer holds', async () => {
  const { provider, reader, exporter } = pipeline({ url: influx.url, apiVersion: 1, database: DB, timeoutMillis: 1000 });
  const counter = provider.getMeter('m').createCounter('outage.kill');
  counter.add(1);
  await reader.forceFlush();
  await influx.kill('SIGKILL');
  counter.add(1);
  await reader.forceFlush();
  counter.add(1);
  await reader.forceFlush();
  expect(exporter.bufferedPoints).toBe(2);
  await influx.start();
  counter.add(1);
  await reader.forceFlush();
  expect(exporter.bufferedPoints).toBe(0);
  expect(exporter.droppedPoints).toBe(0);
  expect(await counterValues('outage.kill')).toEqual([0, 1, 2, 3, 4]); // the zero point at the series' start first
  await provider.shutdown();
});

test('InfluxDB hung (SIGSTOP): export and flush still return (bounded by timeoutMillis); after SIGCONT the points arrive', async () => {
  const { provider, reader, exporter } = pipeline({ url: influx.url, apiVersion: 1, database: DB, timeoutMillis: 1000 });
  const counter = provider.getMeter('m').createCounter('outage.hang');
  counter.add(5);
  await reader.forceFlush();
  influx.pause();
  counter.add(5);
  // Would hang until jest's timeout if a request to the stopped server were not abandoned.
  await reader.forceFlush();
  expect(exporter.bufferedPoints).toBe(1);
  influx.resume();
  await exporter.forceFlush();
  expect(exporter.bufferedPoints).toBe(0);
  expect(exporter.droppedPoints).toBe(0);
  expect(await counterValues('outage.hang')).toEqual([0, 5, 10]);
  await provider.shutdown();
});

test('buffer overflow while InfluxDB is down drops the oldest points, counts them and warns once', async () => {
  const diagLog = captureDiag();
  try {
    const { provider, reader, exporter } = pipeline({ url: influx.url, apiVersion: 1, database: DB, timeoutMillis: 1000, maxBufferedPoints: 3 });
    const counter = provider.getMeter('m').createCounter('outage.overflow');
    await influx.kill('SIGKILL');
    for (let i = 0; i < 3; i++) {
      counter.add(1, { series: 'a' });
      counter.add(1, { series: 'b' });
      await reader.forceFlush();
    }
    // 8 points (the first export adds each series' zero point) into a buffer of 3: the 5 oldest are gone.
    expect(exporter.droppedPoints).toBe(5);
    expect(exporter.bufferedPoints).toBe(3);
    await influx.start();
    await exporter.forceFlush();
    expect(await counterValues('outage.overflow', `WHERE "series" = 'a'`)).toEqual([3]);
    expect(await counterValues('outage.overflow', `WHERE "series" = 'b'`)).toEqual([2, 3]);
    const ours = diagLog.warnings.filter((w) => w.startsWith('perf-otel InfluxDB exporter:'));
    // The first export alone (two zero points, two points) overflows the buffer before any write is tried.
    expect(ours).toEqual([
      'perf-otel InfluxDB exporter: dropped 1 points (buffer full while InfluxDB is unreachable); further drops are only counted (droppedPoints)',
      expect.stringMatching(
        /^perf-otel InfluxDB exporter: cannot write to http:\/\/127\.0\.0\.1:\d+\/write \(ECONNREFUSED\); keeping up to 3 points and retrying with backoff$/,
      ),
    ]);
    await provider.shutdown();
  } finally {
    diagLog.restore();
  }
});

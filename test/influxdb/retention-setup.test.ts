// deploy/influxdb/setup.sh against a real InfluxDB 1.x: retention tiers and continuous queries are
// created (and a second run changes nothing), and the continuous queries' own SELECT INTO, run on real
// raw data, downsamples each field type so that rates, means, maxima and buckets stay right.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startInfluxDb, type RunningInfluxDb } from '../harness';
import { DB, rows } from './influx-test-kit';

const SETUP = join(__dirname, '..', '..', 'deploy', 'influxdb', 'setup.sh');
const HOUR = 3600;

let influx: RunningInfluxDb;
beforeAll(async () => {
  influx = await startInfluxDb();
});
afterAll(async () => {
  await influx?.stop();
});

function runSetup(env: Record<string, string> = {}) {
  return spawnSync('sh', [SETUP], {
    env: { PATH: process.env.PATH, INFLUX_HOST: '127.0.0.1', INFLUX_PORT: String(influx.port), ...env },
    encoding: 'utf8',
    timeout: 60000,
  });
}

async function retentionPolicies() {
  const r = await influx.query(`SHOW RETENTION POLICIES ON "${DB}"`);
  return r.results[0].series![0].values.map(([name, duration, , , isDefault]) => ({ name, duration, isDefault }));
}

async function continuousQueries(): Promise<Record<string, string>> {
  const r = await influx.query('SHOW CONTINUOUS QUERIES');
  const ours = r.results[0].series?.find((s) => s.name === DB);
  return Object.fromEntries((ours?.values ?? []) as Array<[string, string]>);
}

/** The SELECT INTO of a continuous query, limited to [from, to): what InfluxDB runs for those buckets. */
async function runContinuousQuery(name: string, fromSeconds: number, toSeconds: number): Promise<void> {
  const definition = (await continuousQueries())[name];
  const select = /BEGIN (.*) END$/.exec(definition)![1];
  const where = ` WHERE time >= ${fromSeconds}s AND time < ${toSeconds}s GROUP BY `;
  await influx.query(select.replace(' GROUP BY ', where), DB);
}

test('setup creates the database, raw (default) / hourly / daily retention policies and two continuous queries; a second run changes nothing', async () => {
  const first = runSetup();
  expect({ status: first.status, stderr: first.stderr }).toEqual({ status: 0, stderr: '' });
  expect(first.stdout.trim()).toBe(
    'perf-otel influxdb setup: database perf_otel, retention raw 7d (default), hourly 30d, daily 90d, continuous queries cq_perf_otel_hourly and cq_perf_otel_daily',
  );
  const policies = await retentionPolicies();
  expect(policies).toEqual([
    { name: 'autogen', duration: '0s', isDefault: false },
    { name: 'raw', duration: '168h0m0s', isDefault: true },
    { name: 'hourly', duration: '720h0m0s', isDefault: false },
    { name: 'daily', duration: '2160h0m0s', isDefault: false },
  ]);
  const cqs = await continuousQueries();
  expect(Object.keys(cqs).sort()).toEqual(['cq_perf_otel_daily', 'cq_perf_otel_hourly']);
  expect(cqs.cq_perf_otel_hourly).toContain('INTO perf_otel.hourly.:MEASUREMENT FROM perf_otel.raw./.*/ GROUP BY time(1h), *');
  expect(cqs.cq_perf_otel_daily).toContain('INTO perf_otel.daily.:MEASUREMENT FROM perf_otel.hourly./.*/ GROUP BY time(1d), *');

  const second = runSetup();
  expect(second.status).toBe(0);
  expect(await retentionPolicies()).toEqual(policies);
  expect(await continuousQueries()).toEqual(cqs);
});

test('retention is configurable per tier, and changed settings alter the existing policies', async () => {
  const run = runSetup({ METRICS_RETENTION_RAW_DAYS: '3', METRICS_RETENTION_HOURLY_DAYS: '14', METRICS_RETENTION_DAILY_DAYS: '400' });
  expect(run.status).toBe(0);
  expect(await retentionPolicies()).toEqual([
    { name: 'autogen', duration: '0s', isDefault: false },
    { name: 'raw', duration: '72h0m0s', isDefault: true },
    { name: 'hourly', duration: '336h0m0s', isDefault: false },
    { name: 'daily', duration: '9600h0m0s', isDefault: false },
  ]);
  expect(runSetup().status).toBe(0); // back to the defaults for the tests below
});

test('a bad retention value stops setup with a one-line message naming the variable and the fix', () => {
  const run = runSetup({ METRICS_RETENTION_RAW_DAYS: '7d' });
  expect(run.status).toBe(2);
  expect(run.stderr).toBe('perf-otel influxdb setup: METRICS_RETENTION_RAW_DAYS=7d is not a whole number of days; set e.g. METRICS_RETENTION_RAW_DAYS=7\n');
});

describe("downsampling with the continuous queries' SELECT INTO on real data", () => {
  // Three whole hours, ending two hours ago (inside raw's 7 days), one point a minute.
  const start = (Math.floor(Date.now() / 1000 / HOUR) - 5) * HOUR;
  const perSecond = [1, 3, 0.5]; // counter rate in each hour
  const tags = 'http.route=/api/items/:id,service.name=checkout';

  beforeAll(async () => {
    const lines: string[] = [];
    let counter = 0;
    for (let t = start; t < start + 3 * HOUR; t += 60) {
      const hour = Math.floor((t - start) / HOUR);
      counter += perSecond[hour] * 60;
      const gauge = 10 * (hour + 1) + ((t / 60) % 7); // per hour: 10h+0 … 10h+6
      const ns = `${t}000000000`;
      lines.push(`http.server.requests,${tags} counter=${counter} ${ns}`);
      lines.push(`http.server.active_requests,${tags} gauge=${gauge} ${ns}`);
      const n = (t - start) / 60 + 1; // histogram: n observations so far, a quarter of them <= 0.1
      lines.push(`http.server.request.duration,${tags} count=${n},sum=${n * 0.2},min=0.01,max=${0.5 + hour},0.1=${Math.floor(n / 4)},1=${n} ${ns}`);
    }
    await influx.write(lines.join('\n'), DB);
    await runContinuousQuery('cq_perf_otel_hourly', start, start + 3 * HOUR);
  });

  const raw = (select: string, measurement: string) =>
    rows(influx, `SELECT ${select} FROM "${DB}"."raw"."${measurement}" WHERE time >= ${start}s AND time < ${start + 3 * HOUR}s GROUP BY time(1h)`);
  const hourly = (select: string, measurement: string) =>
    rows(influx, `SELECT ${select} FROM "${DB}"."hourly"."${measurement}" WHERE time >= ${start}s AND time < ${start + 3 * HOUR}s`);

  test('counters: a rate from hourly data equals the raw rate over the same buckets', async () => {
    // Raw: the increase between the last points of consecutive hours, per second.
    const rawRate = await raw('non_negative_derivative(last("counter"), 1s) AS rate', 'http.server.requests');
    const hourlyRate = await rows(
      influx,
      `SELECT non_negative_derivative(last("counter"), 1s) AS rate FROM "${DB}"."hourly"."http.server.requests" WHERE time >= ${start}s AND time < ${start + 3 * HOUR}s GROUP BY time(1h)`,
    );
    expect(hourlyRate).toEqual(rawRate);
    // …and both are the rate the data was written with (the last minute of an hour belongs to it).
    expect(hourlyRate.map((r) => r.rate)).toEqual([3, 0.5]);
    expect((await hourly('"counter"', 'http.server.requests')).map((r) => r.counter)).toEqual([3600, 3600 + 3 * 3600, 3600 + 3 * 3600 + 1800]);
  });

  test('gauges keep the mean as "gauge" and the maximum as "gauge_max"', async () => {
    const expected = await raw('mean("gauge") AS "gauge", max("gauge") AS "gauge_max"', 'http.server.active_requests');
    expect(await hourly('"gauge", "gauge_max"', 'http.server.active_requests')).toEqual(expected);
    expect(expected.map((r) => r.gauge_max)).toEqual([16, 26, 36]);
  });

  test('histograms keep cumulative count, sum and buckets (last), min (min) and max (max), with all tags', async () => {
    const expected = await raw(
      'last("count") AS "count", last("sum") AS "sum", min("min") AS "min", max("max") AS "max", last("0.1") AS "0.1", last("1") AS "1"',
      'http.server.request.duration',
    );
    expect(await hourly('"count", "sum", "min", "max", "0.1", "1"', 'http.server.request.duration')).toEqual(expected);
    expect(expected.map((r) => r.count)).toEqual([60, 120, 180]);
    const tagValues = await influx.query(`SHOW TAG VALUES ON "${DB}" FROM "hourly"."http.server.request.duration" WITH KEY IN ("http.route", "service.name")`);
    expect(tagValues.results[0].series![0].values).toEqual([
      ['http.route', '/api/items/:id'],
      ['service.name', 'checkout'],
    ]);
  });

  test("a series that starts at 0 inside a bucket (a restart, with the exporters' zero point) keeps its minimum and what it added from 0", async () => {
    // A new instance: zero point 30 min into the first hour, then 2 requests (0.5 s each) a minute.
    const restarted = 'http.route=/api/items/:id,service.instance.id=new,service.name=checkout';
    const from = start + 30 * 60;
    const lines = [`http.server.request.duration,${restarted} count=0,sum=0,1=0 ${from}000000000`, `orders.placed,${restarted} counter=0i ${from}000000000`];
    for (let t = from + 60, n = 2; t < start + 3 * HOUR; t += 60, n += 2) {
      lines.push(
        `http.server.request.duration,${restarted} count=${n},sum=${n * 0.5},1=${n} ${t}000000000`,
        `orders.placed,${restarted} counter=${n}i ${t}000000000`,
      );
    }
    await influx.write(lines.join('\n'), DB);
    await runContinuousQuery('cq_perf_otel_hourly', start, start + 3 * HOUR);
    const where = `WHERE "service.instance.id" = 'new' AND time >= ${start}s AND time < ${start + 3 * HOUR}s`;
    // 29 points in the first hour after the zero point (2…58), 60 in each of the next two.
    expect(
      await rows(influx, `SELECT "count", "count_min", "count_from_zero", "sum_from_zero" FROM "${DB}"."hourly"."http.server.request.duration" ${where}`),
    ).toEqual([
      { time: expect.any(String), count: 58, count_min: 0, count_from_zero: 58, sum_from_zero: 29 },
      { time: expect.any(String), count: 178, count_min: 60, count_from_zero: 0, sum_from_zero: 0 },
      { time: expect.any(String), count: 298, count_min: 180, count_from_zero: 0, sum_from_zero: 0 },
    ]);
    expect(await rows(influx, `SELECT "counter", "counter_min", "counter_from_zero" FROM "${DB}"."hourly"."orders.placed" ${where}`)).toEqual([
      { time: expect.any(String), counter: 58, counter_min: 0, counter_from_zero: 58 },
      { time: expect.any(String), counter: 178, counter_min: 60, counter_from_zero: 0 },
      { time: expect.any(String), counter: 298, counter_min: 180, counter_from_zero: 0 },
    ]);
    // Gauges get none of these fields.
    const gaugeFields = (await influx.query(`SHOW FIELD KEYS FROM "${DB}"."hourly"."http.server.active_requests"`, DB)).results[0].series![0].values.map(
      ([k]) => k,
    );
    expect(gaugeFields).toEqual(['gauge', 'gauge_max']);
    // Daily from hourly: the day's minimum is still 0, so the day's last value is what the series added.
    const day = Math.floor(start / 86400) * 86400;
    await runContinuousQuery('cq_perf_otel_daily', day, day + 2 * 86400);
    const daily = await rows(
      influx,
      `SELECT "count", "count_min", "count_from_zero" FROM "${DB}"."daily"."http.server.request.duration" WHERE "service.instance.id" = 'new'`,
    );
    expect(daily[0]).toEqual({ time: expect.any(String), count: daily[0].count, count_min: 0, count_from_zero: daily[0].count });
    expect(daily.slice(1).map((d) => d.count_from_zero)).toEqual(daily.slice(1).map(() => 0));
  });

  test('the daily query rolls hourly up again: counters stay cumulative, the gauge maximum survives', async () => {
    const day = Math.floor(start / 86400) * 86400;
    await runContinuousQuery('cq_perf_otel_daily', day, day + 2 * 86400);
    const lastHourly = (await hourly('"counter"', 'http.server.requests')).at(-1)!.counter;
    const daily = await rows(influx, `SELECT "counter" FROM "${DB}"."daily"."http.server.requests"`);
    // The three hours may straddle midnight: the last daily value is the last hourly one either way.
    expect(daily.at(-1)!.counter).toBe(lastHourly);
    const dailyMax = await rows(influx, `SELECT max("gauge_max") AS m FROM "${DB}"."daily"."http.server.active_requests"`);
    expect(dailyMax[0].m).toBe(36);
  });
});

// The InfluxQL panels of the trends dashboard against a real InfluxDB 1.x set up by
// deploy/influxdb/setup.sh. The raw points are written by this test in the exporter's
// telegraf-prometheus-v1 shape (3 days of history cannot come from a live app); the hourly and daily
// tiers are filled by running the setup's own continuous queries over that history.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { RunningInfluxDb, startInfluxDb } from '../../harness';
import { loadDashboard, REPO_ROOT } from './dashboard-files';
import { describeTarget, panelTargets, substituteVariables } from './panel-targets';

const SETUP = join(REPO_ROOT, 'deploy/influxdb/setup.sh');
const DB = 'perf_otel';
const HOUR = 3600;
const DAY = 24 * HOUR;
const STEP = 600;
const SERVICE = 'shop';
// Grafana's interpolation for a relative range and a single selected service.
const VALUES = { service: SERVICE, timeFilter: 'time >= now() - 90d' };

/** Three days of raw points every 10 minutes: cumulative histogram fields and gauges, two instances. */
function rawHistory(start: number, end: number): string {
  const lines: string[] = [];
  const resource = (instance: string) => `host.name=web-1,service.instance.id=${instance},service.name=${SERVICE}`;
  for (let t = start, n = 1; t < end; t += STEP, n++) {
    const ns = `${t}000000000`;
    for (const instance of ['i-1', 'i-2']) {
      for (const [status, perStep] of [['200', 600], ['500', 6]] as const) {
        const count = n * perStep;
        lines.push(`http.server.request.duration,http.request.method=GET,http.response.status_code=${status},http.route=/api/items/:id,`
          + `otel.library.name=@org/perf-otel,${resource(instance)},url.scheme=http count=${count},sum=${count * 0.12},min=0.004,max=0.9,0.25=${Math.floor(count * 0.9)},1=${count} ${ns}`);
      }
      lines.push(`process.cpu.utilization,otel.library.name=@org/perf-otel,${resource(instance)} gauge=0.${20 + (n % 10)} ${ns}`);
      for (const space of ['new_space', 'old_space']) {
        lines.push(`v8js.memory.heap.used,otel.library.name=@org/perf-otel,${resource(instance)},v8js.heap.space.name=${space} gauge=${space === 'old_space' ? 80e6 : 4e6} ${ns}`);
      }
    }
  }
  return lines.join('\n');
}

async function runContinuousQuery(influx: RunningInfluxDb, name: string, from: number, to: number): Promise<void> {
  const result = await influx.query('SHOW CONTINUOUS QUERIES');
  const definition = (result.results[0].series ?? []).flatMap((series) => series.values as string[][]).find(([cq]) => cq === name)?.[1];
  if (!definition) throw new Error(`continuous query ${name} is missing: deploy/influxdb/setup.sh did not create it`);
  const select = /BEGIN (.*) END$/.exec(definition)![1];
  await influx.query(select.replace(' GROUP BY ', ` WHERE time >= ${from}s AND time < ${to}s GROUP BY `), DB);
}

describe('trends dashboard InfluxQL panels against a real InfluxDB (deploy/influxdb/setup.sh tiers, history written by the test)', () => {
  let influx: RunningInfluxDb;

  beforeAll(async () => {
    influx = await startInfluxDb();
    const setup = spawnSync('sh', [SETUP], {
      env: { PATH: process.env.PATH, INFLUX_HOST: '127.0.0.1', INFLUX_PORT: String(influx.port) }, encoding: 'utf8', timeout: 60000,
    });
    if (setup.status !== 0) throw new Error(`deploy/influxdb/setup.sh failed: ${setup.stderr}`);
    // Whole days ending at the last full hour, inside raw's 7-day retention.
    const end = Math.floor(Date.now() / 1000 / HOUR) * HOUR;
    const start = Math.floor((end - 3 * DAY) / DAY) * DAY;
    await influx.write(rawHistory(start, end), DB, 'raw');
    await runContinuousQuery(influx, 'cq_perf_otel_hourly', start, end);
    await runContinuousQuery(influx, 'cq_perf_otel_daily', start, end + DAY);
  }, 120000);

  afterAll(async () => { await influx?.stop(); });

  it('every panel query answers without error and with data', async () => {
    const dashboard = loadDashboard('trends.json');
    const targets = panelTargets('trends.json', dashboard).filter((target) => target.datasourceType === 'influxdb');
    expect(targets.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const target of targets) {
      const query = substituteVariables(target.query, VALUES);
      try {
        const result = await influx.query(query, DB);
        const values = (result.results[0].series ?? []).flatMap((series) => series.values).filter((row) => row[1] !== null);
        if (values.length === 0) problems.push(`${describeTarget(target)}: no data for ${query}`);
      } catch (error) {
        problems.push(`${describeTarget(target)}: query error: ${(error as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('counts a whole day of requests from the cumulative counts (144 steps × 2 instances × 606)', async () => {
    const target = panelTargets('trends.json', loadDashboard('trends.json')).find((t) => t.panel === 'Requests per 1d')!;
    const result = await influx.query(substituteVariables(target.query, VALUES), DB);
    const perDay = result.results[0].series![0].values.map((row) => row[1]).filter((value) => value !== null);
    // A whole day between two daily points is 144 steps of 2 × (600 + 6) requests.
    expect(perDay).toContain(144 * 2 * 606);
  });

  it('offers the service in its InfluxDB service variable', async () => {
    const variable = loadDashboard('trends.json').templating.list.find((v) => v.name === 'service')!;
    const result = await influx.query(String(variable.query), DB);
    expect(result.results[0].series![0].values).toEqual([['service.name', SERVICE]]);
  });
});

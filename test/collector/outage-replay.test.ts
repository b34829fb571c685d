// Nothing lost across outages and restarts. An app under the register serves a steady request loop;
// its metrics go app → agent → gateway (persistent queues: the agent's and the InfluxDB exporter's
// on file_storage, remote write through its WAL) → Prometheus (remote write) and InfluxDB.
// Prometheus and InfluxDB are stopped for 2 minutes, the gateway is restarted in the middle, then
// everything comes back: the stores must hold exactly the requests served, and the samples written
// during the outage, not just the final total (cumulative data would hide a lost queue otherwise).
import { removeTempDir, startInfluxDb, startPrometheus, type RunningCollector, type RunningInfluxDb, type RunningPrometheus } from '../harness';
import { influxCounts, key, promCounts, waitForCounts } from './support/stores';
import { EXPORT_INTERVAL_MS, INFLUX_DB, nowSeconds, requestLoop, startAgent, startApp, startGateway, type App } from './support/tier';

const SERVICE = 'outage-app';
const HEALTHY_MS = 20000;
const OUTAGE_HALF_MS = 60000;
/** A stored series may pause this long at most; a lost queue leaves a hole of about a minute. */
const MAX_GAP_SECONDS = (10 * EXPORT_INTERVAL_MS) / 1000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Raw sample timestamps (unix s) of one series, straight from Prometheus (a range-vector selector). */
async function promSampleTimes(prometheus: RunningPrometheus, selector: string, rangeSeconds: number): Promise<number[]> {
  const body = new URLSearchParams({ query: `${selector}[${Math.ceil(rangeSeconds)}s]`, time: String(nowSeconds()) });
  const res = (await (await fetch(`${prometheus.url}/api/v1/query`, { method: 'POST', body })).json()) as {
    data: { result: Array<{ values: Array<[number, string]> }> };
  };
  expect(res.data.result).toHaveLength(1);
  return res.data.result[0].values.map(([t]) => t);
}

async function influxSampleTimes(influx: RunningInfluxDb, from: number, to: number): Promise<number[]> {
  const q = `SELECT "count" FROM "http.server.request.duration" WHERE "service.name" = '${SERVICE}' AND time >= ${Math.floor(from * 1e9)} AND time <= ${Math.ceil(to * 1e9)}`;
  const res = await influx.query(q, INFLUX_DB);
  return (res.results[0].series?.[0]?.values ?? []).map(([t]) => Date.parse(String(t)) / 1000);
}

/** The longest time without a sample inside [from, to] (the window's edges count as samples' bounds). */
function longestGap(times: number[], from: number, to: number): number {
  const inside = [from, ...times.filter((t) => t > from && t < to).sort((a, b) => a - b), to];
  return Math.max(...inside.slice(1).map((t, i) => t - inside[i]));
}

describe('backends down for 2 minutes, gateway restarted in the middle', () => {
  let prometheus: RunningPrometheus;
  let influx: RunningInfluxDb;
  let gateway: RunningCollector & { storageDir: string };
  let agent: RunningCollector & { storageDir: string };
  let app: App;
  let served = 0;
  let failed = 0;
  const outage = { from: 0, to: 0 };
  const ratio = { healthyPerSecond: 0, outagePerSecond: 0 };

  beforeAll(async () => {
    prometheus = await startPrometheus({ extraArgs: ['--web.enable-remote-write-receiver'] });
    influx = await startInfluxDb();
    await influx.query(`CREATE DATABASE ${INFLUX_DB}`);
    gateway = await startGateway(prometheus, influx);
    agent = await startAgent(gateway);
    app = await startApp(SERVICE, agent.otlpHttpEndpoint);
    const loop = requestLoop(app.port, '/users/1');
    await sleep(HEALTHY_MS);
    ratio.healthyPerSecond = loop.served() / (HEALTHY_MS / 1000);

    const atOutage = loop.served();
    outage.from = nowSeconds();
    await prometheus.kill();
    await influx.kill('SIGTERM');
    await sleep(OUTAGE_HALF_MS);
    // The gateway restarts with both backends still down: its queues are on disk.
    await gateway.restart();
    await sleep(OUTAGE_HALF_MS);
    await prometheus.start();
    await influx.start();
    outage.to = nowSeconds();
    ratio.outagePerSecond = (loop.served() - atOutage) / (outage.to - outage.from);

    await sleep(5000);
    await loop.stop();
    served = loop.served();
    failed = loop.failed();
    console.log(
      `outage-replay: ${served} requests served; ${ratio.healthyPerSecond.toFixed(1)}/s healthy, ${ratio.outagePerSecond.toFixed(1)}/s during the outage: ratio ${(ratio.outagePerSecond / ratio.healthyPerSecond).toFixed(3)}`,
    );
  }, 360000);

  afterAll(async () => {
    await app?.app.stop();
    for (const c of [agent, gateway]) {
      await c?.stop();
      if (c) await removeTempDir(c.storageDir);
    }
    await prometheus?.stop();
    await influx?.stop();
  });

  it('the app served every request of the loop, outage or not', () => {
    expect(failed).toBe(0);
    expect(served).toBeGreaterThan(0);
    expect(ratio.outagePerSecond).toBeGreaterThan(0);
  });

  it('Prometheus and InfluxDB hold exactly the requests served', async () => {
    const expected = { [key(['200'])]: served };
    await waitForCounts(
      'requests in Prometheus',
      () => promCounts(prometheus, `http_server_request_duration_seconds_count{job="${SERVICE}"}`, ['http_response_status_code']),
      expected,
    );
    await waitForCounts(
      'requests in InfluxDB',
      () => influxCounts(influx, INFLUX_DB, 'http.server.request.duration', 'count', ['http.response.status_code'], `"service.name" = '${SERVICE}'`),
      expected,
    );
  });

  it('the samples written during the outage are there: no hole in either store', async () => {
    const selector = `http_server_request_duration_seconds_count{job="${SERVICE}",http_response_status_code="200"}`;
    const promTimes = await promSampleTimes(prometheus, selector, nowSeconds() - outage.from + 60);
    const influxTimes = await influxSampleTimes(influx, outage.from, outage.to);
    const gaps = { prometheus: longestGap(promTimes, outage.from, outage.to), influxdb: longestGap(influxTimes, outage.from, outage.to) };
    console.log(
      `outage-replay: samples inside the ${(outage.to - outage.from).toFixed(0)} s outage: Prometheus ${promTimes.filter((t) => t > outage.from && t < outage.to).length}, InfluxDB ${influxTimes.length}; longest gaps ${JSON.stringify(gaps)}`,
    );
    expect(gaps.prometheus).toBeLessThan(MAX_GAP_SECONDS);
    expect(gaps.influxdb).toBeLessThan(MAX_GAP_SECONDS);
  });
});

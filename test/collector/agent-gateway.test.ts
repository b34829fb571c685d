// Two apps → two agent Collectors (otelcol-agent.yaml) → gateways (main config + remote-write +
// gateway overlays) → remote write into one real Prometheus, and InfluxDB. Half way, each agent is
// moved to the other gateway (what a Service re-balancing connections does): every app's data has then
// passed through both gateways, and the stores must still hold one series per label set with the exact
// request counts, and no label that says which agent or gateway carried it.
import {
  makeTempDir,
  removeTempDir,
  startInfluxDb,
  startPrometheus,
  validateCollectorConfig,
  COLLECTOR_AGENT_CONFIG,
  type RunningCollector,
  type RunningInfluxDb,
  type RunningPrometheus,
} from '../harness';
import { influxCounts, key, promCounts, waitForCounts } from './support/stores';
import { GATEWAY_CONFIGS, INFLUX_DB, get, grpcHostPort, startAgent, startApp, startGateway, type App } from './support/tier';

// [service, path, times before the move, times after]: /fail answers 500.
const PLAN: Array<[string, string, number, number]> = [
  ['tier-a', '/users/1', 6, 4],
  ['tier-a', '/fail', 2, 1],
  ['tier-b', '/orders/7', 5, 3],
  ['tier-b', '/users/2', 1, 2],
];
const EXPECTED = {
  [key(['tier-a', '200'])]: 10,
  [key(['tier-a', '500'])]: 3,
  [key(['tier-b', '200'])]: 11,
};

test('the agent and gateway file sets pass `otelcol-perf-otel validate`', async () => {
  const dir = await makeTempDir('otelcol-validate');
  try {
    for (const files of [[COLLECTOR_AGENT_CONFIG], GATEWAY_CONFIGS]) {
      expect({ files, ...(await validateCollectorConfig(files, { OTELCOL_STORAGE_DIR: dir })) }).toEqual({ files, code: 0, output: '' });
    }
  } finally {
    await removeTempDir(dir);
  }
});

describe('apps → agents → two gateways → remote write', () => {
  let prometheus: RunningPrometheus;
  let influx: RunningInfluxDb;
  const gateways: Array<RunningCollector & { storageDir: string }> = [];
  const agents: Array<RunningCollector & { storageDir: string }> = [];
  const apps: App[] = [];

  beforeAll(async () => {
    prometheus = await startPrometheus({ extraArgs: ['--web.enable-remote-write-receiver'] });
    influx = await startInfluxDb();
    await influx.query(`CREATE DATABASE ${INFLUX_DB}`);
    gateways.push(await startGateway(prometheus, influx), await startGateway(prometheus, influx));
    agents.push(await startAgent(gateways[0]), await startAgent(gateways[1]));
    apps.push(await startApp('tier-a', agents[0].otlpHttpEndpoint), await startApp('tier-b', agents[1].otlpHttpEndpoint));
    const port = (service: string) => apps.find((a) => a.service === service)!.port;
    for (const [service, path, before] of PLAN) await get(port(service), path, before);
    // Let each gateway carry some exports of its first app, then swap: agent a → gateway 2, agent b → gateway 1.
    await prometheus.waitFor('sum(http_server_request_duration_seconds_count{job=~"tier-.*"})', (s) => Number(s[0].value[1]) === 14);
    await agents[0].restart({ OTELCOL_GATEWAY_ENDPOINT: grpcHostPort(gateways[1]) });
    await agents[1].restart({ OTELCOL_GATEWAY_ENDPOINT: grpcHostPort(gateways[0]) });
    for (const [service, path, , after] of PLAN) await get(port(service), path, after);
  }, 180000);

  afterAll(async () => {
    for (const a of apps) await a.app.stop();
    for (const c of [...agents, ...gateways]) {
      await c.stop();
      await removeTempDir(c.storageDir);
    }
    await prometheus?.stop();
    await influx?.stop();
  });

  it('Prometheus holds the exact request count of each app, by status', async () => {
    await waitForCounts(
      'requests per app in Prometheus',
      () => promCounts(prometheus, 'http_server_request_duration_seconds_count{job=~"tier-.*"}', ['job', 'http_response_status_code']),
      EXPECTED,
    );
  });

  it('one series per label set, labelled by the app only: nothing that varies by agent or gateway', async () => {
    const series = await prometheus.query('http_server_request_duration_seconds_count{job=~"tier-.*"}');
    const identities = series.map((s) => JSON.stringify(s.metric));
    expect(new Set(identities).size).toBe(series.length);
    // Per (job, route, method, status) exactly one series; its instance is the app's own service.instance.id.
    const perKey = await prometheus.query(
      'count by (job, http_route, http_request_method, http_response_status_code) (http_server_request_duration_seconds_count{job=~"tier-.*"})',
    );
    expect(perKey.map((s) => s.value[1])).toEqual(perKey.map(() => '1'));
    const labelNames = new Set(series.flatMap((s) => Object.keys(s.metric)));
    expect([...labelNames].filter((l) => /otelcol|collector|gateway|agent|receiver/.test(l))).toEqual([]);
    const targets = await prometheus.query('target_info{job=~"tier-.*"}');
    expect(new Set(targets.map((t) => t.metric.job))).toEqual(new Set(['tier-a', 'tier-b']));
    expect(targets).toHaveLength(2);
  });

  it('InfluxDB holds the same exact counts', async () => {
    await waitForCounts(
      'requests per app in InfluxDB',
      () =>
        influxCounts(influx, INFLUX_DB, 'http.server.request.duration', 'count', ['service.name', 'http.response.status_code'], `"service.name" =~ /^tier-/`),
      EXPECTED,
    );
  });
});

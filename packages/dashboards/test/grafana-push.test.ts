import { allDashboards } from '../src/all-dashboards';
import { GrafanaApiError } from '../src/grafana/grafana-api';
import { pushToGrafana } from '../src/grafana/push';
import { ContractGrafana, startContractGrafana } from './grafana-contract-server';

const TOKEN = 'glsa_test_token';

describe('pushToGrafana against a recorded Grafana API contract (Grafana cannot run here)', () => {
  let grafana: ContractGrafana;
  beforeEach(async () => {
    grafana = await startContractGrafana(TOKEN);
  });
  afterEach(async () => {
    await grafana.close();
  });

  it('creates the folder and datasources and saves every dashboard into the folder', async () => {
    const steps = await pushToGrafana({
      url: `${grafana.url}/`,
      token: TOKEN,
      datasources: { prometheusUrl: 'http://prom:9090', influxdbUrl: 'http://influx:8086' },
    });
    const names = [...allDashboards().values()].map((dashboard) => dashboard.title);
    expect(steps.map((step) => `${step.kind} ${step.name}: ${step.action}`)).toEqual([
      'folder perf-otel: created',
      'datasource perf-otel Prometheus: created',
      'datasource perf-otel InfluxDB: created',
      ...names.map((name) => `dashboard ${name}: saved`),
    ]);
    expect([...grafana.dashboards.values()].map((entry) => [entry.folderUid, entry.version])).toEqual(names.map(() => ['perf-otel', 1]));
    expect([...grafana.datasources.values()].map((ds) => [ds.name, ds.type, ds.url, ds.access])).toEqual([
      ['perf-otel Prometheus', 'prometheus', 'http://prom:9090', 'proxy'],
      ['perf-otel InfluxDB', 'influxdb', 'http://influx:8086', 'proxy'],
    ]);
    const saves = grafana.requests.filter((request) => request.path === '/api/dashboards/db');
    expect(saves.every((request) => (request.body as { overwrite: boolean }).overwrite === true)).toBe(true);
  });

  it('is idempotent: a second push reuses the folder, updates datasources in place and overwrites dashboards', async () => {
    await pushToGrafana({ url: grafana.url, token: TOKEN });
    const firstIds = [...grafana.datasources.values()].map((ds) => ds.id);
    const steps = await pushToGrafana({ url: grafana.url, token: TOKEN });
    expect(steps.filter((step) => step.kind !== 'dashboard').map((step) => `${step.kind} ${step.name}: ${step.action}`)).toEqual([
      'folder perf-otel: exists',
      'datasource perf-otel Prometheus: updated',
      'datasource perf-otel InfluxDB: updated',
    ]);
    expect(grafana.folders.size).toBe(1);
    expect([...grafana.datasources.values()].map((ds) => ds.id)).toEqual(firstIds);
    expect(new Set([...grafana.dashboards.values()].map((entry) => entry.version))).toEqual(new Set([2]));
    expect(grafana.requests.filter((request) => request.method === 'POST' && request.path === '/api/folders')).toHaveLength(1);
  });

  it('leaves datasources alone when told to', async () => {
    await pushToGrafana({ url: grafana.url, token: TOKEN, datasources: false });
    expect(grafana.requests.some((request) => request.path.startsWith('/api/datasources'))).toBe(false);
  });

  it('names the call, the status and the fix on a bad token, without echoing the token', async () => {
    const push = pushToGrafana({ url: grafana.url, token: 'wrong-token' });
    await expect(push).rejects.toThrow(GrafanaApiError);
    await expect(pushToGrafana({ url: grafana.url, token: 'wrong-token' })).rejects.toThrow(
      'Grafana GET /api/folders/perf-otel answered 401: Invalid API key; check --token (a service account token of this Grafana)',
    );
  });
});

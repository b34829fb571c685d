import { ContractGrafana, startContractGrafana } from '../../dashboards/test/grafana-contract-server';
import { runCli } from './run-cli';

const TOKEN = 'glsa_cli_token';

describe('perf-otel grafana push against a recorded Grafana API contract (Grafana cannot run here)', () => {
  let grafana: ContractGrafana;
  beforeEach(async () => {
    grafana = await startContractGrafana(TOKEN);
  });
  afterEach(async () => {
    await grafana.close();
  });

  it('provisions folder, datasources and dashboards and prints one line per step, never the token', async () => {
    const run = await runCli(['grafana', 'push', '--url', grafana.url, '--token', TOKEN, '--prometheus-url', 'http://prom.internal:9090'], process.cwd());
    expect(run.code).toBe(0);
    const lines = run.out.trim().split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'folder "perf-otel": created',
      'datasource "perf-otel Prometheus": created (http://prom.internal:9090)',
      'datasource "perf-otel InfluxDB": created (http://influxdb:8086)',
    ]);
    expect(lines.slice(3)).toHaveLength(grafana.dashboards.size);
    expect(lines[3]).toBe('dashboard "perf-otel / Service overview": saved (version 1, /d/perf-otel-service-overview/slug)');
    expect(run.out + run.err).not.toContain(TOKEN);
  });

  it("exits 1 with Grafana's answer and the fix on a rejected token", async () => {
    const run = await runCli(['grafana', 'push', '--url', grafana.url, '--token', 'nope'], process.cwd());
    expect(run).toEqual({
      code: 1,
      out: '',
      err: 'perf-otel grafana push: Grafana GET /api/folders/perf-otel answered 401: Invalid API key; check --token (a service account token of this Grafana)\n',
    });
  });

  it('exits 2 naming the missing option', async () => {
    const saved = { url: process.env.GRAFANA_URL, token: process.env.GRAFANA_TOKEN };
    delete process.env.GRAFANA_URL;
    delete process.env.GRAFANA_TOKEN;
    try {
      const noUrl = await runCli(['grafana', 'push', '--token', TOKEN], process.cwd());
      expect(noUrl.code).toBe(2);
      expect(noUrl.err.split('\n')[0]).toBe('perf-otel grafana push: --url is required, e.g. --url https://grafana.example.com');
      const badUrl = await runCli(['grafana', 'push', '--url', 'grafana:3000', '--token', TOKEN], process.cwd());
      expect(badUrl.err.split('\n')[0]).toBe('perf-otel grafana push: --url must be http(s), e.g. --url https://grafana.example.com');
      const noToken = await runCli(['grafana', 'push', '--url', grafana.url], process.cwd());
      expect(noToken.err.split('\n')[0]).toBe(
        'perf-otel grafana push: --token is required (or $GRAFANA_TOKEN): a Grafana service account token with the Editor role',
      );
    } finally {
      if (saved.url !== undefined) process.env.GRAFANA_URL = saved.url;
      if (saved.token !== undefined) process.env.GRAFANA_TOKEN = saved.token;
    }
  });
});

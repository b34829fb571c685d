import { startPrometheus, type RunningPrometheus } from '../../harness';
import { runInstrumented, send, type InstrumentedApp } from '../support/run-app';

describe('a real Prometheus (Debian 2.42) scraping the SDK endpoint', () => {
  let app: InstrumentedApp;
  let prom: RunningPrometheus;
  beforeAll(async () => {
    app = await runInstrumented('express-app.js');
    prom = await startPrometheus({ scrapeTargets: [`127.0.0.1:${app.metricsPort}`] });
  });
  afterAll(async () => {
    await prom?.stop();
    await app?.stop();
  });

  it('stores Collector-style names and labels, with exact counts', async () => {
    for (let i = 0; i < 9; i++) expect(await send(app.port, `/api/items/${i}`)).toBe(200);
    const count = 'http_server_request_duration_seconds_count{http_route="/api/items/:id",http_request_method="GET",http_response_status_code="200"}';
    const samples = await prom.waitFor(count, (s) => s[0]?.value[1] === '9');
    expect(samples).toHaveLength(1);
    // Prometheus keeps our job/instance rather than its own target labels (honor_labels as the Collector path does).
    expect(samples[0].metric).toMatchObject({ __name__: 'http_server_request_duration_seconds_count', job: 'fixture-express-app', url_scheme: 'http' });
    expect(samples[0].metric.instance).toMatch(/^[0-9a-f-]{36}$/);

    // rate() needs two scrapes.
    await prom.waitFor(`count_over_time(${count}[1m])`, (s) => Number(s[0]?.value[1]) >= 2);
    const p95 = await prom.query(`histogram_quantile(0.95, sum by (le) (rate(http_server_request_duration_seconds_bucket{job="fixture-express-app"}[1m])))`);
    expect(p95).toHaveLength(1);

    for (const name of [
      'process_cpu_time_seconds_total',
      'nodejs_eventloop_utilization_ratio',
      'nodejs_eventloop_time_seconds_total',
      'v8js_memory_heap_used_bytes',
      'system_memory_usage_bytes',
      'system_filesystem_utilization_ratio',
      'system_disk_io_bytes_total',
      'http_server_active_requests',
    ]) {
      expect({ name, found: (await prom.query(name)).length > 0 }).toEqual({ name, found: true });
    }
  });
});

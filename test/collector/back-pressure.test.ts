// Back-pressure: a gateway given a small memory budget (OTELCOL_MEMORY_LIMIT_MIB + GOMEMLIMIT, as
// deploy/ sets them) is flooded by hundreds of simulated app instances (test/load/otlp-senders.mjs,
// which never retries) while a real app under the register keeps exporting. The Collector's RSS stays
// under the budget; what it refused is exactly what the senders were refused; what the stores lack is
// exactly what the Collector's own telemetry says it refused or dropped; the real app, whose SDK retries
// and whose data is cumulative, ends with exact counts.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pollUntil, removeTempDir, startInfluxDb, startPrometheus, type RunningCollector, type RunningInfluxDb, type RunningPrometheus } from '../harness';
import { loadDashboard } from '../dashboards/test/dashboard-files';
import { panelTargets, substituteVariables } from '../dashboards/test/panel-targets';
import { influxCounts, key, promCounts, waitForCounts } from './support/stores';
import { INFLUX_DB, get, startApp, startGateway, type App } from './support/tier';

const REPO_ROOT = join(__dirname, '../..');
const SENDERS = join(REPO_ROOT, 'test/load/otlp-senders.mjs');
/** The "container": what the Collector may use in all. memory_limiter's hard limit and GOMEMLIMIT sit well inside it. */
const BUDGET_MIB = 256;
const LIMIT_MIB = 128;
const FLOOD = { instances: 300, exports: 5, points: 300, concurrency: 96 };
const GENERATED = FLOOD.instances * FLOOD.exports * FLOOD.points;

interface SenderReport {
  requests: number;
  points: number;
  byStatus: Record<string, { requests: number; points: number }>;
}

/** kB → MiB of one line of /proc/<pid>/status (VmRSS now, VmHWM the peak). */
function procMemMiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`))!;
  return Number(line.split(/\s+/)[1]) / 1024;
}

/** Sum of an otelcol_* counter on the Collector's telemetry whose labels contain every `having`. */
async function selfMetric(collector: RunningCollector, name: string, having: string[] = []): Promise<number> {
  const text = await (await fetch(`http://${collector.telemetryTarget}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .filter((l) => having.every((h) => l.includes(h)))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}

describe(`flood past the memory limit (${FLOOD.instances} senders × ${FLOOD.exports} exports × ${FLOOD.points} points)`, () => {
  let prometheus: RunningPrometheus;
  /** Scrapes the gateway's own telemetry, as deploy/prometheus/prometheus.yml does: the Collector dashboard reads it. */
  let selfScrape: RunningPrometheus;
  let influx: RunningInfluxDb;
  let gateway: RunningCollector & { storageDir: string };
  let app: App;
  let report: SenderReport;
  let peakRssMiB = 0;
  let appRequests = 0;

  beforeAll(async () => {
    prometheus = await startPrometheus({ extraArgs: ['--web.enable-remote-write-receiver'] });
    influx = await startInfluxDb();
    await influx.query(`CREATE DATABASE ${INFLUX_DB}`);
    gateway = await startGateway(prometheus, influx, {
      OTELCOL_MEMORY_LIMIT_MIB: String(LIMIT_MIB),
      GOMEMLIMIT: `${LIMIT_MIB}MiB`,
      OTELCOL_MEMORY_CHECK_INTERVAL: '100ms',
      // Bigger batches, as a loaded gateway runs; the defaults' 5 s timeout would only slow the test.
      OTELCOL_BATCH_SIZE: '8192',
    });
    selfScrape = await startPrometheus({ scrapeTargets: [gateway.telemetryTarget] });
    await selfScrape.waitFor('otelcol_process_memory_rss');
    // The real app exports over gRPC, the flood over HTTP: the receiver's counters tell them apart by transport.
    app = await startApp('pressure-app', gateway.otlpGrpcEndpoint, { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' });
    appRequests += (await get(app.port, '/users/1', 5)).length;

    const sampler = setInterval(() => {
      peakRssMiB = Math.max(peakRssMiB, procMemMiB(gateway.pid, 'VmRSS'));
    }, 50);
    const flood = promisify(execFile)(
      process.execPath,
      [
        SENDERS,
        '--endpoint',
        gateway.otlpHttpEndpoint,
        '--service',
        'flood',
        '--shape',
        'counters',
        '--instances',
        String(FLOOD.instances),
        '--exports',
        String(FLOOD.exports),
        '--points',
        String(FLOOD.points),
        '--concurrency',
        String(FLOOD.concurrency),
      ],
      { maxBuffer: 1 << 20 },
    );
    // The app keeps serving (and exporting) during the flood.
    while (await Promise.race([flood.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 200))])) {
      appRequests += (await get(app.port, '/users/1', 1)).length;
    }
    report = JSON.parse((await flood).stdout) as SenderReport;
    clearInterval(sampler);
    peakRssMiB = Math.max(peakRssMiB, procMemMiB(gateway.pid, 'VmHWM'));
    console.log(
      `back-pressure: senders ${JSON.stringify(report.byStatus)} in ${(report as unknown as { seconds: number }).seconds.toFixed(1)} s; Collector peak RSS ${peakRssMiB.toFixed(0)} MiB (limit_mib ${LIMIT_MIB}, budget ${BUDGET_MIB})`,
    );
  }, 300000);

  afterAll(async () => {
    await app?.app.stop();
    await gateway?.stop();
    if (gateway) await removeTempDir(gateway.storageDir);
    await prometheus?.stop();
    await selfScrape?.stop();
    await influx?.stop();
  });

  it('the flood went past the limit: memory_limiter refused some of it with a retryable 503, and RSS stayed inside the budget', async () => {
    expect(report.points).toBe(GENERATED);
    expect(Object.keys(report.byStatus).sort()).toEqual(['200', '503']);
    expect(await selfMetric(gateway, 'otelcol_processor_memory_limiter_refused_metric_points')).toBeGreaterThan(0);
    expect(peakRssMiB).toBeLessThan(BUDGET_MIB);
  });

  it('the Collector dashboard shows it: every panel has data; refusals and queue capacity are above zero', async () => {
    const targets = panelTargets('collector.json', loadDashboard('collector.json'));
    const panels = [...new Set(targets.map((t) => t.panel))];
    const evaluate = () =>
      Promise.all(
        targets.map(async (t) => {
          const samples = await selfScrape.query(substituteVariables(t.query, { __rate_interval: '1m' }));
          return {
            panel: t.panel,
            query: t.query,
            withData: samples.some((s) => Number.isFinite(Number(s.value[1]))),
            positive: samples.some((s) => Number(s.value[1]) > 0),
          };
        }),
      );
    let results = await evaluate();
    let panelsWithoutData: string[] = [];
    // Some gauges (the WAL's lag) are first reported by the Collector a while after the flood: scrape on until each panel has data.
    await pollUntil(
      'every Collector panel to have data',
      async () => {
        results = await evaluate();
        panelsWithoutData = panels.filter((p) => !results.some((r) => r.panel === p && r.withData));
        return panelsWithoutData.length === 0 ? true : undefined;
      },
      60000,
    ).catch(() => undefined);
    expect(panelsWithoutData).toEqual([]);
    for (const needed of [
      'otelcol_receiver_refused_metric_points',
      'otelcol_processor_memory_limiter_refused_metric_points',
      'otelcol_exporter_queue_capacity',
    ]) {
      expect({ needed, positive: results.some((r) => r.query.includes(needed) && r.positive) }).toEqual({ needed, positive: true });
    }
  });

  it('the Collector counts exactly what the senders were told: accepted = 200s, refused = 503s', async () => {
    const http = ['transport="http"'];
    expect(await selfMetric(gateway, 'otelcol_receiver_accepted_metric_points', http)).toBe(report.byStatus['200'].points);
    expect(await selfMetric(gateway, 'otelcol_receiver_refused_metric_points', http)).toBe(report.byStatus['503'].points);
  });

  it('what each store lacks is exactly what the Collector reports refused or dropped on the way to it', async () => {
    const refused = report.byStatus['503'].points;
    const dropped = async (exporter: string) =>
      (await selfMetric(gateway, 'otelcol_exporter_send_failed_metric_points', [`exporter="${exporter}"`])) +
      (await selfMetric(gateway, 'otelcol_exporter_enqueue_failed_metric_points', [`exporter="${exporter}"`])) +
      (await selfMetric(gateway, 'otelcol_exporter_prometheusremotewrite_wal_send_failed_samples'));
    const inPrometheus = async () => Number((await prometheus.query('sum(count_over_time(flood_points_total{job="flood"}[1h]))'))[0]?.value[1] ?? 0);
    // counter > 0 leaves out each series' zero point at its start, which the exporter adds for the trends.
    const inInflux = async () =>
      Number(
        (await influx.query(`SELECT count("counter") FROM "flood.points" WHERE "service.name" = 'flood' AND "counter" > 0`, INFLUX_DB)).results[0].series?.[0]
          ?.values[0][1] ?? 0,
      );
    const expectedProm = { stored: GENERATED - refused - (await dropped('prometheus_remote_write')) };
    await waitForCounts('flood samples in Prometheus', async () => ({ stored: await inPrometheus() }), expectedProm);
    const expectedInflux = { stored: GENERATED - refused - (await dropped('influxdb')) };
    await waitForCounts('flood points in InfluxDB', async () => ({ stored: await inInflux() }), expectedInflux);
    console.log(`back-pressure: generated ${GENERATED}, refused ${refused}, Prometheus ${expectedProm.stored}, InfluxDB ${expectedInflux.stored}`);
  });

  it('the real app, whose SDK retries, ends with exact counts in both stores', async () => {
    const expected = { [key(['200'])]: appRequests };
    await waitForCounts(
      'app requests in Prometheus',
      () => promCounts(prometheus, 'http_server_request_duration_seconds_count{job="pressure-app"}', ['http_response_status_code']),
      expected,
    );
    await waitForCounts(
      'app requests in InfluxDB',
      () => influxCounts(influx, INFLUX_DB, 'http.server.request.duration', 'count', ['http.response.status_code'], `"service.name" = 'pressure-app'`),
      expected,
    );
  });
});

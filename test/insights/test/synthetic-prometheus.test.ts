// The analyses against a real Prometheus holding two days of data of known shape (support/synthetic-data.ts):
// shop's /api/checkout doubles from 50 ms to 100 ms in version 2.0.0 and its heap leaks 40 MiB over
// two days; /api/hot is fast but hot, /api/report slow and rare; calm is a healthy service.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PrometheusClient,
  PrometheusSource,
  runInsights,
  ScrapeSource,
  type CompareResult,
  type InsightsResult,
  type SloReportResult,
  type TrendsResult,
} from '@org/perf-otel-insights';
import { alignSeries, pearson } from '../../../packages/insights/src/stats/pearson';
import { freePort, startChildApp } from '../../harness';
import { runCli, runJson } from '../support/cli';
import { startPrometheusWithData, type PrometheusWithData } from '../support/prometheus-with-data';
import { buildDataset, LEAK_BYTES_OVER_SPAN, N_PLUS_ONE_QUERIES, SPAN_SECONDS } from '../support/synthetic-data';

let prometheus: PrometheusWithData;
let switchAt: number;
let openMetrics: string;
let dataEnd: number;
const common = () => ['--prometheus', prometheus.url, '--scrape-interval', '60s'];
const alarms = (result: InsightsResult) => result.findings.filter((f) => f.severity !== 'info').map((f) => f.title);
const isoMinute = (unix: number) => new Date(unix * 1000).toISOString().slice(0, 16) + 'Z';

beforeAll(async () => {
  const dataset = buildDataset(Date.now() / 1000 - 120);
  switchAt = dataset.switchAt;
  openMetrics = dataset.text;
  dataEnd = dataset.end;
  prometheus = await startPrometheusWithData(dataset.text);
}, 240000);

afterAll(async () => {
  await prometheus?.stop();
});

describe('compare', () => {
  test('flags /api/checkout as a +100% regression between versions 1.0.0 and 2.0.0, and /api/hot as unchanged', async () => {
    const result = await runJson<CompareResult>([
      'compare',
      '--service',
      'shop',
      '--version-before',
      '1.0.0',
      '--version-after',
      '2.0.0',
      '--range',
      '2d',
      ...common(),
    ]);
    const checkout = result.items.find((i) => i.subject === 'GET /api/checkout');
    expect(checkout?.verdict).toBe('regression');
    expect(checkout?.before).toBeCloseTo(0.05, 2);
    expect(checkout?.after).toBeCloseTo(0.1, 2);
    expect(checkout?.relativeChange).toBeGreaterThan(0.95);
    expect(checkout?.relativeChange).toBeLessThan(1.05);
    expect(checkout?.pValue).toBeLessThan(0.001);
    expect(result.items.find((i) => i.subject === 'GET /api/hot')?.verdict).toBe('no significant change');
    expect(result.verdict).toBe('regression');
  });

  test('two time windows around the deploy give the same verdict, and the table says it', async () => {
    const before = `${isoMinute(switchAt - 3 * 3600)}/${isoMinute(switchAt - 3600)}`;
    const after = `${isoMinute(switchAt + 3600)}/${isoMinute(switchAt + 3 * 3600)}`;
    const run = await runCli(['compare', '--service', 'shop', '--before', before, '--after', after, ...common()], process.cwd());
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^Verdict: regression \(GET \/api\/checkout mean latency \+(9\d|10\d)\.\d%/m);
    expect(run.out).toMatch(/^GET \/api\/checkout\s+mean latency\s+50 ms\s+100 ms\s+\+\d+\.\d%\s+<0\.001\s+regression$/m);
  });
});

describe('report formats', () => {
  test('compare as HTML draws before/after bars; as Markdown it is a table with the verdict in bold', async () => {
    const args = ['compare', '--service', 'shop', '--version-before', '1.0.0', '--version-after', '2.0.0', '--range', '2d', ...common()];
    const html = await runCli([...args, '--html'], process.cwd());
    expect(html.out).toContain('aria-label="Mean latency before and after"');
    expect(html.out.match(/<rect /g)).toHaveLength(6); // three endpoints × before, after
    const markdown = await runCli([...args, '--markdown'], process.cwd());
    expect(markdown.out).toMatch(/^\*\*Verdict: regression \(GET \/api\/checkout mean latency \+\d+\.\d%/m);
    expect(markdown.out).toMatch(/^\| GET \/api\/checkout \| mean latency \| 50 ms \| 100 ms \| \+\d+\.\d% \| <0\.001 \| regression \|$/m);
  });

  test('trends as HTML charts each regression over time', async () => {
    const html = await runCli(['trends', '--service', 'shop', '--range', '2d', '--html', ...common()], process.cwd());
    expect(html.out).toContain('aria-label="GET /api/checkout: mean latency (regression)"');
    expect(html.out).toContain('aria-label="memory: heap used (floor) (regression)"');
  });

  test('two formats at once is a usage error', async () => {
    const run = await runCli(['insights', '--json', '--html', ...common()], process.cwd());
    expect(run.code).toBe(2);
    expect(run.err.split('\n')[0]).toBe('perf-otel insights: choose one output format, not --json and --html');
  });
});

describe('trends', () => {
  test('see the checkout step as a significant regression of about +100% and the heap rising; hot stays flat', async () => {
    const result = await runJson<TrendsResult>(['trends', '--service', 'shop', '--range', '2d', ...common()]);
    const checkout = result.items.find((i) => i.subject === 'GET /api/checkout');
    expect(checkout?.verdict).toBe('regression');
    expect(checkout?.relativeChange).toBeGreaterThan(0.8);
    expect(checkout?.relativeChange).toBeLessThan(1.2);
    expect(result.items.find((i) => i.subject === 'GET /api/hot')?.verdict).toBe('no significant change');
    expect(result.items.find((i) => i.subject === 'memory' && i.measure === 'heap used (floor)')?.verdict).toBe('regression');
  });
});

describe('insights', () => {
  test('flag the steadily growing heap of shop-1 as a leak with its slope', async () => {
    const result = await runJson<InsightsResult>(['insights', '--service', 'shop', '--range', '1d', ...common()]);
    const leak = result.findings.find((f) => f.category === 'memory-leak');
    expect(leak?.subject).toBe('shop on web-1');
    expect(leak?.title).toMatch(/^Heap of shop on web-1 grows steadily by 0\.8 MiB\/h after \d+ major GCs at a steady request rate/);
    expect(leak?.severity).toBe('critical');
    const slope = leak?.evidence.find((e) => e.label === 'heap floor slope')?.value ?? 0;
    const expected = LEAK_BYTES_OVER_SPAN / (SPAN_SECONDS / 3600);
    expect(slope / expected).toBeGreaterThan(0.9);
    expect(slope / expected).toBeLessThan(1.1);
    expect(leak?.evidence[0].query).toBe('sum by (instance, job, host_name, service_version) (min_over_time(v8js_memory_heap_used_bytes{job="shop"}[48m]))');
    // "% full" against V8's real heap_size_limit (4144 MiB), not the spaces' current size (95% used).
    const full = leak?.evidence.find((e) => e.label === 'heap floor / heap size limit')?.value ?? 0;
    expect(full).toBeGreaterThan(0.02);
    expect(full).toBeLessThan(0.03);
  });

  test("rank the fast-but-hot endpoint above the slow rare one by impact, and flag the slow one's p95 and its 5xx", async () => {
    const result = await runJson<InsightsResult>(['insights', '--service', 'shop', '--range', '1h', ...common()]);
    expect(result.endpoints.map((e) => e.endpoint)).toEqual(['GET /api/hot', 'GET /api/checkout', 'GET /api/report']);
    const [hot, , report] = result.endpoints;
    expect(hot.impact).toBeGreaterThan(0.85); // 50 req/s × 20 ms = 1.0 s/s (±20% rate noise)
    expect(hot.impact).toBeLessThan(1.15);
    expect(report.impact).toBeGreaterThan(0.15); // 0.1 req/s × 2 s = 0.2 s/s
    expect(report.impact).toBeLessThan(0.25);
    expect(result.findings.find((f) => f.category === 'endpoint-impact')?.subject).toBe('GET /api/hot');
    expect(alarms(result)).toEqual([
      expect.stringMatching(/^GET \/api\/report: p95 latency \d+ ms is above 500 ms$/),
      expect.stringMatching(/^GET \/api\/checkout: (19|20|21)\.\d% of requests fail with 5xx$/),
      'GET /api/report: 10.0% of requests fail with 5xx',
    ]);
  });

  test('see latency rising with pool waits in the queue service (Pearson r over aligned series)', async () => {
    const result = await runJson<InsightsResult>(['insights', '--service', 'queue', '--range', '1h', ...common()]);
    const correlation = result.findings.find((f) => f.id === 'correlation:pool-wait');
    expect(correlation?.title).toMatch(/^Latency rises with connection pool wait time \(r = (0\.9\d|1\.00) over \d+ points\)$/);
    expect(correlation?.evidence[0].query).toContain('db_client_connection_wait_time_seconds_sum{job="queue"}');
    expect(result.findings.filter((f) => f.id === 'correlation:pool-wait')).toHaveLength(1);
    expect(result.findings.find((f) => f.category === 'correlation' && f.id !== 'correlation:pool-wait')).toBeUndefined();
  });

  test('without --service, endpoints of different services stay apart, named by their job', async () => {
    const result = await runJson<InsightsResult>(['insights', ...common()]);
    expect(result.endpoints.map((e) => e.endpoint).sort()).toEqual([
      'calm: GET /api/items',
      'calm: POST /api/items',
      'fresh: GET /api/status',
      'orders: GET /api/orders',
      'orders: POST /api/pay',
      'queue: GET /api/jobs',
      'shop: GET /api/checkout',
      'shop: GET /api/hot',
      'shop: GET /api/report',
    ]);
  });

  test('find nothing alarming in the healthy service over an hour or a day', async () => {
    for (const range of ['1h', '1d']) {
      const result = await runJson<InsightsResult>(['insights', '--service', 'calm', '--range', range, ...common()]);
      expect(result.endpoints).toHaveLength(2);
      expect(alarms(result)).toEqual([]);
    }
    const run = await runCli(['insights', '--service', 'calm', '--fail-on-alarm', ...common()], process.cwd());
    expect(run.out).toContain('No alarms: nothing crossed a threshold');
    expect(run.code).toBe(0);
    expect((await runCli(['insights', '--service', 'shop', '--fail-on-alarm', ...common()], process.cwd())).code).toBe(1);
  });

  test('--html writes one self-contained file with the latency-percentile and impact charts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'insights-html-'));
    try {
      const run = await runCli(['insights', '--service', 'shop', '--html', '-o', 'report.html', ...common()], dir);
      expect(run.err).toContain(`wrote ${join(dir, 'report.html')}`);
      const html = (await import('node:fs')).readFileSync(join(dir, 'report.html'), 'utf8');
      expect(html.match(/<svg /g)).toHaveLength(2);
      expect(html).toContain('Latency percentiles over time');
      expect(html).toContain('GET /api/report');
      expect(html).not.toMatch(/<script|<link|src="http|href="http/); // nothing fetched when opened
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the healthy service elsewhere', () => {
  test('trends and compare call nothing a regression', async () => {
    const trends = await runJson<TrendsResult>(['trends', '--service', 'calm', '--range', '2d', ...common()]);
    expect(trends.items.filter((i) => i.verdict !== 'no significant change')).toEqual([]);
    const before = `${isoMinute(switchAt - 3 * 3600)}/${isoMinute(switchAt - 3600)}`;
    const after = `${isoMinute(switchAt + 3600)}/${isoMinute(switchAt + 3 * 3600)}`;
    const compare = await runJson<CompareResult>(['compare', '--service', 'calm', '--before', before, '--after', after, ...common()]);
    expect(compare.verdict).toBe('no significant change');
  });
});

describe('planted problems are found with the right subject; their healthy twins raise nothing', () => {
  const insights = (service: string, range: string) => runJson<InsightsResult>(['insights', '--service', service, '--range', range, ...common()]);
  const byCategory = (result: InsightsResult, category: string) => result.findings.filter((f) => f.category === category);

  test("N+1: orders' GET /api/orders runs 30 queries per request, named by endpoint and statement; calm's 2 per request is no finding", async () => {
    const orders = await insights('orders', '1h');
    const finding = orders.findings.find((f) => f.id.startsWith('n-plus-one:'));
    expect(finding?.subject).toBe('GET /api/orders');
    expect(finding?.title).toBe(
      `GET /api/orders: ${N_PLUS_ONE_QUERIES} database operations per request (N+1 queries?), mostly SELECT orders (${N_PLUS_ONE_QUERIES} per request)`,
    );
    expect(finding?.evidence[0].query).toBe(
      '(sum by (http_request_method, http_route) (rate(perf_otel_http_server_db_operations_sum{job="orders"}[1h]))) / (sum by (http_request_method, http_route) (rate(perf_otel_http_server_db_operations_count{job="orders"}[1h])))',
    );
    expect(orders.findings.filter((f) => f.id.startsWith('n-plus-one:'))).toHaveLength(1);
    const calm = await insights('calm', '1h');
    expect(calm.findings.filter((f) => f.id.startsWith('n-plus-one:'))).toEqual([]);
  });

  test('error bursts: POST /api/pay failing half its requests ten minutes an hour; the advice does not call error_type an exception class', async () => {
    const orders = await insights('orders', '1h');
    const errors = byCategory(orders, 'errors');
    expect(errors.map((f) => f.subject)).toEqual(['POST /api/pay']);
    expect(errors[0].title).toMatch(/^POST \/api\/pay: \d\.\d% of requests fail with 5xx$/);
    expect(errors[0].actions[0]).toContain('error_type label holds the status code (e.g. 500)');
    expect(errors[0].actions.join(' ')).not.toContain('exception class');
    expect(byCategory(await insights('calm', '1h'), 'errors')).toEqual([]);
  });

  test('slow statements: SELECT pg_sleep(1) (summary "SELECT") is named by its summary, with no index advice; the table advice names a real table', async () => {
    const orders = await insights('orders', '1h');
    const slowStatement = orders.findings.find((f) => f.id === 'database:slow-statement:SELECT');
    expect(slowStatement?.title).toMatch(/^Slow statement SELECT: \d{4} run\(s\) over the slow-query threshold in this window$/);
    const slowOperation = orders.findings.find((f) => f.id === 'database:SELECT (no table)');
    expect(slowOperation?.title).toMatch(/^DB SELECT \(no table\): p95 \d+ ms, mean 1000 ms$/);
    expect(slowOperation?.actions[0]).toMatch(/^It reads no table, so no index helps/);
    // pg_sleep takes most DB time, but has no table: the table advice goes to orders.
    const tables = orders.findings.filter((f) => f.id.startsWith('database:table:'));
    expect(tables.map((f) => f.subject)).toEqual(['orders']);
    const calm = await insights('calm', '1h');
    expect(calm.findings.filter((f) => f.category === 'database' && f.severity !== 'info')).toEqual([]);
  });

  test("pool exhaustion: orders' pool times out; calm's pool is no finding", async () => {
    const orders = await insights('orders', '1h');
    const pool = byCategory(orders, 'pool');
    expect(pool.map((f) => [f.subject, f.severity])).toEqual([['main', 'critical']]);
    // One timeout a minute; the window ends now, a few minutes after the data.
    expect(pool[0].title).toMatch(/^Pool main: [3-6]\d requests timed out waiting for a connection$/);
    expect(byCategory(await insights('calm', '1h'), 'pool')).toEqual([]);
  });

  test("leak twins: a heap following a 10× load ramp (orders) and one rising before any major GC (fresh) are no leak; shop's is", async () => {
    for (const service of ['orders', 'fresh']) expect(byCategory(await insights(service, '1d'), 'memory-leak')).toEqual([]);
    expect(byCategory(await insights('shop', '1d'), 'memory-leak').map((f) => f.subject)).toEqual(['shop on web-1']);
  });

  test('heap "% full" uses V8\'s heap size limit: queue at 93% of its 48 MiB limit fires; calm, 95% of its spaces\' current size, does not', async () => {
    const queue = byCategory(await insights('queue', '1h'), 'runtime');
    expect(queue.map((f) => f.title)).toEqual(['Heap of queue on worker-1 reached 93% of its size limit']);
    expect(queue[0].evidence[0].query).toBe(
      '(sum by (instance, job, host_name) (max_over_time(v8js_memory_heap_used_bytes{job="queue"}[1h]))) / ' +
        '(max by (instance, job, host_name) (max_over_time(perf_otel_v8js_memory_heap_size_limit_bytes{job="queue"}[1h])))',
    );
    const calm = await insights('calm', '1h');
    expect(calm.findings.filter((f) => f.category === 'runtime')).toEqual([]);
  });

  test("correlation twin: calm's latency follows its 0.5 ms pool wait closely (r ≥ 0.7), too small to matter: no finding", async () => {
    const client = new PrometheusClient(prometheus.url);
    const mean = (metric: string) => `sum(rate(${metric}_sum{job="calm"}[4m])) / sum(rate(${metric}_count{job="calm"}[4m]))`;
    const [[latency], [wait]] = await Promise.all(
      [mean('http_server_request_duration_seconds'), mean('db_client_connection_wait_time_seconds')].map((q) => client.range(q, dataEnd - 3600, dataEnd, 60)),
    );
    const r = pearson(...alignSeries(latency.points, wait.points));
    expect(r).toBeGreaterThan(0.7);
    const calm = await insights('calm', '1h');
    expect(byCategory(calm, 'correlation')).toEqual([]);
  });
});

describe('compare and trends: errors and throughput, magnitude floors, ordering by size', () => {
  const versions = ['--version-before', '1.0.0', '--version-after', '2.0.0', '--range', '2d'];

  test("compare shows checkout's 0 → 20% 5xx and the service's throughput; items run biggest change first", async () => {
    const result = await runJson<CompareResult>(['compare', '--service', 'shop', ...versions, ...common()]);
    const errors = result.items.find((i) => i.subject === 'GET /api/checkout' && i.measure === '5xx ratio');
    expect(errors?.before).toBe(0);
    expect(errors?.after).toBeCloseTo(0.2, 2);
    expect(errors?.changeIn).toBe('points');
    expect(errors?.verdict).toBe('regression');
    const throughput = result.items.find((i) => i.subject === 'all requests' && i.measure === 'throughput');
    expect(throughput?.before).toBeGreaterThan(50);
    expect(throughput?.verdict).toBe('no significant change');
    expect(result.items.find((i) => i.subject === 'all requests' && i.measure === '5xx ratio')?.verdict).toBe('regression');
    expect([result.items[0].subject, result.items[0].measure]).toEqual(['GET /api/checkout', 'mean latency']);
    const run = await runCli(['compare', '--service', 'shop', ...versions, ...common()], process.cwd());
    expect(run.out).toMatch(/^GET \/api\/checkout\s+5xx ratio\s+0\.0%\s+(19|20|21)\.\d%\s+\+(19|20|21)\.\d pts\s+<0\.001\s+regression$/m);
    expect(run.out).toMatch(/^all requests\s+throughput\s+/m);
  });

  test('calm: a contention-sized +0.5 ms step is significant but below the floor, so neither compare nor trends call it a regression', async () => {
    const before = `${isoMinute(switchAt - 3 * 3600)}/${isoMinute(switchAt - 3600)}`;
    const after = `${isoMinute(switchAt + 3600)}/${isoMinute(switchAt + 3 * 3600)}`;
    const compare = await runJson<CompareResult>(['compare', '--service', 'calm', '--before', before, '--after', after, ...common()]);
    const items = compare.items.find((i) => i.subject === 'GET /api/items' && i.measure === 'mean latency');
    expect(items?.absoluteChange).toBeGreaterThan(0.0003);
    expect(items?.absoluteChange).toBeLessThan(0.0007);
    expect(items?.pValue).toBeLessThan(0.05);
    expect(items?.verdict).toBe('no significant change');
    const trends = await runJson<TrendsResult>(['trends', '--service', 'calm', '--range', '2d', ...common()]);
    const trend = trends.items.find((i) => i.subject === 'GET /api/items' && i.measure === 'mean latency');
    expect(trend?.pValue).toBeLessThan(0.05);
    expect(trend?.verdict).toBe('no significant change');
  });

  test("trends: orders' throughput ramp is a load change, not a regression; no fall below −100%", async () => {
    const trends = await runJson<TrendsResult>(['trends', '--service', 'orders', '--range', '2d', ...common()]);
    const throughput = trends.items.find((i) => i.measure === 'throughput');
    expect(throughput?.verdict).toBe('changed');
    expect(throughput?.absoluteChange).toBeGreaterThan(150);
    for (const item of trends.items) {
      expect(Number.isFinite(item.absoluteChange)).toBe(true);
      if (item.relativeChange !== null) expect(item.relativeChange).toBeGreaterThanOrEqual(-1);
    }
  });

  test('trends refuses a range too short for a trend', async () => {
    const run = await runCli(['trends', '--range', '10m', ...common()], process.cwd());
    expect(run.code).toBe(2);
    expect(run.err.split('\n')[0]).toBe(
      'perf-otel trends: --range 10m is too short for a trend (at least 1h); use e.g. --range 7d, or compare two windows with perf-otel compare',
    );
  });
});

describe('slo report', () => {
  test("reports compliance and budget per objective: calm meets its SLOs, shop's report latency is breached", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'insights-slo-'));
    try {
      await writeFile(
        join(dir, 'calm.yaml'),
        'service: calm\nwindow: 1d\nobjectives:\n  - name: availability\n    type: availability\n    objective: 99.9\n  - name: latency\n    type: latency\n    objective: 99\n    threshold: 250ms\n',
      );
      await writeFile(
        join(dir, 'shop.yaml'),
        'service: shop\nwindow: 1d\nobjectives:\n  - name: report-latency\n    type: latency\n    objective: 95\n    threshold: 500ms\n    routes: ["/api/report"]\n',
      );
      const result = await runJson<SloReportResult>(['slo', 'report', '.', ...common()], dir);
      const summary = result.items.map((i) => [i.service, i.objective, i.status, Number(i.compliance.toFixed(2))]);
      expect(summary).toEqual([
        ['calm', 'availability', 'met', 100],
        ['calm', 'latency', 'met', 100],
        ['shop', 'report-latency', 'breached', 0],
      ]);
      expect(result.items[0].budgetRemaining).toBe(1);
      expect(result.items[2].budgetRemaining).toBeCloseTo(1 - 1 / 0.05, 5);
      const failing = await runCli(['slo', 'report', '.', '--fail-on-breach', ...common()], dir);
      expect(failing.code).toBe(1);
      expect(failing.out).toContain('1 objective(s) breached: shop/report-latency');
      const html = await runCli(['slo', 'report', '.', '--html', ...common()], dir);
      expect(html.out).toContain('aria-label="Error budget left"');
      expect(html.out).toMatch(/>calm\/availability<\/text><rect [^>]*\/><text [^>]*>100\.0%<\/text>/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('an invalid SLO file is named with its line and the fix, exit 1, before Prometheus is asked', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'insights-slo-bad-'));
    try {
      await writeFile(join(dir, 'bad.yaml'), 'service: calm\nwindow: 30x\nobjectives:\n  - name: availability\n    type: availability\n    objective: 99.9\n');
      const run = await runCli(['slo', 'report', 'bad.yaml', '--prometheus', 'http://127.0.0.1:1'], dir);
      expect(run.code).toBe(1);
      expect(run.err).toBe('bad.yaml:2:9: window 30x is not a whole number of days or weeks of at least 1d; fix: write e.g. window: 30d\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('bad input', () => {
  test('an unreachable Prometheus is one line naming the URL and the fix', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const run = await runCli(['insights', '--prometheus', closed], process.cwd());
    expect(run.code).toBe(1);
    expect(run.err.split('\n').filter((l) => !l.startsWith('…'))).toEqual([
      `perf-otel insights: cannot reach Prometheus at ${closed} (ECONNREFUSED); start it, or pass --prometheus URL or set PERF_OTEL_PROMETHEUS_URL`,
      '',
    ]);
  });

  test('an unknown --service says which services do have requests', async () => {
    const run = await runCli(['insights', '--service', 'shopp', ...common()], process.cwd());
    expect(run.code).toBe(0);
    expect(run.out).toContain('No HTTP requests of shopp in this window; services with requests: calm, fresh, orders, queue, shop.');
  });

  test('a bad range or window says how to write it', async () => {
    const range = await runCli(['trends', '--range', 'week'], process.cwd());
    expect(range.code).toBe(2);
    expect(range.err.split('\n')[0]).toBe('perf-otel trends: --range "week" is not a duration; write e.g. 30m, 1h, 7d');
    const window = await runCli(
      ['compare', '--before', '2026-11-20T11:00Z/2026-11-20T10:00Z', '--after', '2026-11-20T12:00Z/2026-11-20T13:00Z'],
      process.cwd(),
    );
    expect(window.err.split('\n')[0]).toBe(
      'perf-otel compare: --before "2026-11-20T11:00Z/2026-11-20T10:00Z" ends before it starts; put the earlier time first',
    );
  });
});

describe('serve', () => {
  const CLI = join(__dirname, '../../../packages/cli/dist/bin.js');
  const serveArgs = async (extra: string[]) => {
    const port = await freePort();
    const app = await startChildApp({ script: CLI, args: ['serve', '--port', String(port), ...common(), ...extra], waitForLine: 'listening on' });
    return { app, base: `http://127.0.0.1:${port}/api/v1` };
  };

  test('answers the compare and SLO APIs, describes itself in OpenAPI and rejects bad parameters', async () => {
    const sloDir = await mkdtemp(join(tmpdir(), 'insights-serve-slo-'));
    await writeFile(join(sloDir, 'calm.yaml'), 'service: calm\nwindow: 1d\nobjectives:\n  - name: availability\n    type: availability\n    objective: 99.9\n');
    const { app, base } = await serveArgs(['--slo', sloDir]);
    try {
      const slo = (await (await fetch(`${base}/slo`)).json()) as SloReportResult;
      expect(slo.items.map((i) => [i.service, i.objective, i.status])).toEqual([['calm', 'availability', 'met']]);
      const compare = await fetch(`${base}/compare?service=shop&version_before=1.0.0&version_after=2.0.0&range=2d`);
      expect(compare.status).toBe(200);
      const result = (await compare.json()) as CompareResult;
      expect(result.items.find((i) => i.subject === 'GET /api/checkout')?.verdict).toBe('regression');
      const openapi = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(openapi.paths)).toEqual(['/api/v1/insights', '/api/v1/trends', '/api/v1/compare', '/api/v1/slo', '/api/v1/openapi.json']);
      const bad = await fetch(`${base}/trends?range=forever`);
      expect(bad.status).toBe(400);
      expect(await bad.json()).toEqual({ error: 'range "forever" is not a duration; write e.g. 30m, 1h, 7d' });
    } finally {
      await app.stop();
      await rm(sloDir, { recursive: true, force: true });
    }
  });

  test('bound beyond loopback it needs a token, and then requires it as a bearer', async () => {
    const refused = await runCli(['serve', '--host', '0.0.0.0', ...common()], process.cwd());
    expect(refused.code).toBe(2);
    expect(refused.err.split('\n')[0]).toBe(
      'perf-otel serve: --host 0.0.0.0 exposes the API beyond this machine: set a bearer token with --token or PERF_OTEL_SERVE_TOKEN',
    );
    const { app, base } = await serveArgs(['--host', '0.0.0.0', '--token', 's3cret']);
    try {
      expect((await fetch(`${base}/insights?service=calm`)).status).toBe(401);
      const ok = await fetch(`${base}/insights?service=calm`, { headers: { authorization: 'Bearer s3cret' } });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as InsightsResult).endpoints.map((e) => e.endpoint)).toEqual(['GET /api/items', 'POST /api/items']);
    } finally {
      await app.stop();
    }
  });
});

describe('the in-memory evaluator the demo uses', () => {
  test('gives the same endpoint statistics as Prometheus on the same samples', async () => {
    // The last hour of the dataset replayed as /metrics scrapes, one per timestamp.
    const scrapes = new Map<number, string[]>();
    for (const line of openMetrics.split('\n')) {
      const t = Number(line.slice(line.lastIndexOf(' ') + 1));
      if (!(t >= dataEnd - 3900)) continue;
      scrapes.set(t, [...(scrapes.get(t) ?? []), line.slice(0, line.lastIndexOf(' '))]);
    }
    const local = new ScrapeSource('synthetic');
    for (const [t, lines] of [...scrapes.entries()].sort((a, b) => a[0] - b[0])) local.store.addScrape(lines.join('\n'), t);
    const options = { service: 'shop', windowSeconds: 3600, end: dataEnd, scrapeIntervalSeconds: 60 };
    const [fromScrapes, fromPrometheus] = await Promise.all([
      runInsights(local, options),
      runInsights(new PrometheusSource(new PrometheusClient(prometheus.url)), options),
    ]);
    expect(fromScrapes.endpoints.map((e) => e.endpoint)).toEqual(fromPrometheus.endpoints.map((e) => e.endpoint));
    fromScrapes.endpoints.forEach((e, i) => {
      const p = fromPrometheus.endpoints[i];
      expect(e.meanSeconds / p.meanSeconds).toBeCloseTo(1, 2);
      expect(e.p95Seconds / p.p95Seconds).toBeCloseTo(1, 2);
      expect(e.errorRatio).toBeCloseTo(p.errorRatio, 3);
      // Prometheus extrapolates rate() to the window's edges; the evaluator does not.
      expect(Math.abs(e.rate / p.rate - 1)).toBeLessThan(0.05);
    });
    expect(fromScrapes.findings.map((f) => f.id)).toEqual(fromPrometheus.findings.map((f) => f.id));
  });
});

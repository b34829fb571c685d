// The HTML reports as a user sees them: laid out by headless Chromium, every chart element inside its
// SVG and every chart inside the page, no horizontal scrolling, y ticks at 1/2/5 × 10^n, a ten-minute
// hole in the data drawn as a hole, and the PromQL under each finding folded away until asked for.
// The insights report comes from the real analyses over /metrics-style scrapes (the demo's path).
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compareDocument, insightsDocument, renderHtml, runInsights, ScrapeSource, type CompareResult, type InsightsResult } from '@org/perf-otel-insights';
import { renderHtmlReport, type RunResult, type StageResult } from '@org/perf-otel-loadtest';
import { makeTempDir, removeTempDir } from '../../harness';
import { CHROMIUM_BIN, measureLayout, screenshot, type Layout } from '../support/headless-chromium';
import { HTTP_DURATION_BOUNDARIES, Sampler } from '../support/histogram-sampler';

const STEP = 15;
const HOUR = 3600;
/** No scrape answered for these ten minutes (the service was down). */
const GAP = [1500, 2100];
const LONG_ROUTE = '/api/v1/organisations/:organisationId/projects/:projectId/reports/monthly';

/** One hour of a service with a slow endpoint, 5xx and a long route, scraped every 15 s, with a hole. */
function scrapes(end: number): Map<number, string> {
  const sampler = new Sampler();
  const start = end - HOUR;
  for (let t = start; t <= end; t += STEP) {
    if (t - start >= GAP[0] && t - start < GAP[1]) continue;
    const resource = { job: 'shop', instance: 'a1', host_name: 'web-1', service_version: '1.0.0' };
    for (const [route, rate, mean, errors] of [
      ['/api/hot', 40, 0.02, 0],
      ['/api/report', 0.5, 1.2, 0.2],
      [LONG_ROUTE, 2, 0.3, 0],
    ] as const) {
      const labels = { ...resource, http_request_method: 'GET', http_route: route };
      const requests = rate * STEP;
      sampler.histogram(
        'http_server_request_duration_seconds',
        { ...labels, http_response_status_code: '200' },
        t,
        requests * (1 - errors),
        mean,
        HTTP_DURATION_BOUNDARIES,
      );
      sampler.histogram(
        'http_server_request_duration_seconds',
        { ...labels, http_response_status_code: '500' },
        t,
        requests * errors,
        mean,
        HTTP_DURATION_BOUNDARIES,
      );
    }
  }
  const byTime = new Map<number, string[]>();
  for (const line of sampler.openMetrics().split('\n')) {
    const cut = line.lastIndexOf(' ');
    const t = Number(line.slice(cut + 1));
    if (line.startsWith('#') || !Number.isFinite(t)) continue;
    byTime.set(t, [...(byTime.get(t) ?? []), line.slice(0, cut)]);
  }
  return new Map([...byTime].map(([t, lines]) => [t, lines.join('\n')]));
}

const compareResult: CompareResult = {
  kind: 'compare',
  service: 'shop',
  source: 'Prometheus at http://localhost:9090',
  before: { label: 'version 1.0.0', start: 0, end: 1 },
  after: { label: 'version 2.0.0', start: 0, end: 1 },
  verdict: 'regression',
  items: [
    {
      subject: `GET ${LONG_ROUTE}`,
      measure: 'mean latency',
      unit: 'seconds',
      before: 0.3,
      after: 0.61,
      absoluteChange: 0.31,
      relativeChange: 1.03,
      changeIn: 'relative',
      pValue: 0.0001,
      samples: { before: 40, after: 40 },
      queries: { before: 'q', after: 'q' },
      verdict: 'regression',
    },
    {
      subject: 'GET /api/hot',
      measure: 'mean latency',
      unit: 'seconds',
      before: 0.02,
      after: 0.0201,
      absoluteChange: 0.0001,
      relativeChange: 0.005,
      changeIn: 'relative',
      pValue: 0.4,
      samples: { before: 40, after: 40 },
      queries: { before: 'q', after: 'q' },
      verdict: 'no significant change',
    },
  ],
};

/** A load-test run whose last stage is called "spike-at-the-very-end" and whose steady stage had two seconds without an answer. */
function loadtestResult(): RunResult {
  const stage = (name: string, rate: number, p95Ms: number[]): StageResult => {
    const stats = {
      requests: rate * p95Ms.length,
      errors: 0,
      errorRate: 0,
      throughput: rate,
      achievedRate: rate,
      latencyMs: { p50: 4, p90: 6, p95: 8, p99: 12, max: 30, mean: 5 },
      statuses: { 200: rate * p95Ms.length },
    };
    return {
      name,
      load: { kind: 'rate', from: rate, to: rate, maxConnections: 1000 },
      durationSeconds: p95Ms.length,
      warmup: false,
      windows: [],
      total: stats,
      requests: { list: stats },
      thresholds: [{ threshold: 'p95 < 500ms', actual: 8, passed: true }],
      samples: { p95Ms, throughput: p95Ms.map(() => rate), errorRate: [], heapBytes: [] },
    };
  };
  const stages = [stage('steady', 60, [5, 6, 7, 6, 5, 6, 7, 8, 6, 5]), stage('spike-at-the-very-end', 200, [9, 12])];
  stages[0].samples.p95Ms.splice(4, 2); // two seconds without a p95
  return {
    format: 'perf-otel-loadtest/1',
    scenario: 'checkout',
    target: 'http://127.0.0.1:3000',
    startedAt: '2026-11-20T10:00:00.000Z',
    finishedAt: '2026-11-20T10:00:12.000Z',
    repeats: 1,
    stages,
    total: stages[0].total,
    thresholds: [],
    regression: { p95Increase: 0.2, throughputDrop: 0.15, errorRateIncrease: 0.05, memoryIncrease: 0.3, alpha: 0.05 },
  };
}

const available = existsSync(CHROMIUM_BIN);
(available ? describe : describe.skip)('HTML reports in headless Chromium', () => {
  let dir: string;
  let insights: InsightsResult;
  const files: Record<string, string> = {};

  beforeAll(async () => {
    dir = await makeTempDir('report-browser');
    const end = Math.floor(Date.UTC(2026, 10, 20, 12) / 1000);
    const source = new ScrapeSource('synthetic scrapes');
    for (const [t, text] of [...scrapes(end)].sort((a, b) => a[0] - b[0])) source.store.addScrape(text, t);
    insights = await runInsights(source, { service: 'shop', windowSeconds: HOUR, end, scrapeIntervalSeconds: STEP });
    files.insights = join(dir, 'insights.html');
    files.compare = join(dir, 'compare.html');
    files.loadtest = join(dir, 'loadtest.html');
    await writeFile(files.loadtest, renderHtmlReport(loadtestResult()));
    await writeFile(files.insights, renderHtml(insightsDocument(insights)));
    await writeFile(files.compare, renderHtml(compareDocument(compareResult)));
  });
  afterAll(async () => {
    // KEEP_REPORT_SCREENSHOTS=1 leaves the HTML and PNGs to look at.
    if (!process.env.KEEP_REPORT_SCREENSHOTS) await removeTempDir(dir);
    else process.stderr.write(`reports and screenshots kept in ${dir}\n`);
  });

  const fits = (layout: Layout) => {
    expect(layout.documentWidth).toBeLessThanOrEqual(layout.viewportWidth);
    for (const chart of layout.charts) {
      expect({ chart: chart.label, outside: chart.outside }).toEqual({ chart: chart.label, outside: [] });
      expect(chart.box.left).toBeGreaterThanOrEqual(0);
      expect(chart.box.right).toBeLessThanOrEqual(layout.viewportWidth);
    }
  };

  test.each([
    [1280, 900],
    [800, 900],
  ])(
    'insights at %i px: charts and their labels inside the SVG and the page, queries folded',
    async (width, height) => {
      const layout = await measureLayout(files.insights, dir, width, height);
      expect(layout.charts.map((c) => c.label)).toEqual(['Latency percentiles over time', 'Top endpoints by impact (server seconds per second)']);
      fits(layout);
      // Every finding's queries sit in a closed <details>: nothing of them is laid out until opened.
      expect(layout.details.length).toBe(insights.findings.length);
      expect(layout.details.length).toBeGreaterThan(0);
      expect(layout.details.every((d) => !d.open && d.code > 0 && d.visibleCode === 0)).toBe(true);
      await screenshot(files.insights, join(dir, `insights-${width}.png`), width, height);
      expect(existsSync(join(dir, `insights-${width}.png`))).toBe(true);
    },
    120000,
  );

  test('compare at 800 px: the long route is shortened, not cut at the left edge', async () => {
    const layout = await measureLayout(files.compare, dir, 800, 700);
    fits(layout);
    await screenshot(files.compare, join(dir, 'compare-800.png'), 800, 700);
  }, 120000);

  test.each([
    [1280, 900],
    [800, 900],
  ])(
    'the load-test report at %i px: charts inside, the wide stage table scrolls in its box, not the page',
    async (width, height) => {
      const layout = await measureLayout(files.loadtest, dir, width, height);
      expect(layout.charts.map((c) => c.label)).toEqual(['Latency percentiles per stage', 'p95 latency per second', 'Throughput per second']);
      fits(layout);
      await screenshot(files.loadtest, join(dir, `loadtest-${width}.png`), width, height);
    },
    120000,
  );

  test('the latency chart: y ticks at 1/2/5 × 10^n, the hole in the data drawn as a hole', async () => {
    const html = renderHtml(insightsDocument(insights));
    const chart = /<svg[^>]*aria-label="Latency percentiles over time"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    const ticks = [...chart.matchAll(/<text x="74" y="[\d.]+" text-anchor="end" class="tick">([^<]+)</g)].map((m) => m[1]);
    expect(ticks).toEqual(['0', '200 ms', '400 ms', '600 ms', '800 ms', '1.00 s']);
    // Each percentile is two polylines: before and after the ten minutes without scrapes.
    const lines = [...chart.matchAll(/<polyline [^>]*><title>(p\d\d)<\/title>/g)].map((m) => m[1]);
    expect(lines).toEqual(['p50', 'p50', 'p95', 'p95', 'p99', 'p99']);
    // Time labels from the window's start to its end, the last anchored at its end so it stays inside.
    expect(chart).toMatch(/text-anchor="start" class="tick">11:0\d</);
    expect(chart).toMatch(/text-anchor="end" class="tick">12:00</);
  });
});

// A three-stage scenario against the instrumented target, with a real Prometheus scraping it:
// every stage is reported with its exact request count, and the client's count equals the server's
// own http.server.request.duration count for the run.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, removeTempDir, startPrometheus, type RunningPrometheus } from '../../harness';
import { scrape, sumOf } from '../../e2e/support/prom-text';
import { startLoadTarget, type LoadTarget } from '../support/load-target';
import { readResult, runLoadtest, writeScenario } from '../support/run-loadtest';

const HTTP_COUNT = 'http_server_request_duration_seconds_count';

describe('a three-stage scenario', () => {
  let dir: string;
  let target: LoadTarget;
  let prometheus: RunningPrometheus;

  beforeAll(async () => {
    dir = await makeTempDir('loadtest-stages');
    target = await startLoadTarget();
    prometheus = await startPrometheus({ scrapeTargets: [`127.0.0.1:${target.metricsPort}`] });
    // Prometheus 2.42 holds a new target back a few seconds: wait until it has the service.
    await prometheus.waitFor('process_cpu_utilization_ratio{job="loadtest-target"}');
  });
  afterAll(async () => {
    await prometheus?.stop();
    await target?.stop();
    await removeTempDir(dir);
  });

  it('reports each stage, per request, and matches the server-side request count', async () => {
    await writeScenario(
      dir,
      'three.yaml',
      `name: three-stages
target: ${target.url}
stages:
  - { name: ramp-up, duration: 2s, rate: { from: 5, to: 15 } }
  - { name: steady, duration: 2s, rate: 20 }
  - { name: spike, duration: 1s, rate: 40 }
requests:
  - { name: list, weight: 3, path: /api/items, headers: { x-tenant-id: [acme, globex] } }
  - { name: upload, method: POST, path: /api/items, payload: { size: 1kb..4kb }, headers: { content-type: application/octet-stream } }
thresholds: ["p99 < 10s", "error_rate < 1%"]
`,
    );
    const before = sumOf(await scrape(target.metricsPort), HTTP_COUNT);
    const run = await runLoadtest(dir, [
      'three.yaml',
      '--prometheus',
      prometheus.url,
      '--prometheus-selector',
      'job="loadtest-target"',
      '--out',
      'results.json',
      '--markdown',
      'report.md',
      '--html',
      'report.html',
    ]);
    const after = sumOf(await scrape(target.metricsPort), HTTP_COUNT);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    const result = await readResult(dir, 'results.json');
    // Ramp 5→15 over 2 s runs as 1 s steps at the mid-step rates 8 and 13; then 20×2 and 40×1.
    expect(result.stages.map((stage) => [stage.name, stage.total.requests, stage.total.statuses])).toEqual([
      ['ramp-up', 21, { 200: 21 }],
      ['steady', 40, { 200: 40 }],
      ['spike', 40, { 200: 40 }],
    ]);
    for (const stage of result.stages) {
      expect(Object.keys(stage.requests)).toEqual(['list', 'upload']);
      expect(stage.requests.list.requests + stage.requests.upload.requests).toBe(stage.total.requests);
      expect(stage.total.latencyMs.p50).toBeGreaterThan(0);
    }
    // Each stage sends its requests within its declared duration: the achieved rate is the declared one.
    const steady = result.stages[1];
    expect(steady.total.achievedRate).toBeGreaterThan(20 * 0.85);
    // The last of the 20 lanes sends at 1.95 s: the stage may end a request interval early.
    expect(steady.total.achievedRate).toBeLessThan(40 / 1.9);
    expect(result.total.requests).toBe(101);
    expect(after - before).toBe(101);
    expect(result.server?.httpServerRequests).toBe(101);
    expect(result.server?.heapUsedBytes?.max).toBeGreaterThan(0);
    expect(result.server?.cpuUtilization).not.toBeNull();
    expect(result.thresholds.map((outcome) => [outcome.threshold, outcome.passed])).toEqual([
      ['p99 < 10s', true],
      ['error_rate < 1%', true],
    ]);

    // The terminal table has a row per stage and per request under it.
    const rows = run.stdout.split('\n');
    for (const [name, load] of [
      ['ramp-up', '5→15 req/s'],
      ['steady', '20 req/s'],
      ['spike', '40 req/s'],
    ]) {
      expect(rows.some((row) => new RegExp(`^${name}\\s+${load}\\s+\\d+\\.\\d req/s\\s+\\d+ `).test(row))).toBe(true);
    }
    expect(rows.filter((row) => /^ {2}list\s/.test(row))).toHaveLength(3);
    expect(rows.some((row) => /^whole run\s.*\s101$/.test(row))).toBe(true);
    expect(rows[rows.length - 2]).toBe('PASS: thresholds met');

    const markdown = await readFile(join(dir, 'report.md'), 'utf8');
    expect(markdown).toMatch(/^\| spike \| 40 req\/s \| \d+\.\d req\/s \| 40 \|/m);
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).toContain('<td>ramp-up</td>');
  });
});

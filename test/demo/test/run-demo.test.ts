// `npm run demo` end to end: the demo service under the register, PGlite over the pg wire protocol,
// real load; first with the report built from the SDK's own /metrics, then scraped by a real Prometheus.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTempDatabase, freePort, startChildApp, startPrometheus, type RunningPrometheus } from '../../harness';

const REPO_ROOT = join(__dirname, '../../..');
const RUN_DEMO = join(__dirname, '../run-demo.mjs');
const SLOW_ROUTE = 'GET /api/reports/monthly';

async function runDemo(args: string[], databaseUrl?: string) {
  const demo = await startChildApp({ script: RUN_DEMO, args, cwd: REPO_ROOT, env: { DATABASE_URL: databaseUrl } });
  return demo.exited;
}

let dir: string;
let prometheus: RunningPrometheus | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perf-otel-demo-test-'));
});
afterEach(async () => {
  await prometheus?.stop();
  prometheus = undefined;
  await rm(dir, { recursive: true, force: true });
});

test('short demo without any server: terminal table names the slow route, the HTML report has its SVG charts', async () => {
  const out = join(dir, 'report.html');
  const result = await runDemo(['--duration', '6s', '--out', out]);
  expect(result.stderr).not.toContain('Error');
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^perf-otel insights for perf-otel-demo$/m);
  expect(result.stdout).toMatch(new RegExp(`^\\[CRITICAL\\] ${SLOW_ROUTE}: p95 latency \\d+ ms is above 500 ms$`, 'm'));
  expect(result.stdout).toMatch(/^\[CRITICAL\] POST \/api\/orders: \d+\.\d% of requests fail with 5xx$/m);
  // Three teams and two projects from the x-team-id / x-project-id headers.
  expect(result.stdout.match(/^tenant_(team=(alpha|beta|gamma)|project=(web|mobile)) /gm)?.sort()).toEqual([
    'tenant_project=mobile ',
    'tenant_project=web ',
    'tenant_team=alpha ',
    'tenant_team=beta ',
    'tenant_team=gamma ',
  ]);
  // The report's path is the last thing printed; no advice claims what the data cannot show.
  expect(result.stdout.trimEnd().split('\n').pop()).toBe(`HTML report: ${out}`);
  expect(result.stdout).not.toContain('exception class');
  const html = await readFile(out, 'utf8');
  expect(html.match(/<svg /g)).toHaveLength(2);
  expect(html).toContain('aria-label="Latency percentiles over time"');
  expect(html).toContain('<polyline');
  expect(html).toContain(SLOW_ROUTE);
});

test('live: the demo service scraped by a real Prometheus; insights over the Prometheus API finds the slow route', async () => {
  const metricsPort = await freePort();
  prometheus = await startPrometheus({ scrapeTargets: [`127.0.0.1:${metricsPort}`] });
  const result = await runDemo([
    '--duration',
    '6s',
    '--out',
    join(dir, 'live.html'),
    '--prometheus',
    prometheus.url,
    '--metrics-port',
    String(metricsPort),
    '--scrape-interval',
    '1s',
  ]);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain(`Prometheus at ${prometheus.url}`);
  expect(result.stdout).toMatch(new RegExp(`^\\[CRITICAL\\] ${SLOW_ROUTE}: p95 latency \\d+ ms is above 500 ms$`, 'm'));
  expect(result.stdout).toMatch(new RegExp(`^${SLOW_ROUTE} `, 'm'));
  expect(result.stdout).toMatch(/^tenant_team=alpha /m);
});

test('with DATABASE_URL the demo uses that PostgreSQL instead of the embedded one', async () => {
  const db = await createTempDatabase();
  try {
    const result = await runDemo(['--duration', '3s', '--out', join(dir, 'pg.html')], db.connectionString);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('embedded PostgreSQL');
    expect(result.stdout).toMatch(/^SELECT products\s/m);
    const client = new Client({ connectionString: db.connectionString });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT count(*)::int AS n FROM products');
      expect(rows[0].n).toBe(50);
    } finally {
      await client.end();
    }
  } finally {
    await db.drop();
  }
});

test('a bad flag is one line saying how to write it, before anything starts', async () => {
  const result = await runDemo(['--duration', 'soon']);
  expect(result.code).toBe(1);
  expect(result.stderr).toBe('demo: --duration "soon" is not a duration; write e.g. 30m, 1h, 7d\n');
});

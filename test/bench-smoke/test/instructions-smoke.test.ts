// Smoke test of test/bench/instructions.mjs: a tiny run under callgrind goes end to end, prints its
// table, reads nonzero instruction counters, and perf-otel recorded exactly the requests served.
// Never asserts on the counts themselves: a few hundred requests are mostly warm-up.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..', '..');
const WARMUP = 200;
const REQUESTS = 300;

interface Counted {
  main: number;
  all: number;
  served: number;
  recorded: number | null;
  failed: number;
  error?: string;
}

describe('instructions.mjs, a tiny run under callgrind (hello world)', () => {
  let dir: string;
  let stdout: string;
  let results: { results: { hello: Record<string, Counted> } };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'instructions-smoke-'));
    const out = join(dir, 'results.json');
    const run = spawnSync(
      process.execPath,
      [
        join(root, 'test', 'bench', 'instructions.mjs'),
        '--scenarios',
        'hello',
        '--configs',
        'perf-otel',
        '--warmup',
        String(WARMUP),
        '--requests',
        String(REQUESTS),
        '--connections',
        '4',
        '--parallel',
        '2',
        '--out',
        out,
      ],
      { cwd: root, encoding: 'utf8', timeout: 280_000 },
    );
    stdout = run.stdout;
    if (run.status !== 0) throw new Error(`instructions.mjs exited ${run.status}:\n${run.stdout}\n${run.stderr}`);
    results = JSON.parse(readFileSync(out, 'utf8')) as typeof results;
  }, 300_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the hello table with bare and perf-otel rows', () => {
    expect(stdout).toContain('### hello: node:http hello world');
    expect(stdout).toMatch(/^\| bare +\| \d+ +\| 1\.000x/m);
    expect(stdout).toMatch(/^\| perf-otel +\| \d+ +\| \d\.\d{3}x .*\| ok +\|$/m);
  });

  it.each(['bare', 'perf-otel'])('%s: counters read and every request served', (config) => {
    const r = results.results.hello[config];
    expect(r.error).toBeUndefined();
    expect(r.failed).toBe(0);
    expect(r.main).toBeGreaterThan(0);
    expect(r.all).toBeGreaterThanOrEqual(r.main);
    expect(r.served).toBe(WARMUP + REQUESTS);
  });

  it('perf-otel recorded exactly the requests served', () => {
    expect(results.results.hello['perf-otel'].recorded).toBe(WARMUP + REQUESTS);
  });
});

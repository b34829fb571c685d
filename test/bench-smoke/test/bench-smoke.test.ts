// Smoke test of the benchmark suite (test/bench): the quick mode runs end to end, prints its table
// and every configuration recorded exactly the requests the app served. Never asserts on timings:
// the numbers of a 2 s run on a shared CI machine mean nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..', '..');
const perfOtelBuilt = existsSync(join(root, 'packages', 'perf-otel', 'dist', 'register.js'));
const configs = ['bare', 'prom-client', ...(perfOtelBuilt ? ['perf-otel'] : [])];
const connections = 10;

interface Round {
  sent: number;
  recorded: number | null;
  wrkCompleted: number;
  error?: string;
}
interface Row {
  configuration: string;
  status: string;
}
interface Results {
  scenarios: { hello: { rows: Row[]; rounds: Record<string, Round>[] } };
}

describe('bench quick mode (hello world)', () => {
  let dir: string;
  let stdout: string;
  let results: Results;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
    const out = join(dir, 'results.json');
    const run = spawnSync(
      process.execPath,
      [
        join(root, 'test', 'bench', 'run.mjs'),
        '--quick',
        '--scenarios',
        'hello',
        '--configs',
        configs.join(','),
        '--connections',
        String(connections),
        '--out',
        out,
      ],
      { cwd: root, encoding: 'utf8', timeout: 100_000 },
    );
    stdout = run.stdout;
    if (run.status !== 0) throw new Error(`run.mjs exited ${run.status}:\n${run.stdout}\n${run.stderr}`);
    results = JSON.parse(readFileSync(out, 'utf8')) as Results;
  }, 110_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the hello table with a row per configuration and the targets', () => {
    expect(stdout).toContain('### hello: node:http hello world');
    for (const c of configs) expect(stdout).toMatch(new RegExp(`^\\| ${c} +\\|`, 'm'));
    expect(stdout).toContain('### Targets (issue 3)');
  });

  it.each(configs)('%s ran without errors', (c) => {
    const row = results.scenarios.hello.rows.find((r) => r.configuration === c);
    expect(row?.status).toBe('ok');
  });

  it.each(configs.filter((c) => c !== 'bare'))('%s recorded exactly the requests sent', (c) => {
    for (const round of results.scenarios.hello.rounds) {
      const r = round[c];
      expect(r.error).toBeUndefined();
      expect(r.sent).toBeGreaterThan(0);
      expect(r.recorded).toBe(r.sent);
      // `sent` is what the app served; wrk counts only completed responses and abandons up to one
      // request per connection in flight when each of its two runs (warm-up, measured) stops.
      expect(r.sent).toBeGreaterThanOrEqual(r.wrkCompleted);
      expect(r.sent).toBeLessThanOrEqual(r.wrkCompleted + 2 * connections);
    }
  });
});

// A stage with 5% injected errors fails its `error_rate < 1%` threshold, and the CLI exits 1.
import { makeTempDir, removeTempDir } from '../../harness';
import { startLoadTarget, type LoadTarget } from '../support/load-target';
import { readResult, runLoadtest, writeScenario } from '../support/run-loadtest';

describe('thresholds', () => {
  let dir: string;
  let target: LoadTarget;
  beforeAll(async () => {
    dir = await makeTempDir('loadtest-errors');
    target = await startLoadTarget();
  });
  afterAll(async () => {
    await target?.stop();
    await removeTempDir(dir);
  });

  it('a stage with 5% errors fails error_rate < 1% and passes error_rate < 10%', async () => {
    // The target answers 500 to every 20th request to /flaky: 40 requests, exactly 2 errors.
    await writeScenario(
      dir,
      'flaky.yaml',
      `target: ${target.url}
stages:
  - name: flaky
    duration: 2s
    rate: 20
    thresholds: ["error_rate < 1%", "error_rate < 10%"]
requests:
  - { path: /flaky }
`,
    );
    const run = await runLoadtest(dir, ['flaky.yaml', '--out', 'results.json']);
    expect(run.code).toBe(1);
    const result = await readResult(dir, 'results.json');
    expect(result.stages[0].total.statuses).toEqual({ 200: 38, 500: 2 });
    expect(result.stages[0].thresholds).toEqual([
      { threshold: 'error_rate < 1%', actual: 0.05, passed: false },
      { threshold: 'error_rate < 10%', actual: 0.05, passed: true },
    ]);
    const rows = run.stdout.split('\n');
    expect(rows).toContainEqual(expect.stringMatching(/^flaky\s+error_rate < 1%\s+5\.00%\s+FAIL$/));
    expect(rows).toContainEqual(expect.stringMatching(/^flaky\s+error_rate < 10%\s+5\.00%\s+pass$/));
    expect(rows).toContainEqual(expect.stringMatching(/^flaky\s+GET \/flaky\s+500\s+2$/));
    expect(rows[rows.length - 2]).toBe('FAIL: 1 threshold failed');
  });
});

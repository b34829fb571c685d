// The baseline gate: the same server twice passes, the server made 30% slower (SLOWDOWN=1.3 adds
// CPU work per request) fails, in alternating rounds so a noisy moment cannot decide the outcome.
// The load runs the target at ~60% CPU, so the extra work also lengthens queues: a wide effect on
// p95 rather than a 30% change balanced on the 20% limit.
import { makeTempDir, removeTempDir } from '../../harness';
import { startLoadTarget, type LoadTarget } from '../support/load-target';
import { readResult, runLoadtest, writeScenario } from '../support/run-loadtest';

const WORK_MS = '20';
const ROUNDS = 2;
const GATE_TIMEOUT_MS = 400_000;

describe('regression gate against a baseline', () => {
  let dir: string;
  let same: LoadTarget;
  let slower: LoadTarget;

  beforeAll(async () => {
    dir = await makeTempDir('loadtest-gate');
    [same, slower] = await Promise.all([startLoadTarget({ WORK_MS }), startLoadTarget({ WORK_MS, SLOWDOWN: '1.3' })]);
    await writeScenario(dir, 'gate.yaml', `target: http://127.0.0.1:1
stages:
  - { name: warm-up, duration: 1s, rate: 30, warmup: true }
  - { name: steady, duration: 3s, rate: 30 }
requests:
  - { path: /api/items }
`);
  });
  afterAll(async () => {
    await same?.stop();
    await slower?.stop();
    await removeTempDir(dir);
  });

  const verdicts = async (file: string) => (await readResult(dir, file)).comparison!.stages.flatMap((stage) => stage.verdicts.map((verdict) => [stage.stage, verdict.metric, verdict.verdict]));

  it('passes the same server and fails the 30% slower one, every round', async () => {
    const baseline = await runLoadtest(dir, ['gate.yaml', '--target', same.url, '--repeat', '3', '--save-baseline', 'baseline.json']);
    expect(baseline.stderr).toBe('');
    expect(baseline.code).toBe(0);

    for (let round = 1; round <= ROUNDS; round++) {
      const again = await runLoadtest(dir, ['gate.yaml', '--target', same.url, '--repeat', '3', '--baseline', 'baseline.json', '--out', `same-${round}.json`]);
      expect({ round, code: again.code, last: again.stdout.trimEnd().split('\n').pop() })
        .toEqual({ round, code: 0, last: 'PASS: thresholds met, no regression against the baseline' });
      expect(await verdicts(`same-${round}.json`)).toEqual([
        ['steady', 'p95', 'ok'], ['steady', 'throughput', 'ok'], ['steady', 'error_rate', 'ok'], ['steady', 'memory', 'not measured'],
      ]);

      const slow = await runLoadtest(dir, ['gate.yaml', '--target', slower.url, '--repeat', '3', '--baseline', 'baseline.json', '--out', `slower-${round}.json`]);
      expect({ round, code: slow.code, last: slow.stdout.trimEnd().split('\n').pop() })
        .toEqual({ round, code: 1, last: 'FAIL: regression against baseline.json' });
      expect(await verdicts(`slower-${round}.json`)).toContainEqual(['steady', 'p95', 'regression']);
      expect(slow.stdout).toMatch(/^steady\s+p95\s.*REGRESSION$/m);
    }
  }, GATE_TIMEOUT_MS);
});

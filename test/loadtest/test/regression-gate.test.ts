// The baseline gate: the same server twice passes, the server made 30% slower (SLOWDOWN=1.3 adds
// CPU work per request) fails, in alternating rounds so a noisy moment cannot decide the outcome.
// The load runs the target at ~60% CPU, so the extra work also lengthens queues: a wide effect on
// p95 rather than a 30% change balanced on the 20% limit.
import { makeTempDir, removeTempDir } from '../../harness';
import { startLoadTarget, type LoadTarget } from '../support/load-target';
import { readResult, runLoadtest, writeScenario } from '../support/run-loadtest';

const WORK_MS = '12';
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
  - { name: warm-up, duration: 1s, rate: 50, warmup: true }
  - { name: steady, duration: 4s, rate: 50 }
requests:
  - { path: /api/items }
`);
  });
  afterAll(async () => {
    await same?.stop();
    await slower?.stop();
    await removeTempDir(dir);
  });

  const comparison = async (file: string) => (await readResult(dir, file)).comparison!.stages;
  /** The p95 row as the table shows it: says why when an expectation fails. */
  const p95Row = (stdout: string) => stdout.split('\n').find((row) => /^steady\s+p95\s/.test(row));
  const loadtest = (target: LoadTarget, ...args: string[]) => runLoadtest(dir, ['gate.yaml', '--target', target.url, '--repeat', '3', ...args]);

  it('passes the same server and fails the 30% slower one, every round', async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      // A fresh baseline each round, right before the runs compared with it: the machine's own
      // load drifts (other test files run alongside), and the gate should see the server, not that.
      const baseline = await loadtest(same, '--save-baseline', 'baseline.json');
      expect({ round, code: baseline.code, stderr: baseline.stderr }).toEqual({ round, code: 0, stderr: '' });

      const again = await loadtest(same, '--baseline', 'baseline.json', '--out', 'same.json');
      expect({ round, code: again.code, last: again.stdout.trimEnd().split('\n').pop(), p95: p95Row(again.stdout) })
        .toEqual({ round, code: 0, last: 'PASS: thresholds met, no regression against the baseline', p95: expect.stringMatching(/ok$/) });
      expect((await comparison('same.json')).map((stage) => [stage.stage, stage.verdicts.map((verdict) => verdict.verdict)]))
        .toEqual([['steady', ['ok', 'ok', 'ok', 'not measured']]]);

      const slow = await loadtest(slower, '--baseline', 'baseline.json', '--out', 'slower.json');
      expect({ round, code: slow.code, last: slow.stdout.trimEnd().split('\n').pop(), p95: p95Row(slow.stdout) })
        .toEqual({ round, code: 1, last: 'FAIL: regression against baseline.json', p95: expect.stringMatching(/REGRESSION$/) });
      expect((await comparison('slower.json'))[0].verdicts[0]).toMatchObject({ metric: 'p95', verdict: 'regression' });
    }
  }, GATE_TIMEOUT_MS);
});

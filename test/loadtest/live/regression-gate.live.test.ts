// The baseline gate on live timing (`npm run test:live`; not in the default suite, which tests the
// gate on generated samples in test/loadtest/test/regression-gate.test.ts). Latency: the same
// server twice passes and the server made 30% slower (SLOWDOWN=1.3 adds CPU work per request)
// fails. The runs are interleaved (same, slower, same, …) and pooled with --compare/--baseline, because on a shared machine the load from other work drifts
// over a minute: back-to-back blocks would compare the machine's moods, not the servers. The load
// runs the target at ~60% CPU, so the extra work also lengthens queues: a wide effect on p95.
// The live path (`--save-baseline`, then `--baseline` on a new run) is checked on error rate; the
// per-second rates move with where the one-second windows fall (+4.8 rather than +5.0 points).
import { makeTempDir, removeTempDir } from '../../harness';
import { startLoadTarget, type LoadTarget } from '../support/load-target';
import { readResult, runLoadtest, writeScenario } from '../support/run-loadtest';

const WORK_MS = '12';
const ROUNDS = 3;
const GATE_TIMEOUT_MS = 300_000;

const scenario = (path: string, rate: number) => `target: http://127.0.0.1:1
stages:
  - { name: warm-up, duration: 1s, rate: ${rate}, warmup: true }
  - { name: steady, duration: 5s, rate: ${rate} }
requests:
  - { path: ${path} }
`;

describe('regression gate against a baseline', () => {
  let dir: string;
  let same: LoadTarget;
  let slower: LoadTarget;

  beforeAll(async () => {
    dir = await makeTempDir('loadtest-gate');
    [same, slower] = await Promise.all([startLoadTarget({ WORK_MS }), startLoadTarget({ WORK_MS, SLOWDOWN: '1.3' })]);
    await writeScenario(dir, 'gate.yaml', scenario('/api/items', 50));
  });
  afterAll(async () => {
    await same?.stop();
    await slower?.stop();
    await removeTempDir(dir);
  });

  /** The p95 row as the table shows it: says why when an expectation fails. */
  const p95Row = (stdout: string) => stdout.split('\n').find((row) => /^steady\s+p95\s/.test(row));
  const lastLine = (stdout: string) => stdout.trimEnd().split('\n').pop();
  const files = (prefix: string, flag: string) => Array.from({ length: ROUNDS }, (_, index) => [flag, `${prefix}-${index + 1}.json`]).flat();

  it(
    'passes the same server and fails the 30% slower one (interleaved runs, pooled)',
    async () => {
      for (let round = 1; round <= ROUNDS; round++) {
        for (const [name, target] of [
          ['same-a', same],
          ['slower', slower],
          ['same-b', same],
        ] as const) {
          const run = await runLoadtest(dir, ['gate.yaml', '--target', target.url, '--out', `${name}-${round}.json`]);
          expect({ name, round, code: run.code, stderr: run.stderr }).toEqual({ name, round, code: 0, stderr: '' });
        }
      }
      const baselines = files('same-a', '--baseline');
      const again = await runLoadtest(dir, [...files('same-b', '--compare'), ...baselines]);
      expect({ code: again.code, last: lastLine(again.stdout), p95: p95Row(again.stdout) }).toEqual({
        code: 0,
        last: 'PASS: no regression against same-a-1.json, same-a-2.json, same-a-3.json',
        p95: expect.stringMatching(/ok$/),
      });

      const slow = await runLoadtest(dir, [...files('slower', '--compare'), ...baselines]);
      expect({ code: slow.code, last: lastLine(slow.stdout), p95: p95Row(slow.stdout) }).toEqual({
        code: 1,
        last: 'FAIL: regression against same-a-1.json, same-a-2.json, same-a-3.json',
        p95: expect.stringMatching(/REGRESSION$/),
      });
    },
    GATE_TIMEOUT_MS,
  );

  it(
    'a live run against a saved baseline: same errors pass, 5 more points of errors fail',
    async () => {
      await writeScenario(dir, 'ok.yaml', scenario('/api/items', 20));
      await writeScenario(dir, 'flaky.yaml', scenario('/flaky', 20));
      // Latency is not under test here: a wide p95 limit keeps timing out of this one.
      const live = (file: string, ...args: string[]) =>
        runLoadtest(dir, [file, '--target', same.url, '--max-p95-increase', '1000', '--max-error-rate-increase', '2', ...args]);
      expect((await live('ok.yaml', '--save-baseline', 'live.json')).code).toBe(0);

      const again = await live('ok.yaml', '--baseline', 'live.json', '--out', 'again.json');
      expect({ code: again.code, last: lastLine(again.stdout) }).toEqual({ code: 0, last: 'PASS: thresholds met, no regression against the baseline' });
      expect((await readResult(dir, 'again.json')).comparison!.stages[0].verdicts.map((verdict) => [verdict.metric, verdict.verdict])).toEqual([
        ['p95', 'ok'],
        ['throughput', 'ok'],
        ['error_rate', 'ok'],
        ['memory', 'not measured'],
      ]);

      // /flaky answers 500 to every 20th request: +5 points against a 2-point limit.
      const flaky = await live('flaky.yaml', '--baseline', 'live.json', '--out', 'flaky.json');
      expect({ code: flaky.code, last: lastLine(flaky.stdout) }).toEqual({ code: 1, last: 'FAIL: regression against live.json' });
      expect((await readResult(dir, 'flaky.json')).comparison!.stages[0].verdicts.find((verdict) => verdict.metric === 'error_rate')).toMatchObject({
        verdict: 'regression',
        change: '+5.0 points',
        limit: '+2 points',
      });
    },
    GATE_TIMEOUT_MS,
  );
});

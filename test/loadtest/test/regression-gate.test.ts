// The baseline gate through the real `perf-otel loadtest` binary, on results files whose per-second
// samples come from known distributions (seeded, so every run sees the same numbers): pooled
// --compare/--baseline files of the same server pass, a server 30% slower fails, 5 points more
// errors fail a 2-point limit. The live path (--save-baseline, then --baseline on a new run) is
// checked on outcomes that do not depend on timing: no errors against no errors, every request
// failing against none. The same gate on live, interleaved timing runs is test/loadtest/live
// (`npm run test:live`), out of the default suite because a busy machine moves live latencies.
import { makeTempDir, removeTempDir } from '../../harness';
import { generatedResult, normalSamples, seededRandom, writeResult } from '../support/generated-results';
import { startLoadTarget, type LoadTarget } from '../support/load-target';
import { readResult, runLoadtest, writeScenario } from '../support/run-loadtest';

const RUNS = 3;
const SECONDS = 10;
/** A server's per-second p95 around 20 ms (sd 2 ms), throughput around 50/s (sd 1): a quiet machine. */
const P95_MS = 20;

const lastLine = (stdout: string) => stdout.trimEnd().split('\n').pop();
const row = (stdout: string, metric: string) => stdout.split('\n').find((line) => new RegExp(`^steady\\s+${metric}\\s`).test(line));
const flags = (flag: string, prefix: string) => Array.from({ length: RUNS }, (_, index) => [flag, `${prefix}-${index + 1}.json`]).flat();
const BASELINES = 'PASS: no regression against same-a-1.json, same-a-2.json, same-a-3.json';

describe('regression gate on generated samples', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await makeTempDir('loadtest-gate');
    const random = seededRandom(18);
    const run = (slowdown: number, errorRate: number) =>
      generatedResult({
        p95Ms: normalSamples(random, SECONDS, P95_MS * slowdown, 2),
        throughput: normalSamples(random, SECONDS, 50, 1),
        errorRate: Array.from({ length: SECONDS }, () => errorRate),
      });
    for (let index = 1; index <= RUNS; index++) {
      await writeResult(dir, `same-a-${index}.json`, run(1, 0));
      await writeResult(dir, `same-b-${index}.json`, run(1, 0));
      await writeResult(dir, `slower-${index}.json`, run(1.3, 0));
      await writeResult(dir, `errors-${index}.json`, run(1, 0.05));
    }
  });
  afterAll(async () => {
    await removeTempDir(dir);
  });

  it('passes runs of the same server (pooled)', async () => {
    const same = await runLoadtest(dir, [...flags('--compare', 'same-b'), ...flags('--baseline', 'same-a')]);
    expect({ code: same.code, last: lastLine(same.stdout), p95: row(same.stdout, 'p95'), errors: row(same.stdout, 'error_rate') }).toEqual({
      code: 0,
      last: BASELINES,
      p95: expect.stringMatching(/ok$/),
      errors: expect.stringMatching(/\+0\.0 points.*ok$/),
    });
  });

  it('fails a server 30% slower in every second', async () => {
    const slow = await runLoadtest(dir, [...flags('--compare', 'slower'), ...flags('--baseline', 'same-a')]);
    expect({ code: slow.code, last: lastLine(slow.stdout), p95: row(slow.stdout, 'p95') }).toEqual({
      code: 1,
      last: BASELINES.replace('PASS: no regression', 'FAIL: regression'),
      p95: expect.stringMatching(/REGRESSION$/),
    });
  });

  it('fails 5 points more errors against a 2-point limit, and passes them against the default 5', async () => {
    const strict = await runLoadtest(dir, [...flags('--compare', 'errors'), ...flags('--baseline', 'same-a'), '--max-error-rate-increase', '2']);
    expect({ code: strict.code, errors: row(strict.stdout, 'error_rate') }).toEqual({
      code: 1,
      errors: expect.stringMatching(/\+5\.0 points\s+\+2 points.*REGRESSION$/),
    });

    const lenient = await runLoadtest(dir, [...flags('--compare', 'errors'), ...flags('--baseline', 'same-a')]);
    expect({ code: lenient.code, last: lastLine(lenient.stdout) }).toEqual({ code: 0, last: BASELINES });
  });
});

describe('regression gate on a live run against a saved baseline', () => {
  let dir: string;
  let target: LoadTarget;

  beforeAll(async () => {
    dir = await makeTempDir('loadtest-gate-live');
    target = await startLoadTarget({ WORK_MS: '1' });
  });
  afterAll(async () => {
    await target?.stop();
    await removeTempDir(dir);
  });

  const scenario = (path: string) => `target: ${target.url}
stages:
  - { name: warm-up, duration: 1s, rate: 20, warmup: true }
  - { name: steady, duration: 5s, rate: 20 }
requests:
  - { path: ${path} }
`;

  it('no errors against no errors pass; every request failing is +100 points', async () => {
    await writeScenario(dir, 'ok.yaml', scenario('/api/items'));
    await writeScenario(dir, 'missing.yaml', scenario('/missing'));
    // Latency and throughput are not under test here: limits no run can exceed keep timing out.
    const live = (file: string, ...args: string[]) =>
      runLoadtest(dir, [file, '--max-p95-increase', '100000', '--max-throughput-drop', '100', '--max-error-rate-increase', '2', ...args]);
    expect((await live('ok.yaml', '--save-baseline', 'live.json')).code).toBe(0);

    const again = await live('ok.yaml', '--baseline', 'live.json', '--out', 'again.json');
    expect({ code: again.code, last: lastLine(again.stdout) }).toEqual({ code: 0, last: 'PASS: thresholds met, no regression against the baseline' });
    expect(
      (await readResult(dir, 'again.json')).comparison!.stages[0].verdicts.map((verdict) => [
        verdict.metric,
        verdict.verdict,
        verdict.metric === 'error_rate' ? verdict.change : '',
      ]),
    ).toEqual([
      ['p95', 'ok', ''],
      ['throughput', 'ok', ''],
      ['error_rate', 'ok', '+0.0 points'],
      ['memory', 'not measured', ''],
    ]);

    // The target answers 404 to every request for /missing.
    const failing = await live('missing.yaml', '--baseline', 'live.json', '--out', 'missing.json');
    expect({ code: failing.code, last: lastLine(failing.stdout) }).toEqual({ code: 1, last: 'FAIL: regression against live.json' });
    expect((await readResult(dir, 'missing.json')).comparison!.stages[0].verdicts.find((verdict) => verdict.metric === 'error_rate')).toMatchObject({
      verdict: 'regression',
      change: '+100.0 points',
      limit: '+2 points',
    });
  });
});
